//! The output folder: deterministic and atomic writes, `--out` safety, `--base-url`, the
//! generated files, and the navigation on every page.

use crate::harness::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`: relative path (`/`-separated) → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A small site with a bit of everything that reaches the output.
fn rich_site() -> Site {
    Site::new()
        .page("content/_index.md", "Hjem", "Velkommen til **veiviser**.")
        .file(
            "content/veiledning/_index.md",
            "---\ntitle: Veiledning\nweight: 1\ndescription: Alt om veiledning\n---\n{{< children description=\"true\" >}}\n",
        )
        .file(
            "content/veiledning/kom-i-gang.md",
            "---\ntitle: Kom i gang\nweight: 1\ntoc: true\ntags: [\"Start\", \"API\"]\naliases: [\"/gammel/\"]\n---\n## Første steg\n\n{{% notice tip %}}\nEt tips med [lenke](../avansert/#detaljer).\n{{% /notice %}}\n\n## Andre steg\n\n![Kart](kart.png)\n",
        )
        .file(
            "content/veiledning/avansert.md",
            "---\ntitle: Avansert\nweight: 2\ntags: [\"API\"]\ncategories: [\"Utvikling\"]\n---\n## Detaljer\n\n{{% expand \"Mer\" %}}\nSkjult\n{{% /expand %}}\n\n{{< mermaid >}}\ngraph TD; A-->B;\n{{< /mermaid >}}\n\n{{< vimeo 123 >}}\n",
        )
        .bytes("content/veiledning/kart.png", b"kart")
        .page("content/ordliste.md", "Ordliste", "Ærlig, Ørret, Åpning.")
        .page("content/spørsmål-og-svar.md", "Spørsmål og svar", "Svar.")
        .bytes("static/favicon.ico", b"ico")
}

// ---------------------------------------------------------------------------
// Deterministic and atomic
// ---------------------------------------------------------------------------

#[test]
fn two_builds_give_byte_identical_output() {
    // Enough pages that the parallel stages really run in parallel.
    let mut site = rich_site();
    for i in 0..60 {
        let title = ["Åpning", "Ærlig", "Ørret", "Zebra", "alfa", "Beta"][i % 6];
        site = site.file(
            &format!("content/del{}/side-{i}.md", i % 4),
            &format!(
                "---\ntitle: \"{title} {i}\"\ntags: [\"T{}\"]\n---\n## Overskrift\n\n## Overskrift\n\n[neste](../../del{}/side-{}/#overskrift-1)\n",
                i % 5,
                (i + 1) % 4,
                (i + 1) % 60
            ),
        );
    }
    let first = site.run(&["build", "--out", "ut1"]).ok().no_diagnostics();
    let second = site.run(&["build", "--out", "ut2"]).ok();
    let a = tree(&first.root.join("ut1"));
    let b = tree(&second.root.join("ut2"));
    assert!(a.len() > 10, "{:?}", a.keys().collect::<Vec<_>>());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn rebuilding_in_place_gives_the_same_output() {
    let site = rich_site();
    let run = site.build().ok();
    let before = tree(&run.root.join("public"));
    let run = site.build().ok();
    let after = tree(&run.root.join("public"));
    assert!(before == after, "a rebuild changed the output");
}

#[test]
fn a_failed_build_leaves_the_previous_output_unchanged() {
    let site = rich_site();
    let run = site.build().ok();
    let before = tree(&run.root.join("public"));
    assert!(before.contains_key("ordliste/index.html"));
    let site = site.file(
        "content/ordliste.md",
        "---\ntitle: [uavsluttet\n---\nNy tekst\n",
    );
    let run = site
        .build()
        .fails()
        .diag(
            "content/ordliste.md:2:1",
            "error",
            "invalid YAML front matter",
        )
        .stderr_contains("failed, output not changed:");
    let after = tree(&run.root.join("public"));
    assert!(before == after, "the failed build changed public/");
    assert_eq!(
        names(&run.root),
        ["content", "public", "static", "veiviser.toml"],
        "no temporary folders may be left beside the output"
    );
}

#[test]
fn a_good_build_replaces_the_previous_output_and_leaves_no_leftovers() {
    let site = rich_site();
    site.build().ok().exists("public/ordliste/index.html");
    let site = site.file(
        "content/ordliste.md",
        "---\ntitle: Ordbok\nurl: /ordbok/\n---\nNy\n",
    );
    let run = site
        .build()
        .ok()
        .file_contains("public/ordbok/index.html", "Ordbok")
        .missing("public/ordliste/index.html");
    assert_eq!(
        names(&run.root),
        ["content", "public", "static", "veiviser.toml"]
    );
}

#[test]
fn check_leaves_the_output_alone() {
    let site = rich_site();
    let run = site.build().ok();
    let before = tree(&run.root.join("public"));
    let site = site.page("content/ny.md", "Ny", "Ny side");
    let run = site.check().ok().stderr_contains("checked:");
    assert!(before == tree(&run.root.join("public")));
}

// ---------------------------------------------------------------------------
// --out
// ---------------------------------------------------------------------------

fn out_site() -> Site {
    Site::new().page("content/a.md", "A", "Tekst")
}

#[test]
fn out_content_folder_is_refused() {
    let site = out_site();
    site.run(&["build", "--out", "content"])
        .code(2)
        .stderr_contains("refusing")
        .file_contains("content/a.md", "Tekst")
        .missing("content/index.html");
}

#[test]
fn out_inside_content_folder_is_refused() {
    out_site()
        .run(&["build", "--out", "content/ut"])
        .code(2)
        .stderr_contains("refusing")
        .missing("content/ut");
}

#[test]
fn out_site_root_is_refused() {
    out_site()
        .run(&["build", "--out", "."])
        .code(2)
        .stderr_contains("refusing")
        .missing("index.html")
        .exists("content/a.md");
}

#[test]
fn out_parent_of_site_root_is_refused() {
    let run = out_site()
        .run(&["build", "--out", ".."])
        .code(2)
        .stderr_contains("refusing");
    assert!(!run.root.parent().unwrap().join(".veiviser-output").exists());
}

#[test]
fn out_parent_written_with_dots_is_refused() {
    out_site()
        .run(&["build", "--out", "content/../content"])
        .code(2)
        .stderr_contains("refusing");
}

#[test]
fn out_file_system_root_is_refused() {
    out_site()
        .run(&["build", "--out", "/"])
        .code(2)
        .stderr_contains("refusing");
}

#[test]
fn out_non_empty_foreign_folder_is_refused() {
    out_site()
        .file("dokumenter/notat.txt", "Viktig")
        .run(&["build", "--out", "dokumenter"])
        .code(2)
        .stderr_contains("refusing")
        .file_contains("dokumenter/notat.txt", "Viktig")
        .missing("dokumenter/index.html");
}

/// A folder with an `index.html` (Hugo's `public/`, say) that veiviser did not write is
/// refused like any other: replacing it would delete whatever else is in it.
#[test]
fn out_foreign_site_folder_is_refused() {
    out_site()
        .file("public/index.html", "Hugo")
        .file("public/avhandling.docx", "Viktig")
        .run(&["build"])
        .code(2)
        .stderr_contains("did not write")
        .file_contains("public/index.html", "Hugo")
        .file_contains("public/avhandling.docx", "Viktig");
}

#[test]
fn out_static_or_themes_folder_is_refused() {
    let site = out_site().file("static/logo.svg", "<svg/>");
    site.run(&["build", "--out", "static"])
        .code(2)
        .stderr_contains("it is the static folder")
        .file_contains("static/logo.svg", "<svg/>");
    let site = out_site();
    site.run(&["build", "--out", "static"])
        .code(2)
        .stderr_contains("it is the static folder")
        .missing("static/index.html");
    out_site()
        .run(&["build", "--out", "themes/ut"])
        .code(2)
        .stderr_contains("it is inside the themes folder")
        .missing("themes");
}

/// What the owner put in the output folder (a git checkout for GitHub Pages, a `CNAME`, a
/// file beside the pages) outlives the next build; what the earlier build wrote and this
/// one does not is gone; a hand-made file at a path the build now writes is replaced with a
/// warning.
#[test]
fn out_keeps_what_the_build_did_not_write() {
    let site = out_site().page("content/b.md", "B", "Tekst");
    site.build().ok();
    let public = site.root().join("public");
    std::fs::create_dir_all(public.join(".git/refs")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/main").unwrap();
    std::fs::write(public.join("CNAME"), "veiviser.example.org").unwrap();
    std::fs::write(public.join("a/notat.txt"), "Mitt").unwrap();
    std::fs::write(public.join("logo.svg"), "for hand").unwrap();
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    let site = site.file("static/logo.svg", "<svg/>");
    let run = site.build().ok().stderr_contains(
        "public/logo.svg:1:1: warning: replaced: the previous build had not written this file (it was put in the output folder by hand?), and this build writes one at the same place",
    );
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    run.file_contains("public/.git/HEAD", "refs/heads/main")
        .exists("public/.git/refs")
        .file_contains("public/CNAME", "veiviser.example.org")
        .file_contains("public/a/notat.txt", "Mitt")
        .file_contains("public/a/index.html", "Tekst")
        .file_contains("public/logo.svg", "<svg/>")
        .missing("public/b/index.html");
    assert_eq!(
        names(site.root()),
        ["content", "public", "static", "veiviser.toml"]
    );
}

/// A folder with neither a config file nor a content folder is not a site: a build there
/// (the wrong folder, or `--root` pointing at `content/`) makes nothing.
#[test]
fn a_folder_that_is_no_site_is_refused() {
    let site = Site::without_config().file("notater/a.md", "# A\n");
    for args in [&["build"][..], &["check"], &["build", "--root", "notater"]] {
        site.run(args)
            .code(2)
            .stderr_contains("is not a site: it has no config file")
            .missing("public")
            .missing("notater/public");
    }
}

/// Hugo's `publishDir` is where a Hugo site's output goes when `--out` is not given.
#[test]
fn a_hugo_publish_dir_is_the_default_output_folder() {
    let site =
        Site::hugo("title = \"Hugo\"\npublishDir = \"docs\"\n").page("content/a.md", "A", "Tekst");
    site.build()
        .ok()
        .stderr_contains("→ ./docs")
        .file_contains("docs/a/index.html", "Tekst")
        .missing("public");
    // `--out` still wins.
    site.run(&["build", "--out", "ut"])
        .ok()
        .exists("ut/a/index.html");
}

#[test]
fn out_elsewhere_works() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("nettsted");
    out_site()
        .run(&["build", "--out", target.to_str().unwrap()])
        .ok()
        .missing("public");
    assert!(target.join("index.html").is_file());
    assert!(target.join("a/index.html").is_file());
    assert!(target.join("css/veiviser.css").is_file());
    let names = names(elsewhere.path());
    assert_eq!(names, ["nettsted"], "no leftovers beside the output");
}

#[test]
fn out_previous_output_folder_is_reused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("nettsted");
    let site = out_site();
    site.run(&["build", "--out", target.to_str().unwrap()]).ok();
    let site = site.page("content/b.md", "B", "Mer");
    site.run(&["build", "--out", target.to_str().unwrap()]).ok();
    assert!(target.join("b/index.html").is_file());
}

// ---------------------------------------------------------------------------
// --base-url
// ---------------------------------------------------------------------------

#[test]
fn base_url_flag_puts_the_base_path_in_links_and_assets() {
    Site::new()
        .page(
            "content/a.md",
            "A",
            "[b](b.md) [c](/c/) ![bilde](bilde.png)",
        )
        .page("content/b.md", "B", "")
        .page("content/c.md", "C", "")
        .bytes("content/bilde.png", b"png")
        .run(&["build", "--base-url", "/docs/"])
        .ok()
        .no_diagnostics()
        .file_contains("public/a/index.html", "<a href=\"/docs/b/\">b</a>")
        .file_contains("public/a/index.html", "<a href=\"/docs/c/\">c</a>")
        .file_contains("public/a/index.html", "src=\"/docs/bilde.png\"")
        .file_contains(
            "public/a/index.html",
            "<link rel=\"stylesheet\" href=\"/docs/css/veiviser.css\">",
        )
        .file_contains(
            "public/a/index.html",
            "<link rel=\"stylesheet\" href=\"/docs/css/print.css\" media=\"print\">",
        )
        .file_contains(
            "public/a/index.html",
            "<script src=\"/docs/js/veiviser.js\" defer></script>",
        )
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-nav__link\" href=\"/docs/b/\">B</a>",
        )
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-header__title\" href=\"/docs/\">",
        )
        .file_contains("public/404.html", "href=\"/docs/css/veiviser.css\"")
        .exists("public/bilde.png")
        .missing("public/docs");
}

#[test]
fn base_url_flag_overrides_the_config() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"https://gammel.no/\"\n")
        .page("content/a.md", "A", "")
        .run(&["build", "--base-url", "https://ny.no/hjelp/"])
        .ok()
        .file_contains(
            "public/a/index.html",
            "<link rel=\"canonical\" href=\"https://ny.no/hjelp/a/\">",
        )
        .file_contains("public/sitemap.xml", "<loc>https://ny.no/hjelp/a/</loc>")
        .file_lacks("public/sitemap.xml", "gammel.no");
}

// ---------------------------------------------------------------------------
// Generated files
// ---------------------------------------------------------------------------

fn absolute_site() -> Site {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"https://eksempel.no/docs/\"\n")
        .page("content/a.md", "A", "")
        .page("content/sek/_index.md", "Seksjon", "")
        .page("content/sek/spørsmål.md", "Spørsmål", "")
        .file(
            "content/sek/skjult.md",
            "---\ntitle: Skjult\nhidden: true\n---\n",
        )
}

#[test]
fn not_found_page_is_written() {
    absolute_site()
        .build()
        .ok()
        .file_contains("public/404.html", "<html lang=\"nb\">")
        .file_contains("public/404.html", "Vi finner ikke siden")
        .file_contains("public/404.html", "href=\"/docs/css/veiviser.css\"")
        .file_contains(
            "public/404.html",
            "<a class=\"vv-button-link\" href=\"/docs/\">Gå til forsiden</a>",
        );
}

#[test]
fn sitemap_lists_page_urls_with_the_absolute_base_url() {
    absolute_site()
        .build()
        .ok()
        .in_order(
            "public/sitemap.xml",
            &[
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
                "<url><loc>https://eksempel.no/docs/</loc></url>",
                "<url><loc>https://eksempel.no/docs/a/</loc></url>",
                "<url><loc>https://eksempel.no/docs/sek/</loc></url>",
                "<url><loc>https://eksempel.no/docs/sek/sp%C3%B8rsm%C3%A5l/</loc></url>",
                "</urlset>",
            ],
        )
        .file_lacks("public/sitemap.xml", "skjult")
        .file_lacks("public/sitemap.xml", "404");
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    absolute_site().build().ok().file_contains(
        "public/robots.txt",
        "User-agent: *\nAllow: /\nSitemap: https://eksempel.no/docs/sitemap.xml\n",
    );
}

#[test]
fn theme_assets_are_written() {
    let site = absolute_site();
    let run = site
        .build()
        .ok()
        .exists("public/css/veiviser.css")
        .exists("public/css/print.css")
        .exists("public/js/veiviser.js");
    assert!(
        std::fs::metadata(run.root.join("public/css/veiviser.css"))
            .unwrap()
            .len()
            > 100
    );
    assert!(
        std::fs::metadata(run.root.join("public/js/veiviser.js"))
            .unwrap()
            .len()
            > 100
    );
}

#[test]
fn static_folder_is_copied_to_the_output_root() {
    rich_site()
        .build()
        .ok()
        .file_contains("public/favicon.ico", "ico")
        .file_contains("public/veiledning/kart.png", "kart");
}

#[test]
fn generated_files_win_over_static_files_at_their_paths() {
    // The search index is written while the other files and assets are copied; assets in
    // its folder are copied after it, so the generated file wins there too.
    rich_site()
        .bytes("static/search/index.json", b"asset-bytes")
        .bytes("static/search/extra.txt", b"extra")
        .bytes("static/sitemap.xml", b"asset-bytes")
        .build()
        .ok()
        .file_lacks("public/search/index.json", "asset-bytes")
        .file_lacks("public/sitemap.xml", "asset-bytes")
        .file_contains("public/search/extra.txt", "extra");
}

#[test]
fn no_inline_scripts_or_styles_in_any_page() {
    let site = rich_site();
    let run = site.build().ok();
    let files = tree(&run.root.join("public"));
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("style="), "{path} has a style attribute");
        assert!(!html.contains("<style"), "{path} has a <style> element");
        let mut rest = html.as_ref();
        while let Some(i) = rest.find("<script") {
            let tag_end = rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len());
            let tag = &rest[i..tag_end];
            assert!(tag.contains(" src="), "{path} has an inline script: {tag}");
            let after = &rest[tag_end..];
            assert!(
                after.starts_with("></script>"),
                "{path} has a script with inline content"
            );
            rest = after;
        }
    }
    // Home, 2 sections, 4 pages, taxonomies (2 lists + 3 terms), 1 alias, 404.
    assert!(pages >= 13, "only {pages} HTML files: {:?}", files.keys());
    assert!(files.contains_key("gammel/index.html"));
    assert!(files.contains_key("tags/api/index.html"));
}

// ---------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------

fn nav_site() -> Site {
    Site::new()
        .page("content/_index.md", "Hjem", "")
        .file("content/a/_index.md", "---\ntitle: Del A\nweight: 1\n---\n")
        .file("content/a/en.md", "---\ntitle: En\nweight: 1\n---\n")
        .file("content/a/to.md", "---\ntitle: To\nweight: 2\n---\n")
        .file(
            "content/a/b/_index.md",
            "---\ntitle: Del B\nweight: 3\n---\n",
        )
        .file("content/a/b/c.md", "---\ntitle: C\n---\n")
        .file("content/d.md", "---\ntitle: Del D\nweight: 2\n---\n")
}

#[test]
fn sidebar_marks_the_current_page() {
    nav_site()
        .build()
        .ok()
        .file_contains(
            "public/a/to/index.html",
            "<li class=\"vv-nav__item vv-nav__item--current\"><a class=\"vv-nav__link\" href=\"/a/to/\" aria-current=\"page\">To</a></li>",
        )
        .file_contains(
            "public/a/to/index.html",
            "<li class=\"vv-nav__item\"><a class=\"vv-nav__link\" href=\"/a/en/\">En</a></li>",
        )
        .file_contains(
            "public/a/to/index.html",
            "<li class=\"vv-nav__item vv-nav__item--section vv-nav__item--open\"><a class=\"vv-nav__link\" href=\"/a/\">Del A</a>",
        )
        .file_contains(
            "public/a/to/index.html",
            "<li class=\"vv-nav__item vv-nav__item--section vv-nav__item--closed\"><a class=\"vv-nav__link\" href=\"/a/b/\">Del B</a>",
        )
        .file_contains(
            "public/a/to/index.html",
            "<nav class=\"vv-nav\" aria-label=\"Hovedmeny\"",
        );
}

#[test]
fn sidebar_marks_a_current_section() {
    nav_site().build().ok().file_contains(
        "public/a/b/index.html",
        "<li class=\"vv-nav__item vv-nav__item--section vv-nav__item--open vv-nav__item--current\"><a class=\"vv-nav__link\" href=\"/a/b/\" aria-current=\"page\">Del B</a>",
    );
}

#[test]
fn only_one_nav_link_is_current() {
    let site = nav_site();
    let run = site.build().ok();
    let html = run.read("public/a/b/c/index.html");
    let nav_start = html.find("<nav class=\"vv-nav\"").unwrap();
    let nav_end = nav_start + html[nav_start..].find("</nav>").unwrap();
    let nav = &html[nav_start..nav_end];
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    assert!(
        nav.contains("href=\"/a/b/c/\" aria-current=\"page\">C</a>"),
        "{nav}"
    );
}

#[test]
fn breadcrumbs_list_the_ancestors() {
    nav_site().build().ok().in_order(
        "public/a/b/c/index.html",
        &[
            "<nav class=\"vv-breadcrumbs\" aria-label=\"Brødsmulesti\">",
            "<a class=\"vv-breadcrumbs__link\" href=\"/\">Hjem</a>",
            "<a class=\"vv-breadcrumbs__link\" href=\"/a/\">Del A</a>",
            "<a class=\"vv-breadcrumbs__link\" href=\"/a/b/\">Del B</a>",
            "<span class=\"vv-breadcrumbs__current\" aria-current=\"page\">C</span>",
            "</ol>",
        ],
    );
}

#[test]
fn home_page_has_no_breadcrumbs() {
    nav_site()
        .build()
        .ok()
        .file_lacks("public/index.html", "vv-breadcrumbs");
}

#[test]
fn prev_and_next_follow_the_reading_order() {
    // Reading order: Hjem, Del A, En, To, Del B, C, Del D.
    let site = nav_site();
    site.build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-pager__link\" href=\"/\" rel=\"prev\">",
        )
        .file_contains(
            "public/a/index.html",
            "<a class=\"vv-pager__link\" href=\"/a/en/\" rel=\"next\">",
        )
        .file_contains(
            "public/a/to/index.html",
            "<a class=\"vv-pager__link\" href=\"/a/en/\" rel=\"prev\">",
        )
        .file_contains(
            "public/a/to/index.html",
            "<a class=\"vv-pager__link\" href=\"/a/b/\" rel=\"next\">",
        )
        .file_contains(
            "public/a/b/c/index.html",
            "<a class=\"vv-pager__link\" href=\"/a/b/\" rel=\"prev\">",
        )
        .file_contains(
            "public/a/b/c/index.html",
            "<a class=\"vv-pager__link\" href=\"/d/\" rel=\"next\">",
        )
        .file_contains(
            "public/d/index.html",
            "<a class=\"vv-pager__link\" href=\"/a/b/c/\" rel=\"prev\">",
        )
        .file_lacks("public/d/index.html", "rel=\"next\"");
}

#[test]
fn toc_is_shown_on_a_toc_page() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ntoc: true\n---\n## Første del\n\nTekst\n\n### Detalj\n\n## Andre del\n",
        )
        .build()
        .ok()
        .in_order(
            "public/a/index.html",
            &[
                "<article class=\"vv-article vv-article--has-toc\">",
                "<nav class=\"vv-toc\" aria-labelledby=\"vv-toc-heading\">",
                "<h2 class=\"vv-toc__heading\" id=\"vv-toc-heading\">På denne siden</h2>",
                "<ul><li><a href=\"#f%C3%B8rste-del\">Første del</a></li><li><a href=\"#andre-del\">Andre del</a></li></ul>",
                "<h2 id=\"første-del\">Første del</h2>",
            ],
        );
}

#[test]
fn toc_false_hides_the_toc() {
    Site::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ntoc: false\n---\n## En\n\n## To\n\n## Tre\n\n## Fire\n",
        )
        .build()
        .ok()
        .file_lacks("public/a/index.html", "vv-toc");
}

#[test]
fn toc_levels_from_veiviser_toml() {
    Site::new()
        .config("title = \"Test\"\nbase_url = \"/\"\n[toc]\nstart_level = 2\nend_level = 3\n")
        .file(
            "content/a.md",
            "---\ntitle: A\ntoc: true\n---\n## En\n\n### Under\n",
        )
        .build()
        .ok()
        .file_contains(
            "public/a/index.html",
            "<ul><li><a href=\"#en\">En</a><ul><li><a href=\"#under\">Under</a></li></ul></li></ul>",
        );
}

#[test]
fn big_sites_show_only_the_open_branch() {
    nav_site()
        .config("title = \"Test\"\nbase_url = \"/\"\n[nav]\nfull_tree_limit = 2\n")
        .build()
        .ok()
        .file_contains(
            "public/d/index.html",
            "<li class=\"vv-nav__item vv-nav__item--section vv-nav__item--closed\"><a class=\"vv-nav__link\" href=\"/a/\">Del A</a></li>",
        )
        .file_lacks("public/d/index.html", "vv-nav__link\" href=\"/a/en/\"")
        .file_contains(
            "public/a/b/c/index.html",
            "<a class=\"vv-nav__link\" href=\"/a/en/\">En</a>",
        )
        .file_contains(
            "public/a/b/c/index.html",
            "href=\"/a/b/c/\" aria-current=\"page\">C</a>",
        );
}

/// Building into an output folder of an earlier build does not write files whose bytes are
/// unchanged: they are hard-linked from the previous output (same inode afterwards), while
/// changed files are written anew; the result equals a build into an empty folder.
#[cfg(unix)]
#[test]
fn unchanged_files_are_not_written_again_when_the_output_is_reused() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::new()
        .page("content/a.md", "A", "Første tekst.\n")
        .page("content/b.md", "B", "Annen tekst.\n");
    site.build().ok();
    let out = site.root().join("public");
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let (a, b) = (inode("a/index.html"), inode("b/index.html"));
    site.build().ok();
    assert_eq!(inode("a/index.html"), a, "unchanged page written again");
    assert_eq!(inode("b/index.html"), b, "unchanged page written again");
    std::fs::write(
        site.root().join("content/a.md"),
        "---\ntitle: \"A\"\n---\nEndret tekst.\n",
    )
    .unwrap();
    site.build().ok();
    assert_ne!(inode("a/index.html"), a, "a changed page is written");
    assert_eq!(inode("b/index.html"), b);
    let reused = tree(&out);
    std::fs::remove_dir_all(&out).unwrap();
    site.build().ok();
    assert_eq!(
        reused,
        tree(&out),
        "same output as a build into an empty folder"
    );
}
