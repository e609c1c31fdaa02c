//! Bad input: every kind of broken, odd or hostile content gives its exact diagnostic
//! (`path:line:col: severity: message`), never a panic, and a failed build leaves the
//! previous output byte for byte as it was.
//!
//! Each case starts from a small good site that is built first; then the case breaks it and
//! builds again ([`rebuild`]). Errors exit with 1 and keep `public/`; the few legitimate
//! warnings exit with 0 and say why they are warnings.

use crate::harness::{Run, Site};
use std::collections::BTreeMap;
use std::path::Path;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A small site that builds cleanly.
fn good() -> Site {
    Site::new()
        .page("content/_index.md", "Hjem", "Velkommen.\n")
        .page("content/god.md", "God side", "Alt i orden.\n")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk public/"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Builds `site` (it must succeed), lets `change` break it and builds again. When the second
/// build fails, `public/` must be exactly what the first build wrote.
fn rebuild(site: Site, change: impl FnOnce(Site) -> Site) -> (Site, Run) {
    let first = site.build();
    assert_eq!(first.code, 0, "the good site must build:\n{}", first.stderr);
    let public = site.root().join("public");
    let before = snapshot(&public);
    assert!(before.contains_key("index.html"));
    let site = change(site);
    let run = site.build();
    if run.code != 0 {
        assert!(
            run.stderr.contains("failed, output not changed"),
            "summary line missing:\n{}",
            run.stderr
        );
        assert!(
            snapshot(&public) == before,
            "a failed build changed public/:\n{}",
            run.stderr
        );
        let strays: Vec<String> = std::fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".veiviser-"))
            .collect();
        assert!(strays.is_empty(), "temporary folders left: {strays:?}");
    }
    (site, run)
}

/// The diagnostic lines of a run.
fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// Exit code 1 with exactly these diagnostics.
fn errors(run: &Run, expected: &[&str]) {
    assert_eq!(
        diagnostics(run),
        expected,
        "diagnostics differ; stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
}

/// Exit code 0 with exactly these diagnostics.
fn warnings(run: &Run, expected: &[&str]) {
    assert_eq!(
        diagnostics(run),
        expected,
        "diagnostics differ; stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "exit code; stderr:\n{}", run.stderr);
}

/// One bad file added to the good site: exactly `expected`, exit 1, output kept.
fn bad_file(rel: &str, bytes: &[u8], expected: &[&str]) {
    let (_site, run) = rebuild(good(), |s| s.bytes(rel, bytes));
    errors(&run, expected);
}

// ---------------------------------------------------------------------------
// Front matter syntax: the true line in the file
// ---------------------------------------------------------------------------

#[test]
fn invalid_yaml_front_matter() {
    bad_file(
        "content/a.md",
        b"---\ntitle: Hei\ndescription: \"sitert\" og mer\nweight: 2\n---\nTekst\n",
        &[
            "content/a.md:3:23: error: invalid YAML front matter: invalid trailing content after double-quoted scalar",
        ],
    );
}

#[test]
fn unclosed_yaml_list_is_reported_on_the_line_left_open() {
    bad_file(
        "content/a.md",
        b"---\ntitle: Hei\nweight: 2\ntags: [en, to\n---\nTekst\n",
        &[
            "content/a.md:4:1: error: invalid YAML front matter: while parsing a flow sequence, expected ',' or ']'",
        ],
    );
}

#[test]
fn invalid_toml_front_matter() {
    bad_file(
        "content/a.md",
        b"+++\ntitle = \"Hei\"\n\nweight = = 2\n+++\nTekst\n",
        &["content/a.md:4:10: error: invalid TOML front matter: extra `=`, expected nothing"],
    );
}

#[test]
fn invalid_json_front_matter() {
    bad_file(
        "content/a.md",
        b"{\n  \"title\": \"Hei\",\n  \"weight\": ,\n  \"draft\": false\n}\nTekst\n",
        &["content/a.md:3:13: error: invalid JSON front matter: expected value"],
    );
}

/// Nine nested anchors of ten aliases each would expand to a billion values (this took
/// minutes and gigabytes before); the alias that passes the limit is reported.
#[test]
fn yaml_alias_bomb() {
    let mut text = String::from("---\ntitle: Latter\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("---\nTekst\n");
    bad_file(
        "content/a.md",
        text.as_bytes(),
        &[
            "content/a.md:7:55: error: invalid YAML front matter: its aliases expand to more than 100000 values",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    bad_file(
        "content/a.md",
        b"---\ntitle: Hei\n\nTekst uten slutt\n",
        &[
            "content/a.md:1:1: error: front matter is not closed: the opening delimiter has no closing line",
        ],
    );
}

/// A config file in Latin-1 was a system failure ("cannot read …"); it is the site's text.
#[test]
fn config_that_is_not_utf8() {
    let site = Site::hugo("baseURL = \"/\"\ntitle = \"T\"\n").page("content/a.md", "A", "x\n");
    let (_site, run) = rebuild(site, |s| {
        s.bytes("config.toml", b"baseURL = \"/\"\ntitle = \"Bl\xe5\"\n")
    });
    errors(
        &run,
        &[
            "config.toml:2:12: error: the file is not valid UTF-8 text (save it as UTF-8): invalid byte at offset 25; using the default configuration",
        ],
    );
}

#[test]
fn front_matter_that_is_not_a_map() {
    bad_file(
        "content/a.md",
        b"---\n- en\n- to\n---\nTekst\n",
        &["content/a.md:2:1: error: front matter must be a map of keys to values"],
    );
}

// ---------------------------------------------------------------------------
// Wrong types for known keys: reported at the key's line
// ---------------------------------------------------------------------------

#[test]
fn wrong_types_for_known_keys() {
    let cases: &[(&str, &str)] = &[
        (
            "title: [1, 2]",
            "content/a.md:3:1: error: front matter `title` must be a string, not a list",
        ),
        (
            "weight: \"x\"",
            "content/a.md:3:1: error: front matter `weight` must be a whole number, not a string",
        ),
        (
            "weight: 1.5",
            "content/a.md:3:1: error: front matter `weight` must be a whole number, not the number 1.5",
        ),
        (
            "draft: \"yes\"",
            "content/a.md:3:1: error: front matter `draft` must be true or false, not a string",
        ),
        (
            "date: i forrige uke",
            "content/a.md:3:1: error: front matter `date` must be a date like 2024-05-31 or 2024-05-31T12:00:00+02:00, not `i forrige uke`",
        ),
        (
            "date: 2024-13-45",
            "content/a.md:3:1: error: front matter `date` must be a date like 2024-05-31 or 2024-05-31T12:00:00+02:00, not `2024-13-45`",
        ),
        (
            "aliases: {gammel: /x/}",
            "content/a.md:3:1: error: front matter `aliases` must be a list of strings, not a map",
        ),
        (
            "aliases: 3",
            "content/a.md:3:1: error: front matter `aliases` must be a list of strings, not the number 3",
        ),
        (
            "aliases: [/gammel/, [/b/]]",
            "content/a.md:3:1: error: front matter `aliases` must be a list of strings, found a list",
        ),
        (
            "tags: 7",
            "content/a.md:3:1: error: front matter `tags` must be a list of strings, not the number 7",
        ),
        (
            "slug: {a: 1}",
            "content/a.md:3:1: error: front matter `slug` must be a string, not a map",
        ),
    ];
    for (line, expected) in cases {
        let text = format!("---\n# {line}\n{line}\ndescription: ok\n---\nTekst\n");
        let (_site, run) = rebuild(good(), |s| s.file("content/a.md", &text));
        assert_eq!(
            diagnostics(&run),
            [*expected],
            "case `{line}`:\n{}",
            run.stderr
        );
        assert_eq!(run.code, 1, "case `{line}`");
    }
}

#[test]
fn wrong_types_in_toml_and_json_are_at_their_line() {
    bad_file(
        "content/t.md",
        b"+++\ntitle = \"T\"\nweight = \"tung\"\n+++\n",
        &["content/t.md:3:1: error: front matter `weight` must be a whole number, not a string"],
    );
    bad_file(
        "content/j.md",
        b"{\n  \"title\": \"J\",\n  \"draft\": \"ja\"\n}\n",
        &["content/j.md:3:1: error: front matter `draft` must be true or false, not a string"],
    );
}

/// `toc` and `hidden` are theme parameters in Hugo, which ignores their type: an existing
/// site must still build, so a wrong type is a warning and the key is ignored.
#[test]
fn wrong_type_for_toc_is_a_warning() {
    let site = good().file("content/a.md", "---\ntitle: A\ntoc: kanskje\n---\nTekst\n");
    let run = site.build();
    warnings(
        &run,
        &[
            "content/a.md:3:1: warning: front matter `toc` must be true or false, not a string; ignored",
        ],
    );
    run.exists("public/a/index.html");
}

#[test]
fn valid_dates_are_accepted() {
    let site = good()
        .file("content/a.md", "---\ntitle: A\ndate: 2024-05-31\n---\n")
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\ndate = 2024-05-31T12:00:00+02:00\n+++\n",
        );
    let run = site.build();
    warnings(&run, &[]);
    run.file_contains(
        "public/a/index.html",
        "<time datetime=\"2024-05-31\">2024-05-31</time>",
    )
    .file_contains("public/b/index.html", "2024-05-31</time>");
}

// ---------------------------------------------------------------------------
// Encodings: non-UTF-8, binary, BOM, CRLF and lone CR
// ---------------------------------------------------------------------------

#[test]
fn latin1_file_is_reported_at_the_bad_byte() {
    bad_file(
        "content/latin1.md",
        b"---\ntitle: ok\n---\nHei p\xe5 deg\n",
        &[
            "content/latin1.md:4:6: error: the file is not valid UTF-8 text (save it as UTF-8): invalid byte at offset 23; file skipped",
        ],
    );
}

#[test]
fn binary_file_with_md_name() {
    // The first bytes of a PNG image.
    bad_file(
        "content/bilde.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        &[
            "content/bilde.md:1:1: error: is a binary file, not markdown text: invalid byte at offset 0; file skipped",
        ],
    );
}

#[test]
fn file_with_nul_bytes_is_binary() {
    bad_file(
        "content/nul.md",
        b"---\ntitle: N\n---\nab\0cd\n",
        &[
            "content/nul.md:4:3: error: is a binary file, not markdown text: NUL byte at offset 19; file skipped",
        ],
    );
}

#[test]
fn utf16_file_is_named_as_such() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "---\ntitle: U\n---\nHei\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    bad_file(
        "content/utf16.md",
        &bytes,
        &[
            "content/utf16.md:1:1: error: is UTF-16 text, not UTF-8 (save it as UTF-8); file skipped",
        ],
    );
}

#[test]
fn bom_is_ignored_and_positions_stay_right() {
    // The good site has a page with a BOM: its front matter is read.
    let site = good().bytes(
        "content/bom.md",
        b"\xEF\xBB\xBF---\ntitle: Med BOM\n---\nTekst.\n",
    );
    let (_site, run) = rebuild(site, |s| {
        s.bytes(
            "content/bom2.md",
            b"\xEF\xBB\xBF[lenke](borte.md) i linje 1\n",
        )
        .bytes(
            "content/bom3.md",
            b"\xEF\xBB\xBF---\ntitle: B\nweight: tung\n---\n",
        )
    });
    errors(
        &run,
        &[
            "content/bom2.md:1:1: error: broken link `borte.md`: no content file borte.md",
            "content/bom3.md:3:1: error: front matter `weight` must be a whole number, not a string",
        ],
    );
    run.file_contains("public/bom/index.html", "<title>Med BOM – Test</title>");
}

#[test]
fn crlf_and_lone_cr_give_the_same_positions_as_lf() {
    let lf = "---\ntitle: T\n---\n\nFørste avsnitt.\n\nSe [her](borte.md).\n";
    let bad_yaml = "---\ntitle: T\ndescription: \"a\" b\n---\nTekst\n";
    let (_site, run) = rebuild(good(), |mut site| {
        for (name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            site = site
                .file(&format!("content/{name}.md"), &lf.replace('\n', eol))
                .file(&format!("content/y{name}.md"), &bad_yaml.replace('\n', eol));
        }
        site
    });
    errors(
        &run,
        &[
            "content/cr.md:7:4: error: broken link `borte.md`: no content file borte.md",
            "content/crlf.md:7:4: error: broken link `borte.md`: no content file borte.md",
            "content/lf.md:7:4: error: broken link `borte.md`: no content file borte.md",
            "content/ycr.md:3:18: error: invalid YAML front matter: invalid trailing content after double-quoted scalar",
            "content/ycrlf.md:3:18: error: invalid YAML front matter: invalid trailing content after double-quoted scalar",
            "content/ylf.md:3:18: error: invalid YAML front matter: invalid trailing content after double-quoted scalar",
        ],
    );
}

#[test]
fn crlf_and_lone_cr_pages_build_like_lf() {
    let text = "---\ntitle: Linjer\n---\n## Overskrift\n\nEn linje\nto linjer.\n";
    let site = good()
        .file("content/lf.md", text)
        .file("content/crlf.md", &text.replace('\n', "\r\n"))
        .file("content/cr.md", &text.replace('\n', "\r"));
    let run = site.build();
    warnings(&run, &[]);
    for name in ["lf", "crlf", "cr"] {
        let html = run.read(&format!("public/{name}/index.html"));
        assert!(
            html.contains("<h2 id=\"overskrift\">Overskrift</h2>"),
            "{name}"
        );
        assert!(html.contains("<title>Linjer – Test</title>"), "{name}");
    }
}

// ---------------------------------------------------------------------------
// Size: a 10 MB page, 5,000 headings, deep nesting
// ---------------------------------------------------------------------------

#[test]
fn ten_megabyte_page_builds_with_the_right_line_numbers() {
    let para = "Dette er en setning om brannmur, tilganger og skjema. ".repeat(16) + "\n\n";
    let n = 10 * 1024 * 1024 / para.len() + 1;
    let mut text = String::from("---\ntitle: Stor\n---\n");
    text.push_str(&para.repeat(n));
    text.push_str("Slutt {{< ukjent >}}\n");
    assert!(text.len() > 10 * 1024 * 1024);
    let line = text.matches('\n').count();
    let site = good().file("content/stor.md", &text);
    let run = site.build();
    // An unknown shortcode is a warning (Hugo sites carry theme shortcodes veiviser lacks).
    let expected = format!(
        "content/stor.md:{line}:7: warning: unknown shortcode `ukjent`: its inner content is kept"
    );
    warnings(&run, &[&expected]);
    let html = run.read("public/stor/index.html");
    assert!(html.len() > 10 * 1024 * 1024);
    assert!(html.contains("<p>Slutt </p>"));
}

#[test]
fn five_thousand_headings_on_one_page() {
    let mut text = String::from("---\ntitle: Mange\n---\n");
    for i in 0..5000 {
        text.push_str(&format!("## Samme tittel\n\nAvsnitt {i}.\n\n"));
    }
    text.push_str("[siste](#samme-tittel-4999)\n");
    let line = text.matches('\n').count() + 1;
    let site = good().file("content/mange.md", &text);
    let (_site, run) = rebuild(site, |s| {
        s.file(
            "content/mange.md",
            &format!("{text}[for langt](#samme-tittel-5000)\n"),
        )
    });
    let expected = format!(
        "content/mange.md:{line}:1: error: broken anchor `#samme-tittel-5000`: content/mange.md has no heading or element with id `samme-tittel-5000` (did you mean `#samme-tittel-1000`?)"
    );
    errors(&run, &[&expected]);
    // The first build wrote every heading with a unique id.
    let html = run.read("public/mange/index.html");
    assert_eq!(html.matches("<h2 id=\"samme-tittel").count(), 5000);
    assert!(html.contains("<h2 id=\"samme-tittel-4999\">"));
    assert!(html.contains("href=\"/mange/#samme-tittel-4999\""));
}

#[test]
fn ten_thousand_levels_of_blockquotes_and_lists_do_not_overflow() {
    let deep = 10_000;
    let site = good()
        .file(
            "content/sitat.md",
            &format!("---\ntitle: Sitat\n---\n{} dypt sitat\n", ">".repeat(deep)),
        )
        .file(
            "content/liste.md",
            &format!("---\ntitle: Liste\n---\n{}dyp liste\n", "- ".repeat(deep)),
        )
        .file(
            "content/blanding.md",
            &format!(
                "---\ntitle: Blanding\n---\n{}dyp blanding\n",
                "> 1. ".repeat(deep / 2)
            ),
        )
        .file(
            "content/html.md",
            &format!(
                "---\ntitle: Html\n---\n{}dyp html{}\n",
                "<div>".repeat(deep),
                "</div>".repeat(deep)
            ),
        );
    let run = site.build();
    warnings(&run, &[]);
    run.file_contains("public/sitat/index.html", "dypt sitat")
        .file_contains("public/liste/index.html", "dyp liste")
        .file_contains("public/blanding/index.html", "dyp blanding")
        .file_contains("public/html/index.html", "dyp html");
}

/// `[[[…x](/)](/)…`: 10,000 brackets, then text without a single space. Learning
/// abbreviations looks for the word before every `(` by scanning back to a space, which is
/// quadratic here (35-70 s in a debug build, 0.3 s with the window bounded).
#[test]
fn ten_thousand_nested_link_brackets() {
    let n = 10_000;
    let site = good().file(
        "content/lenker.md",
        &format!(
            "---\ntitle: Lenker\n---\n{}x{}\n",
            "[".repeat(n),
            "](/god/)".repeat(n)
        ),
    );
    let run = site.build();
    warnings(&run, &[]);
    run.file_contains(
        "public/lenker/index.html",
        "<a href=\"/god/\">x</a>](/god/)",
    );
}

#[test]
fn shortcodes_nested_two_thousand_deep() {
    let text = format!(
        "---\ntitle: Dyp\n---\n{}Innerst\n{}",
        "{{% notice %}}\n".repeat(2000),
        "{{% /notice %}}\n".repeat(2000)
    );
    let (_site, run) = rebuild(good(), |s| s.file("content/dyp.md", &text));
    errors(
        &run,
        &[
            "content/dyp.md:36:1: error: shortcodes nested too deeply (more than 32 levels)",
            "content/dyp.md:132:1: error: shortcodes nested more than 128 levels deep; deeper tags are left as text",
        ],
    );
}

// ---------------------------------------------------------------------------
// Shortcodes: unclosed, mis-nested, recursive
// ---------------------------------------------------------------------------

#[test]
fn unclosed_shortcode() {
    bad_file(
        "content/a.md",
        b"---\ntitle: A\n---\nTekst\n\n{{% notice info %}}\nInnhold\n",
        &["content/a.md:6:1: error: unclosed shortcode `notice`: no matching `{{% /notice %}}`"],
    );
}

#[test]
fn unterminated_shortcode_tag() {
    bad_file(
        "content/a.md",
        b"---\ntitle: A\n---\nTekst {{< notice info\n\nmer\n",
        &["content/a.md:4:7: error: unterminated shortcode tag `{{< notice`: missing `>}}`"],
    );
}

#[test]
fn misnested_shortcodes() {
    bad_file(
        "content/a.md",
        b"---\ntitle: A\n---\n{{% notice info %}}\n{{% expand \"x\" %}}\nInnhold\n{{% /notice %}}\n{{% /expand %}}\n",
        &[
            "content/a.md:5:1: error: unclosed shortcode `expand`: no matching `{{% /expand %}}`",
            "content/a.md:8:1: error: closing tag `{{% /expand %}}` has no matching opening tag: `expand` was opened inside `notice`, which was closed first (mis-nested shortcodes)",
        ],
    );
}

#[test]
fn closing_tag_without_opening() {
    bad_file(
        "content/a.md",
        b"---\ntitle: A\n---\nTekst\n{{% /notice %}}\n",
        &["content/a.md:5:1: error: closing tag `{{% /notice %}}` has no matching opening tag"],
    );
}

#[test]
fn shortcode_that_calls_itself_forever() {
    // A site shortcode whose template renders a component that renders itself.
    let (_site, run) = rebuild(good(), |s| {
        s.file(
            "themes/default/shortcodes/uendelig.html",
            "{% component loop(n) %}<span>{{ <loop n={n} /> }}</span>{% endcomponent loop %}{{ <loop n={1} /> }}",
        )
        .file("content/a.md", "---\ntitle: A\n---\nFør\n\n{{< uendelig >}}\n")
    });
    errors(
        &run,
        &[
            "content/a.md:6:1: error: shortcode `uendelig` failed to render: Maximum render recursion depth for components exceeded.",
        ],
    );
}

/// A theme shortcode template that includes itself is a template error in the site's own
/// theme file, not a failure of the built-in theme.
#[test]
fn shortcode_template_that_includes_itself() {
    let (_site, run) = rebuild(good(), |s| {
        s.file(
            "themes/default/shortcodes/selv.html",
            "<b>{% include \"shortcodes/selv.html\" %}</b>",
        )
        .file("content/a.md", "---\ntitle: A\n---\n{{< selv >}}\n")
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        diagnostics(&run).iter().any(|d| d.starts_with(
            "themes/default/shortcodes/selv.html:1:1: error: template error: Circular include detected for template 'shortcodes/selv.html'"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("built-in theme"), "{}", run.stderr);
}

#[test]
fn shortcode_whose_output_contains_its_own_call_is_not_expanded_again() {
    let site = good()
        .file(
            "themes/default/shortcodes/gjenta.html",
            "<p class=\"gjenta\">{% raw %}{{< gjenta >}}{% endraw %}</p>",
        )
        .file("content/a.md", "---\ntitle: A\n---\n{{< gjenta >}}\n");
    let run = site.build();
    warnings(&run, &[]);
    let html = run.read("public/a/index.html");
    assert_eq!(
        html.matches("<p class=\"gjenta\">{{< gjenta >}}</p>")
            .count(),
        1,
        "{html}"
    );
}

/// U+E000–U+E003 are veiviser's own marks in the HTML between stages; in a file they could
/// make a shortcode contain itself (a stack overflow before). They are replaced, and
/// that is a warning: nothing readable is lost (they show as nothing without a special font).
#[test]
fn reserved_private_use_characters_are_replaced() {
    let site = good()
        .file(
            "content/a.md",
            "---\ntitle: A\n---\n{{% notice info %}}\nx \u{E003}0\u{E001} y \u{E000}0\u{E001}\n{{% /notice %}}\n",
        )
        ;
    let run = site.build();
    warnings(
        &run,
        &[
            "content/a.md:5:3: warning: character U+E003 is reserved by veiviser for its own marks; replaced by U+FFFD",
        ],
    );
    run.file_contains(
        "public/a/index.html",
        "x \u{FFFD}0\u{FFFD} y \u{FFFD}0\u{FFFD}",
    );
}

// ---------------------------------------------------------------------------
// Symbolic links
// ---------------------------------------------------------------------------

#[cfg(unix)]
fn symlinked(link: &'static str, target: &'static str, expected: &str) {
    let (_site, run) = rebuild(good(), |s| {
        let s = s.page("content/a/side.md", "Side", "Tekst\n");
        let p = s.root().join(link);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p).unwrap();
        s
    });
    errors(&run, &[expected]);
}

#[cfg(unix)]
#[test]
fn symlink_to_its_own_parent_folder() {
    symlinked(
        "content/a/sløyfe",
        "..",
        "content/a/sløyfe:1:1: error: symbolic link loop: skipped",
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_itself() {
    symlinked(
        "content/selv.md",
        "selv.md",
        "content/selv.md:1:1: error: symbolic link loop: skipped",
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_the_site_root_above_the_content_folder() {
    // Before, the walk went up into the site root and read it all again (public/ too).
    symlinked(
        "content/a/opp",
        "../..",
        "content/a/opp:1:1: error: symbolic link loop: it points to a folder that contains `content`; skipped",
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlink() {
    symlinked(
        "content/borte.md",
        "finnes-ikke.md",
        "content/borte.md:1:1: error: broken symbolic link: its target does not exist; skipped",
    );
}

/// A content folder that is itself a link, and a link to a folder outside the site: both
/// are followed.
#[cfg(unix)]
#[test]
fn symlinked_content_folder_and_outside_folder_build() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("delt.md"),
        "---\ntitle: Delt\n---\nDelt tekst\n",
    )
    .unwrap();
    let site = good();
    std::fs::rename(site.root().join("content"), site.root().join("innhold")).unwrap();
    std::os::unix::fs::symlink("innhold", site.root().join("content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("innhold/felles")).unwrap();
    let run = site.build();
    warnings(&run, &[]);
    run.exists("public/god/index.html")
        .file_contains("public/felles/delt/index.html", "Delt tekst");
}

// ---------------------------------------------------------------------------
// Two files, one URL
// ---------------------------------------------------------------------------

#[test]
fn two_files_differing_only_in_case() {
    let (_site, run) = rebuild(good(), |s| {
        s.page("content/Foo.md", "Stor", "x\n")
            .page("content/foo.md", "Liten", "y\n")
    });
    errors(
        &run,
        &[
            "content/foo.md:1:1: error: this page and content/Foo.md both want the URL /foo/; rename one of them or set `slug`/`url`",
        ],
    );
}

#[test]
fn page_and_bundle_with_the_same_url() {
    let (_site, run) = rebuild(good(), |s| {
        s.page("content/a/b.md", "Side", "x\n")
            .page("content/a/b/index.md", "Bunt", "y\n")
    });
    errors(
        &run,
        &[
            "content/a/b/index.md:1:1: error: this page and content/a/b.md both want the URL /a/b/; rename one of them or set `slug`/`url`",
        ],
    );
}

#[test]
fn url_front_matter_taking_another_pages_url() {
    let (_site, run) = rebuild(good(), |s| {
        s.file("content/x.md", "---\ntitle: X\nurl: /god/\n---\n")
            .file("content/y.md", "---\ntitle: Y\nslug: god\n---\n")
    });
    errors(
        &run,
        &[
            "content/x.md:3:1: error: this page and content/god.md both want the URL /god/; rename one of them or set `slug`/`url`",
            "content/y.md:3:1: error: this page and content/god.md both want the URL /god/; rename one of them or set `slug`/`url`",
        ],
    );
}

#[test]
fn url_front_matter_differing_only_in_case() {
    let (_site, run) = rebuild(good(), |s| {
        s.file("content/x.md", "---\ntitle: X\nurl: /God/\n---\n")
    });
    errors(
        &run,
        &[
            "content/x.md:3:1: error: the URL /God/ differs from the URL /god/ of content/god.md only in case; they would overwrite each other on case-insensitive file systems (macOS, Windows): change `url`/`slug` or rename one of them",
        ],
    );
}

#[test]
fn two_files_differing_only_in_unicode_normalisation() {
    let nfc = "content/bl\u{e5}b\u{e6}r.md";
    let nfd = "content/bla\u{30a}b\u{e6}r.md";
    let (_site, run) = rebuild(good(), |s| {
        s.page(nfc, "NFC", "x\n").page(nfd, "NFD", "y\n")
    });
    errors(
        &run,
        &[
            "content/blåbær.md:1:1: error: another file has the same name written with other Unicode characters (NFC and NFD forms of the same letters); rename one of them: skipped",
        ],
    );
}

/// The 404 page, the sitemap and robots.txt are written by every build: a page or alias
/// there lost one of the two files silently, or failed the write with a system error.
#[test]
fn url_of_a_generated_file() {
    let (_site, run) = rebuild(good(), |s| {
        s.file("content/x.md", "---\ntitle: X\nurl: /404.html\n---\n")
            .file("content/y.md", "---\ntitle: Y\nurl: /Sitemap.xml\n---\n")
            .file("content/robots.txt.md", "---\ntitle: R\n---\n")
            .file("content/z.md", "---\ntitle: Z\naliases: [/404.html]\n---\n")
    });
    errors(
        &run,
        &[
            "content/robots.txt.md:1:1: error: the URL /robots.txt/ would overwrite `robots.txt`, which veiviser writes itself; set another `url`/`slug` or rename the file",
            "content/x.md:3:1: error: the URL /404.html would overwrite `404.html`, which veiviser writes itself; set another `url`/`slug` or rename the file",
            "content/y.md:3:1: error: the URL /Sitemap.xml/ would overwrite `sitemap.xml`, which veiviser writes itself; set another `url`/`slug` or rename the file",
            "content/z.md:3:1: error: alias `/404.html` would overwrite `404.html`, which veiviser writes itself",
        ],
    );
}

/// `static_dir = "."`, or an output folder inside the static folder: the previous output was
/// copied into the new one, one level deeper on every build.
#[test]
fn output_inside_the_static_folder_is_not_copied_again() {
    let site = good().config("title = \"Test\"\nbase_url = \"/\"\nstatic_dir = \".\"\n");
    for _ in 0..3 {
        warnings(&site.build(), &[]);
    }
    assert!(site.root().join("public/index.html").exists());
    assert!(!site.root().join("public/public").exists());

    let site = good().file("static/bilde.png", "png");
    for _ in 0..3 {
        warnings(&site.run(&["build", "--out", "static/ut"]), &[]);
    }
    assert!(site.root().join("static/ut/bilde.png").exists());
    assert!(!site.root().join("static/ut/ut").exists());
}

/// `url: /index.html` is the home page's file: the same URL as `/`.
#[test]
fn url_index_html_is_the_folder_url() {
    let (_site, run) = rebuild(good(), |s| {
        s.file("content/x.md", "---\ntitle: X\nurl: /index.html\n---\n")
    });
    errors(
        &run,
        &[
            "content/x.md:3:1: error: this page and content/_index.md both want the URL /; rename one of them or set `slug`/`url`",
        ],
    );
}

/// The theme's own files, the search page and the search index are written after the
/// pages; a page at one of their paths is lost silently (`/sok/`) or fails the write with a
/// system error (`/favicon.svg`, exit 2).
#[test]
fn url_of_a_theme_file_or_the_search_page() {
    for url in ["/favicon.svg", "/sok/"] {
        let text = format!("---\ntitle: X\nurl: {url}\n---\n");
        let (_site, run) = rebuild(good(), |s| s.file("content/x.md", &text));
        assert_eq!(run.code, 1, "{url}: {}", run.stderr);
        assert!(
            diagnostics(&run)
                .iter()
                .any(|d| d.starts_with("content/x.md:3:1: error: ")),
            "{url}: {}",
            run.stderr
        );
    }
}

/// A page at the path of a static file is told which file: the static one, by where it is.
#[test]
fn url_of_a_static_file_names_the_file() {
    let (_site, run) = rebuild(good(), |s| {
        s.file("static/om/index.html", "<p>Statisk</p>")
            .file("content/om.md", "---\ntitle: Om\n---\nTekst\n")
    });
    errors(
        &run,
        &[
            "content/om.md:1:1: error: this page's URL /om/ clashes with the file `static/om/index.html`, copied to `om/index.html`; choose another `url` or `slug`, or move that file",
        ],
    );
}

// ---------------------------------------------------------------------------
// `url`, `slug` and `aliases` trying to leave the output folder
// ---------------------------------------------------------------------------

fn escape(front: &str, expected: &str) {
    let text = format!("---\ntitle: X\n{front}\n---\n");
    let (site, run) = rebuild(good(), |s| s.file("content/x.md", &text));
    errors(&run, &[expected]);
    // Nothing beside the site either.
    let names: Vec<String> = std::fs::read_dir(site.root().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.contains(&"etc".to_string()), "{names:?}");
}

#[test]
fn url_with_dot_dot() {
    escape(
        "url: ../../etc/x",
        "content/x.md:3:1: error: url `../../etc/x` contains `..`: URLs cannot point outside the site",
    );
}

#[test]
fn url_with_dot_dot_after_a_folder() {
    escape(
        "url: /a/../../../etc/",
        "content/x.md:3:1: error: url `/a/../../../etc/` contains `..`: URLs cannot point outside the site",
    );
}

#[test]
fn url_with_encoded_slashes() {
    escape(
        "url: '..%2f..%2fetc'",
        "content/x.md:3:1: error: url `..%2f..%2fetc` contains a character that is not allowed (`\\`, NUL or an encoded `/`)",
    );
}

#[test]
fn url_with_encoded_dots() {
    escape(
        "url: '/%2e%2e/%2E%2E/etc/'",
        "content/x.md:3:1: error: url `/%2e%2e/%2E%2E/etc/` contains `..`: URLs cannot point outside the site",
    );
}

#[test]
fn url_with_a_windows_path() {
    escape(
        "url: 'C:\\Windows\\x'",
        "content/x.md:3:1: error: url `C:\\Windows\\x` contains a character that is not allowed (`\\`, NUL or an encoded `/`)",
    );
}

#[test]
fn slug_with_dot_dot() {
    escape(
        "slug: ../x",
        "content/x.md:3:1: error: slug `../x` must be a single path segment",
    );
}

#[test]
fn slug_with_encoded_slash() {
    escape(
        "slug: '..%2fetc'",
        "content/x.md:3:1: error: slug `..%2fetc` must be a single path segment",
    );
}

#[test]
fn aliases_leaving_the_site() {
    escape(
        "aliases: ['../../../etc/a']",
        "content/x.md:3:1: error: alias `../../../etc/a` points outside the site",
    );
    escape(
        "aliases: ['/..%2f..%2fetc/b']",
        "content/x.md:3:1: error: alias `/..%2f..%2fetc/b` points outside the site",
    );
}

#[test]
fn links_climbing_above_the_site() {
    bad_file(
        "content/a.md",
        b"---\ntitle: A\n---\n[a](../../..) [b](../../x.md)\n\n[c]({{< ref \"../../x\" >}})\n",
        &[
            "content/a.md:4:1: error: broken link `../../..`: it climbs above the site's root",
            "content/a.md:4:15: error: broken link `../../x.md`: it climbs above the content folder",
            "content/a.md:6:1: error: broken ref `../../x`: it climbs above the content folder",
        ],
    );
}

/// An absolute path in `url` is a path of the site (Hugo's rule), so it stays inside the
/// output folder; percent-escapes are decoded so the file is where a web server looks.
#[test]
fn absolute_and_encoded_urls_stay_inside_the_output() {
    let site = good()
        .file("content/x.md", "---\ntitle: X\nurl: /etc/passwd\n---\n")
        .file(
            "content/y.md",
            "---\ntitle: Y\nurl: /med%20mellomrom/\n---\n",
        )
        .file(
            "content/z.md",
            "---\ntitle: Z\n---\n[x](/etc/passwd/) [y](/med%20mellomrom/)\n",
        );
    let run = site.build();
    warnings(&run, &[]);
    run.exists("public/etc/passwd/index.html")
        .exists("public/med mellomrom/index.html")
        .file_contains("public/z/index.html", "href=\"/etc/passwd/\"")
        .file_contains("public/z/index.html", "href=\"/med%20mellomrom/\"");
}

// ---------------------------------------------------------------------------
// File names and empty input
// ---------------------------------------------------------------------------

#[test]
fn names_with_spaces_norwegian_letters_and_nfd_build_and_link() {
    // Of æ, ø and å only å has a decomposed form: a + U+030A.
    let nfd = |s: &str| s.replace('å', "a\u{30a}");
    let site = good()
        .file(
            "content/Søknad og svar/_index.md",
            &format!(
                "---\ntitle: Søknad\n---\n[rom](<../Rest Kall.md>) [nfc](../blåbær.md#første-del) [nfd]({}) [bilde](../bilder/blå%20bilde.png) ![b](<../bilder/blå bilde.png>)\n",
                nfd("../blåbær.md")
            ),
        )
        .file(
            "content/Rest Kall.md",
            "---\ntitle: Rest\n---\n[s](<Søknad og svar/_index.md>) [s2](/søknad-og-svar/)\n",
        )
        .file(
            &nfd("content/blåbær.md"),
            "---\ntitle: Blåbær\n---\n## Første del\n\n[rest](/rest-kall/)\n",
        )
        .bytes(&nfd("content/bilder/blå bilde.png"), b"\x89PNG\r\n")
        ;
    let run = site.build();
    warnings(&run, &[]);
    run.exists("public/søknad-og-svar/index.html")
        .exists("public/rest-kall/index.html")
        .exists("public/blåbær/index.html")
        .exists("public/bilder/blå bilde.png")
        .file_contains("public/søknad-og-svar/index.html", "href=\"/rest-kall/\"")
        .file_contains(
            "public/søknad-og-svar/index.html",
            "href=\"/bl%C3%A5b%C3%A6r/#f%C3%B8rste-del\"",
        )
        .file_contains(
            "public/søknad-og-svar/index.html",
            "href=\"/bl%C3%A5b%C3%A6r/\"",
        )
        .file_contains(
            "public/søknad-og-svar/index.html",
            "src=\"/bilder/bl%C3%A5%20bilde.png\"",
        )
        .file_contains(
            "public/rest-kall/index.html",
            "href=\"/s%C3%B8knad-og-svar/\"",
        );
}

#[test]
fn empty_files_build_as_empty_pages() {
    let site = good()
        .file("content/tom.md", "")
        .bytes("content/bare-bom.md", b"\xEF\xBB\xBF")
        .file("content/tomt-hode.md", "---\n---\n")
        .file("content/tom-toml.md", "+++\n+++\n")
        .file("content/tom-json.md", "{}\n")
        .file("content/blanke.md", "\n \n\t\n")
        .file("content/tom-seksjon/_index.md", "");
    let run = site.build();
    warnings(&run, &[]);
    run.file_contains("public/tom/index.html", "<title>Tom – Test</title>")
        .exists("public/bare-bom/index.html")
        .exists("public/tomt-hode/index.html")
        .exists("public/tom-toml/index.html")
        .exists("public/tom-json/index.html")
        .exists("public/blanke/index.html")
        .file_contains(
            "public/tom-seksjon/index.html",
            "<title>Tom seksjon – Test</title>",
        );
}

/// A site without content still builds its home page; the warning says why it is empty.
#[test]
fn site_without_a_content_folder() {
    let site = Site::new();
    let run = site.build();
    warnings(
        &run,
        &["content:1:1: warning: no content folder `content`: the site has only a home page"],
    );
    run.exists("public/index.html").exists("public/404.html");
}

#[test]
fn site_with_an_empty_content_folder() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("content/tom-mappe")).unwrap();
    let run = site.build();
    warnings(
        &run,
        &["content:1:1: warning: no pages in `content`: the site has only a home page"],
    );
    run.exists("public/index.html");
}
