//! Browser tests: build a site with the real `veiviser` binary, then open its pages in
//! headless Chromium (tests/browser/check.mjs, playwright-core + axe-core) and fail on any
//! WCAG 2.1 A/AA violation, console or page error, failed or third-party request, broken
//! in-page anchor, horizontal overflow or wrong HTTP status. Screenshots of every page at
//! desktop and phone width land in `<target>/screenshots/<test>/`.
//!
//! These tests never skip: without node, Chromium or the npm packages they fail and say
//! how to install them (`./test.sh` at the repository root installs what it can).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// One browser at a time: the machines have two cores, and `npm ci` must not run twice
/// at once in the same folder.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    repo().join("tests").join("browser")
}

/// `<target>/screenshots/<name>`, next to the binary's profile folder.
fn screenshot_dir(name: &str) -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_veiviser"));
    let target = bin
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo().join("target"));
    let dir = target.join("screenshots").join(name);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

fn show(out: &Output) -> String {
    format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Fails the test with a message that says how to install what is missing.
fn missing(what: &str, how: &str) -> ! {
    let ci = if std::env::var_os("CI").is_some() {
        "CI is set: the CI script must install it before the tests run (.ci/run calls ./test.sh)."
    } else {
        "Browser tests never skip; install it, or run ./test.sh, which installs what it can."
    };
    panic!("browser test environment not ready: {what} is missing.\nInstall with: {how}\n{ci}");
}

fn chromium_path() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM_PATH") {
        return PathBuf::from(p);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Checks node and Chromium, and runs `npm ci` when node_modules is missing.
fn ensure_browser_env() {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        _ => missing(
            "node (Node.js 20 or newer)",
            "the machine's Node.js; `node --version` must work",
        ),
    }
    let chromium = chromium_path();
    if !chromium.is_file() {
        missing(
            &format!("Chromium ({})", chromium.display()),
            "apt-get update && apt-get install -y chromium   (or set CHROMIUM_PATH)",
        );
    }
    let dir = browser_dir();
    let modules = dir.join("node_modules");
    if !modules.join("playwright-core").is_dir() || !modules.join("axe-core").is_dir() {
        eprintln!(
            "tests/browser/node_modules missing: running npm ci in {}",
            dir.display()
        );
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| {
                missing(
                    &format!("npm ({e})"),
                    "the machine's npm, then: cd tests/browser && npm ci",
                )
            });
        assert!(
            out.status.success(),
            "npm ci in {} failed:\n{}",
            dir.display(),
            show(&out)
        );
    }
}

/// Builds the site at `root` with the real binary into a fresh temporary folder.
fn build_site(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    let result = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run veiviser");
    assert!(
        result.status.success(),
        "`veiviser build --root {} --out {}` exited with {}:\n{}",
        root.display(),
        out.path().display(),
        result.status,
        show(&result)
    );
    out
}

fn assert_files(out: &Path, files: &[&str]) {
    for f in files {
        assert!(
            out.join(f).is_file(),
            "expected {} in the built site {}",
            f,
            out.display()
        );
    }
}

/// The `<main>` element of a page (or the whole page), for failure messages.
fn main_part(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |e| e + 7);
    &html[start..end.max(start)]
}

/// `html` with the contents of `<code>` and `<pre>` elements removed (there shortcode
/// syntax may be shown on purpose).
fn without_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["<code", "<pre"]
            .iter()
            .filter_map(|open| rest.find(open).map(|i| (i, *open)))
            .min();
        let Some((i, open)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let close = if open == "<code" { "</code>" } else { "</pre>" };
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => return out,
        }
    }
}

/// A shortcode that was not rendered shows up as `{{% … %}}` or `{{< … >}}` in the page.
fn assert_no_raw_shortcodes(html: &str, url: &str) {
    let text = without_code(html);
    for marker in ["{{%", "{{<"] {
        if let Some(i) = text.find(marker) {
            let end = (i + 120).min(text.len());
            let end = (end..=text.len())
                .find(|&e| text.is_char_boundary(e))
                .unwrap_or(text.len());
            panic!(
                "raw shortcode syntax left in {url} (a shortcode was not rendered): …{}…\n\n{}",
                &text[i..end],
                main_part(html)
            );
        }
    }
}

/// The `id` of the `<h2>` whose text starts with `text`, if any.
fn h2_id(html: &str, text: &str) -> Option<String> {
    html.split("<h2").skip(1).find_map(|rest| {
        let close = rest.find('>')?;
        let (tag, body) = (&rest[..close], &rest[close + 1..]);
        if !body.trim_start().starts_with(text) {
            return None;
        }
        let start = tag.find("id=\"")? + 4;
        let len = tag[start..].find('"')?;
        Some(tag[start..start + len].to_string())
    })
}

/// Percent-encodes everything but unreserved ASCII (as browsers do in URL fragments).
fn percent_encode(s: &str, upper: bool) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else if upper {
                format!("%{b:02X}")
            } else {
                format!("%{b:02x}")
            }
        })
        .collect()
}

/// The `##` headings of the fixture page with `toc: true` (some with æ/ø/å).
const TOC_HEADINGS: &[&str] = &[
    "Før du begynner",
    "Skriv den første siden",
    "Bygg og se på resultatet",
    "Små og store bokstaver: æ, ø og å",
    "Neste steg",
];

/// Each heading must have an id and a link to it (the table of contents). check.mjs then
/// verifies in the browser that every in-page link lands on an element.
fn assert_toc_links_every_h2(html: &str) {
    for text in TOC_HEADINGS {
        let id = h2_id(html, text)
            .unwrap_or_else(|| panic!("no <h2 id=…> for heading {text:?} on the TOC page"));
        let linked = [
            id.clone(),
            percent_encode(&id, true),
            percent_encode(&id, false),
        ]
        .iter()
        .any(|form| html.contains(&format!("#{form}\"")));
        assert!(
            linked,
            "no link to heading #{id} on the page with `toc: true` (table of contents missing?)"
        );
    }
}

/// Runs check.mjs on `site`. `pages` must answer 200, `not_found` must answer 404.
fn run_check(site: &Path, screenshots: &Path, pages: &[&str], not_found: &[&str]) {
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir().join("check.mjs"))
        .arg("--site")
        .arg(site)
        .arg("--screenshots")
        .arg(screenshots);
    for p in pages {
        cmd.args(["--page", p]);
    }
    for p in not_found {
        cmd.args(["--not-found", p]);
    }
    let out = cmd.output().expect("run node tests/browser/check.mjs");
    let text = show(&out);
    println!("{text}");
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!("browser test environment not ready (check.mjs exit 3):\n{text}"),
        code => panic!("browser check failed (check.mjs exit {code:?}):\n{text}"),
    }
}

#[test]
fn fixture_site_is_accessible_in_a_browser() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let fixture = repo().join("tests/fixtures/browser-site");
    let out = build_site(&fixture);
    assert_files(
        out.path(),
        &[
            "index.html",
            "veiledning/index.html",
            "veiledning/kom-i-gang/index.html",
            "veiledning/skriveraad/index.html",
            "404.html",
        ],
    );
    run_check(
        out.path(),
        &screenshot_dir("browser-site"),
        &["/", "/veiledning/", "/veiledning/kom-i-gang/"],
        &["/finnes-ikke/"],
    );
    let toc_page = std::fs::read_to_string(out.path().join("veiledning/kom-i-gang/index.html"))
        .expect("read kom-i-gang");
    assert_toc_links_every_h2(&toc_page);
    assert_no_raw_shortcodes(&toc_page, "/veiledning/kom-i-gang/");
}

#[test]
fn bundled_example_site_is_accessible_in_a_browser() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let out = build_site(repo());
    assert_files(out.path(), &["index.html", "404.html"]);
    run_check(
        out.path(),
        &screenshot_dir("example-site"),
        &["/"],
        &["/finnes-ikke/"],
    );
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("read index.html");
    assert_no_raw_shortcodes(&home, "/");
}

/// Order forms in a real browser (tests/browser/forms.mjs): no-JS POST to a receiver on
/// 127.0.0.1 with every field, error summary focus and wording, axe with the summary
/// shown, conditional fields, repeatable groups, draft restore (never fødselsnummer),
/// 500 then retry with nothing lost, JSON submission, `mailto:` URL. The JSON the
/// receiver got is then validated against the form's schema.json.
#[test]
fn forms_work_in_a_browser() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let out = build_site(&repo().join("tests/fixtures/forms-site"));
    let run = Command::new("node")
        .arg(browser_dir().join("forms.mjs"))
        .arg("--site")
        .arg(out.path())
        .output()
        .expect("run node tests/browser/forms.mjs");
    let text = show(&run);
    println!("{text}");
    match run.status.code() {
        Some(0) => {}
        Some(3) => panic!("browser test environment not ready (forms.mjs exit 3):\n{text}"),
        code => panic!("browser form checks failed (forms.mjs exit {code:?}):\n{text}"),
    }
    let stdout = String::from_utf8_lossy(&run.stdout);
    let json = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RECEIVED_JSON "))
        .expect("forms.mjs printed the JSON submission");
    let submission: serde_json::Value = serde_json::from_str(json).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("skjema/brannmur/schema.json")).unwrap(),
    )
    .unwrap();
    use veiviser::forms::validate as v;
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_format("organisasjonsnummer", v::organisasjonsnummer)
        .with_format("fodselsnummer", v::fodselsnummer)
        .with_format("ip-cidr", v::ip_cidr)
        .build(&schema)
        .expect("schema.json compiles");
    let errors: Vec<String> = validator
        .iter_errors(&submission)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the browser's JSON submission does not match schema.json: {errors:?}\n{submission}"
    );
}

/// Every bundled form page (and the forms index) is accessible: axe clean, no console
/// errors, no third-party requests, no inline script or style.
#[test]
fn bundled_forms_are_accessible_in_a_browser() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let out = build_site(repo());
    let pages = [
        "/skjema/",
        "/skjema/seres-brukertilgang/",
        "/skjema/seres-brukertilgang/nn/",
        "/skjema/seres-brukertilgang/embed/",
        "/skjema/brannmur/",
        "/skjema/testbrukere/",
        "/seres/kom-i-gang/",
    ];
    run_check(out.path(), &screenshot_dir("forms"), &pages, &[]);
    for p in [
        "skjema/brannmur/index.html",
        "skjema/brannmur/embed/index.html",
    ] {
        let html = std::fs::read_to_string(out.path().join(p)).unwrap();
        assert!(
            !html.contains("<script>") && !html.contains(" style="),
            "inline script or style in {p}"
        );
    }
}

/// A portal on another 127.0.0.1 port, under `Content-Security-Policy: default-src 'self';
/// frame-src <form origin>`, shows a form by iframe (its height follows the content),
/// by a server-side included fragment and by the `<veiviser-form>` custom element, with
/// zero CSP violations (tests/browser/embed.mjs).
#[test]
fn forms_embed_in_a_portal_under_a_strict_csp() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let out = build_site(&repo().join("tests/fixtures/forms-site"));
    let run = Command::new("node")
        .arg(browser_dir().join("embed.mjs"))
        .arg("--site")
        .arg(out.path())
        .output()
        .expect("run node tests/browser/embed.mjs");
    let text = show(&run);
    println!("{text}");
    match run.status.code() {
        Some(0) => {}
        Some(3) => panic!("browser test environment not ready (embed.mjs exit 3):\n{text}"),
        code => panic!("embedding checks failed (embed.mjs exit {code:?}):\n{text}"),
    }
}

/// Words whose analysis the client must reproduce exactly (stems, æøå fold, stop words).
fn parity_words() -> Vec<String> {
    let mut words: Vec<String> = "brannmurer søknader søknadene bestillinger tilganger \
         tilgangsforespørslene spørsmålene økonomisystemet åpningen også ærlig år vêr fôr for \
         hetslov kodelister erte kodert sikkerhet heten virksomhetssertifikat \
         tjenesteutviklingsløsningen leverandører forespørsel bakt lovt gammelt sporsmaal \
         aerlig oekonomi korleis kva ikkje tenestene tenestar"
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut texts = Vec::new();
    for dir in [
        repo().join("tests/fixtures/browser-site/content"),
        repo().join("content"),
    ] {
        for e in walk(&dir) {
            if e.extension().is_some_and(|x| x == "md") {
                texts.push(std::fs::read_to_string(&e).unwrap_or_default());
            }
        }
    }
    for t in texts {
        for tok in veiviser::search::analyze::tokenize(&t) {
            if tok.kind == veiviser::search::analyze::TokenKind::Word {
                words.push(tok.text);
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn search_box_and_api_work_in_a_browser() {
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    ensure_browser_env();
    let fixture = repo().join("tests/fixtures/browser-site");
    let out = build_site(&fixture);
    assert_files(
        out.path(),
        &[
            "search/index.json",
            "search/sections.jsonl",
            "sok/index.html",
            "js/search.js",
        ],
    );
    // The Rust side's analysis of a word list, for the client to reproduce.
    let parity: Vec<serde_json::Value> = parity_words()
        .into_iter()
        .map(|w| {
            let a = veiviser::search::analyze::Analyzer::new();
            serde_json::json!({
                "word": w,
                "stem": a.stem(&w),
                "fold": veiviser::search::analyze::fold(&w),
                "stop": veiviser::search::analyze::is_stop(&w),
            })
        })
        .collect();
    let parity_file = out.path().join("parity.json");
    std::fs::write(&parity_file, serde_json::to_vec(&parity).unwrap()).unwrap();
    let shots = screenshot_dir("search");
    let result = Command::new("node")
        .arg(browser_dir().join("search.mjs"))
        .arg("--site")
        .arg(out.path())
        .args([
            "--query",
            "teksteditor",
            "--expect",
            "/veiledning/kom-i-gang/",
        ])
        .arg("--parity")
        .arg(&parity_file)
        .arg("--screenshots")
        .arg(&shots)
        .output()
        .expect("run node tests/browser/search.mjs");
    let text = show(&result);
    println!("{text}");
    match result.status.code() {
        Some(0) => {}
        Some(3) => panic!("browser test environment not ready (search.mjs exit 3):\n{text}"),
        code => panic!("browser search check failed (search.mjs exit {code:?}):\n{text}"),
    }
}
