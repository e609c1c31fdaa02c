//! Order forms: schema diagnostics with file:line, `docs` links through the link checker,
//! outputs per form, the validators in JavaScript, and every bundled form's schema.json
//! checked with a real JSON Schema validator.

use crate::harness::Site;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const DOC: &str =
    "---\ntitle: Tilgang\n---\nIntro.\n\n## Brukertilgang\n\nTekst.\n\n## Brannmur\n\nMer.\n";

fn form_page(fields: &str, docs: &str) -> String {
    format!(
        "---\ntitle: Bestill tilgang\nform:\n  id: tilgang\n  docs: {docs}\n  submit:\n    action: /mottak\n  fields:\n{fields}---\nSkjemaet for tilgang.\n"
    )
}

const GOOD_FIELDS: &str = "    - name: org\n      label: Organisasjonsnummer\n      type: organisasjonsnummer\n      required: true\n      docs: /tilgang/#brannmur\n    - name: navn\n      label: Navn\n      required: true\n";

fn site_with(form: &str) -> Site {
    Site::new()
        .file("content/tilgang.md", DOC)
        .file("content/skjema/tilgang.md", form)
}

#[test]
fn form_builds_page_embed_fragment_schema_catalogue_and_index() {
    site_with(&form_page(GOOD_FIELDS, "/tilgang/#brukertilgang"))
        .build()
        .ok()
        .file_contains(
            "public/skjema/tilgang/index.html",
            "class=\"ds-input vv-form__input\"",
        )
        .file_contains("public/skjema/tilgang/index.html", "Skjemaet for tilgang.")
        .file_contains(
            "public/skjema/tilgang/index.html",
            "href=\"/tilgang/#brannmur\">Les mer: Brannmur",
        )
        .file_contains(
            "public/skjema/tilgang/index.html",
            "aria-describedby=\"vvf-tilgang-org-error\"",
        )
        .file_contains("public/skjema/tilgang/embed/index.html", "data-vv-embed")
        .file_lacks("public/skjema/tilgang/embed/index.html", "vv-sidebar")
        .file_contains(
            "public/skjema/tilgang/fragment.html",
            "<form class=\"vv-form\"",
        )
        .file_contains("public/skjema/tilgang/schema.json", "2020-12")
        .file_contains("public/forms.json", "\"id\": \"tilgang\"")
        .file_contains("public/skjema/index.html", "href=\"/skjema/tilgang/\"")
        // "Bestill …" at the form's section and at the field's section.
        .in_order(
            "public/tilgang/index.html",
            &[
                "id=\"brukertilgang\"",
                "Bestill tilgang</a>",
                "id=\"brannmur\"",
                "Bestill tilgang</a>",
            ],
        )
        .file_lacks("public/skjema/tilgang/index.html", "<script>")
        .file_lacks("public/skjema/tilgang/index.html", "style=");
}

/// The forms index links to a form's section by its heading as written (`Les mer:
/// Brukertilgang`, as on the form), not lower-cased inside a sentence; an add button keeps
/// an abbreviation's capitals (`Legg til IP-adresse`); an e-mail form's receipt says the
/// e-mail is not sent yet and where it goes.
#[test]
fn labels_and_headings_keep_their_letters_and_an_email_receipt_says_it_is_not_sent() {
    let fields = "    - name: adresser\n      label: IP-adresse\n      type: group\n      repeat: { min: 1, max: 3 }\n      fields:\n        - name: ip\n          label: IP\n          type: ip\n";
    let form = form_page(fields, "/tilgang/#brukertilgang").replace(
        "    action: /mottak\n",
        "    mailto: tjenesteeier@example.org\n",
    );
    site_with(&form)
        .file(
            "content/bestill.md",
            "---\ntitle: Bestill\nforms_index: true\n---\nAlle skjemaene.\n",
        )
        .build()
        .ok()
        .file_contains(
            "public/bestill/index.html",
            "href=\"/tilgang/#brukertilgang\">Les mer: Brukertilgang</a>",
        )
        .file_contains("public/skjema/tilgang/index.html", ">Legg til IP-adresse</button>")
        .file_contains(
            "public/skjema/tilgang/index.html",
            "<h2 class=\"vv-form__receipt-heading\">E-posten er klar, men ikke sendt ennå</h2>\n<p class=\"vv-form__receipt-text\">Send den til tjenesteeier@example.org fra e-postprogrammet ditt.",
        )
        .file_lacks(
            "public/skjema/tilgang/index.html",
            "receipt-heading\">Bestillingen er sendt",
        );
}

#[test]
fn form_docs_to_a_missing_heading_fails_with_file_and_line() {
    site_with(&form_page(GOOD_FIELDS, "/tilgang/#finnes-ikke"))
        .build()
        .fails()
        .diag(
            "content/skjema/tilgang.md:5:3",
            "error",
            "no heading or element with id `finnes-ikke`",
        );
}

#[test]
fn renaming_a_heading_a_form_points_to_fails_the_build() {
    let renamed = DOC.replace("## Brannmur", "## Åpning i brannmur");
    Site::new()
        .file("content/tilgang.md", &renamed)
        .file(
            "content/skjema/tilgang.md",
            &form_page(GOOD_FIELDS, "/tilgang/#brukertilgang"),
        )
        .build()
        .fails()
        .diag("content/skjema/tilgang.md:13:7", "error", "id `brannmur`");
}

#[test]
fn form_docs_may_be_a_markdown_path() {
    site_with(&form_page(GOOD_FIELDS, "../tilgang.md#brukertilgang"))
        .build()
        .ok();
}

#[test]
fn schema_errors_are_reported_with_lines() {
    let fields = "    - name: a\n      label: A\n      type: tekst\n    - name: a\n      label: B\n    - name: c\n      label: C\n      pattern: \"[0-9\"\n    - name: d\n      label: D\n      type: select\n      options: []\n    - name: e\n      label: E\n      show_if: { field: finnes, equals: x }\n";
    site_with(&form_page(fields, "/tilgang/#brukertilgang"))
        .build()
        .fails()
        .diag(
            "content/skjema/tilgang.md:11:7",
            "error",
            "unknown field type `tekst`",
        )
        .diag(
            "content/skjema/tilgang.md:12:7",
            "error",
            "duplicate field name `a`",
        )
        .diag(
            "content/skjema/tilgang.md:16:7",
            "error",
            "invalid pattern in field `c`",
        )
        .diag("content/skjema/tilgang.md:20:7", "error", "has no options")
        .diag(
            "content/skjema/tilgang.md:21:7",
            "error",
            "names `finnes`, which is not a field",
        );
}

#[test]
fn form_without_docs_or_action_fails() {
    let text = "---\ntitle: X\nform:\n  id: x\n  fields:\n    - name: a\n      label: A\n---\n";
    Site::new()
        .file("content/x.md", text)
        .build()
        .fails()
        .stderr_contains("has no `docs`")
        .stderr_contains("has nowhere to send");
}

#[test]
fn action_comes_from_the_config() {
    let text = "---\ntitle: X\nform:\n  id: x\n  docs: /x/\n  fields:\n    - name: a\n      label: A\n---\n";
    Site::new()
        .config("title = \"T\"\nbase_url = \"/\"\n[params.forms]\naction = \"https://example.org/inn\"\n")
        .file("content/x.md", text)
        .build()
        .ok()
        .file_contains("public/x/index.html", "action=\"https://example.org/inn\"");
}

/// A `number` field is text with a numeric keypad (a `type="number"` input reads `1e` as
/// empty, so forms.js would ask for a filled field or drop it) with its limits for
/// forms.js; a `url` field asks for `https://`, as its message says.
#[test]
fn number_fields_are_text_with_a_keypad_and_url_fields_want_https() {
    let fields = "    - name: port\n      label: Port\n      type: number\n      min: 1\n      max: 65535\n    - name: adresse\n      label: Adresse\n      type: url\n";
    site_with(&form_page(fields, "/tilgang/#brukertilgang"))
        .build()
        .ok()
        .file_contains(
            "public/skjema/tilgang/index.html",
            "<input class=\"ds-input vv-form__input\" type=\"text\" id=\"vvf-tilgang-port\" name=\"port\" aria-describedby=\"vvf-tilgang-port-error\" inputmode=\"decimal\" pattern=\"-?[0-9]+([.,][0-9]+)?\" data-vv-min=\"1\" data-vv-max=\"65535\">",
        )
        .file_lacks("public/skjema/tilgang/index.html", " type=\"number\"")
        .file_contains(
            "public/skjema/tilgang/index.html",
            "type=\"url\" id=\"vvf-tilgang-adresse\" name=\"adresse\" aria-describedby=\"vvf-tilgang-adresse-error\" pattern=\"https://.+\">",
        )
        .file_contains("public/skjema/tilgang/schema.json", "\"pattern\": \"^https://\"");
}

#[test]
fn javascript_validators_agree_with_the_shared_vectors() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(repo.join("tests/browser/validators.mjs"))
        .output()
        .expect("node must be installed to run the JavaScript validators");
    assert!(
        out.status.success(),
        "forms.js disagrees with tests/fixtures/validator-vectors.json:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ------------------------------------------------------------------ schema.json

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).expect("schema.json is valid JSON Schema");
    use veiviser::forms::validate as v;
    jsonschema::options()
        .should_validate_formats(true)
        .with_format("organisasjonsnummer", v::organisasjonsnummer)
        .with_format("fodselsnummer", v::fodselsnummer)
        .with_format("kontonummer", v::kontonummer)
        .with_format("mobil", v::mobil)
        .with_format("postnummer", v::postnummer)
        .with_format("ip-cidr", v::ip_cidr)
        .build(schema)
        .expect("schema.json compiles")
}

/// A valid value for a property schema.
fn sample(p: &Value) -> Value {
    if let Some(e) = p.get("enum") {
        return e[0].clone();
    }
    match p["type"].as_str().unwrap_or("string") {
        "boolean" => json!(true),
        "number" => json!(
            p.get("minimum")
                .and_then(Value::as_f64)
                .unwrap_or(1.0)
                .max(1.0)
        ),
        "array" => {
            let items = &p["items"];
            if items["type"] == "object" {
                json!([required_only(items)])
            } else {
                json!([items["enum"][0].clone()])
            }
        }
        _ => match p.get("format").and_then(Value::as_str) {
            Some("organisasjonsnummer") => json!("974760673"),
            Some("fodselsnummer") => json!("15076500565"),
            Some("kontonummer") => json!("12345678903"),
            Some("mobil") => json!("91234567"),
            Some("postnummer") => json!("0150"),
            Some("ip-cidr") => json!("192.0.2.0/24"),
            Some("email") => json!("ola@example.no"),
            Some("uri") => json!("https://example.org/tjeneste"),
            Some("date") => json!("2026-12-01"),
            _ if p.get("pattern").is_some() => json!("12345"),
            _ => json!("Tekst"),
        },
    }
}

fn required_only(s: &Value) -> Value {
    let mut o = serde_json::Map::new();
    for r in s["required"].as_array().into_iter().flatten() {
        let name = r.as_str().unwrap();
        o.insert(name.into(), sample(&s["properties"][name]));
    }
    Value::Object(o)
}

fn find_prop(s: &Value, pred: impl Fn(&Value) -> bool) -> Option<&str> {
    s["properties"]
        .as_object()?
        .iter()
        .find(|(_, p)| pred(p))
        .map(|(k, _)| k.as_str())
}

#[test]
fn every_bundled_form_schema_accepts_a_valid_submission_and_rejects_each_rule() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let catalogue: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("forms.json")).unwrap())
            .unwrap();
    let forms = catalogue["forms"].as_array().unwrap();
    let ids: Vec<&str> = forms.iter().map(|f| f["id"].as_str().unwrap()).collect();
    for want in [
        "seres-brukertilgang",
        "seres-domene",
        "seres-miljo",
        "webservice",
        "ftp-sftp",
        "brannmur",
        "api-nokkel",
        "testbrukere",
        "produksjonssetting",
    ] {
        assert!(ids.contains(&want), "bundled form {want} missing: {ids:?}");
    }
    let (mut orgnr, mut fnr, mut hidden, mut repeats) = (0, 0, 0, 0);
    for f in forms {
        for l in f["languages"].as_array().unwrap() {
            let path = l["schema"].as_str().unwrap().trim_start_matches('/');
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(out.path().join(path)).unwrap())
                    .unwrap();
            let v = validator(&schema);
            let id = f["id"].as_str().unwrap();
            let good = required_only(&schema);
            let errs: Vec<String> = v.iter_errors(&good).map(|e| e.to_string()).collect();
            assert!(
                errs.is_empty(),
                "{id}: valid submission rejected: {errs:?}\n{good}"
            );
            // Missing required.
            let first = schema["required"][0].as_str().unwrap();
            let mut bad = good.clone();
            bad.as_object_mut().unwrap().remove(first);
            assert!(!v.is_valid(&bad), "{id}: missing `{first}` accepted");
            // Bad organisasjonsnummer (checksum and length).
            if let Some(k) = find_prop(&schema, |p| p["format"] == "organisasjonsnummer") {
                for wrong in ["974760672", "97476067"] {
                    let mut bad = good.clone();
                    bad[k] = json!(wrong);
                    assert!(!v.is_valid(&bad), "{id}: orgnr {wrong} accepted");
                }
                orgnr += 1;
            }
            // An unknown (extra) field.
            let mut bad = good.clone();
            bad["finnes_ikke"] = json!("x");
            assert!(!v.is_valid(&bad), "{id}: unknown field accepted");
            // Every conditional field is rejected while its condition is false
            // ("hidden fields absent").
            for rule in schema["allOf"].as_array().into_iter().flatten() {
                let Some(name) = rule["else"]["not"]["required"][0].as_str() else {
                    continue;
                };
                let cond = jsonschema::validator_for(&rule["if"]).unwrap();
                if !cond.is_valid(&good) {
                    let mut bad = good.clone();
                    bad[name] = sample(&schema["properties"][name]);
                    assert!(!v.is_valid(&bad), "{id}: hidden field `{name}` accepted");
                    hidden += 1;
                }
            }
            // Every repeatable group: max items accepted, one more rejected.
            for (name, p) in schema["properties"].as_object().unwrap() {
                if p["items"]["type"] != "object" {
                    continue;
                }
                let max = p["maxItems"].as_u64().unwrap() as usize;
                let item = required_only(&p["items"]);
                let mut many = good.clone();
                many[name] = Value::Array(vec![item.clone(); max]);
                assert!(v.is_valid(&many), "{id}: {max} items of `{name}` rejected");
                many[name] = Value::Array(vec![item; max + 1]);
                assert!(
                    !v.is_valid(&many),
                    "{id}: {} items of `{name}` accepted",
                    max + 1
                );
                repeats += 1;
            }
            match id {
                "testbrukere" => {
                    let mut ok = good.clone();
                    ok["har_testperson"] = json!(true);
                    ok["eksisterende"] = json!("15076500565");
                    assert!(v.is_valid(&ok), "testbrukere: shown fnr rejected");
                    ok["eksisterende"] = json!("15076500566");
                    assert!(!v.is_valid(&ok), "testbrukere: bad fnr accepted");
                    ok.as_object_mut().unwrap().remove("eksisterende");
                    assert!(
                        !v.is_valid(&ok),
                        "testbrukere: conditionally required fnr missing accepted"
                    );
                    let mut hid = good.clone();
                    hid["eksisterende"] = json!("15076500565");
                    assert!(!v.is_valid(&hid), "testbrukere: hidden field accepted");
                    fnr += 1;
                    hidden += 1;
                }
                "brannmur" => {
                    let mut hid = good.clone();
                    hid["url"] = json!("https://example.org/");
                    assert!(!v.is_valid(&hid), "brannmur: hidden url accepted");
                    let mut shown = good.clone();
                    shown["grunn"] = json!("webservice");
                    assert!(
                        !v.is_valid(&shown),
                        "brannmur: shown required url missing accepted"
                    );
                    shown["url"] = json!("https://example.org/");
                    assert!(v.is_valid(&shown), "brannmur: shown url rejected");
                    // The message says https://, so the schema does too.
                    shown["url"] = json!("http://example.org/");
                    assert!(!v.is_valid(&shown), "brannmur: http:// url accepted");
                    let item = good["omrader"][0].clone();
                    let mut many = good.clone();
                    many["omrader"] = Value::Array(vec![item.clone(); 11]);
                    assert!(!v.is_valid(&many), "brannmur: 11 IP ranges accepted");
                    many["omrader"] = Value::Array(vec![item; 10]);
                    let e: Vec<String> = v.iter_errors(&many).map(|e| e.to_string()).collect();
                    assert!(e.is_empty(), "brannmur: 10 IP ranges rejected: {e:?}");
                    let mut badip = good.clone();
                    badip["omrader"][0]["ip"] = json!("10.0.0.1/33");
                    assert!(!v.is_valid(&badip), "brannmur: bad CIDR accepted");
                    hidden += 1;
                    repeats += 1;
                }
                "seres-brukertilgang" => {
                    let mut bad = good.clone();
                    bad["mobil"] = json!("81234567");
                    assert!(!v.is_valid(&bad), "bad mobile accepted");
                    let keys: Vec<&String> =
                        schema["properties"].as_object().unwrap().keys().collect();
                    assert_eq!(
                        keys,
                        [
                            "arbeidsgiver",
                            "epost",
                            "mobil",
                            "navn",
                            "tilgangsrettighet",
                            "tjenesteeier"
                        ],
                        "SERES user access has exactly the seed's fields"
                    );
                }
                _ => {}
            }
        }
    }
    assert!(
        orgnr >= 7 && fnr >= 1 && hidden >= 5 && repeats >= 2,
        "orgnr {orgnr}, fnr {fnr}, hidden {hidden}, repeats {repeats}"
    );
}

#[test]
fn the_readme_example_form_builds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let at = readme
        .find("### A complete example")
        .expect("README has the example");
    let start = readme[at..].find("```yaml\n").unwrap() + at + 8;
    let end = readme[start..].find("```\n").unwrap() + start;
    let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
    Site::new()
        .file("content/skjema/brannmur.md", &readme[start..end])
        .file(
            "content/kom-i-gang-med-utvikling/tilganger.md",
            &read("content/kom-i-gang-med-utvikling/tilganger.md"),
        )
        .file(
            "content/seres/kom-i-gang/_index.md",
            &read("content/seres/kom-i-gang/_index.md"),
        )
        .build()
        .ok()
        .exists("public/skjema/brannmur/schema.json")
        .file_contains(
            "public/seres/kom-i-gang/index.html",
            "Bestill åpning i brannmur</a>",
        );
}

#[test]
fn nynorsk_version_and_index_page_without_a_forms_index() {
    let text = "---\ntitle: Bestill\nform:\n  id: x\n  docs: /tilgang/#brukertilgang\n  title: { nb: Bestill tilgang, nn: Bestill tilgang til deg }\n  submit: { action: /inn }\n  fields:\n    - name: a\n      label: { nb: Navn, nn: Namn }\n      required: true\n---\n";
    Site::new()
        .file("content/tilgang.md", DOC)
        .file("content/x.md", text)
        .build()
        .ok()
        .file_contains("public/x/nn/index.html", "<html lang=\"nn\"")
        .file_contains(
            "public/x/nn/index.html",
            ">Namn <span class=\"vv-form__required\">(må fyllast ut)</span>",
        )
        .file_contains("public/x/index.html", "href=\"/x/nn/\"")
        .file_contains("public/x/nn/schema.json", "\"title\": \"Namn\"")
        .file_contains("public/skjema/index.html", "href=\"/x/\"");
}
