//! Content: front matter, ordering, heading ids, drafts, hidden pages, URL rules, languages,
//! bad input, page bundles, aliases, taxonomies and Hugo configs.

use crate::harness::{Run, Site};

/// The diagnostic lines (`…: error: …` / `…: warning: …`) of a run.
fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": warning:"))
        .collect()
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

#[test]
fn yaml_front_matter_is_read() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: Hei fra YAML\ndescription: Kort om siden\n---\nBrødtekst.\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<title>Hei fra YAML – Test</title>")
        .file_contains(
            "public/a/index.html",
            "<h1 class=\"vv-article__title\">Hei fra YAML</h1>",
        )
        .file_contains(
            "public/a/index.html",
            "<p class=\"vv-lead\">Kort om siden</p>",
        )
        .file_contains("public/a/index.html", "<p>Brødtekst.</p>");
}

#[test]
fn toml_front_matter_is_read() {
    Site::new()
        .file(
            "content/a.md",
            "+++\ntitle = \"Hei fra TOML\"\nweight = 2\n+++\nBrødtekst.\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<title>Hei fra TOML – Test</title>")
        .file_contains(
            "public/a/index.html",
            "<h1 class=\"vv-article__title\">Hei fra TOML</h1>",
        )
        .file_contains("public/a/index.html", "<p>Brødtekst.</p>");
}

#[test]
fn json_front_matter_is_read() {
    Site::new()
        .file(
            "content/a.md",
            "{\n  \"title\": \"Hei fra JSON\",\n  \"weight\": 2\n}\nBrødtekst.\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<title>Hei fra JSON – Test</title>")
        .file_contains(
            "public/a/index.html",
            "<h1 class=\"vv-article__title\">Hei fra JSON</h1>",
        )
        .file_contains("public/a/index.html", "<p>Brødtekst.</p>")
        .file_lacks("public/a/index.html", "&quot;weight&quot;");
}

#[test]
fn yaml_syntax_error_is_reported_at_its_file_line() {
    // The third line of the file has text after a quoted value.
    let run = Site::new()
        .file(
            "content/a.md",
            "---\ntitle: ok\nbeskrivelse: \"a\" b\nweight: 2\n---\nTekst\n",
        )
        .build()
        .fails()
        .diag("content/a.md:3:18", "error", "invalid YAML front matter");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn yaml_unclosed_list_is_reported_where_it_was_left_open() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: ok\nweight: [1, 2\n---\nTekst\n",
        )
        .build()
        .fails()
        .diag("content/a.md:3:1", "error", "invalid YAML front matter");
}

#[test]
fn toml_syntax_error_is_reported_at_its_file_line() {
    let run = Site::new()
        .file(
            "content/a.md",
            "+++\ntitle = \"ok\"\nweight = = 2\n+++\nTekst\n",
        )
        .build()
        .fails()
        .diag("content/a.md:3:10", "error", "invalid TOML front matter");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn json_syntax_error_is_reported_at_its_file_line() {
    let run = Site::new()
        .file(
            "content/a.md",
            "{\n  \"title\": \"a\",\n  \"weight\": ,\n  \"draft\": false\n}\nTekst\n",
        )
        .build()
        .fails()
        .diag("content/a.md:3:13", "error", "invalid JSON front matter");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn front_matter_error_after_a_long_header_keeps_the_true_line() {
    // Errors count lines from the top of the file, not from the top of the header.
    let mut header = String::new();
    for i in 1..=8 {
        header.push_str(&format!("felt{i}: {i}\n"));
    }
    Site::new()
        .file(
            "content/a.md",
            &format!("---\ntitle: a\n{header}feil: \"uavsluttet\" x\n---\n"),
        )
        .build()
        .fails()
        .diag("content/a.md:11:20", "error", "invalid YAML front matter");
}

#[test]
fn unclosed_yaml_front_matter_is_an_error() {
    Site::new()
        .file("content/a.md", "---\ntitle: a\n\nTekst uten slutt\n")
        .build()
        .fails()
        .diag(
            "content/a.md:1:1",
            "error",
            "front matter is not closed: the opening delimiter has no closing line",
        );
}

#[test]
fn unclosed_toml_front_matter_is_an_error() {
    Site::new()
        .file("content/a.md", "+++\ntitle = \"a\"\n\nTekst\n")
        .build()
        .fails()
        .diag("content/a.md:1:1", "error", "front matter is not closed");
}

#[test]
fn unclosed_json_front_matter_is_an_error() {
    Site::new()
        .file("content/a.md", "{\n  \"title\": \"a\"\n\nTekst\n")
        .build()
        .fails()
        .diag("content/a.md:1:1", "error", "front matter is not closed");
}

#[test]
fn weight_that_is_not_a_number_is_an_error_at_its_line() {
    let run = Site::new()
        .file("content/a.md", "---\ntitle: a\nweight: tung\n---\n")
        .build()
        .fails()
        .diag(
            "content/a.md:3:1",
            "error",
            "front matter `weight` must be a whole number, not a string",
        );
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn draft_that_is_not_a_boolean_is_an_error_at_its_line() {
    let run = Site::new()
        .file(
            "content/a.md",
            "---\ntitle: a\nweight: 1\ndraft: kanskje\n---\n",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:4:1",
            "error",
            "front matter `draft` must be true or false, not a string",
        );
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn toc_that_is_not_a_boolean_is_only_a_warning() {
    let run = Site::new()
        .file("content/a.md", "---\ntitle: a\ntoc: \"x;\"\n---\nTekst\n")
        .build()
        .ok()
        .diag(
            "content/a.md:3:1",
            "warning",
            "front matter `toc` must be true or false, not a string; ignored",
        )
        .exists("public/a/index.html");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn unknown_front_matter_keys_are_kept_without_diagnostics() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: a\negendefinert: 42\nansvarlig:\n  navn: Kari\nchapter: true\n---\nTekst\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<p>Tekst</p>");
}

// ---------------------------------------------------------------------------
// Ordering
// ---------------------------------------------------------------------------

/// A section whose pages have no weights; file names are in the reverse of the expected
/// order so the file order cannot make the test pass by accident.
fn norwegian_titles_site() -> Site {
    Site::new()
        .page("content/sek/_index.md", "Seksjon", "Oversikt")
        .page("content/sek/a.md", "Åpning", "")
        .page("content/sek/b.md", "Ørret", "")
        .page("content/sek/c.md", "Ærlig", "")
        .page("content/sek/d.md", "Zebra", "")
        .page("content/sek/e.md", "alfa", "")
}

#[test]
fn section_children_are_listed_in_norwegian_alphabetical_order() {
    norwegian_titles_site().build().ok().in_order(
        "public/sek/index.html",
        &[
            "class=\"vv-link-list__link\" href=\"/sek/e/\">alfa</a>",
            "class=\"vv-link-list__link\" href=\"/sek/d/\">Zebra</a>",
            "class=\"vv-link-list__link\" href=\"/sek/c/\">Ærlig</a>",
            "class=\"vv-link-list__link\" href=\"/sek/b/\">Ørret</a>",
            "class=\"vv-link-list__link\" href=\"/sek/a/\">Åpning</a>",
        ],
    );
}

#[test]
fn sidebar_lists_pages_in_norwegian_alphabetical_order() {
    norwegian_titles_site().build().ok().in_order(
        "public/sek/a/index.html",
        &[
            "class=\"vv-nav__link\" href=\"/sek/e/\">alfa</a>",
            "class=\"vv-nav__link\" href=\"/sek/d/\">Zebra</a>",
            "class=\"vv-nav__link\" href=\"/sek/c/\">Ærlig</a>",
            "class=\"vv-nav__link\" href=\"/sek/b/\">Ørret</a>",
            "class=\"vv-nav__link\" href=\"/sek/a/\" aria-current=\"page\">Åpning</a>",
        ],
    );
}

#[test]
fn weights_order_pages_with_negative_first_and_zero_or_missing_last() {
    Site::new()
        .page("content/sek/_index.md", "Seksjon", "")
        .file("content/sek/a.md", "---\ntitle: C\nweight: 0\n---\n")
        .file("content/sek/b.md", "---\ntitle: A\n---\n")
        .file("content/sek/c.md", "---\ntitle: B\nweight: 2\n---\n")
        .file("content/sek/d.md", "---\ntitle: E\nweight: 1\n---\n")
        .file("content/sek/e.md", "---\ntitle: D\nweight: -1\n---\n")
        .build()
        .ok()
        .in_order(
            "public/sek/index.html",
            &[
                "class=\"vv-link-list__link\" href=\"/sek/e/\">D</a>",
                "class=\"vv-link-list__link\" href=\"/sek/d/\">E</a>",
                "class=\"vv-link-list__link\" href=\"/sek/c/\">B</a>",
                "class=\"vv-link-list__link\" href=\"/sek/b/\">A</a>",
                "class=\"vv-link-list__link\" href=\"/sek/a/\">C</a>",
            ],
        )
        .in_order(
            "public/sek/index.html",
            &[
                "class=\"vv-nav__link\" href=\"/sek/e/\">D</a>",
                "class=\"vv-nav__link\" href=\"/sek/d/\">E</a>",
                "class=\"vv-nav__link\" href=\"/sek/c/\">B</a>",
                "class=\"vv-nav__link\" href=\"/sek/b/\">A</a>",
                "class=\"vv-nav__link\" href=\"/sek/a/\">C</a>",
            ],
        );
}

// ---------------------------------------------------------------------------
// Heading ids
// ---------------------------------------------------------------------------

#[test]
fn heading_ids_keep_norwegian_letters() {
    Site::new()
        .page("content/a.md", "A", "## Åpning i brannmur\n\nTekst\n")
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"åpning-i-brannmur\">Åpning i brannmur</h2>",
        );
}

#[test]
fn duplicate_heading_ids_get_numbers() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "## Eksempel\n\n## Eksempel\n\n## Eksempel\n",
        )
        .build()
        .ok()
        .in_order(
            "public/a/index.html",
            &[
                "<h2 id=\"eksempel\">Eksempel</h2>",
                "<h2 id=\"eksempel-1\">Eksempel</h2>",
                "<h2 id=\"eksempel-2\">Eksempel</h2>",
            ],
        );
}

#[test]
fn explicit_heading_id_is_honoured() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "## Egen overskrift {#egen-id}\n\n[Til overskriften](#egen-id)\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"egen-id\">Egen overskrift</h2>",
        )
        .file_contains("public/a/index.html", "href=\"/a/#egen-id\"");
}

#[test]
fn heading_id_drops_punctuation() {
    Site::new()
        .page("content/a.md", "A", "## Hva er TUL?\n")
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"hva-er-tul\">Hva er TUL?</h2>",
        );
}

#[test]
fn heading_id_with_inline_code_and_bold() {
    Site::new()
        .page("content/a.md", "A", "## Bruk av `kode` og **fet** tekst\n")
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"bruk-av-kode-og-fet-tekst\">Bruk av <code>kode</code> og <strong>fet</strong> tekst</h2>",
        );
}

// ---------------------------------------------------------------------------
// Drafts and hidden pages
// ---------------------------------------------------------------------------

fn draft_site() -> Site {
    Site::new()
        .file(
            "content/utkast.md",
            "---\ntitle: Utkast\ndraft: true\n---\nIkke ferdig\n",
        )
        .page("content/a.md", "A", "Se [utkastet](utkast.md).\n")
}

#[test]
fn draft_pages_are_not_built_and_links_to_them_are_broken() {
    draft_site()
        .build()
        .fails()
        .diag(
            "content/a.md:4:4",
            "error",
            "broken link `utkast.md`: utkast.md is a draft (`draft: true`), left out of the site; build with --drafts to include it, or link elsewhere",
        )
        .missing("public");
}

#[test]
fn draft_pages_are_built_with_drafts_flag() {
    draft_site()
        .run(&["build", "--drafts"])
        .ok()
        .no_diagnostics()
        .file_contains("public/utkast/index.html", "Ikke ferdig")
        .file_contains("public/a/index.html", "href=\"/utkast/\"");
}

#[test]
fn draft_page_alone_is_left_out() {
    Site::new()
        .file(
            "content/utkast.md",
            "---\ntitle: Utkast\ndraft: true\n---\nIkke ferdig\n",
        )
        .page("content/b.md", "B", "Tekst")
        .build()
        .ok()
        .exists("public/b/index.html")
        .missing("public/utkast/index.html")
        .file_lacks("public/index.html", "/utkast/")
        .file_lacks("public/sitemap.xml", "/utkast/");
}

#[test]
fn hidden_pages_are_built_but_not_listed() {
    Site::new()
        .page("content/sek/_index.md", "Seksjon", "")
        .page("content/sek/synlig.md", "Synlig", "")
        .file(
            "content/sek/skjult.md",
            "---\ntitle: Skjult\nhidden: true\n---\nHemmelig tekst\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/sek/skjult/index.html", "Hemmelig tekst")
        .file_contains("public/sek/index.html", "href=\"/sek/synlig/\">Synlig</a>")
        .file_lacks("public/sek/index.html", "/sek/skjult/")
        .file_lacks("public/sek/synlig/index.html", "/sek/skjult/")
        .file_lacks("public/index.html", "/sek/skjult/");
}

// ---------------------------------------------------------------------------
// URL rules
// ---------------------------------------------------------------------------

#[test]
fn file_names_are_lower_cased_and_hyphenated() {
    Site::new()
        .page("content/API/Rest Kall.md", "REST-kall", "Tekst")
        .build()
        .ok()
        .exists("public/api/rest-kall/index.html")
        .file_contains(
            "public/api/rest-kall/index.html",
            "<link rel=\"canonical\" href=\"/api/rest-kall/\">",
        );
}

#[test]
fn slug_front_matter_sets_the_last_segment() {
    Site::new()
        .file(
            "content/a/b.md",
            "---\ntitle: B\nslug: Ny Slug\n---\nTekst\n",
        )
        .build()
        .ok()
        .exists("public/a/ny-slug/index.html")
        .missing("public/a/b/index.html");
}

#[test]
fn url_front_matter_sets_the_whole_url() {
    Site::new()
        .file(
            "content/a/b.md",
            "---\ntitle: B\nurl: /egen/sti/\n---\nTekst\n",
        )
        .page("content/c.md", "C", "[til b](/egen/sti/)")
        .build()
        .ok()
        .no_diagnostics()
        .exists("public/egen/sti/index.html")
        .missing("public/a/b/index.html")
        .file_contains("public/c/index.html", "href=\"/egen/sti/\"");
}

#[test]
fn url_that_climbs_out_of_the_site_is_refused() {
    Site::new()
        .file("content/a.md", "---\ntitle: A\nurl: ../../x\n---\nTekst\n")
        .build()
        .fails()
        .diag(
            "content/a.md:3:1",
            "error",
            "url `../../x` contains `..`: URLs cannot point outside the site",
        )
        .missing("public");
}

#[test]
fn page_and_bundle_claiming_one_url_is_an_error_naming_both() {
    Site::new()
        .page("content/a.md", "A", "")
        .page("content/a/index.md", "A igjen", "")
        .build()
        .fails()
        .diag(
            "content/a/index.md:1:1",
            "error",
            "this page and content/a.md both want the URL /a/",
        );
}

#[test]
fn file_names_differing_in_case_claiming_one_url_is_an_error_naming_both() {
    Site::new()
        .page("content/Veiledning.md", "Stor", "")
        .page("content/veiledning.md", "Liten", "")
        .build()
        .fails()
        .diag(
            "content/veiledning.md:1:1",
            "error",
            "this page and content/Veiledning.md both want the URL /veiledning/",
        );
}

// ---------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------

#[test]
fn nynorsk_page_has_nynorsk_lang_and_ui_strings() {
    Site::new()
        .file(
            "content/nn.md",
            "---\ntitle: Nynorsk\nlang: nn\n---\nEit døme\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/nn/index.html", "<html lang=\"nn\">")
        .file_contains("public/nn/index.html", "Hopp til hovudinnhaldet")
        .file_contains("public/nn/index.html", "Hovudmeny")
        .file_lacks("public/nn/index.html", "Hopp til hovedinnhold");
}

#[test]
fn default_language_is_bokmal() {
    Site::new()
        .page("content/nb.md", "Bokmål", "Et eksempel")
        .build()
        .ok()
        .file_contains("public/nb/index.html", "<html lang=\"nb\">")
        .file_contains("public/nb/index.html", "Hopp til hovedinnhold")
        .file_contains("public/nb/index.html", "Hovedmeny");
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

#[test]
fn non_utf8_markdown_is_an_error_and_other_pages_are_still_checked() {
    Site::new()
        .bytes(
            "content/a.md",
            b"---\ntitle: A\n---\nLinje fire\nUgyldig \xff byte\n",
        )
        .page("content/b.md", "B", "[x](mangler/)")
        .build()
        .fails()
        .diag(
            "content/a.md:5:9",
            "error",
            "is not valid UTF-8 text (save it as UTF-8): invalid byte at offset 36; file skipped",
        )
        .diag("content/b.md:4:1", "error", "broken link `mangler/`");
}

#[test]
fn binary_file_named_md_is_an_error() {
    Site::new()
        .bytes(
            "content/bilde.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        )
        .page("content/b.md", "B", "Tekst")
        .build()
        .fails()
        .diag(
            "content/bilde.md:1:1",
            "error",
            "is a binary file, not markdown text",
        );
}

#[test]
fn utf8_bom_is_accepted_silently() {
    Site::new()
        .bytes(
            "content/a.md",
            "\u{feff}---\ntitle: Med BOM\n---\n## Første del\n\n[x](mangler/)\n".as_bytes(),
        )
        .build()
        .fails()
        .diag("content/a.md:6:1", "error", "broken link `mangler/`");
    Site::new()
        .bytes(
            "content/a.md",
            "\u{feff}---\ntitle: Med BOM\n---\n## Første del\n".as_bytes(),
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<title>Med BOM – Test</title>")
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"første-del\">Første del</h2>",
        )
        .file_lacks("public/a/index.html", "\u{feff}");
}

#[test]
fn crlf_line_endings_work() {
    Site::new()
        .file(
            "content/a.md",
            "---\r\ntitle: Windows\r\nweight: 2\r\n---\r\n## Første del\r\n\r\nTekst\r\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<title>Windows – Test</title>")
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"første-del\">Første del</h2>",
        )
        .file_contains("public/a/index.html", "<p>Tekst</p>");
}

#[test]
fn crlf_line_endings_keep_diagnostic_positions() {
    Site::new()
        .file(
            "content/a.md",
            "---\r\ntitle: Windows\r\nweight: tung\r\n---\r\n## Del\r\n\r\nSe [x](mangler/)\r\n",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:3:1",
            "error",
            "front matter `weight` must be a whole number",
        )
        .diag("content/a.md:7:4", "error", "broken link `mangler/`");
}

#[test]
fn lone_carriage_returns_do_not_break_the_build() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: CR\n---\nEn\r\rTo\r\r## Tittel\r",
        )
        .build()
        .ok()
        .file_contains("public/a/index.html", "<title>CR – Test</title>")
        .file_contains("public/a/index.html", "<p>En</p>");
}

#[test]
fn lone_carriage_returns_are_line_endings() {
    // CommonMark: a carriage return not followed by a line feed is a line ending, and
    // diagnostics count it as one too.
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: CR\n---\nEn\r\r## Tittel her\r\r[x](mangler/)\r",
        )
        .build()
        .fails()
        .diag("content/a.md:8:1", "error", "broken link `mangler/`");
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: CR\n---\nEn\r\r## Tittel her\r\rTekst etter\r",
        )
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<h2 id=\"tittel-her\">Tittel her</h2>",
        )
        .file_contains("public/a/index.html", "<p>Tekst etter</p>");
}

#[test]
fn empty_markdown_file_becomes_a_page_titled_from_its_name() {
    Site::new()
        .file("content/tom-side.md", "")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/tom-side/index.html",
            "<title>Tom side – Test</title>",
        );
}

#[test]
fn site_without_content_folder_warns_and_builds_a_home_page() {
    let site = Site::new();
    assert!(!site.root().join("content").exists());
    site.build()
        .ok()
        .diag(
            "content:1:1",
            "warning",
            "no content folder `content`: the site has only a home page",
        )
        .file_contains("public/index.html", "<title>Test</title>")
        .exists("public/404.html");
}

// ---------------------------------------------------------------------------
// Page bundles and assets
// ---------------------------------------------------------------------------

#[test]
fn page_bundle_copies_its_files_beside_the_page() {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    let site = Site::new()
        .page(
            "content/guide/index.md",
            "Guide",
            "![Skjermbilde](bilde.png)",
        )
        .bytes("content/guide/bilde.png", PNG);
    let run = site
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/guide/index.html", "src=\"/guide/bilde.png\"")
        .missing("public/guide/index/index.html");
    assert_eq!(
        std::fs::read(run.root.join("public/guide/bilde.png")).unwrap(),
        PNG
    );
}

#[test]
fn image_in_a_section_folder_is_copied_next_to_the_section() {
    Site::new()
        .page("content/sek/_index.md", "Seksjon", "![Kart](kart.png)")
        .page("content/sek/side.md", "Side", "![Kart](../kart.png)")
        .bytes("content/sek/kart.png", b"kartdata")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/sek/kart.png", "kartdata")
        .file_contains("public/sek/index.html", "src=\"/sek/kart.png\"")
        .file_contains("public/sek/side/index.html", "src=\"/sek/kart.png\"");
}

// ---------------------------------------------------------------------------
// Aliases
// ---------------------------------------------------------------------------

#[test]
fn alias_writes_a_redirect_page() {
    Site::new()
        .file(
            "content/ny.md",
            "---\ntitle: Ny side\naliases: [\"/gammel/\"]\n---\nTekst\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/gammel/index.html",
            "<meta http-equiv=\"refresh\" content=\"0; url=/ny/\">",
        )
        .file_contains("public/gammel/index.html", "<a href=\"/ny/\">Ny side</a>")
        .file_contains(
            "public/gammel/index.html",
            "<link rel=\"canonical\" href=\"/ny/\">",
        );
}

#[test]
fn alias_that_is_another_pages_url_is_a_warning() {
    let run = Site::new()
        .page("content/annen.md", "Annen", "Annen tekst")
        .file(
            "content/ny.md",
            "---\ntitle: Ny side\naliases:\n  - /annen/\n---\nTekst\n",
        )
        .build()
        .ok()
        .diag(
            "content/ny.md:3:1",
            "warning",
            "alias `/annen/` is the URL of a page; no redirect written",
        )
        .file_contains("public/annen/index.html", "Annen tekst")
        .file_lacks("public/annen/index.html", "http-equiv=\"refresh\"");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------

fn tagged_site() -> Site {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: Side A\ntags: [\"Min Tag\", \"API\"]\ncategories: [\"Veiledning\"]\n---\nTekst\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: Side B\ntags: [\"min tag\"]\n---\nTekst\n",
        )
}

#[test]
fn tags_get_a_list_page_and_term_pages() {
    tagged_site()
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/tags/index.html",
            "<a class=\"vv-terms__link\" href=\"/tags/min-tag/\"><span class=\"vv-terms__name\">Min Tag</span> <span class=\"vv-terms__count\">2 sider</span></a>",
        )
        .file_contains(
            "public/tags/index.html",
            "<a class=\"vv-terms__link\" href=\"/tags/api/\"><span class=\"vv-terms__name\">API</span> <span class=\"vv-terms__count\">1 side</span></a>",
        )
        .in_order(
            "public/tags/min-tag/index.html",
            &[
                "<a class=\"vv-link-list__link\" href=\"/a/\">Side A</a>",
                "<a class=\"vv-link-list__link\" href=\"/b/\">Side B</a>",
            ],
        )
        .file_contains(
            "public/tags/api/index.html",
            "<a class=\"vv-link-list__link\" href=\"/a/\">Side A</a>",
        )
        .file_lacks(
            "public/tags/api/index.html",
            "<a class=\"vv-link-list__link\" href=\"/b/\">Side B</a>",
        );
}

#[test]
fn categories_get_term_pages() {
    tagged_site()
        .build()
        .ok()
        .exists("public/categories/index.html")
        .file_contains(
            "public/categories/veiledning/index.html",
            "<a class=\"vv-link-list__link\" href=\"/a/\">Side A</a>",
        );
}

#[test]
fn page_shows_its_tags_and_categories_as_links() {
    tagged_site()
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-tag\" href=\"/tags/min-tag/\">Min Tag</a>",
        )
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-tag\" href=\"/tags/api/\">API</a>",
        )
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-tag vv-tag--category\" href=\"/categories/veiledning/\">Veiledning</a>",
        )
        .file_contains(
            "public/b/index.html",
            "<a class=\"vv-tag\" href=\"/tags/min-tag/\">min tag</a>",
        );
}

#[test]
fn links_to_term_pages_resolve() {
    tagged_site()
        .page("content/c.md", "C", "[Alle med taggen](/tags/min-tag/)")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/c/index.html", "href=\"/tags/min-tag/\"");
}

// ---------------------------------------------------------------------------
// Hugo config
// ---------------------------------------------------------------------------

const HUGO_CONFIG: &str = "baseURL = \"https://x.no/docs/\"
title = \"Hugo-dokumentasjon\"
languageCode = \"nb-NO\"
theme = \"learn\"

[params]
editURL = \"https://github.com/org/repo/edit/main/content/\"

[markup.tableOfContents]
startLevel = 2
endLevel = 3
";

fn hugo_site() -> Site {
    Site::hugo(HUGO_CONFIG)
        .page("content/_index.md", "Forside", "Velkommen")
        .page("content/veiledning/_index.md", "Veiledning", "Oversikt")
        .file(
            "content/veiledning/side.md",
            "---\ntitle: Side\ntoc: true\n---\n## Del en\n\n### Underdel\n\n#### For dypt\n\n## Del to\n\n[Tilbake](/veiledning/) og [forsiden](../../)\n",
        )
}

#[test]
fn hugo_config_theme_is_a_warning_and_the_default_theme_is_used() {
    let run = hugo_site()
        .build()
        .ok()
        .diag(
            "config.toml:4:1",
            "warning",
            "Hugo theme `learn` is not supported; using veiviser's default theme (nor are the theme's static files copied",
        )
        .exists("public/css/veiviser.css");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

/// A Hugo site in two languages, translations by file name, English the default (as the
/// Altinn Studio docs are).
const HUGO_TWO_LANGUAGES: &str = "baseURL = \"https://example.org/\"\ntitle = \"Studio\"\ndefaultContentLanguage = \"en\"\n\n[languages]\n[languages.en]\nweight = 1\n[languages.nb]\nweight = 2\n\n[params]\neditURL = \"https://git.example.org/edit/content/\"\n";

#[test]
fn hugo_translations_by_file_name_build_each_language_under_its_folder() {
    let site = Site::hugo(HUGO_TWO_LANGUAGES)
        .page("content/_index.en.md", "Docs", "Welcome.")
        .page("content/_index.nb.md", "Dokumentasjon", "Velkommen.")
        .page("content/app/_index.en.md", "App", "Apps.")
        .page("content/app/_index.nb.md", "App", "Apper. Se [siden](side.md) og [den andre](/nb/app/annen/).")
        .page("content/app/side.en.md", "Create", "Create an app.\n\n![Overview](bilde.png)\n")
        .page(
            "content/app/side.nb.md",
            "Opprette",
            "Opprett en app.\n\n![Oversikt](bilde.png)\n\nSe [forsiden]({{< ref \"/app/_index.md\" >}}) og [den engelske](side.en.md).\n",
        )
        .page("content/app/annen.md", "Other", "English, by default.")
        .page("content/app/annen.nb.md", "Annen", "Norsk.")
        .page("content/kun/side.nb.md", "Bare norsk", "Finnes bare på norsk.")
        .file(
            "content/om.en.md",
            "---\ntitle: About\ntranslationKey: om\ntags: [team]\n---\nAbout us.\n",
        )
        .file(
            "content/om-oss.nb.md",
            "---\ntitle: Om oss\ntranslationKey: om\ntags: [team]\n---\nOm oss.\n",
        )
        .bytes("content/app/bilde.png", b"png");
    let run = site
        .build()
        .ok()
        .no_diagnostics()
        // Hugo's URLs: the default language at the root, the other under /nb/.
        .file_contains("public/index.html", "<html lang=\"en\">")
        .file_contains("public/nb/index.html", "<html lang=\"nb\">")
        .file_contains("public/app/side/index.html", "Create an app")
        .file_contains("public/nb/app/side/index.html", "Opprett en app")
        .file_contains("public/nb/app/side/index.html", "<html lang=\"nb\">")
        .file_contains("public/app/annen/index.html", "English, by default")
        .file_contains("public/nb/app/annen/index.html", "Norsk.")
        // A folder with pages in one language only is a section of that language's tree.
        .file_contains("public/nb/kun/side/index.html", "Finnes bare")
        .exists("public/nb/kun/index.html")
        // The images beside the pages are there for every language.
        .exists("public/app/bilde.png")
        .exists("public/nb/app/bilde.png")
        // Links: a file without a language is the one in the page's language; ref from the
        // content root too; a file with one is that language's.
        .file_contains("public/nb/app/index.html", "href=\"/nb/app/side/\"")
        .file_contains("public/nb/app/side/index.html", "href=\"/nb/app/\"")
        .file_contains("public/nb/app/side/index.html", "href=\"/app/side/\"")
        // Each language is a tree of its own: the Norwegian sidebar and breadcrumbs stay in
        // Norwegian, and the English home does not list the Norwegian one as a section.
        .file_contains("public/nb/app/side/index.html", "href=\"/nb/app/annen/\"")
        .file_lacks("public/nb/app/side/index.html", "href=\"/app/annen/\"")
        .file_contains(
            "public/nb/app/side/index.html",
            "vv-breadcrumbs__link\" href=\"/nb/\"",
        )
        .file_lacks("public/index.html", "href=\"/nb/kun/\"")
        // The header leads to the language's home; the other language is one link away.
        .file_contains(
            "public/nb/app/side/index.html",
            "class=\"vv-header__title\" href=\"/nb/\"",
        )
        .file_contains(
            "public/nb/app/side/index.html",
            "href=\"/app/side/\" hreflang=\"en\" lang=\"en\">English</a>",
        )
        .file_contains(
            "public/app/side/index.html",
            "<link rel=\"alternate\" hreflang=\"nb\" href=\"https://example.org/nb/app/side/\">",
        )
        .file_lacks("public/nb/kun/side/index.html", "vv-languages")
        // Each language has its taxonomies, as in Hugo.
        .file_contains("public/nb/tags/team/index.html", "href=\"/nb/om-oss/\"")
        .file_lacks("public/nb/tags/team/index.html", "href=\"/om/\"")
        .file_contains("public/tags/team/index.html", "href=\"/om/\"")
        .file_contains("public/nb/om-oss/index.html", "href=\"/nb/tags/team/\"")
        // Each language has its search page, which its pages' search box leads to.
        .file_contains("public/nb/sok/index.html", "<html lang=\"nb\">")
        .file_contains("public/nb/app/side/index.html", "action=\"/nb/sok/\"")
        .file_contains("public/sok/index.html", "<html lang=\"en\">")
        .file_contains("public/app/side/index.html", "action=\"/sok/\"")
        // `translationKey` links translations with other file names.
        .file_contains(
            "public/nb/om-oss/index.html",
            "href=\"/om/\" hreflang=\"en\" lang=\"en\">English</a>",
        )
        // The edit link names the file.
        .file_contains(
            "public/nb/app/side/index.html",
            "https://git.example.org/edit/content/app/side.nb.md",
        );
    // Both languages are in the one search index.
    let feed = run.read("public/search/sections.jsonl");
    assert!(
        feed.contains("\"https://example.org/nb/app/side/\"")
            && feed.contains("\"https://example.org/app/side/\""),
        "{feed}"
    );
}

#[test]
fn hugo_translations_with_the_default_language_in_a_folder_and_a_page_twice() {
    let config = "title = \"To\"\ndefaultContentLanguage = \"nb\"\ndefaultContentLanguageInSubdir = true\n[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n";
    let run = Site::hugo(config)
        .page("content/side.md", "Side", "Uten kode: standardspråket.")
        .page("content/side.nb.md", "Side", "Med kode.")
        .page("content/side.en.md", "Page", "Text")
        .build()
        .ok()
        .diag(
            "content/side.nb.md:1:1",
            "warning",
            "`content/side.md` is the same page in the same language: this file is left out",
        )
        .file_contains("public/nb/side/index.html", "Uten kode")
        .file_contains("public/en/side/index.html", "<html lang=\"en\">")
        .exists("public/index.html");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
    // One language only is no multilingual mode: no folders, no warning.
    let one = Site::hugo("title = \"Ett språk\"\n[languages.nb]\nweight = 1\n")
        .page("content/_index.md", "Forside", "Velkommen")
        .page("content/side.md", "Side", "Tekst")
        .build()
        .ok()
        .exists("public/side/index.html");
    assert_eq!(diagnostics(&one).len(), 0, "{}", one.stderr);
}

/// `HUGO_CONFIG` as YAML and as JSON: the same keys, read the same way.
const HUGO_CONFIG_YAML: &str = "baseURL: https://x.no/docs/
title: Hugo-dokumentasjon
languageCode: nb-NO
theme: learn
params:
  editURL: https://github.com/org/repo/edit/main/content/
  draftNote: null
markup:
  tableOfContents:
    startLevel: 2
    endLevel: 3
";

const HUGO_CONFIG_JSON: &str = r#"{
  "baseURL": "https://x.no/docs/",
  "title": "Hugo-dokumentasjon",
  "languageCode": "nb-NO",
  "theme": "learn",
  "params": { "editURL": "https://github.com/org/repo/edit/main/content/" },
  "markup": { "tableOfContents": { "startLevel": 2, "endLevel": 3 } }
}
"#;

#[test]
fn hugo_yaml_and_json_configs_are_read_like_toml() {
    for (name, text, theme_line) in [
        ("hugo.yaml", HUGO_CONFIG_YAML, "hugo.yaml:4:1"),
        ("config.yml", HUGO_CONFIG_YAML, "config.yml:4:1"),
        ("config.json", HUGO_CONFIG_JSON, "config.json:5:4"),
    ] {
        let site = Site::without_config()
            .file(name, text)
            .page("content/_index.md", "Forside", "Velkommen")
            .file(
                "content/side.md",
                "---\ntitle: Side\n---\n## Del en\n\n### Underdel\n\n[Forsiden](/docs/)\n",
            );
        let run = site.build().ok();
        let run = run
            .diag(theme_line, "warning", "Hugo theme `learn` is not supported")
            .file_contains(
                "public/side/index.html",
                "<title>Side – Hugo-dokumentasjon</title>",
            )
            .file_contains("public/side/index.html", "<html lang=\"nb\">")
            .file_contains(
                "public/side/index.html",
                "https://github.com/org/repo/edit/main/content/side.md",
            )
            .file_contains("public/side/index.html", "href=\"/docs/\"");
        assert_eq!(diagnostics(&run).len(), 1, "{name}: {}", run.stderr);
    }
}

#[test]
fn hugo_toml_wins_over_yaml_and_hugo_over_config() {
    let site = Site::without_config()
        .file("config.toml", "title = \"Fra config.toml\"\n")
        .file("hugo.yaml", "title: Fra hugo.yaml\n")
        .file("hugo.toml", "title = \"Fra hugo.toml\"\n")
        .page("content/side.md", "Side", "Tekst.\n");
    site.build()
        .ok()
        .file_contains("public/side/index.html", "Side – Fra hugo.toml");
    let site = Site::without_config()
        .file("config.toml", "title = \"Fra config.toml\"\n")
        .file("hugo.json", "{\"title\": \"Fra hugo.json\"}\n")
        .page("content/side.md", "Side", "Tekst.\n");
    site.build()
        .ok()
        .file_contains("public/side/index.html", "Side – Fra hugo.json");
}

#[test]
fn broken_yaml_and_json_hugo_configs_are_errors_at_their_line() {
    let site = Site::without_config()
        .file("hugo.yaml", "title: Test\nparams:\n  a: [1, 2\n")
        .page("content/side.md", "Side", "Tekst.\n");
    let run = site.build().fails();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("hugo.yaml:3:") && l.contains("error: invalid YAML")),
        "{}",
        run.stderr
    );
    let site = Site::without_config()
        .file(
            "config.json",
            "{\n  \"title\": \"Test\",\n  \"params\": {\n}\n",
        )
        .page("content/side.md", "Side", "Tekst.\n");
    let run = site.build().fails();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("config.json:") && l.contains("error: invalid JSON")),
        "{}",
        run.stderr
    );
    let site = Site::without_config()
        .file("hugo.yaml", "- en liste\n- ikke et kart\n")
        .page("content/side.md", "Side", "Tekst.\n");
    site.build()
        .fails()
        .stderr_contains("invalid YAML: a config must be a map of keys to values");
}

#[test]
fn hugo_config_folder_is_a_warning() {
    let site = Site::without_config()
        .file("config/_default/hugo.toml", "title = \"Mappe\"\n")
        .page("content/side.md", "Side", "Tekst.\n");
    site.build().ok().diag(
        "config/_default:1:1",
        "warning",
        "Hugo's config folder is not read",
    );
}

#[test]
fn hugo_config_title_and_language_are_used() {
    hugo_site()
        .build()
        .ok()
        .file_contains(
            "public/veiledning/side/index.html",
            "<title>Side – Hugo-dokumentasjon</title>",
        )
        .file_contains("public/veiledning/side/index.html", "<html lang=\"nb\">");
}

#[test]
fn hugo_config_edit_url_gives_an_edit_link() {
    hugo_site().build().ok().file_contains(
        "public/veiledning/side/index.html",
        "<a class=\"vv-edit-link\" href=\"https://github.com/org/repo/edit/main/content/veiledning/side.md\">Rediger denne siden</a>",
    );
}

#[test]
fn hugo_config_toc_levels_are_used() {
    hugo_site()
        .build()
        .ok()
        .file_contains(
            "public/veiledning/side/index.html",
            "<ul><li><a href=\"#del-en\">Del en</a><ul><li><a href=\"#underdel\">Underdel</a></li></ul></li><li><a href=\"#del-to\">Del to</a></li></ul>",
        )
        .file_lacks("public/veiledning/side/index.html", "href=\"#for-dypt\"");
}

#[test]
fn hugo_config_base_path_is_in_every_link() {
    hugo_site()
        .build()
        .ok()
        .file_contains(
            "public/veiledning/side/index.html",
            "<a href=\"/docs/veiledning/\">Tilbake</a>",
        )
        .file_contains(
            "public/veiledning/side/index.html",
            "<a href=\"/docs/\">forsiden</a>",
        )
        .file_contains(
            "public/veiledning/side/index.html",
            "<link rel=\"stylesheet\" href=\"/docs/css/veiviser.css\">",
        )
        .file_contains(
            "public/veiledning/side/index.html",
            "<a class=\"vv-nav__link\" href=\"/docs/veiledning/\">Veiledning</a>",
        )
        .file_contains(
            "public/veiledning/side/index.html",
            "<link rel=\"canonical\" href=\"https://x.no/docs/veiledning/side/\">",
        )
        .file_lacks("public/veiledning/side/index.html", "href=\"/veiledning/");
}

// ---------------------------------------------------------------------------
// More front matter and structure
// ---------------------------------------------------------------------------

#[test]
fn empty_front_matter_block_is_fine() {
    Site::new()
        .file("content/om-oss.md", "---\n---\nTekst\n")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/om-oss/index.html", "<title>Om oss – Test</title>");
}

#[test]
fn toml_dates_are_read() {
    Site::new()
        .file(
            "content/a.md",
            "+++\ntitle = \"Dato\"\ndate = 2024-01-15T10:00:00Z\nlastmod = 2024-02-01\n+++\nTekst\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<time datetime=\"2024-01-15T10:00:00Z\">2024-01-15</time>",
        );
}

#[test]
fn unsupported_language_is_a_warning_and_falls_back_to_bokmal() {
    Site::new()
        .file("content/a.md", "---\ntitle: A\nweight: 1\nlang: de\n---\n")
        .build()
        .ok()
        .diag(
            "content/a.md:4:1",
            "warning",
            "language `de` is not supported (nb, nn, en); using nb",
        )
        .file_contains("public/a/index.html", "<html lang=\"nb\">");
}

#[test]
fn titles_are_html_escaped_everywhere() {
    Site::new()
        .config("title = \"Test & co\"\nbase_url = \"/\"\n")
        .page("content/sek/_index.md", "Seksjon", "")
        .file(
            "content/sek/a.md",
            "---\ntitle: \"A & B <i>C</i>\"\ndescription: \"Om \\\"A\\\" <b>\"\n---\n",
        )
        .build()
        .ok()
        .file_contains(
            "public/sek/a/index.html",
            "<title>A &amp; B &lt;i&gt;C&lt;/i&gt; – Test &amp; co</title>",
        )
        .file_contains(
            "public/sek/a/index.html",
            "<h1 class=\"vv-article__title\">A &amp; B &lt;i&gt;C&lt;/i&gt;</h1>",
        )
        .file_contains(
            "public/sek/a/index.html",
            "<meta name=\"description\" content=\"Om &quot;A&quot; &lt;b&gt;\">",
        )
        .file_contains(
            "public/sek/a/index.html",
            "aria-current=\"page\">A &amp; B &lt;i&gt;C&lt;/i&gt;</a>",
        )
        .file_contains(
            "public/sek/index.html",
            "<a class=\"vv-link-list__link\" href=\"/sek/a/\">A &amp; B &lt;i&gt;C&lt;/i&gt;</a>",
        )
        .file_lacks("public/sek/a/index.html", "<i>C</i>")
        .file_lacks("public/sek/index.html", "<b>");
}

#[test]
fn top_level_folder_without_index_becomes_a_section() {
    Site::new()
        .page("content/api/rest.md", "Rest", "")
        .page("content/api/soap.md", "Soap", "")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/api/index.html", "<title>Api – Test</title>")
        .in_order(
            "public/api/index.html",
            &[
                "<a class=\"vv-link-list__link\" href=\"/api/rest/\">Rest</a>",
                "<a class=\"vv-link-list__link\" href=\"/api/soap/\">Soap</a>",
            ],
        )
        .in_order(
            "public/api/rest/index.html",
            &[
                "<a class=\"vv-breadcrumbs__link\" href=\"/\">Test</a>",
                "<a class=\"vv-breadcrumbs__link\" href=\"/api/\">Api</a>",
            ],
        );
}

#[test]
fn decomposed_unicode_file_names_get_composed_urls() {
    // macOS writes file names NFD-normalised: "a" + combining ring above.
    Site::new()
        .page("content/a\u{30a}pning.md", "Åpning", "")
        .page("content/b.md", "B", "[å](/åpning/) [fil](åpning.md)")
        .build()
        .ok()
        .no_diagnostics()
        .exists("public/åpning/index.html")
        .file_contains("public/b/index.html", "<a href=\"/%C3%A5pning/\">å</a>")
        .file_contains("public/b/index.html", "<a href=\"/%C3%A5pning/\">fil</a>");
}

#[test]
fn alias_redirects_to_the_url_with_the_base_path() {
    Site::hugo("baseURL = \"https://x.no/docs/\"\ntitle = \"H\"\n")
        .file(
            "content/ny.md",
            "---\ntitle: Ny\naliases: [\"/gammel/\"]\n---\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/gammel/index.html",
            "<meta http-equiv=\"refresh\" content=\"0; url=/docs/ny/\">",
        )
        .file_contains("public/gammel/index.html", "<a href=\"/docs/ny/\">Ny</a>")
        .missing("public/docs");
}

/// A link to a page's old URL (an alias) goes to the page itself, its fragment kept and
/// checked: the alias's refresh page would drop the fragment.
#[test]
fn links_to_an_alias_lead_to_the_page_with_their_fragment() {
    let site = Site::new()
        .file(
            "content/ny.md",
            "---\ntitle: Ny\naliases: [\"/gammel/\", \"/eldre\"]\n---\n## Del to\n",
        )
        .page(
            "content/b.md",
            "B",
            "[gammel lenke](/gammel/) [til del](/gammel/#del-to) [eldre](/eldre)",
        );
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/b/index.html",
            "<a href=\"/ny/\">gammel lenke</a> <a href=\"/ny/#del-to\">til del</a> <a href=\"/ny/\">eldre</a>",
        );
    let broken = Site::new()
        .file(
            "content/ny.md",
            "---\ntitle: Ny\naliases: [\"/gammel/\"]\n---\n",
        )
        .page("content/b.md", "B", "[til del](/gammel/#mangler)");
    broken.build().fails().diag(
        "content/b.md:4:1",
        "error",
        "broken anchor `/gammel/#mangler`: content/ny.md has no heading or element with id `mangler`",
    );
}

#[test]
fn alias_ending_in_html_is_written_as_that_file() {
    Site::new()
        .file(
            "content/ny.md",
            "---\ntitle: Ny\naliases: [\"/gammel/side.html\"]\n---\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/gammel/side.html",
            "<meta http-equiv=\"refresh\" content=\"0; url=/ny/\">",
        )
        .missing("public/gammel/side.html/index.html");
}

#[test]
fn non_ascii_tags_get_encoded_links() {
    Site::new()
        .file("content/a.md", "---\ntitle: A\ntags: [\"Ærlighet\"]\n---\n")
        .build()
        .ok()
        .no_diagnostics()
        .exists("public/tags/ærlighet/index.html")
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-tag\" href=\"/tags/%C3%A6rlighet/\">Ærlighet</a>",
        );
}

#[test]
fn page_taking_the_taxonomy_url_is_a_warning() {
    Site::new()
        .file(
            "content/stikkord.md",
            "---\ntitle: Stikkord\nurl: /tags/\n---\nEgen liste\n",
        )
        .file("content/a.md", "---\ntitle: A\ntags: [\"x\"]\n---\n")
        .build()
        .ok()
        .diag(
            "content/stikkord.md:1:1",
            "warning",
            "this page takes the taxonomy URL /tags/; the generated list is not written",
        )
        .file_contains("public/tags/index.html", "Egen liste");
}

#[test]
fn edit_url_from_veiviser_toml_appends_the_encoded_content_path() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\nedit_url = \"https://e.no/rediger/content/\"\n")
        .page("content/API/Rest Kall.md", "Rest", "")
        .page("content/spørsmål.md", "Spørsmål", "")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/api/rest-kall/index.html",
            "<a class=\"vv-edit-link\" href=\"https://e.no/rediger/content/API/Rest%20Kall.md\">Rediger denne siden</a>",
        )
        .file_contains(
            "public/spørsmål/index.html",
            "href=\"https://e.no/rediger/content/sp%C3%B8rsm%C3%A5l.md\"",
        );
}

#[test]
fn no_edit_link_without_edit_url() {
    Site::new()
        .page("content/a.md", "A", "")
        .build()
        .ok()
        .file_lacks("public/a/index.html", "vv-edit-link");
}

#[test]
fn editor_leftovers_and_dot_files_are_ignored() {
    Site::new()
        .page("content/a.md", "A", "")
        .page("content/.skjult.md", "Skjult", "")
        .page("content/a.md~", "Backup", "")
        .page("content/#a.md#", "Emacs", "")
        .page("content/.git/x.md", "Git", "")
        .build()
        .ok()
        .no_diagnostics()
        .missing("public/.skjult")
        .missing("public/skjult")
        .missing("public/a.md~")
        .missing("public/#a.md#")
        .missing("public/.git")
        .file_lacks("public/index.html", "Backup");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loop_is_reported_not_followed() {
    let site = Site::new().page("content/sek/a.md", "A", "");
    std::os::unix::fs::symlink("..", site.root().join("content/sek/loop")).unwrap();
    site.build().fails().diag(
        "content/sek/loop:1:1",
        "error",
        "symbolic link loop: skipped",
    );
}

#[test]
fn hugo_build_options_and_headless_bundles() {
    // `_build: list: never`: rendered, but in no list; `headless: true` (a snippet bundle)
    // and `build: render: never`: no file at all, and a link to them is broken.
    let site = Site::new()
        .page("content/_index.md", "Forside", "Velkommen")
        .page("content/guide/_index.md", "Veiledning", "{{< children >}}\n")
        .page("content/guide/synlig.md", "Synlig side", "Tekst.\n")
        .file(
            "content/guide/ulistet.md",
            "---\ntitle: Ulistet side\n_build:\n  list: never\n---\nTekst.\n",
        )
        .file(
            "content/guide/utdrag/index.md",
            "---\ntitle: Gjenbrukbart utdrag\nheadless: true\n---\nTekst.\n",
        )
        .file(
            "content/guide/kladd.md",
            "---\ntitle: Ikke publisert\nbuild:\n  render: never\n---\nTekst.\n",
        )
        .file(
            "content/lenker.md",
            "---\ntitle: Lenker\n---\n[ulistet](guide/ulistet.md) og [utdrag](guide/utdrag/index.md)\n",
        );
    let run = site.build().fails().diag(
        "content/lenker.md:4:32",
        "error",
        "broken link `guide/utdrag/index.md`: that page is not rendered",
    );
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
    // Fixed link: the build goes through; the unlisted page is in no list or menu.
    let site = site.file(
        "content/lenker.md",
        "---\ntitle: Lenker\n---\n[ulistet](guide/ulistet.md)\n",
    );
    site.build()
        .ok()
        .exists("public/guide/ulistet/index.html")
        .missing("public/guide/utdrag/index.html")
        .missing("public/guide/kladd/index.html")
        .file_contains("public/guide/index.html", "Synlig side")
        .file_lacks("public/guide/index.html", "Ulistet side")
        .file_lacks("public/guide/index.html", "Gjenbrukbart utdrag")
        .file_lacks("public/sitemap.xml", "/guide/ulistet/")
        .file_lacks("public/search/sections.jsonl", "Ulistet side");
}

/// A file that inserts itself, directly or through another, is told so once, with the
/// chain, instead of 32 levels of it and "nested too deeply".
#[test]
fn an_inserted_file_that_inserts_itself_is_told_so() {
    let run = Site::hugo("title = \"Ring\"\n")
        .page(
            "content/side.md",
            "Side",
            "Før.\n\n{{% insert \"delt/a.md\" %}}\n\nEtter.\n",
        )
        .file("delt/a.md", "A her.\n\n{{% insert \"delt/b.md\" %}}\n")
        .file("delt/b.md", "B her.\n\n{{% insert \"/delt/a.md\" %}}\n")
        .build()
        .fails()
        .diag(
            "content/side.md:6:1",
            "error",
            "`insert`: `/delt/a.md` would insert itself (through `delt/a.md` → `delt/b.md`): skipped",
        );
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn hugo_insert_and_include_put_a_files_text_in_the_page() {
    // The Altinn Studio docs share text with `{{% insert "content/…" "arg" %}}` (a theme
    // shortcode: readFile, `{0}` replaced by the next argument, markdownify).
    let site = Site::hugo("title = \"Delt\"\n")
        .page(
            "content/side.md",
            "Side",
            "Før.\n\n{{% insert \"content/delt/intro.md\" \"Altinn\" %}}\n\nEtter.\n\n{{< include \"/content/delt/kode.md\" >}}\n\n{{% insert \"content/delt/finnes-ikke.md\" %}}\n",
        )
        .file(
            "content/delt/intro.md",
            "---\nhidden: true\nheadless: true\n---\n## Om {0}\n\nSignering i {0} skjer via [API](/side/).\n\n{{% notice info %}}\nMerk dette.\n{{% /notice %}}\n",
        )
        .file(
            "content/delt/kode.md",
            "Kodeeksempel uten front matter.\n\n{{% insert \"delt/utenfor.md\" %}}\n",
        )
        .file(
            "delt/utenfor.md",
            "Fra en mappe utenfor content.\n\n{{% insert \"delt/innerst.md\" %}}\n",
        )
        .file("delt/innerst.md", "Innerst inne.\n")
        .file("content/delt/_index.md", "---\ntitle: Delt\nhidden: true\n---\n");
    let run = site
        .build()
        .ok()
        .diag(
            "content/side.md:12:1",
            "warning",
            "`insert`: no file `content/delt/finnes-ikke.md` to insert",
        )
        .file_contains("public/side/index.html", "Signering i Altinn skjer via")
        .file_contains(
            "public/side/index.html",
            "<h2 id=\"om-altinn\">Om Altinn</h2>",
        )
        .file_contains("public/side/index.html", "Merk dette.")
        .file_contains("public/side/index.html", "Kodeeksempel uten front matter.")
        // An inserted file inserts another, from outside the content folder, which inserts
        // a third.
        .file_contains("public/side/index.html", "Fra en mappe utenfor content.")
        .file_contains("public/side/index.html", "Innerst inne.")
        .file_lacks("public/side/index.html", "headless")
        .in_order(
            "public/side/index.html",
            &["Før.", "Om Altinn", "Etter.", "Kodeeksempel"],
        )
        // The partial itself is headless: no page of its own.
        .missing("public/delt/intro/index.html");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
    // Search finds the inserted text on the page that inserts it.
    let feed = run.read("public/search/sections.jsonl");
    assert!(feed.contains("Signering i Altinn"), "{feed}");
    // A path with `..` is never read, even one that leads back into the site (a path out
    // of it could read any file).
    let outside = Site::hugo("title = \"Ute\"\n").file(
        "content/hemmelig.md",
        "---\nheadless: true\n---\nHEMMELIG\n",
    );
    let name = outside
        .root()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let back_in = format!("../{name}/content/hemmelig.md");
    let outside = outside.page(
        "content/side.md",
        "Side",
        &format!("{{{{% insert \"{back_in}\" %}}}}\n"),
    );
    let run = outside.build().ok();
    assert!(!run.read("public/side/index.html").contains("HEMMELIG"));
    assert!(
        run.stderr.contains(&format!("no file `{back_in}`")),
        "{}",
        run.stderr
    );
}

#[test]
fn altinn_studio_shortcodes_render_their_content_without_warnings() {
    let site = Site::hugo("title = \"Studio\"\n").page(
        "content/side.md",
        "Side",
        "{{% expandbold \"Detaljer\" %}}\nSkjult **tekst**.\n{{% /expandbold %}}\n\n{{< expandsmall \"Mer\" >}}Litt mer.{{< /expandsmall >}}\n\n{{% center %}}Midt{{% /center %}}\n\n{{< gray-divider-line >}}\n\n{{< notyetwritten >}}\n\n{{<content-version-selector classes=\"border-box\">}}\n{{<content-version-container version-label=\"Designer\">}}\nI Designer.\n{{</content-version-container>}}\n{{<content-version-container version-label=\"Manuelt\">}}\nFor hånd.\n{{</content-version-container>}}\n{{</content-version-selector>}}\n\n{{< markdown >}}Som **markdown**.{{< /markdown >}}\n",
    );
    site.build()
        .ok()
        .no_diagnostics()
        .in_order(
            "public/side/index.html",
            &[
                "<summary class=\"vv-expand__summary\">Detaljer</summary>",
                "<strong>tekst</strong>",
                "<summary class=\"vv-expand__summary\">Mer</summary>",
                "<div class=\"vv-center\">",
                "<hr class=\"vv-divider\">",
                "Denne delen er ikke skrevet ennå",
                "<p class=\"vv-version__label\">Designer</p>",
                "<p class=\"vv-version__label\">Manuelt</p>",
                "Som <strong>markdown</strong>.",
            ],
        )
        .file_lacks("public/side/index.html", "<p><section");
}

/// Quotes, dashes and ellipses come out as Hugo's typographer (goldmark's) makes them, so
/// a Hugo site reads the same: a quote that closes nothing stays straight, `<<`/`>>` become
/// guillemets; code, raw HTML, link targets and bare URLs keep what was written.
#[test]
fn typography_is_hugos() {
    let body = "\
Tjenestetype “Samhandlingstjeneste\". En 14\" skjerm. Verdien = \"\" her.

\"Sitat\" og 'sitat', it's, Smiths' -- tankestrek --- lang... «\"» Velg >> neste << forrige.

`\"kode\" -- her` og <span title=\"a--b\">\"rå\"</span> og [lenke \"tekst\"](https://example.no/a--b...c).

Se https://example.no/x--y...z og \"https://example.no/q\".

```
\"blokk\" -- ...
```
";
    let site = Site::new().page("content/a.md", "A", body);
    let html = site
        .build()
        .ok()
        .no_diagnostics()
        .read("public/a/index.html");
    for want in [
        "Tjenestetype “Samhandlingstjeneste\". En 14\" skjerm. Verdien = \"\" her.",
        "“Sitat” og ‘sitat’, it’s, Smiths’ – tankestrek — lang… «\"» Velg » neste « forrige.",
        "<code>\"kode\" -- her</code>",
        "<span title=\"a--b\">“rå”</span>",
        "<a href=\"https://example.no/a--b...c\">lenke “tekst”</a>",
        "<a href=\"https://example.no/x--y...z\">https://example.no/x--y...z</a>",
        "“<a href=\"https://example.no/q\">https://example.no/q</a>”.",
        "<pre><code>\"blokk\" -- ...",
    ] {
        assert!(html.contains(want), "expected {want:?} in\n{html}");
    }
}

/// Bare e-mail and `www.` addresses become links as Hugo's linkify makes them; not inside
/// code, nor glued to other text.
#[test]
fn bare_email_and_www_addresses_are_links_as_in_hugo() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "Skriv til servicedesk@digdir.no eller se (www.altinn.no/hjelp). \
         Ikke «xabcd@brreg.no» eller `post@altinn.no`.\n",
    );
    site.build().ok().no_diagnostics().file_contains(
        "public/a/index.html",
        "<p>Skriv til <a href=\"mailto:servicedesk@digdir.no\">servicedesk@digdir.no</a> eller se \
         (<a href=\"https://www.altinn.no/hjelp\">www.altinn.no/hjelp</a>). \
         Ikke «xabcd@brreg.no» eller <code>post@altinn.no</code>.</p>",
    );
}

/// Definition lists (on in Hugo's goldmark) are `<dl>`, not paragraphs starting with `:`.
#[test]
fn definition_lists_are_dl_as_in_hugo() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "Eple\n: En frukt\n: Rund\n\nPære\n\n: Også en *frukt*\n",
    );
    site.build().ok().no_diagnostics().in_order(
        "public/a/index.html",
        &[
            "<dl>",
            "<dt>Eple</dt>",
            "En frukt",
            "Rund",
            "<dt>Pære</dt>",
            "<dd>\n<p>Også en <em>frukt</em></p>\n</dd>",
            "</dl>",
        ],
    );
}

/// Only `~~…~~` strikes through, as in Hugo; a single tilde is text (`H~2~O`, `~enkel~`).
#[test]
fn only_double_tildes_strike_through_as_in_hugo() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "~~borte~~, H~2~O og ~enkel~, og ~~*også* borte~~.\n",
    );
    site.build().ok().no_diagnostics().file_contains(
        "public/a/index.html",
        "<p><del>borte</del>, H~2~O og ~enkel~, og <del><em>også</em> borte</del>.</p>",
    );
}

/// Markdown footnotes are listed at the end of the page, numbered by first reference, with
/// links back, in goldmark's markup (as Hugo writes them), plus names for screen readers in
/// the page's language. Was: each note where it was written, with bare ids (`id="a"`).
#[test]
fn footnotes_are_listed_at_the_end_as_in_hugo() {
    let site = Site::new()
        .page(
            "content/a.md",
            "A",
            "Først[^b] så[^a], og [til noten](#fn:2).\n\n[^a]: A-noten.\n\n[^b]: B-noten.\n\n[^u]: Ubrukt.\n\n## Mer\n\nIgjen[^b] og ukjent[^x].\n",
        )
        .page("content/b.md", "B", "Se [notene](/a/#fn:1).\n");
    // The links to the notes are checked and found; the unreferenced note is a warning.
    let run = site.build().ok().diag(
        "content/a.md:10:1",
        "warning",
        "footnote `[^u]` is never referenced",
    );
    assert_eq!(
        run.stderr.matches(": warning:").count(),
        1,
        "{}",
        run.stderr
    );
    run.in_order(
        "public/a/index.html",
        &[
            "Først<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> så<sup id=\"fnref:2\"><a href=\"#fn:2\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup>",
            "<h2 id=\"mer\">",
            "Igjen<sup id=\"fnref1:1\"><a href=\"#fn:1\"",
            "ukjent[^x]",
            "<div class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Fotnoter\">",
            "<li id=\"fn:1\">\n<p>B-noten.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Tilbake til teksten\">&#x21a9;&#xfe0e;</a>&#160;<a href=\"#fnref1:1\"",
            "<li id=\"fn:2\">\n<p>A-noten.",
            "</ol>\n</div>",
        ],
    )
    .file_lacks("public/a/index.html", "Ubrukt")
    .file_lacks("public/a/index.html", "footnote-definition");
}

/// The footnote list is named in the page's language.
#[test]
fn footnote_names_follow_the_page_language() {
    let site = Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\nlanguage = \"nn\"\n")
        .page("content/a.md", "A", "Tekst[^1].\n\n[^1]: Note.\n");
    site.build()
        .ok()
        .file_contains("public/a/index.html", "aria-label=\"Fotnotar\"");
}

/// Footnotes that do not show as written are warnings at their place: a note nobody
/// references (Hugo leaves it out silently), a second note of a label, and a reference
/// whose label matches a note's only in another case (Hugo matches labels as written).
#[test]
fn footnotes_that_do_not_show_are_warnings_at_their_place() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "En[^a] og to[^B].\n\n[^a]: A.\n\n[^b]: B.\n\n[^a]: Igjen.\n",
    );
    // The page's body starts on line 4 (after three lines of front matter).
    site.build()
        .ok()
        .diag(
            "content/a.md:4:13",
            "warning",
            "footnote `[^B]` has no note (`[^b]` has one, but labels match as written, as in Hugo): shown as text",
        )
        .diag(
            "content/a.md:8:1",
            "warning",
            "footnote `[^b]` is never referenced: it is left out, as in Hugo",
        )
        .diag(
            "content/a.md:10:1",
            "warning",
            "a second footnote `[^a]`: it is left out (the first one counts)",
        )
        .file_lacks("public/a/index.html", "Igjen");
}

/// A bare URL in a heading is a link, as goldmark's linkify makes it; the heading's id and
/// its entry in the table of contents are made from its text, so the contents' link holds
/// no link.
#[test]
fn bare_urls_in_headings_are_links_as_in_hugo() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "## Feil svar fra https://www.altinn.no/api/roles\n\nTekst.\n\n## Kontakt servicedesk@digdir.no\n\nMer.\n\n## Til slutt\n\nSlutt.\n",
    );
    let run = site.build().ok().no_diagnostics();
    run.in_order(
        "public/a/index.html",
        &[
            "<a href=\"#feil-svar-fra-httpswwwaltinnnoapiroles\">Feil svar fra https://www.altinn.no/api/roles</a>",
            "<h2 id=\"feil-svar-fra-httpswwwaltinnnoapiroles\">Feil svar fra <a href=\"https://www.altinn.no/api/roles\">https://www.altinn.no/api/roles</a></h2>",
            "<h2 id=\"kontakt-servicedeskdigdirno\">Kontakt <a href=\"mailto:servicedesk@digdir.no\">servicedesk@digdir.no</a></h2>",
        ],
    );
}

/// A note referenced only inside a shortcode (whose markdown is rendered on its own) is told
/// as that, not as never referenced.
#[test]
fn a_footnote_referenced_only_inside_a_shortcode_is_told_so() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "Tekst.\n\n{{% notice info %}}\nSe noten[^n].\n{{% /notice %}}\n\n[^n]: Noten.\n",
    );
    site.build().ok().diag(
        "content/a.md:10:1",
        "warning",
        "footnote `[^n]` is referenced only inside a shortcode, whose markdown is rendered on its own",
    );
}
