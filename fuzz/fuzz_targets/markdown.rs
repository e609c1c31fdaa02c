//! Markdown → HTML with link resolution: the page is parsed like a file of a site
//! (`parse::parse_file`: front matter, shortcodes rendered with the embedded default theme,
//! pulldown-cmark, heading ids, link collection) and then resolved together with a tiny
//! fixed site (`resolve::resolve`: URLs, sections, aliases, every link checked).
#![no_main]

use libfuzzer_sys::fuzz_target;
use veiviser::diagnostics::Diagnostics;
use veiviser::model::{MARK_CLOSE, MARK_OPEN_DEFERRED, MARK_OPEN_LINK};
use veiviser::resolve::{ResolveOptions, resolve};

const REL: &str = "docs/fuzz.md";
const DISPLAY: &str = "content/docs/fuzz.md";
const BLOCK_OPEN: char = '\u{E003}';

/// Marker indexes `open`n`close` in `html`.
fn markers(html: &str, open: char) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            out.push(None);
            break;
        };
        out.push(after[..close].parse().ok());
        rest = &after[close..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = veiviser_fuzz::page_text(data) else {
        return;
    };
    let (config, theme) = veiviser_fuzz::config_and_theme();
    let (page, diags) =
        veiviser::parse::parse_file(veiviser_fuzz::source(REL, text), config, theme);
    veiviser_fuzz::check_diagnostics(&diags, DISPLAY, text);
    let lines = veiviser_fuzz::lines(text).len();
    let c = &page.content;
    for h in &c.headings {
        assert!((1..=6).contains(&h.level), "heading level {}", h.level);
        assert!(
            h.pos.line <= lines,
            "heading on line {} of {lines}",
            h.pos.line
        );
    }
    for l in &c.links {
        assert!(
            l.pos.line <= lines,
            "link on line {} of {lines}",
            l.pos.line
        );
    }

    // Every marker the parser wrote names a link or deferred shortcode it collected, and no
    // block marker is left over. Text that itself contains marker characters is the
    // writer's own business (checked only for not panicking).
    let typed_markers = text.contains(['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}'])
        || text.to_ascii_uppercase().contains("%EE%80%8");
    if !typed_markers {
        let html = c
            .html
            .replace("%EE%80%80", "\u{E000}")
            .replace("%EE%80%81", "\u{E001}");
        for m in markers(&html, MARK_OPEN_LINK) {
            assert!(
                m.is_some_and(|n| n < c.links.len()),
                "link marker {m:?} but {} links",
                c.links.len()
            );
        }
        for m in markers(&html, MARK_OPEN_DEFERRED) {
            assert!(
                m.is_some_and(|n| n < c.deferred.len()),
                "deferred marker {m:?} but {} deferred",
                c.deferred.len()
            );
        }
        assert!(
            !html.contains(BLOCK_OPEN),
            "a shortcode block marker was left in the HTML"
        );
    }

    // Resolve against the tiny site.
    let mut parsed = veiviser_fuzz::tiny_site().to_vec();
    let n_links = page.content.links.len();
    parsed.push(page);
    parsed.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
    let mut diags = Diagnostics::new();
    let site = resolve(
        config.clone(),
        parsed,
        Vec::new(),
        ResolveOptions {
            drafts: true,
            strict: false,
        },
        &mut diags,
    );
    veiviser_fuzz::check_diagnostics(&diags, DISPLAY, text);
    assert!(site.home < site.pages.len());
    for p in &site.pages {
        assert_eq!(p.hrefs.len(), p.content.links.len(), "{}: hrefs", p.display);
        assert!(p.url.starts_with('/'), "{}: url {:?}", p.display, p.url);
        if let Some(parent) = p.parent {
            assert!(parent < site.pages.len());
        }
        for &k in &p.children {
            assert!(k < site.pages.len());
        }
    }
    if let Some(p) = site.pages.iter().find(|p| p.rel.as_deref() == Some(REL)) {
        assert_eq!(p.hrefs.len(), n_links);
    }
    for (url, &id) in &site.by_url {
        assert!(id < site.pages.len(), "by_url {url} → {id}");
    }
});
