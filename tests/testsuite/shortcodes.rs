//! Hugo shortcodes: the built-in ones render through the default theme's templates without
//! diagnostics; mistakes in shortcode syntax are reported at their `line:col`.

use crate::harness::{Run, Site};

/// Builds a site with `content/a.md` holding `body` (front matter is 3 lines, so the body
/// starts on line 4), expects success without diagnostics, and checks that each of
/// `expected` is in the page.
fn renders(body: &str, expected: &[&str]) {
    let site = Site::new().page("content/a.md", "A", body);
    let mut run = site.build().ok().no_diagnostics();
    for e in expected {
        run = run.file_contains("public/a/index.html", e);
    }
}

fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": warning:"))
        .collect()
}

// ---------------------------------------------------------------------------
// Built-in shortcodes
// ---------------------------------------------------------------------------

#[test]
fn notice_note() {
    renders(
        "{{% notice note %}}\nHusk **dette**.\n{{% /notice %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--note\">\n<p class=\"vv-notice__label\">Merk</p>\n<div class=\"vv-notice__body\">\n<p>Husk <strong>dette</strong>.</p>",
        ],
    );
}

#[test]
fn notice_info_renders_markdown_inside() {
    renders(
        "{{% notice info %}}\nDette er *viktig* med [lenke](https://example.no).\n\n- ett\n- to\n{{% /notice %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--info\">",
            "<p class=\"vv-notice__label\">Info</p>",
            "<p>Dette er <em>viktig</em> med <a href=\"https://example.no\">lenke</a>.</p>",
            "<li>ett</li>",
        ],
    );
}

#[test]
fn notice_tip() {
    renders(
        "{{% notice tip %}}\nEt tips.\n{{% /notice %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--tip\">",
            "<p class=\"vv-notice__label\">Tips</p>",
            "<p>Et tips.</p>",
        ],
    );
}

#[test]
fn notice_warning() {
    renders(
        "{{% notice warning %}}\nPass på.\n{{% /notice %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--warning\">",
            "<p class=\"vv-notice__label\">Advarsel</p>",
            "<p>Pass på.</p>",
        ],
    );
}

#[test]
fn notice_with_angle_brackets_renders_markdown_too() {
    renders(
        "{{< notice info >}}\nMed **fet** skrift.\n{{< /notice >}}\n",
        &[
            "<div class=\"vv-notice vv-notice--info\">",
            "<strong>fet</strong>",
        ],
    );
}

#[test]
fn notice_is_not_wrapped_in_a_paragraph() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "Før\n\n{{% notice info %}}\nInni\n{{% /notice %}}\n\nEtter\n",
    );
    site.build()
        .ok()
        .file_lacks("public/a/index.html", "<p><div")
        .in_order(
            "public/a/index.html",
            &[
                "<p>Før</p>",
                "vv-notice--info",
                "<p>Inni</p>",
                "<p>Etter</p>",
            ],
        );
}

#[test]
fn notice_in_nynorsk_uses_nynorsk_label() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\nlang: nn\n---\n{{% notice warning %}}\nPass på.\n{{% /notice %}}\n",
        )
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<p class=\"vv-notice__label\">Åtvaring</p>",
        );
}

#[test]
fn alert() {
    renders(
        "{{% alert theme=\"warning\" %}}\nVarsel med **fet**.\n{{% /alert %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--warning\">\n<p class=\"vv-notice__label\">Advarsel</p>",
            "<strong>fet</strong>",
        ],
    );
}

#[test]
fn panel() {
    renders(
        "{{% panel theme=\"info\" header=\"Overskrift\" %}}\nInnhold i panelet.\n{{% /panel %}}\n",
        &[
            "<div class=\"vv-panel vv-panel--info\">",
            "<p class=\"vv-panel__header\">Overskrift</p>",
            "<div class=\"vv-panel__body\">\n<p>Innhold i panelet.</p>",
        ],
    );
}

#[test]
fn expand() {
    renders(
        "{{% expand \"Vis detaljer\" %}}\nSkjult *innhold*.\n{{% /expand %}}\n",
        &[
            "<details class=\"vv-expand\">",
            "<summary class=\"vv-expand__summary\">Vis detaljer</summary>",
            "<div class=\"vv-expand__body\">\n<p>Skjult <em>innhold</em>.</p>",
        ],
    );
}

#[test]
fn expand_without_title_uses_the_default_label() {
    renders(
        "{{% expand %}}\nInnhold.\n{{% /expand %}}\n",
        &["<summary class=\"vv-expand__summary\">Vis mer</summary>"],
    );
}

#[test]
fn expandlarge() {
    renders(
        "{{% expandlarge id=\"stor\" header=\"Stor boks\" %}}\nMye innhold.\n{{% /expandlarge %}}\n",
        &[
            "<details class=\"vv-expand vv-expand--large\" id=\"stor\">",
            "<summary class=\"vv-expand__summary\">Stor boks</summary>",
            "<p>Mye innhold.</p>",
        ],
    );
}

#[test]
fn expiring_notice() {
    renders(
        "{{% expiring-notice \"2025-06-30\" %}}\nGjelder en stund.\n{{% /expiring-notice %}}\n",
        &[
            "<div class=\"vv-notice vv-notice--warning vv-notice--expiring\" data-expires=\"2025-06-30\">",
            "<span class=\"vv-notice__meta\">Gjelder til <time datetime=\"2025-06-30\">2025-06-30</time></span>",
            "<p>Gjelder en stund.</p>",
        ],
    );
}

#[test]
fn small() {
    renders(
        "{{% small %}}\nLiten *skrift*.\n{{% /small %}}\n",
        &["<div class=\"vv-small\">\n<p>Liten <em>skrift</em>.</p>"],
    );
}

#[test]
fn consent_term_is_a_term_inside_the_sentence() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "Konsumenten ({{% consent-term %}}CoveredBy{{% /consent-term %}}) er den som spør, \
         og en {{% consent-term delegationscheme %}}delegerbar *API-ressurs*{{% /consent-term %}}.\n",
    );
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<p>Konsumenten (<span class=\"vv-term vv-consent-term\">CoveredBy</span>) er den som spør, \
             og en <span class=\"vv-term vv-consent-term\" data-term=\"delegationscheme\">delegerbar <em>API-ressurs</em></span>.</p>",
        );
    // Paragraphs of its own stand in a frame (a span cannot hold them).
    renders(
        "{{% consent-term %}}\nFørste.\n\nAndre.\n{{% /consent-term %}}\n",
        &["<div class=\"vv-block vv-consent-term\">\n<p>Første.</p>\n<p>Andre.</p>"],
    );
}

#[test]
fn vimeo_is_a_link_not_an_iframe() {
    let site = Site::new().page("content/a.md", "A", "{{< vimeo 123456789 >}}\n");
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-video__link\" href=\"https://vimeo.com/123456789\"><span class=\"vv-video__label\">Se videoen på Vimeo</span>",
        )
        .file_lacks("public/a/index.html", "<iframe")
        .file_lacks("public/a/index.html", "player.vimeo.com");
}

#[test]
fn youtube_is_a_link_not_an_iframe() {
    renders(
        "{{< youtube id=\"abc_12-3\" title=\"Demo\" >}}\n",
        &[
            "<a class=\"vv-video__link\" href=\"https://www.youtube.com/watch?v=abc_12-3\"><span class=\"vv-video__label\">Se videoen på YouTube</span><span class=\"vv-video__title\">: Demo</span><span class=\"vv-visually-hidden\"> (åpner nettstedet youtube.com)</span></a>",
        ],
    );
    let site = Site::new().page("content/a.md", "A", "{{< youtube 0RKpf3rK57I >}}\n");
    site.build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "https://www.youtube.com/watch?v=0RKpf3rK57I",
        )
        .file_lacks("public/a/index.html", "<iframe");
}

#[test]
fn highlight_is_an_escaped_code_block_in_its_language() {
    renders(
        "{{< highlight go \"linenos=table\" >}}\nfunc main() {\n\tfmt.Println(\"<hei> & *ha*\")\n}\n{{< /highlight >}}\n",
        &[
            "<pre><code class=\"language-go\">func main() {\n\tfmt.Println(&quot;&lt;hei&gt; &amp; *ha*&quot;)\n}\n</code></pre>",
        ],
    );
}

#[test]
fn details_is_native_details_with_markdown_inside() {
    renders(
        "{{< details summary=\"Mer om *dette*\" open=true >}}\nSkjult **tekst**\n{{< /details >}}\n",
        &[
            "<details class=\"vv-expand\" open>\n<summary class=\"vv-expand__summary\">Mer om <em>dette</em></summary>\n<div class=\"vv-expand__body\">\n<p>Skjult <strong>tekst</strong></p>",
        ],
    );
}

/// `figure`'s image and link are checked and rewritten like a markdown image's: found beside
/// the page, given the base path, and a missing one reported at the shortcode.
#[test]
fn figure_links_are_checked_like_any_link() {
    let site = Site::new()
        .config("title = \"T\"\nbase_url = \"/docs/\"\n")
        .page(
            "content/a/index.md",
            "A",
            "Tekst\n\n{{< figure src=\"kart.png\" alt=\"Et kart\" title=\"Kart\" caption=\"Hele landet\" link=\"/b/\" >}}\n\n{{% notice info %}}\nSe [B](/b/).\n{{% /notice %}}\n\n{{< figure src=\"mangler.png\" caption=\"Borte\" >}}\n",
        )
        .bytes("content/a/kart.png", b"png")
        .page("content/b.md", "B", "");
    let run = site.build().fails();
    assert_eq!(
        diagnostics(&run),
        [
            "content/a/index.md:12:1: error: broken link `mangler.png`: no page or file at /a/mangler.png"
        ],
        "{}",
        run.stderr
    );
    let site = site.page("content/a/index.md", "A", "{{< figure src=\"kart.png\" alt=\"Et kart\" title=\"Kart\" caption=\"Hele landet\" link=\"/b/\" >}}\n\n{{% notice info %}}\nSe [B](/b/).\n{{% /notice %}}\n\n{{< figure src=\"kart.png\" caption=\"Kart & *alt*, se [B](/b/)\" >}}\n");
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<figure><a href=\"/docs/b/\"><img src=\"/docs/a/kart.png\" alt=\"Et kart\"></a>\n<figcaption><h4>Kart</h4><p>Hele landet</p></figcaption>\n</figure>",
        )
        // The caption is markdown (its links checked too); the alt text defaults to its text.
        .file_contains(
            "public/a/index.html",
            "<figure><img src=\"/docs/a/kart.png\" alt=\"Kart &amp; alt, se B\">\n<figcaption><p>Kart &amp; <em>alt</em>, se <a href=\"/docs/b/\">B</a></p></figcaption>",
        )
        // A link inside a shortcode's inner content is resolved once, as before.
        .file_contains("public/a/index.html", "Se <a href=\"/docs/b/\">B</a>.");
}

/// A caption is markdown with Hugo's typography (`markdownify`), and so is the alt text
/// made from it.
#[test]
fn figure_caption_has_hugos_typography() {
    let site = Site::new()
        .page(
            "content/a/index.md",
            "A",
            "{{< figure src=\"kart.png\" caption=\"Kart 'sør' -- ny...\" >}}\n",
        )
        .bytes("content/a/kart.png", b"png");
    site.build().ok().no_diagnostics().file_contains(
        "public/a/index.html",
        "<img src=\"/a/kart.png\" alt=\"Kart ‘sør’ – ny…\">\n<figcaption><p>Kart ‘sør’ – ny…</p></figcaption>",
    );
}

#[test]
fn button_is_a_checked_link_in_the_text() {
    let site = Site::new()
        .config("title = \"T\"\nbase_url = \"/docs/\"\n")
        .page(
            "content/a.md",
            "A",
            "Før {{% button href=\"/b/\" icon=\"fas fa-download\" %}}Gå til **B**{{% /button %}} etter.\n\n{{% button href=\"/borte/\" %}}Borte{{% /button %}}\n",
        )
        .page("content/b.md", "B", "");
    let run = site.build().fails();
    assert_eq!(
        diagnostics(&run),
        ["content/a.md:6:1: error: broken link `/borte/`: no page or file at /borte/"],
        "{}",
        run.stderr
    );
    let site = site.page(
        "content/a.md",
        "A",
        "Før {{% button href=\"/b/\" icon=\"fas fa-download\" %}}Gå til **B**{{% /button %}} etter.\n",
    );
    site.build().ok().no_diagnostics().file_contains(
        "public/a/index.html",
        "<p>Før <a class=\"vv-button-link\" href=\"/docs/b/\">Gå til <strong>B</strong></a> etter.</p>",
    );
}

#[test]
fn tabs_show_every_tab_under_its_name() {
    renders(
        "{{< tabs groupId=\"os\" >}}\n{{% tab name=\"Windows\" %}}\nKjør `a.exe`.\n{{% /tab %}}\n{{% tab title=\"Linux\" %}}\nKjør `./a`.\n{{% /tab %}}\n{{< /tabs >}}\n",
        &[
            "<div class=\"vv-versions\">\n<section class=\"vv-version\">\n<p class=\"vv-version__label\">Windows</p>\n<p>Kjør <code>a.exe</code>.</p>",
            "<section class=\"vv-version\">\n<p class=\"vv-version__label\">Linux</p>\n<p>Kjør <code>./a</code>.</p>",
        ],
    );
}

/// Hugo's `param` reads the page's front matter, then the site's `[params]` (names in any
/// case, `a.b` inside a table); Learn's `siteparam` only the site's. Values are text.
#[test]
fn param_and_siteparam_show_parameters_as_text() {
    let run = Site::hugo(
        "baseURL = \"/\"\ntitle = \"T\"\n[params]\nversjon = \"3.2 <beta>\"\n[params.kontakt]\nepost = \"hjelp@example.org\"\n",
    )
    .file(
        "content/a.md",
        "---\ntitle: A\nfarge: Blå\nVersjon: \"4.0\"\n---\nSide {{< param \"farge\" >}}, versjon {{< param \"versjon\" >}}, nettsted {{% siteparam \"versjon\" %}}, tabell {{< param \"kontakt.epost\" >}}, ingen {{< param \"ingen\" >}}.\n",
    )
    .build()
    .ok()
    .file_contains(
        "public/a/index.html",
        "<p>Side Blå, versjon 4.0, nettsted 3.2 &lt;beta&gt;, tabell hjelp@example.org, ingen .</p>",
    );
    assert_eq!(
        diagnostics(&run),
        [
            "content/a.md:6:144: warning: `param`: `ingen` is in neither the page's front matter nor the site's `params`; nothing is shown"
        ],
        "{}",
        run.stderr
    );
}

/// The Altinn Studio docs' footnotes: numbers where they stand, the texts (markdown, links
/// checked at the footnote) listed by the next `displayFootnotes`, which starts the
/// numbering again unless `noreset`.
#[test]
fn footnotes_are_numbered_and_listed_where_display_footnotes_stands() {
    let body = "| Navn | Verdi |\n|---|---|\n| A | Ja{{<footnote \"Se [B](/b/) for *mer*.\" >}} |\n| C | Nei{{<footnote \"Bare i test\" >}} |\n\n{{<displayFootnotes noreset>}}\n\nTekst{{<footnote \"Etterpå [brutt](/borte/)\" >}}.\n\n{{<displayFootnotes>}}\n\nNy{{<footnote \"Først igjen\" >}}\n\n{{<displayFootnotes>}}\n\nSist{{<footnote \"Aldri vist\" >}}\n";
    let site = Site::hugo("baseURL = \"/\"\ntitle = \"T\"\n")
        .page("content/a.md", "A", body)
        .page("content/b.md", "B", "");
    let run = site.build().ok();
    assert_eq!(
        diagnostics(&run),
        [
            "content/a.md:11:6: warning: broken link `/borte/`: no page or file at /borte/",
            "content/a.md:19:5: warning: `footnote` without a `displayFootnotes` after it: its text is not shown",
        ],
        "{}",
        run.stderr
    );
    run.in_order(
        "public/a/index.html",
        &[
            "<td>Ja<sup class=\"vv-footnote-ref\">1</sup></td>",
            "<td>Nei<sup class=\"vv-footnote-ref\">2</sup></td>",
            "<div class=\"vv-footnotes\"><p class=\"vv-footnotes__entry\"><sup>1</sup> Se <a href=\"/b/\">B</a> for <em>mer</em>.</p><p class=\"vv-footnotes__entry\"><sup>2</sup> Bare i test</p></div>",
            // `noreset`: the numbers go on.
            "Tekst<sup class=\"vv-footnote-ref\">3</sup>.",
            "<p class=\"vv-footnotes__entry\"><sup>3</sup> Etterpå <a href=\"/borte/\">brutt</a></p>",
            "Ny<sup class=\"vv-footnote-ref\">1</sup>",
            "<p class=\"vv-footnotes__entry\"><sup>1</sup> Først igjen</p>",
        ],
    );
}

/// The Altinn Studio docs' `link`: a checked link to a page (a path from the file's folder)
/// with the page's description, title or link title as its text.
#[test]
fn link_names_a_page_by_its_description_title_or_link_title() {
    let site = Site::hugo("baseURL = \"/docs/\"\ntitle = \"T\"\n")
        .page("content/guide/_index.md", "Guide", "")
        .file(
            "content/ref/x.md",
            "---\ntitle: Referanse X\nlinktitle: X kort\ndescription: Alt om X & Y\n---\n",
        )
        .page("content/ref/uten.md", "Uten", "")
        .page(
            "content/guide/a.md",
            "A",
            "**Les mer**\n\n* {{<link \"../ref/x\">}}\n* {{<link \"../ref/x\" title>}}\n* {{<link \"../ref/x\" linkTitle>}}\n* {{<link \"../ref/uten\">}}\n* {{<link \"../ref/borte\">}}\n",
        );
    let run = site.build().ok();
    assert_eq!(
        diagnostics(&run),
        [
            "content/guide/a.md:10:3: warning: broken ref `../ref/borte`: no content file ref/borte.md (did you mean `ref/uten.md`?)"
        ],
        "{}",
        run.stderr
    );
    run.in_order(
        "public/guide/a/index.html",
        &[
            "<li><a href=\"/docs/ref/x/\">Alt om X &amp; Y</a></li>",
            "<li><a href=\"/docs/ref/x/\">Referanse X</a></li>",
            "<li><a href=\"/docs/ref/x/\">X kort</a></li>",
            // No description: the title.
            "<li><a href=\"/docs/ref/uten/\">Uten</a></li>",
            "<li><a href=\"../ref/borte\">../ref/borte</a></li>",
        ],
    );
}

#[test]
fn mermaid_source_is_escaped_in_a_pre() {
    let site = Site::new().page(
        "content/a.md",
        "A",
        "{{< mermaid >}}\ngraph TD;\n  A-->B;\n  B-->C[\"<b>fet</b> & sånn\"];\n{{< /mermaid >}}\n",
    );
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/a/index.html",
            "<pre class=\"mermaid vv-mermaid\">graph TD;\n  A--&gt;B;\n  B--&gt;C[&quot;&lt;b&gt;fet&lt;/b&gt; &amp; sånn&quot;];</pre>",
        )
        .file_lacks("public/a/index.html", "<b>fet</b>")
        .file_lacks("public/a/index.html", "mermaid.min.js");
}

#[test]
fn attachments_without_closing_tag() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "Vedlegg:\n\n{{% attachments %}}\n\nSlutt.\n",
        )
        .bytes("content/a.files/plan.pdf", &[0; 10])
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<p>Slutt.</p>")
        .file_contains("public/a/index.html", ">plan.pdf</a>");
}

#[test]
fn attachments_with_inner_content() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "{{% attachments %}}\nSe *vedlegget*.\n{{% /attachments %}}\n",
        )
        .bytes("content/a.files/plan.pdf", &[0; 10])
        .build()
        .ok()
        .no_diagnostics()
        .in_order(
            "public/a/index.html",
            &[">plan.pdf</a>", "<p>Se <em>vedlegget</em>.</p>"],
        );
}

#[test]
fn attachments_lists_the_pages_files_folder_as_hugo_learn_does() {
    let site = Site::new()
        // `<name>.files` beside `<name>.md` (`_index.md` too), `pattern` filters by name.
        .page(
            "content/sek/_index.md",
            "Seksjon",
            "{{% attachments title=\"Presentasjoner\" pattern=\".*(pdf|pptx)$\" /%}}\n",
        )
        .bytes("content/sek/_index.files/oversikt.pdf", &[7; 1500])
        .bytes(
            "content/sek/_index.files/lysark.pptx",
            &[7; 3 * 1024 * 1024 / 2],
        )
        .bytes("content/sek/_index.files/notater.txt", &[7; 10])
        // `files` beside a bundle's `index.md`; the default title; a name that needs
        // encoding and escaping.
        .page(
            "content/sek/pakke/index.md",
            "Pakke",
            "{{< attachments />}}\n",
        )
        .bytes("content/sek/pakke/files/Plan & mål.pdf", &[7; 100])
        .bytes("content/sek/pakke/files/50% #2.pdf", &[7; 100]);
    site.build()
        .ok()
        .no_diagnostics()
        .in_order(
            "public/sek/index.html",
            &[
                "<div class=\"vv-attachments\">",
                "<p class=\"vv-attachments__title\">Presentasjoner</p>",
                "<a class=\"vv-attachments__link\" href=\"/sek/_index.files/lysark.pptx\">lysark.pptx</a> <span class=\"vv-attachments__size\">(1,5 MB)</span>",
                "href=\"/sek/_index.files/oversikt.pdf\">oversikt.pdf</a> <span class=\"vv-attachments__size\">(2 kB)</span>",
            ],
        )
        .file_lacks("public/sek/index.html", "notater.txt")
        .exists("public/sek/_index.files/notater.txt")
        .in_order(
            "public/sek/pakke/index.html",
            &[
                "<p class=\"vv-attachments__title\">Vedlegg</p>",
                "href=\"/sek/pakke/files/50%25%20%232.pdf\">50% #2.pdf</a>",
                "href=\"/sek/pakke/files/Plan%20%26%20m%C3%A5l.pdf\">Plan &amp; mål.pdf</a> <span class=\"vv-attachments__size\">(1 kB)</span>",
            ],
        )
        .exists("public/sek/pakke/files/Plan & mål.pdf");
}

#[test]
fn attachments_without_files_or_with_a_bad_pattern_are_reported() {
    Site::new()
        .page("content/a.md", "A", "Tekst.\n\n{{% attachments /%}}\n")
        .build()
        .ok()
        .diag(
            "content/a.md:6:1",
            "warning",
            "attachments: no files in `a.files/` beside this page",
        );
    Site::new()
        .page(
            "content/a.md",
            "A",
            "{{% attachments pattern=\"(pdf\" /%}}\n",
        )
        .bytes("content/a.files/plan.pdf", &[0; 10])
        .build()
        .ok()
        .diag(
            "content/a.md:4:1",
            "warning",
            "attachments: `pattern` is no regular expression",
        )
        .file_contains("public/a/index.html", ">plan.pdf</a>");
}

fn children_site(call: &str) -> Site {
    Site::new()
        .page("content/sek/_index.md", "Seksjon", call)
        .file(
            "content/sek/b.md",
            "---\ntitle: Bravo\ndescription: Om bravo\n---\n",
        )
        .file(
            "content/sek/a.md",
            "---\ntitle: Alfa\ndescription: Om alfa\n---\n",
        )
        .file(
            "content/sek/under/_index.md",
            "---\ntitle: Under\ndescription: Om under\n---\n",
        )
        .page("content/sek/under/dyp.md", "Dyp", "")
        .file(
            "content/sek/skjult.md",
            "---\ntitle: Skjult\nhidden: true\n---\n",
        )
}

#[test]
fn children_lists_child_pages_with_descriptions() {
    children_site("{{<children description=\"true\" />}}")
        .build()
        .ok()
        .no_diagnostics()
        .in_order(
            "public/sek/index.html",
            &[
                "<ul class=\"vv-children\">",
                "<li class=\"vv-children__item\"><a class=\"vv-children__link\" href=\"/sek/a/\">Alfa</a><p class=\"vv-children__description\">Om alfa</p></li>",
                "<li class=\"vv-children__item\"><a class=\"vv-children__link\" href=\"/sek/b/\">Bravo</a><p class=\"vv-children__description\">Om bravo</p></li>",
                "<li class=\"vv-children__item\"><a class=\"vv-children__link\" href=\"/sek/under/\">Under</a><p class=\"vv-children__description\">Om under</p></li>",
                "</ul>",
            ],
        )
        .file_lacks("public/sek/index.html", "vv-children__link\" href=\"/sek/under/dyp/\"")
        .file_lacks("public/sek/index.html", "vv-children__link\" href=\"/sek/skjult/\"")
        .file_lacks("public/sek/index.html", "<p><ul class=\"vv-children\">");
}

#[test]
fn children_without_description() {
    children_site("{{< children >}}")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/sek/index.html",
            "<a class=\"vv-children__link\" href=\"/sek/a/\">Alfa</a></li>",
        )
        .file_lacks("public/sek/index.html", "vv-children__description");
}

#[test]
fn children_with_depth_two_lists_grandchildren() {
    children_site("{{< children depth=\"2\" >}}")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/sek/index.html",
            "<a class=\"vv-children__link\" href=\"/sek/under/\">Under</a><ul class=\"vv-children\"><li class=\"vv-children__item\"><a class=\"vv-children__link\" href=\"/sek/under/dyp/\">Dyp</a></li></ul></li>",
        );
}

/// A section whose children's weights, titles and dates each give another order.
fn children_orders_site(call: &str) -> Site {
    let child = |title: &str, weight: u32, date: &str, hidden: bool| {
        format!("---\ntitle: {title}\nweight: {weight}\ndate: {date}\nhidden: {hidden}\n---\n")
    };
    Site::new()
        .page("content/sek/_index.md", "Seksjon", call)
        .file("content/sek/ost.md", &child("Øst", 1, "2024-03-01", false))
        .file(
            "content/sek/alfa.md",
            &child("Alfa", 2, "2024-05-01", false),
        )
        .file("content/sek/aere.md", &child("Ære", 3, "2023-01-01", false))
        .file(
            "content/sek/skjult.md",
            &child("Skjult", 4, "2024-01-01", true),
        )
}

/// The titles a `children` call lists, in order.
fn listed(call: &str) -> Vec<String> {
    let site = children_orders_site(call);
    let html = site
        .build()
        .ok()
        .no_diagnostics()
        .read("public/sek/index.html");
    html.split("class=\"vv-children__link\"")
        .skip(1)
        .map(|s| s[s.find('>').unwrap() + 1..s.find("</a>").unwrap()].to_string())
        .collect()
}

/// A list of children right after a paragraph's text (no blank line) ends the paragraph
/// instead of standing inside it (`<p><ul>` is not HTML).
#[test]
fn children_after_a_paragraphs_text_close_the_paragraph() {
    children_site("Les mer her:\n{{< children >}}\nOg mer tekst.")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains(
            "public/sek/index.html",
            "<p>Les mer her:</p>\n<ul class=\"vv-children\">",
        )
        .file_contains("public/sek/index.html", "</ul>\n<p>Og mer tekst.</p>")
        .file_lacks("public/sek/index.html", "<p></p>");
}

#[test]
fn children_sort_and_showhidden_as_hugo_learn() {
    assert_eq!(listed("{{< children >}}"), ["Øst", "Alfa", "Ære"]);
    assert_eq!(
        listed("{{< children sort=\"Weight\" >}}"),
        ["Øst", "Alfa", "Ære"]
    );
    // Norwegian alphabetical order: æ, ø, å come after z.
    assert_eq!(
        listed("{{< children sort=\"name\" >}}"),
        ["Alfa", "Ære", "Øst"]
    );
    assert_eq!(
        listed("{{< children sort=\"title\" >}}"),
        ["Alfa", "Ære", "Øst"]
    );
    assert_eq!(
        listed("{{< children sort=\"NameReverse\" >}}"),
        ["Øst", "Ære", "Alfa"]
    );
    assert_eq!(
        listed("{{< children sort=\"date\" >}}"),
        ["Ære", "Øst", "Alfa"]
    );
    assert_eq!(
        listed("{{< children sort=\"modifieddate\" >}}"),
        ["Alfa", "Øst", "Ære"]
    );
    assert_eq!(
        listed("{{< children showhidden=\"true\" >}}"),
        ["Øst", "Alfa", "Ære", "Skjult"]
    );
}

#[test]
fn ref_in_a_link() {
    Site::new()
        .page("content/a.md", "A", "[B-siden]({{< ref \"b.md\" >}})")
        .page("content/b.md", "B", "")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<a href=\"/b/\">B-siden</a>");
}

#[test]
fn relref_in_a_link() {
    Site::new()
        .page(
            "content/a/c.md",
            "C",
            "[B-siden]({{% relref \"../b.md#del\" %}})",
        )
        .page("content/b.md", "B", "## Del")
        .build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/c/index.html", "<a href=\"/b/#del\">B-siden</a>");
}

#[test]
fn bare_ref_outputs_the_url() {
    // Like Hugo, `ref`/`relref` outside a link destination print the target's URL.
    let site = Site::new()
        .page(
            "content/a.md",
            "A",
            "Adressen er {{< ref \"b.md\" >}} og {{< relref \"b.md\" >}}.",
        )
        .page("content/b.md", "B", "");
    site.build()
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<p>Adressen er /b/ og /b/.</p>")
        .file_lacks("public/a/index.html", "veiviser-ref");
}

#[test]
fn ref_without_target_is_an_error() {
    Site::new()
        .page("content/a.md", "A", "[x]({{< ref >}})")
        .build()
        .fails()
        .diag(
            "content/a.md:4:5",
            "error",
            "`ref` shortcode needs a target path",
        );
}

// ---------------------------------------------------------------------------
// Mistakes
// ---------------------------------------------------------------------------

#[test]
fn unknown_shortcode_is_a_warning_and_keeps_inner_content() {
    let run = Site::new()
        .page(
            "content/a.md",
            "A",
            "Tekst\n\n{{% ukjent farge=\"blå\" %}}\nInnhold med **fet** skrift.\n{{% /ukjent %}}\n",
        )
        .build()
        .ok()
        .diag(
            "content/a.md:6:1",
            "warning",
            "unknown shortcode `ukjent`: its inner content is kept",
        )
        .file_contains(
            "public/a/index.html",
            "<p>Innhold med <strong>fet</strong> skrift.</p>",
        )
        .file_lacks("public/a/index.html", "ukjent");
    assert_eq!(diagnostics(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn unknown_standalone_shortcode_is_a_warning_at_its_column() {
    Site::new()
        .page("content/a.md", "A", "Se her: {{< kalkulator abc >}}")
        .build()
        .ok()
        .diag(
            "content/a.md:4:9",
            "warning",
            "unknown shortcode `kalkulator`",
        );
}

#[test]
fn unclosed_paired_shortcode_is_an_error_at_its_line() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "Innledning\n\n{{% notice info %}}\nDette lukkes aldri.\n",
        )
        .build()
        .fails()
        .diag(
            "content/a.md:6:1",
            "error",
            "unclosed shortcode `notice`: no matching `{{% /notice %}}`",
        )
        .missing("public");
}

#[test]
fn stray_closing_tag_is_an_error() {
    Site::new()
        .page("content/a.md", "A", "Tekst\n\nMer {{% /notice %}}\n")
        .build()
        .fails()
        .diag(
            "content/a.md:6:5",
            "error",
            "closing tag `{{% /notice %}}` has no matching opening tag",
        );
}

#[test]
fn mis_nested_shortcodes_are_errors() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "{{% expand \"x\" %}}\n{{% notice info %}}\nInni\n{{% /expand %}}\n{{% /notice %}}\n",
        )
        .build()
        .fails()
        .diag("content/a.md:5:1", "error", "unclosed shortcode `notice`")
        .diag(
            "content/a.md:8:1",
            "error",
            "closing tag `{{% /notice %}}` has no matching opening tag",
        );
}

#[test]
fn commented_shortcode_is_shown_literally() {
    renders(
        "Skriv {{</* notice info */>}} for å lage en boks.\n\nOg `{{%/* notice */%}}` i kode.\n",
        &[
            "<p>Skriv {{&lt; notice info &gt;}} for å lage en boks.</p>",
            "<code>{{% notice %}}</code>",
        ],
    );
}

#[test]
fn commented_shortcode_is_not_rendered() {
    let site = Site::new().page("content/a.md", "A", "{{</* notice info */>}}\n");
    site.build()
        .ok()
        .no_diagnostics()
        .file_lacks("public/a/index.html", "vv-notice--info");
}

#[test]
fn heading_inside_a_notice_gets_an_id() {
    renders(
        "{{% notice info %}}\n## Inni boksen\n\nTekst.\n{{% /notice %}}\n\n[Til boksen](#inni-boksen)\n",
        &[
            "<h2 id=\"inni-boksen\">Inni boksen</h2>",
            "<a href=\"/a/#inni-boksen\">Til boksen</a>",
        ],
    );
}

#[test]
fn link_inside_a_notice_is_checked_at_its_line() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "{{% notice info %}}\nFørste linje.\nSe [her](mangler/).\n{{% /notice %}}\n",
        )
        .build()
        .fails()
        .diag("content/a.md:6:4", "error", "broken link `mangler/`");
}

#[test]
fn nested_shortcodes_render() {
    renders(
        "{{% expand \"Mer\" %}}\n{{% notice tip %}}\nDypt **inni**.\n{{% /notice %}}\n{{% /expand %}}\n",
        &[
            "<details class=\"vv-expand\">",
            "<div class=\"vv-notice vv-notice--tip\">",
            "<strong>inni</strong>",
        ],
    );
}
