//! Render stage: the resolved [`Site`] → output files in memory.
//!
//! Fills each page's link and `children` markers, builds its template context (navigation
//! comes from [`nav::Nav`], built once per build) and renders it with the theme, in parallel.
//! Also produces alias redirects, `404.html`, `sitemap.xml`, `robots.txt` and the theme's
//! static files. Output order is sorted by path. No IO here: `write` puts files on disk.

mod deferred;
pub mod nav;
pub mod theme;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::{MARK_CLOSE, MARK_OPEN_DEFERRED, MARK_OPEN_LINK, Page, PageId, PageKind, Site};
use crate::resolve::urls::encode_url_path;
use nav::{Nav, escape};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;
use theme::Theme;

/// One generated file: path relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    base_path: &'a str,
    base_url: &'a str,
    lang: &'a str,
    params: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, Hash)]
struct LinkCtx {
    title: String,
    url: String,
}

#[derive(Serialize, Hash)]
struct ChildCtx {
    title: String,
    url: String,
    description: String,
    kind: PageKind,
}

#[derive(Serialize, Hash)]
struct TermCtx {
    name: String,
    url: String,
}

#[derive(Serialize, Hash)]
struct PageCtx<'a> {
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    url: String,
    permalink: String,
    content: String,
    toc: String,
    edit_url: String,
    date: &'a str,
    tags: Vec<TermCtx>,
    categories: Vec<TermCtx>,
    params: Params<'a>,
    /// The home page of the page's tree (its language's, in a multilingual Hugo site).
    home_url: String,
    /// The page in the site's other languages.
    translations: Vec<TranslationCtx>,
}

/// A page in another language: `lang` for `hreflang`, the theme names the language.
#[derive(Serialize, Hash)]
struct TranslationCtx {
    lang: String,
    url: String,
    permalink: String,
}

/// Front matter or site params in a template context; hashed as their JSON.
#[derive(Serialize)]
#[serde(transparent)]
struct Params<'a>(&'a serde_json::Map<String, serde_json::Value>);

impl std::hash::Hash for Params<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Writing JSON into a `String` cannot fail.
        serde_json::to_string(self.0)
            .unwrap_or_default()
            .hash(state)
    }
}

#[derive(Serialize)]
struct Assets {
    css: String,
    print_css: String,
    js: String,
}

/// What rendering needs that is the same for every page: the navigation and the template
/// values shared by all pages. Made once per build (and kept by the preview server while
/// the site's structure does not change).
pub struct Prepared {
    nav: Nav,
    common: Common,
    /// Output path of each page, `None` when an earlier page has the same path.
    paths: Vec<Option<String>>,
}

impl Prepared {
    pub fn new(site: &Site, theme: &Theme) -> Prepared {
        let nav = Nav::new(site);
        let assets = Assets {
            css: site.abs_url("/css/veiviser.css"),
            print_css: site.abs_url("/css/print.css"),
            js: site.abs_url("/js/veiviser.js"),
        };
        let common = Common::new(site, theme, &assets);
        let mut seen = std::collections::BTreeSet::new();
        let paths = site
            .pages
            .iter()
            .map(|p| {
                if p.front.no_output {
                    return None;
                }
                let path = output_path(&p.url);
                seen.insert(path.clone()).then_some(path)
            })
            .collect();
        Prepared { nav, common, paths }
    }

    /// The output path of page `id` (`None` when it has none: an earlier page has its path,
    /// or the page is not rendered, [`crate::model::FrontMatter::no_output`]).
    pub fn path(&self, id: PageId) -> Option<&str> {
        self.paths.get(id)?.as_deref()
    }
}

/// Renders every file of the site into memory, sorted by path.
pub fn render(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let prepared = Prepared::new(site, theme);
    let pages = std::sync::Mutex::new(Vec::with_capacity(site.pages.len() + 16));
    let sink = |f: OutputFile| -> crate::error::Result<()> {
        pages.lock().map(|mut v| v.push(f)).ok();
        Ok(())
    };
    // The sink never fails, so neither does rendering into it.
    let _ = render_pages(site, theme, &prepared, diags, &sink);
    let mut out = pages.into_inner().unwrap_or_default();
    out.extend(render_extras(site, theme, &prepared, diags));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Renders every page in parallel and hands each file to `sink` as soon as it is made
/// (so `build` never holds the whole output in memory). Diagnostics are added in page
/// order. Stops at the first error `sink` returns.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    diags: &mut Diagnostics,
    sink: &(dyn Fn(OutputFile) -> crate::error::Result<()> + Sync),
) -> crate::error::Result<()> {
    let results: Vec<crate::error::Result<Diagnostics>> = site
        .pages
        .par_iter()
        .map(|p| {
            let mut d = Diagnostics::new();
            if let Some(f) = render_one(site, theme, prepared, p.id, &mut d) {
                sink(f)?;
            }
            Ok(d)
        })
        .collect();
    for r in results {
        diags.extend(r?);
    }
    Ok(())
}

/// Renders one page (`None` if its template failed, with a diagnostic, or another page
/// has its output path).
pub fn render_one(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    id: PageId,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    render_page_with(site, theme, prepared, id, diags, false).0
}

/// A page's render key, when it has an output: pages with equal keys (built with the same
/// theme and config) render to equal bytes and diagnostics. The key covers everything the
/// page is made from, including what it shows of other pages (breadcrumbs, children,
/// neighbours, sidebar), so the preview renders a page again exactly when its key changed.
pub fn page_key(site: &Site, prepared: &Prepared, id: PageId) -> Option<u64> {
    prepared.path(id)?;
    Some(view_key(&page_view(site, &prepared.nav, &site.pages[id])))
}

/// Like [`render_one`], also giving the page's key (see [`page_key`]).
pub fn render_keyed(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    id: PageId,
    diags: &mut Diagnostics,
) -> (Option<OutputFile>, Option<u64>) {
    render_page_with(site, theme, prepared, id, diags, true)
}

/// Renders page `id` from its view, and hashes the view when `with_key`.
fn render_page_with(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    id: PageId,
    diags: &mut Diagnostics,
    with_key: bool,
) -> (Option<OutputFile>, Option<u64>) {
    let Some(path) = prepared.path(id) else {
        return (None, None);
    };
    let p = &site.pages[id];
    let view = page_view(site, &prepared.nav, p);
    let key = with_key.then(|| view_key(&view));
    let file = render_view(theme, &prepared.common, &p.lang, &view, diags).map(|html| OutputFile {
        path: path.to_string(),
        bytes: html.into_bytes(),
    });
    (file, key)
}

/// Everything that is not a page: `404.html`, the search page, alias redirects,
/// `sitemap.xml`, `robots.txt` and the theme's static files. A file whose path a page
/// already has is left out.
pub fn render_extras(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let nav = &prepared.nav;
    let common = &prepared.common;
    let mut out = Vec::new();
    // 404
    let mut ctx = base_context(common, home_lang(site));
    if let Some(s) = theme.strings.get(&site.config.language) {
        let title = s
            .get("not_found_title")
            .cloned()
            .unwrap_or_else(|| "404".into());
        ctx.insert("page", &simple_page(site, "404", &title, "/404.html"));
    }
    ctx.insert("nav", &nav.sidebar(usize::MAX, &[]));
    match theme.render("404.html", &ctx) {
        Ok(html) => out.push(OutputFile {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        }),
        Err(e) => diags.error(
            "(theme)/404.html",
            Pos::FILE,
            format!("template error: {e}"),
        ),
    }
    // The search results page (`/sok/`), when the theme has a template for it; in a
    // multilingual Hugo site one per language home too (`/nb/sok/`), in its language and
    // with its tree.
    if theme.has_template("search.html") {
        for (i, root) in site.roots().into_iter().enumerate() {
            let home = &site.pages[root];
            let lang = if i == 0 { home_lang(site) } else { &home.lang };
            let mut ctx = base_context(common, lang);
            let title = theme
                .strings_for(if i == 0 { &site.config.language } else { lang })
                .get("search_title")
                .cloned()
                .unwrap_or_else(|| "Søk".into());
            let url = format!("{}sok/", home.url);
            let mut page = simple_page(site, "search", &title, &url);
            if i > 0 {
                page.lang = lang;
                page.home_url = encode_url_path(&site.abs_url(&home.url));
            }
            ctx.insert("page", &page);
            ctx.insert(
                "nav",
                &nav.sidebar(if i == 0 { usize::MAX } else { root }, &[]),
            );
            match theme.render("search.html", &ctx) {
                Ok(html) => out.push(OutputFile {
                    path: output_path(&url),
                    bytes: html.into_bytes(),
                }),
                Err(e) => diags.error(
                    "(theme)/search.html",
                    Pos::FILE,
                    format!("template error: {e}"),
                ),
            }
        }
    }
    // Aliases
    for (alias, &target) in &site.aliases {
        let p = &site.pages[target];
        let mut ctx = tera::Context::new();
        ctx.insert("site", &site_ctx(site));
        ctx.insert("page", &simple_page(site, "alias", &p.title, alias));
        ctx.insert("t", &theme.strings_for(&p.lang));
        ctx.insert(
            "target",
            &LinkCtx {
                title: p.title.clone(),
                url: encode_url_path(&site.abs_url(&p.url)),
            },
        );
        match theme.render("alias.html", &ctx) {
            Ok(html) => out.push(OutputFile {
                path: output_path(alias),
                bytes: html.into_bytes(),
            }),
            Err(e) => diags.error(
                &p.display,
                Pos::FILE,
                format!("template error in alias.html: {e}"),
            ),
        }
    }
    out.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: sitemap(site, nav).into_bytes(),
    });
    out.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            permalink(site, "/sitemap.xml")
        )
        .into_bytes(),
    });
    for (rel, bytes) in &theme.static_files {
        out.push(OutputFile {
            path: rel.clone(),
            bytes: bytes.clone(),
        });
    }
    let taken: std::collections::BTreeMap<&str, PageId> = prepared
        .paths
        .iter()
        .enumerate()
        .filter_map(|(id, p)| p.as_deref().map(|p| (p, id)))
        .collect();
    out.retain(|f| match taken.get(f.path.as_str()) {
        Some(&id) => {
            page_clash(site, id, &f.path, diags);
            false
        }
        None => true,
    });
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// Reports a page whose output would clash with a generated file.
fn page_clash(site: &Site, id: PageId, path: &str, diags: &mut Diagnostics) {
    let p = &site.pages[id];
    let key = if p.front.url.is_some() { "url" } else { "slug" };
    let pos = p.front.key_lines.get(key).copied().unwrap_or(Pos::FILE);
    // A file copied from the site (a static file, a page's image) is named by where it is.
    let what = match site.assets.iter().find(|a| a.out == path) {
        Some(a) => format!("the file `{}`, copied to `{path}`", a.display),
        None => format!("the generated file `{path}`"),
    };
    diags.error(
        &p.display,
        pos,
        format!(
            "this page's URL {} clashes with {what}; choose another `url` or `slug`, or move that file",
            p.url
        ),
    );
}

/// Reports output paths that cannot all be written: a file where another path needs a
/// folder (a page at `/favicon.svg/` beside the theme's `favicon.svg`), or a page at the path
/// of a file made after the pages (`others`: form and search files, assets).
pub fn check_clashes(site: &Site, prepared: &Prepared, others: &[&str], diags: &mut Diagnostics) {
    use std::collections::{BTreeMap, BTreeSet};
    // path → the page that writes it (None: not a page)
    let mut all: BTreeMap<&str, Option<PageId>> = BTreeMap::new();
    for o in others {
        all.insert(o, None);
    }
    let mut reported = BTreeSet::new();
    for (id, p) in prepared.paths.iter().enumerate() {
        if let Some(p) = p.as_deref() {
            if all.get(p).is_some_and(|v| v.is_none()) && reported.insert(id) {
                page_clash(site, id, p, diags);
            }
            all.insert(p, Some(id));
        }
    }
    for (&path, &owner) in &all {
        let mut dir = path;
        while let Some(i) = dir.rfind('/') {
            dir = &dir[..i];
            let Some(&file_owner) = all.get(dir) else {
                continue;
            };
            // `dir` is written as a file, and `path` needs it to be a folder.
            match owner.or(file_owner) {
                Some(id) => {
                    if reported.insert(id) {
                        let other = if owner.is_some() { dir } else { path };
                        page_clash(site, id, other, diags);
                    }
                }
                None => diags.error(
                    "(site)",
                    Pos::FILE,
                    format!(
                        "the generated files `{dir}` and `{path}` clash (a file where a folder is needed)"
                    ),
                ),
            }
        }
    }
}

/// `/a/b/` → `a/b/index.html`; `/a/b.html` → `a/b.html`.
pub fn output_path(url: &str) -> String {
    let u = url.trim_start_matches('/');
    if u.ends_with(".html") || u.ends_with(".xml") {
        u.to_string()
    } else {
        format!("{u}index.html")
    }
}

fn site_ctx(site: &Site) -> SiteCtx<'_> {
    SiteCtx {
        title: &site.config.title,
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        lang: &site.config.language,
        params: &site.config.params,
    }
}

/// The full URL of a site path, with the configured base URL when it is absolute.
pub fn permalink(site: &Site, url: &str) -> String {
    let base = &site.config.base_url;
    if base.contains("://") {
        format!("{}{}", base.trim_end_matches('/'), encode_url_path(url))
    } else {
        encode_url_path(&site.abs_url(url))
    }
}

fn simple_page<'a>(site: &'a Site, kind: &'a str, title: &'a str, url: &str) -> PageCtx<'a> {
    PageCtx {
        kind,
        title,
        description: "",
        lang: &site.config.language,
        url: encode_url_path(&site.abs_url(url)),
        permalink: permalink(site, url),
        content: String::new(),
        toc: String::new(),
        edit_url: String::new(),
        date: "",
        tags: vec![],
        categories: vec![],
        params: Params(&site.config.params),
        home_url: encode_url_path(&site.abs_url("/")),
        translations: vec![],
    }
}

/// Template values that are the same for every page, converted once per build.
struct Common {
    site: tera::Value,
    assets: tera::Value,
    /// UI strings per language.
    strings: std::collections::BTreeMap<String, tera::Value>,
    /// Each language's name in itself (`language_name` of its UI strings).
    languages: tera::Value,
    empty: tera::Value,
}

impl Common {
    fn new(site: &Site, theme: &Theme, assets: &Assets) -> Common {
        let mut strings = std::collections::BTreeMap::new();
        for lang in ["nb", "nn", "en"]
            .into_iter()
            .chain(site.pages.iter().map(|p| p.lang.as_str()))
        {
            if !strings.contains_key(lang) {
                strings.insert(lang.to_string(), theme.strings_value(lang));
            }
        }
        Common {
            site: tera::Value::from_serializable(&site_ctx(site)),
            assets: tera::Value::from_serializable(assets),
            languages: tera::Value::from_serializable(
                &strings
                    .keys()
                    .map(|lang| {
                        let name = theme.strings_for(lang).remove("language_name");
                        (lang.clone(), name.unwrap_or_else(|| lang.clone()))
                    })
                    .collect::<std::collections::BTreeMap<String, String>>(),
            ),
            strings,
            empty: tera::Value::from_serializable(&Vec::<LinkCtx>::new()),
        }
    }
}

fn base_context(common: &Common, lang: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", common.site.clone());
    ctx.insert_value("assets", common.assets.clone());
    ctx.insert_value("languages", common.languages.clone());
    if let Some(t) = common.strings.get(lang) {
        ctx.insert_value("t", t.clone());
    }
    ctx.insert_value("breadcrumbs", common.empty.clone());
    ctx.insert_value("children", common.empty.clone());
    ctx
}

/// The language of the home page (for pages that are not content: 404, search).
fn home_lang(site: &Site) -> &str {
    site.pages
        .get(site.home)
        .map(|p| p.lang.as_str())
        .unwrap_or(&site.config.language)
}

fn link_ctx(site: &Site, id: PageId) -> LinkCtx {
    let p = &site.pages[id];
    LinkCtx {
        title: p.nav_title().to_string(),
        url: encode_url_path(&site.abs_url(&p.url)),
    }
}

/// Everything one page's HTML is made from besides the theme and the values every page
/// shares ([`Common`]): the template, the page's own values and what it shows of other
/// pages (breadcrumbs, children, prev/next, its sidebar). Two equal views render to equal
/// bytes, which is what [`render_keyed`]'s key rests on.
#[derive(Serialize, Hash)]
struct PageView<'a> {
    template: &'static str,
    /// For diagnostics.
    display: &'a str,
    page: PageCtx<'a>,
    breadcrumbs: Vec<LinkCtx>,
    children: Vec<ChildCtx>,
    prev: Option<LinkCtx>,
    next: Option<LinkCtx>,
    nav: String,
}

fn page_view<'a>(site: &'a Site, nav: &Nav, p: &'a Page) -> PageView<'a> {
    let (kind, template) = match p.kind {
        PageKind::Home => ("home", "home.html"),
        PageKind::Section => ("section", "section.html"),
        PageKind::Page => ("page", "page.html"),
        PageKind::Taxonomy => ("taxonomy", "taxonomy.html"),
        PageKind::Term => ("term", "term.html"),
    };
    let content = fill_markers(site, p);
    let show_toc = match p.front.toc {
        Some(false) => false,
        Some(true) => true,
        None => true,
    };
    let toc = if show_toc {
        nav::toc_html(
            &p.content.headings,
            site.config.toc_start,
            site.config.toc_end,
            if p.front.toc == Some(true) { 1 } else { 3 },
        )
    } else {
        String::new()
    };
    let edit_url = match (&site.config.edit_url, p.file_path(&site.config.content_dir)) {
        (Some(base), Some(file)) => format!("{}{}", base, encode_url_path(file)),
        _ => String::new(),
    };
    let terms = |tax: &str, values: &[String]| -> Vec<TermCtx> {
        values
            .iter()
            .filter_map(|v| {
                let slug = crate::resolve::urls::sanitize(v);
                let prefix = site.config.language_folder(p.rel.as_deref());
                let url = format!("/{prefix}{tax}/{slug}/");
                site.by_url.get(&url).map(|_| TermCtx {
                    name: v.clone(),
                    url: encode_url_path(&site.abs_url(&url)),
                })
            })
            .collect()
    };
    let mut page = PageCtx {
        kind,
        title: &p.title,
        description: p.front.description.as_deref().unwrap_or(""),
        lang: &p.lang,
        url: encode_url_path(&site.abs_url(&p.url)),
        permalink: permalink(site, &p.url),
        content,
        toc,
        edit_url,
        date: p.front.date.as_deref().unwrap_or(""),
        tags: terms("tags", &p.front.tags),
        categories: terms("categories", &p.front.categories),
        params: Params(&p.front.params),
        home_url: String::new(),
        translations: nav
            .translations(p.id)
            .iter()
            .map(|&o| {
                let op = &site.pages[o];
                TranslationCtx {
                    lang: op.lang.clone(),
                    url: encode_url_path(&site.abs_url(&op.url)),
                    permalink: permalink(site, &op.url),
                }
            })
            .collect(),
    };
    let ancestors = site.ancestors(p.id);
    page.home_url = encode_url_path(&site.abs_url(&site.pages[nav.root(p.id, &ancestors)].url));
    let children: Vec<ChildCtx> = match p.kind {
        PageKind::Taxonomy => p
            .children
            .iter()
            .map(|&c| {
                let cp = &site.pages[c];
                let count = site
                    .taxonomies
                    .iter()
                    .flat_map(|t| t.terms.values())
                    .find(|t| t.page == Some(c))
                    .map(|t| t.pages.len())
                    .unwrap_or(0);
                ChildCtx {
                    title: cp.title.clone(),
                    url: encode_url_path(&site.abs_url(&cp.url)),
                    description: count.to_string(),
                    kind: cp.kind,
                }
            })
            .collect(),
        PageKind::Term => site
            .taxonomies
            .iter()
            .flat_map(|t| t.terms.values())
            .find(|t| t.page == Some(p.id))
            .map(|t| t.pages.iter().map(|&c| child_ctx(site, c)).collect())
            .unwrap_or_default(),
        _ => p
            .children
            .iter()
            .filter(|&&c| !site.pages[c].front.hidden)
            .map(|&c| child_ctx(site, c))
            .collect(),
    };
    let (prev, next) = nav.prev_next(p.id);
    PageView {
        template,
        display: &p.display,
        page,
        breadcrumbs: ancestors.iter().map(|&a| link_ctx(site, a)).collect(),
        children,
        prev: prev.map(|id| link_ctx(site, id)),
        next: next.map(|id| link_ctx(site, id)),
        nav: nav.sidebar(p.id, &ancestors),
    }
}

/// A hash of a page's view: equal keys (with the same theme and config) mean equal output.
/// Keys are compared only within one process (the preview keeps them between rebuilds).
fn view_key(view: &PageView) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).hash_one(view)
}

fn render_view(
    theme: &Theme,
    common: &Common,
    lang: &str,
    view: &PageView,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut ctx = base_context(common, lang);
    ctx.insert("page", &view.page);
    ctx.insert("breadcrumbs", &view.breadcrumbs);
    ctx.insert("children", &view.children);
    if let Some(prev) = &view.prev {
        ctx.insert("prev", prev);
    }
    if let Some(next) = &view.next {
        ctx.insert("next", next);
    }
    ctx.insert("nav", &view.nav);
    match theme.render(view.template, &ctx) {
        Ok(html) => Some(html),
        Err(e) => {
            diags.error(
                view.display,
                Pos::FILE,
                format!("template {} failed: {e}", view.template),
            );
            None
        }
    }
}

fn child_ctx(site: &Site, id: PageId) -> ChildCtx {
    let cp = &site.pages[id];
    ChildCtx {
        title: cp.title.clone(),
        url: encode_url_path(&site.abs_url(&cp.url)),
        description: cp.front.description.clone().unwrap_or_default(),
        kind: cp.kind,
    }
}

/// Replaces link markers with resolved hrefs and deferred markers with their HTML.
fn fill_markers(site: &Site, p: &Page) -> String {
    // pulldown-cmark percent-encodes the markers it writes into `href`/`src`.
    let decoded;
    let html = if p.content.html.contains("%EE%80%8") {
        decoded = p
            .content
            .html
            .replace(crate::model::MARK_OPEN_LINK_ENCODED, "\u{E000}")
            .replace("%EE%80%81", "\u{E001}");
        &decoded
    } else {
        &p.content.html
    };
    if !html.contains(MARK_OPEN_LINK) && !html.contains(MARK_OPEN_DEFERRED) {
        return html.clone();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    while let Some(i) = rest.find([MARK_OPEN_LINK, MARK_OPEN_DEFERRED]) {
        let open = rest[i..].chars().next().unwrap_or(MARK_OPEN_LINK);
        let after = &rest[i + open.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            break;
        };
        let n: Option<usize> = after[..close].parse().ok();
        let head = &rest[..i];
        let mut tail = &after[close + MARK_CLOSE.len_utf8()..];
        if open == MARK_OPEN_LINK {
            out.push_str(head);
            if let Some(h) = n.and_then(|n| p.hrefs.get(n)) {
                out.push_str(&escape(h));
            }
        } else {
            // A deferred block (a `children` list) inside a paragraph splits it, or replaces
            // it when it stands alone.
            let before = &html[..html.len() - rest.len() + i];
            let block = n
                .and_then(|n| p.content.deferred.get(n))
                .map(|d| deferred::render(site, p, d))
                .unwrap_or_default();
            tail = crate::parse::markdown::place_block(&mut out, (before, head), &block, tail);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn sitemap(site: &Site, nav: &Nav) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| !p.front.hidden)
        .map(|p| p.url.as_str())
        .collect();
    urls.sort();
    let _ = nav;
    for u in urls {
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            escape(&permalink(site, u))
        );
    }
    out.push_str("</urlset>\n");
    out
}
