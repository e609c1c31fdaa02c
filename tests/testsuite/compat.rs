//! The real Altinn docs (`../shared/corpus/altinn-docs`, Hugo content) build unchanged:
//! every URL Hugo generates exists, and every heading id Hugo gives is on its page.
//! The corpus sits beside the repository in CI; when it is missing outside CI the test
//! says so and passes, in CI it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/altinn-docs");
    if p.join("content").is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have ../shared/corpus/altinn-docs beside the repository"
    );
    eprintln!("skipping: {} not found", p.display());
    None
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn altinn_corpus_builds_with_every_hugo_url_and_heading_id() {
    let Some(root) = corpus() else { return };
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "build failed:\n{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(!stderr.contains(": error:"), "{stderr}");
    let site = out.path().join("site");

    let urls = std::fs::read_to_string(root.join("hugo-expected/urls.tsv")).unwrap();
    let mut missing = Vec::new();
    let mut total = 0;
    for line in urls.lines().skip(1) {
        let url = line.rsplit('\t').next().unwrap();
        total += 1;
        let file = site
            .join(decode(url).trim_start_matches('/'))
            .join("index.html");
        if !file.is_file() {
            missing.push(url.to_string());
        }
    }
    assert!(total > 400);
    assert!(
        missing.is_empty(),
        "{} of {total} Hugo URLs missing: {missing:?}",
        missing.len()
    );

    let ids = std::fs::read_to_string(root.join("hugo-expected/heading-ids.tsv")).unwrap();
    let mut missing = Vec::new();
    let mut total = 0;
    let mut cache = std::collections::BTreeMap::new();
    for line in ids.lines().skip(1) {
        let (url, id) = line.split_once('\t').unwrap();
        total += 1;
        let html = cache.entry(url.to_string()).or_insert_with(|| {
            let file = site
                .join(decode(url).trim_start_matches('/'))
                .join("index.html");
            std::fs::read_to_string(file).unwrap_or_default()
        });
        if !html.contains(&format!("id=\"{id}\"")) {
            missing.push(format!("{url}#{id}"));
        }
    }
    assert!(total > 3000);
    assert!(
        missing.is_empty(),
        "{} of {total} Hugo heading ids missing: {missing:?}",
        missing.len()
    );

    // Real broken links and anchors are reported as warnings (a Hugo site), with
    // file:line:col and, for case-only differences, the right suggestion.
    assert!(stderr.contains(
        "content/utviklingsguider/samtykke/anbefalinger/foresporsler/_index.md:12:173: warning: broken anchor `#ConsentRequest-API`"
    ), "{stderr}");
    assert!(stderr.contains("(did you mean `#consentrequest-api`?)"));
    assert!(stderr.contains("warning: Hugo theme `hugo-theme-altinn` is not supported"));

    // No block veiviser makes (notices, expandable sections, children lists written right
    // under a paragraph's text) inside a paragraph: `<p><div>` is not HTML. (The corpus's
    // own raw HTML is left as its authors wrote it.)
    let mut nested = Vec::new();
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            if let Some(at) = block_in_paragraph(&html) {
                nested.push(format!("{}: {at}", entry.path().display()));
            }
        }
    }
    assert!(nested.is_empty(), "blocks inside <p>: {nested:#?}");
}

/// The start of the first block-level element of veiviser's (a `vv-` class) that stands
/// inside an open `<p>`, if any.
fn block_in_paragraph(html: &str) -> Option<String> {
    const BLOCKS: &[&str] = &[
        "div",
        "section",
        "figure",
        "details",
        "ul",
        "ol",
        "dl",
        "table",
        "pre",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "nav",
        "aside",
    ];
    let mut open = false;
    for (i, _) in html.match_indices('<') {
        let tag = &html[i + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        if name == "p" {
            open = true;
        } else if name == "/p" {
            open = false;
        } else if open
            && BLOCKS.contains(&name.as_str())
            && tag[..tag.find('>').unwrap_or(tag.len())].contains("class=\"vv-")
        {
            return Some(html[i..].chars().take(80).collect());
        }
    }
    None
}
