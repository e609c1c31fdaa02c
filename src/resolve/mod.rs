//! Resolve stage: parsed files → the [`Site`]: URLs, the section tree and its order,
//! taxonomies, aliases, and every internal link checked and given its final `href`.
//!
//! This is the only stage that sees all pages at once. It builds lookup tables once
//! (URL → page, content path → page) so resolving a link is a map lookup, never a scan over
//! pages. It reports problems as diagnostics and never renders HTML or does IO.

pub mod links;
pub mod order;
pub mod taxonomy;
pub mod urls;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Pos};
use crate::model::{Asset, Content, FrontMatter, Page, PageId, PageKind, ParsedPage, Site};
use std::collections::BTreeMap;
use urls::{dir_url, is_section_index, page_url, split_rel};

#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Broken links are errors whatever the config says.
    pub strict: bool,
}

pub fn resolve(
    config: Config,
    parsed: Vec<ParsedPage>,
    assets: Vec<Asset>,
    opts: ResolveOptions,
    diags: &mut Diagnostics,
) -> Site {
    resolve_keeping_link_diagnostics(config, parsed, assets, opts, diags).0
}

/// Like [`resolve`], also returning each page's link diagnostics by page id (they are in
/// `diags` too), so an incremental rebuild can replace one page's.
pub fn resolve_keeping_link_diagnostics(
    config: Config,
    parsed: Vec<ParsedPage>,
    assets: Vec<Asset>,
    opts: ResolveOptions,
    diags: &mut Diagnostics,
) -> (Site, Vec<Diagnostics>) {
    let mut pages: Vec<Page> = Vec::with_capacity(parsed.len() + 16);
    let mut by_url: BTreeMap<String, PageId> = BTreeMap::new();
    let mut by_url_lower: BTreeMap<String, PageId> = BTreeMap::new();
    // Content folder of each section ("" for home) → page.
    let mut sections: BTreeMap<String, PageId> = BTreeMap::new();
    let mut home: Option<PageId> = None;

    let mut drafts = std::collections::BTreeSet::new();
    for p in parsed {
        if p.front.draft && !opts.drafts {
            drafts.insert(p.source.rel.clone());
            continue;
        }
        let rel = p.source.rel.clone();
        let url = match page_url(&rel, p.front.slug.as_deref(), p.front.url.as_deref()) {
            Ok(u) => u,
            Err(e) => {
                let key = if p.front.url.is_some() { "url" } else { "slug" };
                let pos = p.front.key_lines.get(key).copied().unwrap_or(Pos::FILE);
                diags.error(&p.source.display, pos, e.0);
                match page_url(&rel, None, None) {
                    Ok(u) => u,
                    Err(_) => continue,
                }
            }
        };
        let kind = if rel == "_index.md" || rel == "_index.markdown" {
            PageKind::Home
        } else if is_section_index(&rel) {
            PageKind::Section
        } else {
            PageKind::Page
        };
        let id = pages.len();
        // A collision is the fault of `url`/`slug` when the page sets one.
        let at = ["url", "slug"]
            .iter()
            .find_map(|k| p.front.key_lines.get(*k).copied())
            .unwrap_or(Pos::FILE);
        if let Some(g) = urls::generated_clash(&url) {
            diags.error(
                &p.source.display,
                at,
                format!(
                    "the URL {url} would overwrite `{g}`, which veiviser writes itself; set another `url`/`slug` or rename the file"
                ),
            );
            continue;
        }
        if let Some(&other) = by_url.get(&url) {
            diags.error(
                &p.source.display,
                at,
                format!(
                    "this page and {} both want the URL {}; rename one of them or set `slug`/`url`",
                    pages[other].display, url
                ),
            );
            continue;
        }
        // `url` keeps its case, so two URLs may differ only in case: one folder on macOS
        // and Windows, where one page would silently overwrite the other.
        if let Some(&other) = by_url_lower.get(&url.to_lowercase()) {
            diags.error(
                &p.source.display,
                at,
                format!(
                    "the URL {url} differs from the URL {} of {} only in case; they would overwrite each other on case-insensitive file systems (macOS, Windows): change `url`/`slug` or rename one of them",
                    pages[other].url, pages[other].display
                ),
            );
            continue;
        }
        by_url_lower.insert(url.to_lowercase(), id);
        by_url.insert(url.clone(), id);
        let title = p
            .front
            .title
            .clone()
            .unwrap_or_else(|| fallback_title(&rel, kind, &config));
        let lang = p
            .front
            .lang
            .clone()
            .unwrap_or_else(|| config.language.clone());
        match kind {
            PageKind::Home => home = Some(id),
            PageKind::Section => {
                sections.insert(split_rel(&rel).0.to_string(), id);
            }
            _ => {}
        }
        pages.push(Page {
            id,
            kind,
            rel: Some(rel),
            display: p.source.display,
            front: p.front,
            content: p.content,
            url,
            title,
            lang,
            parent: None,
            children: vec![],
            hrefs: vec![],
        });
    }

    let home = match home {
        Some(h) => h,
        None => {
            let id = pages.len();
            if by_url.contains_key("/") {
                // A page claimed "/" with `url`; it stays, and the home page is generated anyway.
                diags.warning(
                    &pages[by_url["/"]].display,
                    Pos::FILE,
                    "this page takes the home page URL /",
                );
            }
            by_url.insert("/".into(), id);
            pages.push(generated(id, PageKind::Home, "/", &config.title, &config));
            id
        }
    };
    sections.insert(String::new(), home);

    // Hugo makes every top-level folder a section, with or without `_index.md` (in a
    // multilingual site, every language's folder and the top-level folders within it).
    let mut top_dirs: Vec<(String, String)> = Vec::new();
    for rel in pages.iter().filter_map(|p| p.rel.as_deref()) {
        let prefix = config.language_folder(Some(rel));
        if !prefix.is_empty() {
            top_dirs.push((
                prefix.trim_end_matches('/').to_string(),
                config.title.clone(),
            ));
        }
        if let Some((d, _)) = rel[prefix.len()..].split_once('/') {
            top_dirs.push((format!("{prefix}{d}"), humanize(d)));
        }
    }
    let mut generated_dirs: BTreeMap<PageId, String> = BTreeMap::new();
    for (dir, title) in top_dirs {
        if sections.contains_key(&dir) {
            continue;
        }
        let url = dir_url(&dir);
        if by_url.contains_key(&url) {
            continue;
        }
        let id = pages.len();
        let mut page = generated(id, PageKind::Section, &url, &title, &config);
        if let Some(t) = &config.translations {
            let code = t.split_site_path(&format!("{dir}/")).0;
            if let Some(lang) = crate::config::normalize_lang(code) {
                page.lang = lang.to_string();
            }
        }
        pages.push(page);
        by_url.insert(url, id);
        generated_dirs.insert(id, dir.clone());
        sections.insert(dir, id);
    }

    // The home pages of the languages of a multilingual Hugo site that have a folder of
    // their own (`/nb/`): roots of their own trees, like the home page.
    let language_homes: Vec<PageId> = match &config.translations {
        Some(t) => t
            .codes
            .iter()
            .filter_map(|c| t.home_path(c))
            .filter_map(|h| sections.get(split_rel(&h).0).copied())
            .collect(),
        None => Vec::new(),
    };

    // Parents: the nearest folder above that is a section.
    #[allow(clippy::needless_range_loop)] // the loop reads other pages while writing one
    for id in 0..pages.len() {
        if id == home || language_homes.contains(&id) {
            continue;
        }
        // A generated section (a top-level folder without `_index.md`) by its folder.
        let rel = match (&pages[id].rel, generated_dirs.get(&id)) {
            (Some(rel), _) => rel.clone(),
            (None, Some(dir)) => format!("{dir}/_index.md"),
            (None, None) => {
                pages[id].parent = Some(home);
                continue;
            }
        };
        let mut dir = split_rel(&rel).0.to_string();
        if pages[id].kind == PageKind::Section {
            dir = split_rel(&dir).0.to_string();
        }
        let parent = loop {
            if let Some(&s) = sections.get(&dir) {
                break s;
            }
            if dir.is_empty() {
                break home;
            }
            dir = split_rel(&dir).0.to_string();
        };
        pages[id].parent = Some(parent);
    }

    let taxonomies = taxonomy::build(&mut pages, &mut by_url, home, &config, diags);

    // Children in order.
    let mut children: BTreeMap<PageId, Vec<PageId>> = BTreeMap::new();
    for p in &pages {
        if let Some(parent) = p.parent
            && !matches!(p.kind, PageKind::Taxonomy | PageKind::Term)
        {
            children.entry(parent).or_default().push(p.id);
        }
    }
    for (parent, mut kids) in children {
        kids.sort_by_cached_key(|&id| {
            let p = &pages[id];
            order::sort_key(
                p.front.weight,
                p.nav_title(),
                p.rel.as_deref().unwrap_or(&p.url),
            )
        });
        pages[parent].children = kids;
    }

    let aliases = collect_aliases(&pages, &by_url, diags);

    let mut site = Site {
        config,
        pages,
        home,
        by_url,
        taxonomies,
        assets,
        aliases,
        word_list: None,
        drafts,
    };
    let link_diags = links::resolve_all(&mut site, opts.strict, diags);
    (site, link_diags)
}

fn generated(id: PageId, kind: PageKind, url: &str, title: &str, config: &Config) -> Page {
    Page {
        id,
        kind,
        rel: None,
        display: config.content_dir.clone(),
        front: FrontMatter::default(),
        content: Content::default(),
        url: url.to_string(),
        title: title.to_string(),
        lang: config.language.clone(),
        parent: None,
        children: vec![],
        hrefs: vec![],
    }
}

fn fallback_title(rel: &str, kind: PageKind, config: &Config) -> String {
    match kind {
        PageKind::Home => config.title.clone(),
        PageKind::Section => humanize(split_rel(split_rel(rel).0).1),
        _ => {
            let (dir, name) = split_rel(rel);
            if urls::is_leaf_index(rel) {
                humanize(split_rel(dir).1)
            } else {
                humanize(urls::stem(name))
            }
        }
    }
}

/// `kom-i-gang` → `Kom i gang`.
pub fn humanize(s: &str) -> String {
    let s = s.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn collect_aliases(
    pages: &[Page],
    by_url: &BTreeMap<String, PageId>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, PageId> {
    let mut out: BTreeMap<String, PageId> = BTreeMap::new();
    for p in pages {
        for alias in &p.front.aliases {
            let pos = p
                .front
                .key_lines
                .get("aliases")
                .copied()
                .unwrap_or(Pos::FILE);
            let decoded = percent_encoding::percent_decode_str(alias)
                .decode_utf8_lossy()
                .into_owned();
            let base = if decoded.starts_with('/') {
                decoded.clone()
            } else {
                // Relative aliases are relative to the page's folder URL.
                let parent = p.url.trim_end_matches('/');
                let parent = &parent[..parent.rfind('/').unwrap_or(0)];
                format!("{parent}/{decoded}")
            };
            let Some(mut url) = urls::normalize_path(&base) else {
                diags.error(
                    &p.display,
                    pos,
                    format!("alias `{alias}` points outside the site"),
                );
                continue;
            };
            if !url.ends_with('/') && !url.ends_with(".html") {
                url.push('/');
            }
            if let Some(g) = urls::generated_clash(&url) {
                diags.error(
                    &p.display,
                    pos,
                    format!("alias `{alias}` would overwrite `{g}`, which veiviser writes itself"),
                );
                continue;
            }
            if url == "/" || by_url.contains_key(&url) {
                diags.warning(
                    &p.display,
                    pos,
                    format!("alias `{alias}` is the URL of a page; no redirect written"),
                );
                continue;
            }
            if let Some(&other) = out.get(&url)
                && other != p.id
            {
                diags.warning(
                    &p.display,
                    pos,
                    format!(
                        "alias `{alias}` is also an alias of {}",
                        pages[other].display
                    ),
                );
                continue;
            }
            out.insert(url, p.id);
        }
    }
    out
}
