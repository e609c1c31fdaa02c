use crate::harness::Site;

#[test]
fn build_writes_site_and_summary() {
    Site::new()
        .page("content/_index.md", "Hjem", "Velkommen")
        .page("content/a.md", "A", "Tekst")
        .build()
        .ok()
        .stderr_contains("built: 2 pages, 0 sections, 0 warnings, 0 errors in")
        .exists("public/index.html")
        .exists("public/a/index.html")
        .exists("public/404.html")
        .exists("public/sitemap.xml")
        .exists("public/robots.txt")
        .exists("public/css/veiviser.css");
}

#[test]
fn check_writes_nothing() {
    Site::new()
        .page("content/a.md", "A", "Tekst")
        .check()
        .ok()
        .stderr_contains("checked:")
        .missing("public");
}

#[test]
fn check_json_lists_diagnostics() {
    let run = Site::new()
        .page("content/a.md", "A", "[x](finnes-ikke/)")
        .run(&["check", "--format", "json"])
        .fails();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["diagnostics"][0]["path"], "content/a.md");
    assert_eq!(v["diagnostics"][0]["line"], 4);
    assert_eq!(v["diagnostics"][0]["severity"], "error");
}

#[test]
fn usage_errors_exit_2() {
    Site::new().run(&["build", "--no-such-flag"]).code(2);
    Site::new().run(&["frobnicate"]).code(2);
    // A base URL that is neither a path nor an http(s) address with a host.
    for url in ["http://", "ftp://x/y/", "https://x.no/a b/"] {
        Site::new()
            .page("content/a.md", "A", "Tekst")
            .run(&["build", "--base-url", url])
            .code(2)
            .stderr_contains("invalid value")
            .missing("public");
    }
}

#[test]
fn all_problems_are_reported_together_sorted() {
    let run = Site::new()
        .file("content/b.md", "---\ntitle: [unclosed\n---\n")
        .page("content/a.md", "A", "[x](nope/)\n\n[y](nope2/)")
        .build()
        .fails();
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error:"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/a.md:4:1: error:"),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("content/a.md:6:1: error:"),
        "{}",
        run.stderr
    );
    assert!(lines[2].starts_with("content/b.md:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("failed, output not changed:"));
}

#[test]
fn init_writes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ny");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["init", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(target.join("veiviser.toml").exists());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["build", "--root", target.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(": warning:"), "{stderr}");
    assert!(target.join("public/index.html").exists());
    // The starter site has a page and an order form linked to it.
    let form = std::fs::read_to_string(target.join("public/bestill-tilgang/index.html")).unwrap();
    assert!(form.contains("ds-field"), "{form}");
    assert!(target.join("public/bestill-tilgang/schema.json").exists());
    // A second init into the same, now non-empty, folder is refused.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["init", target.to_str().unwrap()])
        .output()
        .unwrap();
    // A usage error: exit 2, as for any folder that cannot be used.
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn list_names_the_page_each_content_file_became() {
    let run = Site::new()
        .page("content/_index.md", "Hjem", "Velkommen")
        .page(
            "content/veiledning/_index.md",
            "Veiledning",
            "Om veiledningen",
        )
        .file(
            "content/veiledning/tilganger.md",
            "---\ntitle: 'Tilganger, roller og \"rettigheter\"'\n---\nTekst\n",
        )
        .file(
            "content/utkast.md",
            "---\ntitle: Utkast\ndraft: true\n---\nIkke ferdig.\n",
        )
        .run(&["list", "--base-url", "/"])
        .ok();
    // By path; generated pages (the 404, taxonomies) have no file and are not listed; drafts
    // only with --drafts; a title with a comma or quotes is quoted.
    assert_eq!(
        run.stdout,
        "path,kind,lang,title,url,draft\n\
         _index.md,home,nb,Hjem,/,false\n\
         veiledning/_index.md,section,nb,Veiledning,/veiledning/,false\n\
         veiledning/tilganger.md,page,nb,\"Tilganger, roller og \"\"rettigheter\"\"\",/veiledning/tilganger/,false\n"
    );
    assert!(!run.root.join("public").exists(), "list writes nothing");
}

#[test]
fn list_json_maps_translations_to_their_language_folders() {
    let site = Site::hugo(
        "baseURL = \"https://example.org/docs/\"\ndefaultContentLanguage = \"en\"\n\n[languages]\n[languages.en]\nweight = 1\n[languages.nb]\nweight = 2\n",
    )
    .page("content/_index.en.md", "Docs", "Welcome.")
    .page("content/_index.nb.md", "Dokumentasjon", "Velkommen.")
    .page("content/app/side.md", "Create", "Create an app.")
    .page("content/app/side.nb.md", "Opprette", "Opprett en app.")
    .file("content/app/utkast.nb.md", "---\ntitle: Utkast\ndraft: true\n---\nIkke ferdig.\n");
    let run = site.run(&["list", "--format", "json", "--drafts"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let rows: Vec<(String, String, String, bool)> = v
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["lang"].as_str().unwrap().to_string(),
                r["url"].as_str().unwrap().to_string(),
                r["draft"].as_bool().unwrap(),
            )
        })
        .collect();
    let row = |p: &str, l: &str, u: &str, d: bool| (p.to_string(), l.to_string(), u.to_string(), d);
    assert_eq!(
        rows,
        vec![
            row("_index.en.md", "en", "/docs/", false),
            row("_index.nb.md", "nb", "/docs/nb/", false),
            row("app/side.md", "en", "/docs/app/side/", false),
            row("app/side.nb.md", "nb", "/docs/nb/app/side/", false),
            row("app/utkast.nb.md", "nb", "/docs/nb/app/utkast/", true),
        ]
    );
    assert_eq!(v[3]["kind"], "page");
    assert_eq!(v[3]["title"], "Opprette");
    assert_eq!(v[1]["kind"], "home");
}

#[test]
fn list_reports_content_errors_and_still_lists() {
    let run = Site::new()
        .page("content/a.md", "A", "Tekst")
        .file("content/b.md", "---\ntitle: [unclosed\n---\n")
        .run(&["list"])
        .fails();
    assert!(run.stderr.contains("content/b.md:2:"), "{}", run.stderr);
    assert!(run.stdout.contains("\na.md,page,"), "{}", run.stdout);
}
