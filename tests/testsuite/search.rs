//! Search: the index files, the feed, and ranking on small fixture sites. Ranking runs the
//! site's real client (`js/search.js`) in Node over the built files
//! (tests/browser/search-query.mjs); no browser needed.

use crate::harness::{Run, Site};
use std::path::Path;
use std::process::Command;

/// Runs `queries` through the built site's search; returns the result URLs per query.
fn search(run: &Run, queries: &[&str]) -> Vec<Vec<serde_json::Value>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search-query.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(run.root.join("public"))
        .args(queries)
        .output()
        .expect("node (Node.js 20 or newer) is needed for the search ranking tests");
    assert!(
        out.status.success(),
        "search-query.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["results"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

/// Result URLs, percent-decoded.
fn urls(results: &[serde_json::Value]) -> Vec<String> {
    results
        .iter()
        .map(|r| {
            let u = r["url"].as_str().unwrap_or("");
            percent_encoding::percent_decode_str(u)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// `site` with `n` pages about other things (`content/side-<i>.md`, titled `Emne <i>`),
/// each with `body`: the background a ranking test's idf needs.
fn fillers(mut site: Site, n: usize, body: &str) -> Site {
    for i in 0..n {
        site = site.page(&format!("content/side-{i}.md"), &format!("Emne {i}"), body);
    }
    site
}

/// The page part of the first result's URL.
fn first_page(results: &[serde_json::Value]) -> String {
    urls(results)
        .first()
        .map(|u| u.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

fn norwegian_site() -> Site {
    Site::new()
        .page(
            "content/brannmur.md",
            "Åpning i brannmur",
            "Du må bestille åpning i brannmurer før du kan sende data.\n\n## Søknader\n\nSøknader om tilgang behandles fortløpende.\n",
        )
        .page(
            "content/okonomi.md",
            "Økonomisystem",
            "Koble økonomisystemet til tjenesten. Dette gjelder også lønn.\n",
        )
        .page(
            "content/ærlig.md",
            "Ærlig talt",
            "Vær ærlig med brukerne om hva som skjer.\n",
        )
        .page(
            "content/sporsmal.md",
            "Ofte stilte spørsmål",
            "Her er svar på spørsmålene vi får oftest.\n\n## Hvordan bestiller jeg testbrukere?\n\nDu bestiller testbrukere i skjemaet.\n",
        )
        .page(
            "content/sertifikat.md",
            "Virksomhetssertifikat",
            "Et virksomhetssertifikat brukes for å autentisere systemet.\n",
        )
        .page(
            "content/tul.md",
            "Verktøy",
            "Tjenester lages i tjenesteutviklingsløsningen (TUL).\n\n## Installasjon\n\nInstaller Citrix først.\n",
        )
        .page(
            "content/tilganger.md",
            "Tilganger",
            "Slik får du tilganger til systemene.\n",
        )
        .file(
            "content/nynorsk.md",
            "---\ntitle: Vêr og fôr\nlang: nn\n---\nKorleis vêret påverkar fôret til dyra.\n",
        )
        .page(
            "content/for.md",
            "Skjema for deg",
            "Dette er et skjema for alle.\n",
        )
}

#[test]
fn writes_the_split_index_and_the_feed() {
    let site = norwegian_site();
    let run = site.build().ok();
    let manifest: serde_json::Value =
        serde_json::from_str(&run.read("public/search/index.json")).unwrap();
    assert!(manifest["shards"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(manifest["pages"].as_u64().unwrap_or(0) >= 9);
    let run = run
        .exists("public/search/t/0.bin")
        .exists("public/search/d/0.json")
        .exists("public/search/v/0.txt")
        .exists("public/js/search.js")
        .exists("public/sok/index.html")
        .file_contains("public/index.html", "js/search.js\" defer></script>");
    // The feed: one doc section per line with url#anchor, title, section path, lang, text.
    let feed = run.read("public/search/sections.jsonl");
    let lines: Vec<serde_json::Value> = feed
        .lines()
        .map(|l| serde_json::from_str(l).expect("feed line is JSON"))
        .collect();
    let soknader = lines
        .iter()
        .find(|l| l["heading"] == "Søknader")
        .expect("a feed line for the Søknader section");
    assert_eq!(soknader["url"], "/brannmur/#s%C3%B8knader");
    assert_eq!(soknader["title"], "Åpning i brannmur");
    assert_eq!(soknader["lang"], "nb");
    assert_eq!(
        soknader["path"],
        serde_json::json!(["Åpning i brannmur", "Søknader"])
    );
    assert!(soknader["text"].as_str().unwrap().contains("behandles"));
    let nn = lines.iter().find(|l| l["title"] == "Vêr og fôr").unwrap();
    assert_eq!(nn["lang"], "nn");
}

#[test]
fn leaves_out_hidden_draft_and_taxonomy_pages() {
    let site = Site::new()
        .page("content/a.md", "Synlig", "Hemmelighetsfull tekst A.\n")
        .file(
            "content/b.md",
            "---\ntitle: Skjult\nhidden: true\ntags: [hemmelig]\n---\nHemmelighetsfull tekst B.\n",
        )
        .file(
            "content/c.md",
            "---\ntitle: Utkast\ndraft: true\n---\nHemmelighetsfull tekst C.\n",
        );
    let run = site.build().ok();
    let feed = run.read("public/search/sections.jsonl");
    assert!(feed.contains("Synlig"));
    assert!(!feed.contains("Skjult") && !feed.contains("Utkast"));
    assert!(
        !feed.contains("/tags/"),
        "taxonomy pages are not searchable"
    );
}

#[test]
fn output_is_deterministic() {
    let site = norwegian_site();
    let a = site.build().ok();
    let first = a.read("public/search/index.json");
    let shard = std::fs::read(a.root.join("public/search/t/0.bin")).unwrap();
    let b = site.build().ok();
    assert_eq!(first, b.read("public/search/index.json"));
    assert_eq!(
        shard,
        std::fs::read(b.root.join("public/search/t/0.bin")).unwrap()
    );
}

#[test]
fn finds_words_with_æ_ø_å_in_every_position() {
    let site = norwegian_site();
    let run = site.build().ok();
    let cases = [
        ("åpning", "/brannmur/"),
        ("brannmurer", "/brannmur/"),
        ("søknader", "/brannmur/"),
        ("økonomisystem", "/okonomi/"),
        ("også", "/okonomi/"),
        ("ærlig", "/ærlig/"),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((q, want), results) in cases.iter().zip(search(&run, &queries)) {
        assert_eq!(
            &first_page(&results),
            want,
            "query {q:?}: {:?}",
            urls(&results)
        );
    }
}

#[test]
fn år_does_not_match_ærlig() {
    let site = norwegian_site();
    let run = site.build().ok();
    let r = search(&run, &["år"]);
    assert!(
        !urls(&r[0]).iter().any(|u| u.starts_with("/ærlig/")),
        "{:?}",
        urls(&r[0])
    );
}

#[test]
fn ascii_spelling_finds_æøå_words() {
    let site = norwegian_site();
    let run = site.build().ok();
    let r = search(&run, &["sporsmal", "apning i brannmur", "okonomisystem"]);
    assert_eq!(first_page(&r[0]), "/sporsmal/");
    assert_eq!(first_page(&r[1]), "/brannmur/");
    assert_eq!(first_page(&r[2]), "/okonomi/");
}

#[test]
fn circumflex_words_are_their_own_words() {
    // `fôr` (fodder) is not the stop word `for`; `vêr` is found as typed and without the accent.
    let site = norwegian_site();
    let run = site.build().ok();
    let r = search(&run, &["fôr", "vêr", "ver"]);
    assert_eq!(first_page(&r[0]), "/nynorsk/");
    assert_eq!(first_page(&r[1]), "/nynorsk/");
    assert_eq!(first_page(&r[2]), "/nynorsk/");
}

#[test]
fn inflections_compounds_and_typos() {
    let site = norwegian_site();
    let run = site.build().ok();
    let r = search(
        &run,
        &[
            "bestilling",        // bestiller
            "sertifikat",        // virksomhetssertifikat (part of a compound)
            "tjenesteutvikling", // tjenesteutviklingsløsningen (prefix of a compound)
            "tilgnager",         // typo
            "spørsmålet",        // other inflection
        ],
    );
    assert_eq!(first_page(&r[0]), "/sporsmal/", "{:?}", urls(&r[0]));
    assert_eq!(first_page(&r[1]), "/sertifikat/", "{:?}", urls(&r[1]));
    assert_eq!(first_page(&r[2]), "/tul/", "{:?}", urls(&r[2]));
    assert_eq!(first_page(&r[3]), "/tilganger/", "{:?}", urls(&r[3]));
    assert_eq!(first_page(&r[4]), "/sporsmal/", "{:?}", urls(&r[4]));
}

#[test]
fn results_point_at_the_section() {
    let site = norwegian_site();
    let run = site.build().ok();
    let r = search(&run, &["hvordan bestiller jeg testbrukere", "Citrix"]);
    let first = &r[0][0];
    assert_eq!(
        first["url"],
        "/sporsmal/#hvordan-bestiller-jeg-testbrukere",
        "{:?}",
        urls(&r[0])
    );
    assert_eq!(first["heading"], "Hvordan bestiller jeg testbrukere?");
    assert_eq!(first["title"], "Ofte stilte spørsmål");
    assert_eq!(urls(&r[1])[0], "/tul/#installasjon");
    // The snippet is escaped HTML with the match marked.
    let snippet = first["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>testbrukere</mark>"), "{snippet}");
}

#[test]
fn abbreviations_are_learned_from_the_text() {
    let site = norwegian_site().page(
        "content/annen.md",
        "Annen side",
        "Tjenesteutviklingsløsningen brukes av mange.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["TUL"]);
    let found = urls(&r[0]);
    assert!(found.iter().any(|u| u.starts_with("/tul/")), "{found:?}");
    assert!(
        found.iter().any(|u| u.starts_with("/annen/")),
        "the long form teaches TUL: {found:?}"
    );
}

#[test]
fn synonyms_come_from_the_config() {
    let site = Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[search]\nsynonyms = [\"bil = kjøretøy\"]\n")
        .page(
            "content/a.md",
            "Registrering",
            "Slik registrerer du et kjøretøy.\n",
        );
    let run = site.build().ok();
    let r = search(&run, &["bil"]);
    assert_eq!(first_page(&r[0]), "/a/", "{:?}", urls(&r[0]));
}

#[test]
fn search_can_be_turned_off() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[search]\nenabled = false\n")
        .page("content/a.md", "A", "Tekst.\n")
        .build()
        .ok()
        .missing("public/search/index.json");
}

#[test]
fn build_no_search_leaves_out_the_index_and_the_feed() {
    let site = Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n")
        .page("content/a.md", "A", "Tekst.\n");
    site.run(&["build", "--no-search"])
        .ok()
        .exists("public/a/index.html")
        .missing("public/search/index.json")
        .missing("public/search/sections.jsonl");
    // The same site with search: the index, the feed (written as it is made) and doc chunks.
    site.build()
        .ok()
        .exists("public/search/index.json")
        .exists("public/search/sections.jsonl")
        .exists("public/search/d/0.json");
}

#[test]
fn code_blocks_are_searchable_unless_the_site_leaves_them_out() {
    let site = |config: &str| {
        Site::new()
            .config(&format!("title = \"Test\"\nbase_url = \"/\"\n{config}"))
            .page(
                "content/api.md",
                "Hente svar",
                "Svaret kommer som XML:\n\n```xml\n<GetReporteeByTempKeyResult>\n  <Navn>Ola</Navn>\n</GetReporteeByTempKeyResult>\n```\n\nSe også feltene.\n",
            )
    };
    let with_code = site("");
    let run = with_code.build().ok();
    let r = search(&run, &["getreporteebytempkeyresult", "svaret"]);
    assert_eq!(first_page(&r[0]), "/api/", "{:?}", urls(&r[0]));
    run.file_contains("public/search/sections.jsonl", "GetReporteeByTempKeyResult");

    // Left out: not in the index nor the feed; the prose around it still is.
    let without = site("[search]\ncode_blocks = false\n");
    let run = without.build().ok();
    let r = search(&run, &["getreporteebytempkeyresult", "svaret"]);
    assert!(r[0].is_empty(), "{:?}", urls(&r[0]));
    assert_eq!(first_page(&r[1]), "/api/", "{:?}", urls(&r[1]));
    run.file_lacks("public/search/sections.jsonl", "GetReporteeByTempKeyResult")
        .file_contains("public/search/sections.jsonl", "Se også feltene.");

    site("[search]\ncode_blocks = \"nei\"\n")
        .build()
        .fails()
        .stderr_contains("search.code_blocks must be true or false");
}

#[test]
fn wrong_search_options_are_reported() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[search]\nsynonyms = \"bil\"\n")
        .page("content/a.md", "A", "Tekst.\n")
        .build()
        .fails()
        .stderr_contains("veiviser.toml:4:1: error: search.synonyms must be a list");
    // At the line of the key in the search table, in a Hugo config too (a key of the
    // same name elsewhere is not it).
    Site::hugo("title = \"T\"\nenabled = 3\n[params.veiviser.search]\n  budget_kib = 0\n  enabled = \"ja\"\n")
        .page("content/a.md", "A", "Tekst.\n")
        .build()
        .fails()
        .stderr_contains("config.toml:4:3: error: search.budget_kib must be a positive whole number")
        .stderr_contains("config.toml:5:3: error: search.enabled must be true or false");
}

#[test]
fn urls_carry_the_base_path() {
    let site = Site::new()
        .config("title = \"Test\"\nbase_url = \"https://example.org/docs/\"\n")
        .page(
            "content/a.md",
            "Åpning",
            "## Første steg\n\nTekst om åpning.\n",
        );
    let run = site.build().ok();
    let r = search(&run, &["åpning"]);
    assert_eq!(first_page(&r[0]), "/docs/a/");
    assert!(
        urls(&r[0]).iter().all(|u| u.starts_with("/docs/")),
        "{:?}",
        urls(&r[0])
    );
    let feed = run.read("public/search/sections.jsonl");
    assert!(
        feed.contains("\"url\":\"https://example.org/docs/a/#f%C3%B8rste-steg\""),
        "{feed}"
    );
}

#[test]
fn a_site_without_text_answers_with_no_results() {
    let site = Site::new().file("content/_index.md", "---\ntitle: \"\"\n---\n");
    let run = site.build().ok();
    let r = search(&run, &["noe", "åpning"]);
    assert!(r.iter().all(|x| x.is_empty()), "{r:?}");
}

#[test]
fn a_page_titled_with_the_query_ranks_first() {
    // The page that is about the word (its title, or its menu title, is just that word)
    // ranks above pages that use it in headings and text.
    let site = Site::new()
        .file(
            "content/intro.md",
            "---\ntitle: Introduksjon til verktøyene\nlinktitle: Postkasse\n---\nSlik kommer du i gang.\n",
        )
        .page(
            "content/bruk.md",
            "Hvordan bruke systemet med postkasse",
            "Postkasse brukes hver dag.\n\n## Postkasse i praksis\n\nEn postkasse tar imot meldinger, og postkassen sorterer dem.\n",
        );
    let run = site.build().ok();
    let r = search(&run, &["postkasse", "postkassen"]);
    assert_eq!(first_page(&r[0]), "/intro/", "{:?}", urls(&r[0]));
    assert_eq!(first_page(&r[1]), "/intro/", "{:?}", urls(&r[1]));
}

#[test]
fn a_title_match_survives_when_a_word_has_more_postings_than_the_index_keeps() {
    // Words on thousands of sections: the index keeps only their strongest postings (2,500
    // at most). The page whose title is just the query must keep its title postings (they
    // were ranked by their value, the title's length, and dropped first).
    let mut site = Site::new().page("content/maal.md", "Skjema i praksis", "Oversikt.\n");
    let body: String = (0..10)
        .map(|i| format!("## Del {i}\n\nSlik brukes skjema i praksis, del {i}.\n\n"))
        .collect();
    for i in 0..300 {
        site = site.page(&format!("content/side-{i:03}.md"), "Skjema", &body);
    }
    let run = site.build().ok();
    let r = search(&run, &["skjema i praksis"]);
    assert_eq!(first_page(&r[0]), "/maal/", "{:?}", urls(&r[0]));
}

#[test]
fn an_abbreviation_finds_the_page_titled_with_its_long_form() {
    // `data.altinn.no (DAN)`: the full stops inside the name do not end the long form.
    let site = Site::new()
        .page(
            "content/dan.md",
            "data.altinn.no",
            "Tjenesten deler data mellom etater.\n",
        )
        .page(
            "content/api.md",
            "Kom i gang med API",
            "Les om data.altinn.no (DAN) og hvordan du kobler deg til data.altinn.no.\n",
        );
    let run = site.build().ok();
    let r = search(&run, &["DAN"]);
    assert_eq!(first_page(&r[0]), "/dan/", "{:?}", urls(&r[0]));
}

#[test]
fn a_heading_made_of_the_query_words_is_the_section_shown() {
    // The long overview has both words once; the section headed `Lenketjenester` is about
    // one of them, and is the section the hit points at.
    let site = Site::new().page(
        "content/flytting.md",
        "Flytting av tjenester",
        "## Oversikt\n\nPlattformen får nye tjenester i år, og mange av de gamle tjenestene \
         flyttes i flere runder etter en plan som tjenesteeierne har laget sammen med \
         forvaltningen, der også lenketjenester er med, og der testing, opplæring, \
         dokumentasjon og brukerstøtte må være klar før hver runde kan starte.\n\n\
         ## Lenketjenester\n\nDe kommer sist.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["når flyttes lenketjenester"]);
    assert_eq!(
        urls(&r[0])[0],
        "/flytting/#lenketjenester",
        "{:?}",
        urls(&r[0])
    );
}

#[test]
fn result_anchors_are_the_pages_heading_ids() {
    // Anchors the client computes from the heading, and the ones it is given (duplicates,
    // headings with other characters), both point at the real ids.
    let site = Site::new().page(
        "content/a.md",
        "Feilkoder",
        "## Hva betyr 'ValidationFailed'?\n\nValideringsfeil i kvitteringen.\n\n## Feil\n\nFørste feilsøking.\n\n## Feil\n\nAndre feilsøking med kvittering.\n\n## Kvittering → arkiv\n\nKvittering til arkiv.\n",
    );
    let run = site.build().ok();
    let html = run.read("public/a/index.html");
    let r = search(&run, &["validationfailed", "andre feilsøking", "arkiv"]);
    for (q, results) in ["validationfailed", "andre feilsøking", "arkiv"]
        .iter()
        .zip(&r)
    {
        let url = results[0]["url"].as_str().unwrap_or("");
        let anchor = url.split('#').nth(1).unwrap_or("");
        assert!(!anchor.is_empty(), "{q}: {url}");
        let id = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "{q}: {url} is not an id of the page"
        );
    }
    assert!(
        r[1][0]["url"].as_str().unwrap_or("").ends_with("#feil-1"),
        "{:?}",
        urls(&r[1])
    );
}

/// The preview server's search builds reuse what they made of unchanged pages: after each
/// kind of edit the files equal a fresh build's, and only the changed pages were read again.
#[test]
fn cached_search_builds_equal_fresh_ones_and_reread_only_changed_pages() {
    use veiviser::search::{Cache, build, build_cached};
    let site = Site::new()
        .page("content/_index.md", "Hjem", "Velkommen.\n")
        .page(
            "content/seksjon/_index.md",
            "Tilganger",
            "Slik bestiller du tilgang.\n",
        )
        .page(
            "content/seksjon/brannmur.md",
            "Brannmuråpning",
            "## Bestille åpning\n\nSend IP-adresser (TUL).\n",
        )
        .page(
            "content/seksjon/testbrukere.md",
            "Testbrukere",
            "Tjenesteutviklingsløsningen (TUL) gir testbrukere.\n",
        )
        .page("content/annet.md", "Annet", "Søknader og skjema.\n");
    site.write_config_for_tests();
    let opts = veiviser::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let mut cache = Cache::default();
    let same = |cache: &mut Cache, what: &str| {
        let built = veiviser::pipeline::build_in_memory(&opts).expect("build");
        let mut d = veiviser::diagnostics::Diagnostics::new();
        let fresh = build(&built.site, &mut d);
        let cached = build_cached(&built.site, &mut d, cache);
        let key = |f: &veiviser::render::OutputFile| (f.path.clone(), f.bytes.clone());
        let mut a: Vec<_> = fresh.iter().map(key).collect();
        let mut b: Vec<_> = cached.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a.len(), b.len(), "{what}: file count");
        for (x, y) in a.iter().zip(&b) {
            assert!(x == y, "{what}: {} differs from a fresh build", x.0);
        }
        cache.last_build()
    };
    // First build: every page is read.
    assert_eq!(same(&mut cache, "first"), (0, 5));
    // Unchanged: nothing is read again.
    assert_eq!(same(&mut cache, "unchanged"), (5, 0));
    // A body edit: that page only.
    let p = site.root().join("content/annet.md");
    std::fs::write(
        &p,
        "---\ntitle: \"Annet\"\n---\nSøknader, skjema og brannmurer.\n",
    )
    .unwrap();
    assert_eq!(same(&mut cache, "body edit"), (4, 1));
    // A section's title: the section, its children (their section path shows it) and the
    // home page (it lists its children's titles); not the unrelated page.
    let p = site.root().join("content/seksjon/_index.md");
    std::fs::write(
        &p,
        "---\ntitle: \"Tilgang\"\n---\nSlik bestiller du tilgang.\n",
    )
    .unwrap();
    assert_eq!(same(&mut cache, "section title"), (1, 4));
    // A page removed, one added.
    std::fs::remove_file(site.root().join("content/seksjon/testbrukere.md")).unwrap();
    std::fs::write(
        site.root().join("content/ny.md"),
        "---\ntitle: \"Ny side\"\n---\nOm økonomisystem.\n",
    )
    .unwrap();
    let (reused, made) = same(&mut cache, "remove and add");
    assert_eq!(reused + made, 5);
    assert!(
        made >= 2,
        "the new page and the section that lost a child: {made}"
    );
}

/// A feature's page, and release notes that mention it in a few lines (a short section is
/// a strong match on its own).
fn release_notes_site(config: &str) -> Site {
    Site::new()
        .config(config)
        .page(
            "content/varsling.md",
            "Varsling til brukere",
            "Tjenesteeiere kan sende varsler til brukerne sine på e-post og SMS. Du lager en mal for varselet, velger mottakere og tidspunkt, og Altinn sender varselet når tidspunktet kommer. Mottakere som har reservert seg, får ingen varsler.\n\n## Varselmaler\n\nVarselmaler har emne og tekst på bokmål, nynorsk og engelsk. En mal kan ha flettefelt som fylles ut for hver mottaker når varselet sendes, og den kan brukes av flere tjenester. Tjenesteeieren bestiller nye maler hos Digdir.\n",
        )
        .page(
            "content/releases/21-3.md",
            "21.3",
            "## Varselmaler\n\nNye varselmaler.\n",
        )
        .file(
            "content/releases/nyheter.md",
            "---\ntitle: Nytt i mars\ntype: releasenote\n---\n## Varselmaler\n\nFlere varselmaler.\n",
        )
}

#[test]
fn release_notes_rank_below_the_page_that_documents_the_feature() {
    // Version-number titles (`21.3`) and `type: releasenote` mark release notes: their
    // matches count half, so the documenting page comes first, yet they are still found.
    let site = release_notes_site("title = \"Test\"\nbase_url = \"/\"\n");
    let run = site.build().ok();
    let r = search(&run, &["varselmaler", "21.3"]);
    let pages: Vec<String> = urls(&r[0])
        .iter()
        .map(|u| u.split('#').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        pages.first().map(String::as_str),
        Some("/varsling/"),
        "{pages:?}"
    );
    assert!(pages.contains(&"/releases/21-3/".to_string()), "{pages:?}");
    assert!(
        pages.contains(&"/releases/nyheter/".to_string()),
        "{pages:?}"
    );
    // A query for the version itself still finds its release note first.
    assert_eq!(first_page(&r[1]), "/releases/21-3/", "{:?}", urls(&r[1]));

    // With release notes counting fully, their short sections win: the weight is what
    // ranked them below.
    let site = release_notes_site(
        "title = \"Test\"\nbase_url = \"/\"\n[search]\nrelease_notes_weight = 1\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["varselmaler"]);
    assert_ne!(first_page(&r[0]), "/varsling/", "{:?}", urls(&r[0]));
}

#[test]
fn front_matter_search_weight_lowers_a_page() {
    let site = |weight: &str| {
        Site::new()
            .file(
                "content/gammel.md",
                &format!("---\ntitle: Eldre veiledning\n{weight}---\n## Brannmuråpning\n\nBestill brannmuråpning.\n"),
            )
            .page(
                "content/ny.md",
                "Veiledning",
                "Slik bestiller du en åpning i brannmuren for tjenesten din, med adresser, porter og tidspunkt. Skjemaet sendes til driftsleverandøren.\n\n## Brannmuråpning\n\nEn brannmuråpning gjelder fra dagen den er bestilt.\n",
            )
    };
    let plain = site("");
    let run = plain.build().ok();
    let r = search(&run, &["brannmuråpning"]);
    assert_eq!(first_page(&r[0]), "/gammel/", "{:?}", urls(&r[0]));
    let lowered = site("search_weight: 0.3\n");
    let run = lowered.build().ok();
    let r = search(&run, &["brannmuråpning"]);
    assert_eq!(first_page(&r[0]), "/ny/", "{:?}", urls(&r[0]));
    // A wrong weight is a warning at its line, and is ignored.
    site("search_weight: 3\n").build().ok().diag(
        "content/gammel.md:3:1",
        "warning",
        "search_weight must be a number above 0 and at most 1, not 3: ignored",
    );
}

#[test]
fn wrong_release_notes_weight_is_an_error() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[search]\nrelease_notes_weight = 0\n")
        .page("content/a.md", "A", "Tekst.\n")
        .build()
        .fails()
        .stderr_contains("search.release_notes_weight must be a number above 0 and at most 1");
}

#[test]
fn a_compound_whose_head_ends_in_s_may_be_split_before_the_s() {
    // `skjemasettsammenligning`: `skjemasetts` is a form of `skjemasett`, which leaves
    // `ammenligning`; the s starts the second word instead (`sammenligning`).
    let site = Site::new()
        .page(
            "content/sammenligning.md",
            "Skjemasett",
            "Et skjemasett sendes inn samlet. Sammenligning av feltene gjøres etterpå. Skjemasetts felt kontrolleres.\n",
        )
        .page(
            "content/annet.md",
            "Annet",
            "Denne siden handler om noe helt annet enn skjemaer.\n",
        );
    let run = site.build().ok();
    let r = search(&run, &["skjemasettsammenligning"]);
    assert_eq!(first_page(&r[0]), "/sammenligning/", "{:?}", urls(&r[0]));
}

#[test]
fn a_common_words_rare_compounds_do_not_outrank_the_word() {
    // `dokumentasjon` is on most pages, so it counts little; its compound
    // `dokumentasjonsplattform` is on one. Read as a completion of what was typed, the
    // compound must not count as rarer than the word itself: the page titled with the word
    // comes first.
    let mut site = Site::new()
        .page(
            "content/dok.md",
            "Dokumentasjon",
            "Oversikt over det som finnes for utviklere og tjenesteeiere.\n",
        )
        .page(
            "content/plattform.md",
            "Plattformen",
            "Innledning om plattformen og tjenestene den gir.\n\n## Drift\n\nDokumentasjonsplattformen driftes av Digdir.\n",
        );
    site = fillers(
        site,
        8,
        "Her er dokumentasjon for emnet, med eksempler og lenker til mer dokumentasjon.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["dokumentasjon"]);
    assert_eq!(first_page(&r[0]), "/dok/", "{:?}", urls(&r[0]));
}

#[test]
fn words_together_in_one_section_outrank_the_same_words_spread_over_a_page() {
    // Both pages have both words. On `spredt` they are in different sections, each in a
    // slightly shorter section (the stronger matches word by word); on `samlet` one section
    // says both: that section answers the question.
    let mut site = Site::new()
        .page(
            "content/spredt.md",
            "Drift",
            "Om driften.\n\n## Oppsett\n\nEt sertifikat brukes her, og det går ut i god tid.\n\n## Rutiner\n\nDu kan fornye dette før det går ut, i god tid.\n",
        )
        .page(
            "content/samlet.md",
            "Veiledning",
            "Om veiledningen.\n\n## Steg\n\nDu må fornye et sertifikat før det går ut, i god tid.\n",
        );
    site = fillers(
        site,
        6,
        "Her står det noe helt annet om tjenester og skjemaer.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["fornye sertifikat", "sertifikat"]);
    assert_eq!(first_page(&r[0]), "/samlet/", "{:?}", urls(&r[0]));
    // Each word alone is stronger on the other page.
    assert_eq!(first_page(&r[1]), "/spredt/", "{:?}", urls(&r[1]));
}

#[test]
fn a_word_found_on_few_pages_is_also_read_as_its_parts() {
    // `batchfiler` is on one page, in passing; the page about batch files writes it in two
    // words. Both are results.
    let mut site = Site::new()
        .page(
            "content/nyheter.md",
            "Nyheter",
            "Mange endringer i år. Batchfiler leses nå raskere. Ellers er alt som før.\n",
        )
        .page(
            "content/batch.md",
            "Batchlogging",
            "Her finner du feil i hver batch fil som er levert, og hvilken fil som feilet.\n",
        );
    site = fillers(
        site,
        6,
        "Her står det noe helt annet om tjenester og skjemaer.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["batchfiler"]);
    let pages: Vec<String> = urls(&r[0])
        .iter()
        .map(|u| u.split('#').next().unwrap_or("").to_string())
        .collect();
    assert!(pages.contains(&"/nyheter/".to_string()), "{pages:?}");
    assert!(pages.contains(&"/batch/".to_string()), "{pages:?}");
}

#[test]
fn a_compound_is_read_at_a_later_cut_when_the_first_leaves_no_word() {
    // `rolledelegering` is on no page. Its longest known first part is `rolledelege` (from
    // `rolledelegere`, on one page), which leaves `ring`, no word of the site; `rolle` and
    // `delegering` are words of the site, together on the page about delegating roles.
    let mut site = Site::new()
        .page(
            "content/nyheter.md",
            "Nyheter",
            "Nå kan etater rolledelegere selv. Ellers er alt som før.\n",
        )
        .page(
            "content/delegere.md",
            "Delegere",
            "En rolle gis videre ved delegering. Delegering krever at du har rollen selv.\n",
        );
    site = fillers(
        site,
        6,
        "Her står det om en rolle i tjenester og skjemaer, og om roller generelt.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["rolledelegering"]);
    assert_eq!(first_page(&r[0]), "/delegere/", "{:?}", urls(&r[0]));
}

/// A site whose compounds' parts never stand alone in its text: `brannmuråpning` and
/// `tilgangsstyring` are on its pages, `åpning` and `styring` are not.
fn site_with_unsplittable_compounds(config: &str) -> Site {
    let site = Site::new()
        .config(&format!("title = \"Test\"\nbase_url = \"/\"\n{config}"))
        .page(
            "content/nettverk.md",
            "Nettverk",
            "Bestill en brannmuråpning før du tester tjenesten.\n",
        )
        .page(
            "content/roller.md",
            "Roller",
            "Tilgangsstyring gjøres av virksomhetens administrator.\n",
        );
    fillers(
        site,
        6,
        "Her står det om skjemaer, meldinger og tjenester.\n",
    )
}

#[test]
fn a_word_list_lets_a_compound_be_found_by_parts_the_site_never_writes_alone() {
    // Without a word list, `åpning` and `styring` are no words of the site.
    let site = site_with_unsplittable_compounds("");
    let run = site.build().ok();
    let r = search(&run, &["åpning", "styring"]);
    assert!(r[0].is_empty(), "{:?}", urls(&r[0]));
    assert!(r[1].is_empty(), "{:?}", urls(&r[1]));

    // With one (a comment, a count after a word, hunspell flags, capitals, a word the site
    // does not use), the compounds split and their parts find them.
    let site = site_with_unsplittable_compounds("[search]\nwords = \"data/ord.txt\"\n").file(
        "data/ord.txt",
        "# ord\nBrannmur 120\nåpning/AB\ntilgang\nstyring\nsykkel\n",
    );
    let run = site.build().ok().no_diagnostics();
    let r = search(&run, &["åpning", "styring", "brannmur"]);
    assert_eq!(first_page(&r[0]), "/nettverk/", "{:?}", urls(&r[0]));
    assert_eq!(first_page(&r[1]), "/roller/", "{:?}", urls(&r[1]));
    assert_eq!(first_page(&r[2]), "/nettverk/", "{:?}", urls(&r[2]));
    // A listed word that is in no word of the site adds nothing to the index.
    assert!(search(&run, &["sykkel"])[0].is_empty());
}

#[test]
fn a_hugo_site_names_its_word_list_under_params_veiviser_search() {
    let site = Site::hugo(
        "baseURL = \"/\"\ntitle = \"T\"\n[params.veiviser.search]\nwords = \"ord.txt\"\n",
    )
    .file("ord.txt", "brannmur\nåpning\n")
    .page(
        "content/nettverk.md",
        "Nettverk",
        "Bestill en brannmuråpning før du tester tjenesten.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["åpning"]);
    assert_eq!(first_page(&r[0]), "/nettverk/", "{:?}", urls(&r[0]));
}

#[test]
fn a_wrong_word_list_is_reported_and_nothing_is_written() {
    // Missing: an error at the config, naming the file.
    site_with_unsplittable_compounds("[search]\nwords = \"mangler.txt\"\n")
        .build()
        .fails()
        .diag(
            "veiviser.toml:1:1",
            "error",
            "search.words: cannot read the word list `mangler.txt`",
        )
        .missing("public/index.html");
    // Not a path.
    site_with_unsplittable_compounds("[search]\nwords = 3\n")
        .build()
        .fails()
        .stderr_contains("search.words must be the path of a word list file");
    // Not UTF-8 (a Latin-1 list): an error at the first bad byte.
    site_with_unsplittable_compounds("[search]\nwords = \"ord.txt\"\n")
        .bytes("ord.txt", b"brannmur\n\xe5pning\n")
        .build()
        .fails()
        .diag("ord.txt:2:1", "error", "is not valid UTF-8 text");
    // Not a word list: a warning at its first line that holds no word.
    site_with_unsplittable_compounds("[search]\nwords = \"ord.csv\"\n")
        .file("ord.csv", "ord;antall\nbrannmur;3\nåpning;4\n")
        .build()
        .ok()
        .diag(
            "ord.csv:1:1",
            "warning",
            "3 of 3 lines of the search word list hold no word",
        );
}

/// A footnote's number is no part of the word it follows, nor are its links back part of the
/// note's text (was: `Først1` in the index and the feed).
#[test]
fn footnote_numbers_and_back_links_are_not_text() {
    let site = Site::new().page(
        "content/a.md",
        "Noter",
        "Brannmuråpning[^a] tar tid.\n\n[^a]: Se skjemaet.\n",
    );
    let run = site.build().ok();
    let r = search(&run, &["brannmuråpning"]);
    assert_eq!(first_page(&r[0]), "/a/", "{:?}", urls(&r[0]));
    run.file_contains(
        "public/search/sections.jsonl",
        "Brannmuråpning tar tid. Se skjemaet.",
    )
    .file_lacks("public/search/sections.jsonl", "↩");
}
