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
    assert!(!again.status.success());
}
