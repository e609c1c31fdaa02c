//! Internal links: every kind of good link gets its final `href`; every broken one is
//! reported at its `line:col` (errors for veiviser sites, warnings for Hugo sites, errors
//! again with `--strict`).

use crate::harness::{Run, Site};

const DOCS: &str = "title = \"Test\"\nbase_url = \"/docs/\"\n";

/// A site under `/docs/` with a few targets: `/b/` (with headings), `/x/` (a section with
/// `/x/y/`), an image and a page with a non-ASCII URL.
fn docs_site() -> Site {
    Site::new()
        .config(DOCS)
        .page("content/b.md", "B", "## Del to\n\n## Åpning\n")
        .page("content/x/_index.md", "X", "")
        .page("content/x/y.md", "Y", "")
        .page("content/spørsmål.md", "Spørsmål", "")
        .bytes("content/bilde.png", b"bilde")
}

fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": warning:"))
        .collect()
}

/// Builds `docs_site()` plus `content/a.md` with `body`, expects no diagnostics and each
/// of `expected` in `public/a/index.html`.
fn good(body: &str, expected: &[&str]) {
    let site = docs_site().page("content/a.md", "A", body);
    let mut run = site.build().ok().no_diagnostics();
    for e in expected {
        run = run.file_contains("public/a/index.html", e);
    }
}

// ---------------------------------------------------------------------------
// Good links
// ---------------------------------------------------------------------------

#[test]
fn relative_link() {
    good("[b](../b/)", &["<a href=\"/docs/b/\">b</a>"]);
}

#[test]
fn site_absolute_link_gets_the_base_path() {
    good("[b](/b/)", &["<a href=\"/docs/b/\">b</a>"]);
}

#[test]
fn link_with_the_base_path_is_accepted() {
    good("[b](/docs/b/)", &["<a href=\"/docs/b/\">b</a>"]);
}

#[test]
fn link_without_trailing_slash_is_accepted() {
    good("[b](/b)", &["<a href=\"/docs/b/\">b</a>"]);
}

#[test]
fn markdown_file_link_beside_the_page() {
    good("[b](b.md)", &["<a href=\"/docs/b/\">b</a>"]);
}

#[test]
fn markdown_file_link_to_a_section_index() {
    docs_site()
        .page("content/z/c.md", "C", "[x](../x/_index.md)")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/z/c/index.html", "<a href=\"/docs/x/\">x</a>");
}

#[test]
fn markdown_file_link_from_the_content_root() {
    good("[y](/x/y.md)", &["<a href=\"/docs/x/y/\">y</a>"]);
}

#[test]
fn anchor_on_the_same_page() {
    good(
        "## Første del\n\n[opp](#første-del)",
        &["<a href=\"/docs/a/#f%C3%B8rste-del\">opp</a>"],
    );
}

#[test]
fn anchor_on_another_page() {
    good(
        "[del to](../b/#del-to) og [også](b.md#del-to)",
        &[
            "<a href=\"/docs/b/#del-to\">del to</a>",
            "<a href=\"/docs/b/#del-to\">også</a>",
        ],
    );
}

#[test]
fn percent_encoded_anchor_matches_a_non_ascii_heading() {
    good(
        "[å](../b/#%C3%A5pning) og [rå](../b/#åpning)",
        &[
            "<a href=\"/docs/b/#%C3%A5pning\">å</a>",
            "<a href=\"/docs/b/#%C3%A5pning\">rå</a>",
        ],
    );
}

#[test]
fn non_ascii_url_is_percent_encoded() {
    good(
        "[s](/spørsmål/) og [t](spørsmål.md)",
        &[
            "<a href=\"/docs/sp%C3%B8rsm%C3%A5l/\">s</a>",
            "<a href=\"/docs/sp%C3%B8rsm%C3%A5l/\">t</a>",
        ],
    );
}

#[test]
fn image_link() {
    good(
        "![Bilde](bilde.png) og ![Igjen](/bilde.png)",
        &[
            "<img src=\"/docs/bilde.png\" alt=\"Bilde\" />",
            "<img src=\"/docs/bilde.png\" alt=\"Igjen\" />",
        ],
    );
}

#[test]
fn raw_html_links_and_images() {
    good(
        "<a href=\"../b/\">B</a> og <img src=\"bilde.png\" alt=\"Bilde\">\n\n<div><a href=\"/x/y/#\">Y</a></div>\n",
        &[
            "<a href=\"/docs/b/\">B</a>",
            "<img src=\"/docs/bilde.png\" alt=\"Bilde\">",
            "<a href=\"/docs/x/y/\">Y</a>",
        ],
    );
}

#[test]
fn hugo_ref_shortcode_in_a_link() {
    good(
        "[y]({{< ref \"/x/y.md\" >}})",
        &["<a href=\"/docs/x/y/\">y</a>"],
    );
}

#[test]
fn hugo_relref_shortcode_with_anchor() {
    good(
        "[del to]({{< relref \"b.md#del-to\" >}})",
        &["<a href=\"/docs/b/#del-to\">del to</a>"],
    );
}

#[test]
fn hugo_ref_from_a_subfolder() {
    docs_site()
        .page(
            "content/z/c.md",
            "C",
            "[y]({{< ref \"/x/y.md\" >}}) [b]({{< relref \"../b.md\" >}})",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/z/c/index.html", "<a href=\"/docs/x/y/\">y</a>")
        .file_contains("public/z/c/index.html", "<a href=\"/docs/b/\">b</a>");
}

#[test]
fn reference_style_links_are_resolved() {
    good(
        "Se [B][b-side].\n\n[b-side]: ../b/\n",
        &["<a href=\"/docs/b/\">B</a>"],
    );
}

#[test]
fn link_to_home_page() {
    good(
        "[hjem](/) og [hjem igjen](../)",
        &[
            "<a href=\"/docs/\">hjem</a>",
            "<a href=\"/docs/\">hjem igjen</a>",
        ],
    );
}

// ---------------------------------------------------------------------------
// Broken links
// ---------------------------------------------------------------------------

#[test]
fn missing_page_is_reported_at_its_line_and_column() {
    let run = Site::new()
        .page(
            "content/a.md",
            "A",
            "Første linje.\n\nSe [her](mangler/) nå.",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:6:4",
            "error",
            "broken link `mangler/`: no page or file at /a/mangler/",
        )
        .missing("public");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn columns_count_characters_not_bytes() {
    Site::new()
        .page("content/a.md", "A", "Æ ø å [her](/mangler/)")
        .build()
        .fails()
        .diag("content/a.md:4:7", "error", "broken link `/mangler/`");
}

#[test]
fn missing_anchor_is_reported() {
    Site::new()
        .page("content/a.md", "A", "## Finnes\n\n[x](#mangler)")
        .build()
        .fails()
        .diag(
            "content/a.md:6:1",
            "error",
            "broken anchor `#mangler`: content/a.md has no heading or element with id `mangler`",
        );
}

#[test]
fn missing_anchor_on_another_page_is_reported() {
    Site::new()
        .page("content/a.md", "A", "Tekst [x](b.md#mangler)")
        .page("content/b.md", "B", "## Finnes")
        .build()
        .fails()
        .diag(
            "content/a.md:4:7",
            "error",
            "broken anchor `b.md#mangler`: content/b.md has no heading or element with id `mangler`",
        );
}

#[test]
fn missing_image_is_reported() {
    Site::new()
        .page("content/a.md", "A", "Et kart:\n\n![Kart](kart.png)")
        .build()
        .fails()
        .diag(
            "content/a.md:6:1",
            "error",
            "broken link `kart.png`: no page or file at /a/kart.png",
        );
}

#[test]
fn missing_markdown_file_is_reported() {
    Site::new()
        .page("content/a.md", "A", "[x](mangler.md)")
        .build()
        .fails()
        .diag(
            "content/a.md:4:1",
            "error",
            "broken link `mangler.md`: no content file mangler.md",
        );
}

#[test]
fn broken_ref_is_reported() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "Les [dette]({{< ref \"/mangler.md\" >}}).",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:4:5",
            "error",
            "broken ref `/mangler.md`: no content file mangler.md",
        );
}

#[test]
fn broken_raw_html_link_is_reported() {
    Site::new()
        .page("content/a.md", "A", "<a href=\"/mangler/\">x</a>")
        .build()
        .fails()
        .diag("content/a.md:4:1", "error", "broken link `/mangler/`");
}

#[test]
fn every_broken_link_is_reported() {
    let run = Site::new()
        .page(
            "content/a.md",
            "A",
            "[en](/en/)\n[to](/to/)\n\n![tre](tre.png)\n",
        )
        .build()
        .fails()
        .diag("content/a.md:4:1", "error", "broken link `/en/`")
        .diag("content/a.md:5:1", "error", "broken link `/to/`")
        .diag("content/a.md:7:1", "error", "broken link `tre.png`");
    assert_eq!(diagnostics(&run).len(), 3, "{}", run.stderr);
}

#[test]
fn anchor_suggestion_prefers_case_only_difference() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "## Brukertilgang\n\n## Brukertilganger\n\n[x](#Brukertilgang)",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:8:1",
            "error",
            "broken anchor `#Brukertilgang`: content/a.md has no heading or element with id `Brukertilgang` (did you mean `#brukertilgang`?)",
        );
}

#[test]
fn anchor_suggestion_on_another_page_keeps_the_path() {
    Site::new()
        .page("content/a.md", "A", "[x](b.md#Brukertilgang)")
        .page("content/b.md", "B", "## Brukertilgang")
        .build()
        .fails()
        .diag(
            "content/a.md:4:1",
            "error",
            "(did you mean `b.md#brukertilgang`?)",
        );
}

#[test]
fn url_suggestion_for_a_typo() {
    Site::new()
        .page("content/veiledning.md", "Veiledning", "")
        .page("content/a.md", "A", "[x](/veiledningg/)")
        .build()
        .fails()
        .diag(
            "content/a.md:4:1",
            "error",
            "broken link `/veiledningg/`: no page or file at /veiledningg/ (did you mean `/veiledning/`?)",
        );
}

#[test]
fn url_suggestion_for_a_case_difference_carries_the_base_path() {
    docs_site()
        .page("content/a.md", "A", "[x](/docs/B/)")
        .build()
        .fails()
        .diag("content/a.md:4:1", "error", "(did you mean `/docs/b/`?)");
}

#[test]
fn markdown_file_suggestion() {
    Site::new()
        .page("content/veiledning.md", "Veiledning", "")
        .page("content/a.md", "A", "[x](Veiledning.md)")
        .build()
        .fails()
        .diag(
            "content/a.md:4:1",
            "error",
            "broken link `Veiledning.md`: no content file Veiledning.md (did you mean `veiledning.md`?)",
        );
}

#[test]
fn no_suggestion_when_nothing_is_close() {
    let run = Site::new()
        .page("content/veiledning.md", "Veiledning", "")
        .page("content/a.md", "A", "[x](/helt-annet/)")
        .build()
        .fails();
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Link policy
// ---------------------------------------------------------------------------

fn hugo_site_with_broken_link() -> Site {
    Site::hugo("baseURL = \"/\"\ntitle = \"Hugo\"\n").page(
        "content/a.md",
        "A",
        "[x](mangler/) og [y](#ingen)",
    )
}

#[test]
fn broken_links_are_warnings_on_a_hugo_site() {
    hugo_site_with_broken_link()
        .build()
        .ok()
        .diag("content/a.md:4:1", "warning", "broken link `mangler/`")
        .diag("content/a.md:4:18", "warning", "broken anchor `#ingen`")
        .file_contains("public/a/index.html", "<a href=\"mangler/\">x</a>");
}

#[test]
fn strict_makes_broken_links_errors_on_a_hugo_site() {
    hugo_site_with_broken_link()
        .run(&["build", "--strict"])
        .fails()
        .diag("content/a.md:4:1", "error", "broken link `mangler/`")
        .diag("content/a.md:4:18", "error", "broken anchor `#ingen`")
        .missing("public");
}

#[test]
fn check_reports_broken_links_like_build() {
    hugo_site_with_broken_link()
        .run(&["check", "--strict"])
        .fails()
        .diag("content/a.md:4:1", "error", "broken link `mangler/`")
        .missing("public");
    Site::new()
        .page("content/a.md", "A", "[x](mangler/)")
        .check()
        .fails()
        .diag("content/a.md:4:1", "error", "broken link `mangler/`")
        .missing("public");
}

/// A Hugo site whose pages link to 12 images of a theme it does not have (`/images/`), and
/// to one that is missing from a folder the site does have (`/bilder/`).
fn hugo_site_without_its_themes_images() -> Site {
    let mut body = String::new();
    for i in 1..=12 {
        body.push_str(&format!("![logo](/images/logo-{i:02}.svg)\n\n"));
    }
    body.push_str("![kart](/bilder/kart.png)\n");
    Site::hugo("baseURL = \"/\"\ntitle = \"Hugo\"\ntheme = \"etatens-tema\"\n")
        .page("content/a.md", "A", &body)
        .bytes("static/bilder/foto.png", b"png")
}

#[test]
fn many_links_into_a_folder_the_site_lacks_are_summed_up_in_text_and_listed_in_json() {
    let site = hugo_site_without_its_themes_images();
    let run = site.build().ok();
    let lines = diagnostics(&run);
    assert_eq!(
        lines,
        [
            "config.toml:3:1: warning: Hugo theme `etatens-tema` is not supported; using veiviser's default theme (nor are the theme's static files copied: put those the content links to under `static/`)",
            "content/a.md:4:1: warning: broken link `/images/logo-01.svg`: no page or file at /images/logo-01.svg",
            "content/a.md:6:1: warning: broken link `/images/logo-02.svg`: no page or file at /images/logo-02.svg",
            "content/a.md:8:1: warning: broken link `/images/logo-03.svg`: no page or file at /images/logo-03.svg",
            // The folder exists: a link of its own (with a suggestion), not in the group.
            "content/a.md:28:1: warning: broken link `/bilder/kart.png`: no page or file at /bilder/kart.png (did you mean `/bilder/foto.png`?)",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "\nwarning: 9 more broken links into /images/, a folder the site has no page or file in: not shown (`veiviser check --format json` lists every one)\n"
        ),
        "{}",
        run.stderr
    );
    // Every warning is counted, and JSON lists every one, with its group.
    assert!(run.stderr.contains("14 warnings"), "{}", run.stderr);
    let json = site.run(&["check", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let all = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(all.len(), 14);
    let grouped: Vec<&serde_json::Value> =
        all.iter().filter(|d| d.get("group").is_some()).collect();
    assert_eq!(grouped.len(), 12);
    assert!(
        grouped.iter().all(|d| d["group"]
            == "broken links into /images/, a folder the site has no page or file in")
    );
    assert_eq!(grouped[11]["line"], 26);
}

#[test]
fn link_policy_warning_in_veiviser_toml() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[links]\npolicy = \"warning\"\n")
        .page("content/a.md", "A", "[x](mangler/)")
        .build()
        .ok()
        .diag("content/a.md:4:1", "warning", "broken link `mangler/`");
}

// ---------------------------------------------------------------------------
// E-mail and external links
// ---------------------------------------------------------------------------

#[test]
fn bare_email_address_is_a_warning_and_becomes_mailto() {
    let run = Site::new()
        .page("content/a.md", "A", "Skriv til [oss](post@example.no).")
        .build()
        .ok()
        .diag(
            "content/a.md:4:11",
            "warning",
            "link `post@example.no` looks like an e-mail address without `mailto:`; linked as mailto:post@example.no",
        )
        .file_contains(
            "public/a/index.html",
            "<a href=\"mailto:post@example.no\">oss</a>",
        );
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn external_links_are_untouched_and_never_reported() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "[nett](https://example.no/Finnes/Ikke/#Hvor) [post](mailto:post@example.no) [tlf](tel:+4722222222)\n\n\
             <https://example.no/auto> og <a href=\"http://example.no/rå\">rå</a>\n\n\
             ![ekstern](https://example.no/bilde.png) [cdn](//cdn.example.no/x.css)\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<a href=\"https://example.no/Finnes/Ikke/#Hvor\">nett</a>",
        )
        .file_contains(
            "public/a/index.html",
            "<a href=\"mailto:post@example.no\">post</a>",
        )
        .file_contains("public/a/index.html", "<a href=\"tel:+4722222222\">tlf</a>")
        .file_contains(
            "public/a/index.html",
            "<a href=\"https://example.no/auto\">https://example.no/auto</a>",
        )
        .file_contains("public/a/index.html", "<a href=\"http://example.no/rå\">rå</a>")
        .file_contains(
            "public/a/index.html",
            "<img src=\"https://example.no/bilde.png\" alt=\"ekstern\" />",
        )
        .file_contains(
            "public/a/index.html",
            "<a href=\"//cdn.example.no/x.css\">cdn</a>",
        );
}

#[test]
fn links_inside_code_are_not_checked() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "`[x](mangler/)`\n\n```markdown\n[y](mangler.md)\n```\n",
        )
        .build()
        .ok()
        .no_diagnostics();
}

// ---------------------------------------------------------------------------
// More good links
// ---------------------------------------------------------------------------

#[test]
fn query_string_is_kept() {
    good(
        "[b](../b/?fane=2#del-to) [y](/x/y/?q=skatt)",
        &[
            "<a href=\"/docs/b/?fane=2#del-to\">b</a>",
            "<a href=\"/docs/x/y/?q=skatt\">y</a>",
        ],
    );
}

#[test]
fn percent_encoded_path_resolves() {
    good(
        "[s](/sp%C3%B8rsm%C3%A5l/)",
        &["<a href=\"/docs/sp%C3%B8rsm%C3%A5l/\">s</a>"],
    );
}

#[test]
fn raw_html_ids_and_names_are_anchors() {
    good(
        "<div id=\"boks\">Boks</div>\n\n<a name=\"gammelt-anker\"></a>\n\n[boks](#boks) [gammel](#gammelt-anker)",
        &[
            "<a href=\"/docs/a/#boks\">boks</a>",
            "<a href=\"/docs/a/#gammelt-anker\">gammel</a>",
        ],
    );
}

#[test]
fn shortcode_ids_are_anchors() {
    good(
        "{{% expandlarge id=\"stor\" header=\"Stor\" %}}\nInnhold\n{{% /expandlarge %}}\n\n[til boksen](#stor)",
        &["<a href=\"/docs/a/#stor\">til boksen</a>"],
    );
}

#[test]
fn client_side_route_fragments_are_not_checked() {
    good(
        "[api](../b/#/Tjenester/hent)",
        &["<a href=\"/docs/b/#/Tjenester/hent\">api</a>"],
    );
}

#[test]
fn link_from_a_page_bundle() {
    docs_site()
        .page(
            "content/guide/index.md",
            "Guide",
            "[b](../b.md) [y](../x/y/) ![](bilde.png)",
        )
        .bytes("content/guide/bilde.png", b"guide")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/guide/index.html", "<a href=\"/docs/b/\">b</a>")
        .file_contains("public/guide/index.html", "<a href=\"/docs/x/y/\">y</a>")
        .file_contains("public/guide/index.html", "src=\"/docs/guide/bilde.png\"");
}

#[test]
fn a_hash_in_a_pages_url_is_encoded_in_every_link_to_it() {
    // Hugo's urlize keeps `#` in a path (`c#-guide.md` → `/c#-guide/`); an href must encode
    // it, or the browser reads the rest as a fragment. The output folder keeps the name.
    let site = Site::new()
        .page(
            "content/_index.md",
            "Hjem",
            "[md](c%23-guide/) [fil](c%23-guide.md) ![](bilder/f%231.png)\n",
        )
        .page("content/c#-guide.md", "C#", "Om C#.\n")
        .bytes("content/bilder/f#1.png", b"png");
    let run = site.build().ok().no_diagnostics();
    let home = run.read("public/index.html");
    assert!(home.contains("<a href=\"/c%23-guide/\">md</a>"), "{home}");
    assert!(home.contains("<a href=\"/c%23-guide/\">fil</a>"), "{home}");
    assert!(home.contains("src=\"/bilder/f%231.png\""), "{home}");
    assert!(!home.contains("href=\"/c#"), "{home}");
    run.exists("public/c#-guide/index.html")
        .exists("public/bilder/f#1.png")
        .file_contains("public/sitemap.xml", "<loc>/c%23-guide/</loc>")
        .file_contains("public/search/d/0.json", "\"/c%23-guide/\"");
}

/// A link to a draft page (left out without `--drafts`) says so, rather than that the file
/// does not exist; with `--drafts` it is a good link.
#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = docs_site()
        .file(
            "content/utkast.md",
            "---\ntitle: Utkast\ndraft: true\n---\nSnart.\n",
        )
        .page(
            "content/a.md",
            "A",
            "[utkast](utkast.md) og {{< ref \"utkast.md\" >}}\n",
        );
    let run = site.build().code(1);
    assert_eq!(
        diagnostics(&run),
        [
            "content/a.md:4:1: error: broken link `utkast.md`: utkast.md is a draft (`draft: true`), left out of the site; build with --drafts to include it, or link elsewhere",
            "content/a.md:4:20: error: broken ref `utkast.md`: utkast.md is a draft (`draft: true`), left out of the site; build with --drafts to include it, or link elsewhere",
        ]
    );
    site.run(&["build", "--drafts"])
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<a href=\"/docs/utkast/\">utkast</a>",
        );
}
