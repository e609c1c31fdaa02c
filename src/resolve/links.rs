//! Link resolution and checking.
//!
//! Every internal link, image and `#anchor` collected by the parse stage (markdown links,
//! raw HTML `href`/`src`, Hugo `ref`/`relref`) is resolved against lookup tables built once
//! (page URLs, content paths, assets, aliases, anchors per page) and gets its final `href`.
//! A broken one keeps its original text as `href` and becomes a diagnostic with a
//! "did you mean" suggestion when a close target exists (case-only differences first).
//! The tables are built once, so checking is linear in the number of links.

use super::urls::{encode_href, encode_url_path, normalize_path, split_rel};
use crate::diagnostics::{Diagnostics, Severity};
use crate::model::{LinkKind, LinkRef, Page, PageId, Site, join_base};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The lookup tables of a site that depend only on its files (not on page contents), so
/// the preview can keep them while only page bodies change.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// Content path (`seres/kom-i-gang/_index.md`) → page.
    by_rel: BTreeMap<String, PageId>,
    /// File name → pages with that name (for Hugo's `ref "name.md"` lookups).
    by_name: BTreeMap<String, Vec<PageId>>,
    /// Asset output paths (`/seres/bilde.png`).
    assets: BTreeSet<String>,
}

impl Tables {
    /// The page of a content path.
    pub fn page_of(&self, rel: &str) -> Option<PageId> {
        self.by_rel.get(rel).copied()
    }

    /// Whether some page's content path starts with `prefix`.
    pub fn any_page_under(&self, prefix: &str) -> bool {
        self.by_rel
            .range(prefix.to_string()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(prefix))
    }

    pub fn new(site: &Site) -> Tables {
        let mut by_rel = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for p in &site.pages {
            if let Some(rel) = p.rel.as_deref() {
                by_rel.insert(rel.to_string(), p.id);
                let (dir, name) = split_rel(rel);
                by_name.entry(name.to_string()).or_default().push(p.id);
                // Hugo's `ref "name"` also finds a page by its bare name or its bundle folder.
                let stem = super::urls::stem(name);
                let key = if stem == "_index" || stem == "index" {
                    split_rel(dir).1
                } else {
                    stem
                };
                if !key.is_empty() && key != name {
                    by_name.entry(key.to_string()).or_default().push(p.id);
                }
            }
        }
        let assets = site.assets.iter().map(|a| format!("/{}", a.out)).collect();
        Tables {
            by_rel,
            by_name,
            assets,
        }
    }
}

/// Lookup tables for one site.
pub struct Index<'s> {
    site: &'s Site,
    tables: std::borrow::Cow<'s, Tables>,
    /// Anchors on each page: heading ids and `id`/`name` attributes in the content,
    /// collected the first time a link points into the page.
    anchors: Vec<OnceLock<BTreeSet<String>>>,
    /// Every page URL and asset path, for suggestions (built at the first broken link).
    targets: OnceLock<Suggestions>,
    /// Every content path, for suggestions (built at the first broken link).
    files: OnceLock<Suggestions>,
}

/// Candidates for "did you mean", indexed so a suggestion never scans the whole site:
/// an exact case-insensitive match, then siblings (same parent) and namesakes (same last
/// segment) by edit distance.
#[derive(Default)]
pub struct Suggestions {
    lower: BTreeMap<String, String>,
    by_parent: BTreeMap<String, Vec<String>>,
    by_name: BTreeMap<String, Vec<String>>,
}

fn parent_and_name(p: &str) -> (String, String) {
    let t = p.trim_end_matches('/').to_lowercase();
    match t.rfind('/') {
        Some(i) => (t[..i].to_string(), t[i + 1..].to_string()),
        None => (String::new(), t),
    }
}

impl Suggestions {
    pub fn new<'a>(items: impl Iterator<Item = &'a str>) -> Self {
        let mut s = Suggestions::default();
        for it in items {
            s.lower
                .entry(it.to_lowercase())
                .or_insert_with(|| it.to_string());
            let (parent, name) = parent_and_name(it);
            s.by_parent.entry(parent).or_default().push(it.to_string());
            s.by_name.entry(name).or_default().push(it.to_string());
        }
        s
    }

    pub fn suggest(&self, wanted: &str) -> Option<String> {
        if let Some(hit) = self.lower.get(&wanted.to_lowercase()) {
            return Some(hit.clone());
        }
        let (parent, name) = parent_and_name(wanted);
        let siblings = self.by_parent.get(&parent).into_iter().flatten();
        let namesakes = self.by_name.get(&name).into_iter().flatten();
        suggest(wanted, siblings.chain(namesakes).map(String::as_str))
    }
}

/// What a link resolved to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    Page(PageId, Option<String>),
    Asset(String),
}

/// A broken link: the message, an optional suggestion, and the group of broken links it
/// belongs to (see [`crate::diagnostics::Diagnostic::group`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Broken {
    pub message: String,
    pub suggestion: Option<String>,
    pub group: Option<String>,
}

impl<'s> Index<'s> {
    pub fn new(site: &'s Site) -> Self {
        Index::with_tables(site, std::borrow::Cow::Owned(Tables::new(site)))
    }

    /// An index over `site` with tables made earlier for a site with the same files.
    pub fn with_tables(site: &'s Site, tables: std::borrow::Cow<'s, Tables>) -> Self {
        let anchors = site.pages.iter().map(|_| OnceLock::new()).collect();
        Index {
            site,
            tables,
            anchors,
            targets: OnceLock::new(),
            files: OnceLock::new(),
        }
    }

    fn anchors(&self, id: PageId) -> &BTreeSet<String> {
        self.anchors[id].get_or_init(|| page_anchors(&self.site.pages[id]))
    }

    fn targets(&self) -> &Suggestions {
        self.targets.get_or_init(|| {
            Suggestions::new(
                self.site
                    .by_url
                    .keys()
                    .map(String::as_str)
                    .chain(self.tables.assets.iter().map(String::as_str)),
            )
        })
    }

    fn files(&self) -> &Suggestions {
        self.files
            .get_or_init(|| Suggestions::new(self.tables.by_rel.keys().map(String::as_str)))
    }

    /// Resolves one link of page `from`.
    pub fn resolve(&self, from: &Page, link: &LinkRef) -> Result<Target, Broken> {
        let (path, frag) = split_fragment(&link.dest);
        let path = path.split('?').next().unwrap_or("");
        let path = nfc(decode(path));
        let frag = frag.map(decode);
        match link.kind {
            LinkKind::Ref | LinkKind::RelRef => self.resolve_ref(from, &path, frag),
            _ if path.is_empty() => self.with_fragment(from.id, frag, &link.dest),
            _ if is_markdown_path(&path) => {
                let rel = self.file_path(from, &path);
                match rel.as_deref().and_then(|r| self.tables.by_rel.get(r)) {
                    Some(&id) => self.with_fragment(id, frag, &link.dest),
                    None => Err(self.missing_file(&link.dest, rel.as_deref())),
                }
            }
            _ => self.resolve_url(from, &path, frag, &link.dest),
        }
    }

    fn resolve_url(
        &self,
        from: &Page,
        path: &str,
        frag: Option<String>,
        dest: &str,
    ) -> Result<Target, Broken> {
        let mut candidates = Vec::new();
        if path.starts_with('/') {
            if let Some(stripped) = self.strip_base(path) {
                candidates.push(stripped.to_string());
            }
            candidates.push(path.to_string());
        } else {
            // As the browser would resolve it from the page's URL…
            candidates.push(format!("{}{}", from.url, path));
            // …and, for files moved with the page, from the source file's folder.
            if let Some(rel) = from.rel.as_deref() {
                let dir = split_rel(rel).0;
                let dir_url = super::urls::dir_url(dir);
                candidates.push(format!("{dir_url}{path}"));
                candidates.push(format!("/{dir}/{path}"));
            }
        }
        for c in &candidates {
            let Some(norm) = normalize_path(c) else {
                continue;
            };
            if let Some(t) = self.lookup_url(&norm) {
                return match t {
                    Target::Page(id, _) => self.with_fragment(id, frag, dest),
                    other => Ok(other),
                };
            }
        }
        let Some(shown) = candidates.first().and_then(|c| normalize_path(c)) else {
            return Err(Broken {
                message: format!("broken link `{dest}`: it climbs above the site's root"),
                suggestion: None,
                group: None,
            });
        };
        let group = self.missing_folder(&shown).map(|dir| {
            format!("broken links into {dir}, a folder the site has no page or file in")
        });
        Err(Broken {
            message: format!("broken link `{dest}`: no page or file at {shown}"),
            suggestion: self.suggest_url(&shown),
            group,
        })
    }

    /// The first folder of the URL path `path` (`/images/` of `/images/a/b.png`) when the
    /// site has nothing in it: no page, file or alias. Many links into such a folder have one
    /// cause (the static files of a Hugo theme veiviser does not use, an old URL scheme).
    fn missing_folder<'p>(&self, path: &'p str) -> Option<&'p str> {
        let end = path.get(1..)?.find('/')? + 2;
        let dir = &path[..end];
        let under = |keys: &mut dyn Iterator<Item = &String>| {
            keys.next().is_some_and(|k| k.starts_with(dir))
        };
        let taken = under(&mut self.site.by_url.range(dir.to_string()..).map(|(k, _)| k))
            || under(&mut self.tables.assets.range(dir.to_string()..))
            || under(&mut self.site.aliases.range(dir.to_string()..).map(|(k, _)| k));
        (!taken).then_some(dir)
    }

    fn lookup_url(&self, norm: &str) -> Option<Target> {
        let trimmed = norm
            .strip_suffix("index.html")
            .or_else(|| norm.strip_suffix("index.md"))
            .unwrap_or(norm);
        let with_slash = if trimmed.ends_with('/') {
            trimmed.to_string()
        } else {
            format!("{trimmed}/")
        };
        if let Some(&id) = self.site.by_url.get(&with_slash) {
            return Some(Target::Page(id, None));
        }
        if self.tables.assets.contains(norm) {
            return Some(Target::Asset(norm.to_string()));
        }
        // An old URL of a page (an alias) leads to the page itself: no redirect on the way,
        // and the fragment is kept and checked (a refresh page would drop it).
        if let Some(&id) = self
            .site
            .aliases
            .get(&with_slash)
            .or_else(|| self.site.aliases.get(norm))
        {
            return Some(Target::Page(id, None));
        }
        None
    }

    fn with_fragment(
        &self,
        id: PageId,
        frag: Option<String>,
        dest: &str,
    ) -> Result<Target, Broken> {
        if self.site.pages[id].front.no_output {
            return Err(Broken {
                message: format!(
                    "broken link `{dest}`: that page is not rendered (`headless: true`, or `build: render: never` in its front matter)"
                ),
                suggestion: None,
                group: None,
            });
        }
        match frag {
            None => Ok(Target::Page(id, None)),
            Some(f) if f.is_empty() => Ok(Target::Page(id, None)),
            // `#/Services/Get` and similar are client-side routes (Swagger UI), not ids.
            Some(f) if f.starts_with('/') || f.starts_with('!') => Ok(Target::Page(id, Some(f))),
            Some(f) => {
                let anchors = self.anchors(id);
                if anchors.contains(&f) {
                    return Ok(Target::Page(id, Some(f)));
                }
                let page = &self.site.pages[id];
                Err(Broken {
                    message: format!(
                        "broken anchor `{dest}`: {} has no heading or element with id `{f}`",
                        page.rel
                            .as_deref()
                            .map(|r| format!("{}/{}", self.site.config.content_dir, r))
                            .unwrap_or_else(|| page.url.clone())
                    ),
                    suggestion: suggest(&f, anchors.iter().map(String::as_str)).map(|s| {
                        let (p, _) = split_fragment(dest);
                        format!("{p}#{s}")
                    }),
                    group: None,
                })
            }
        }
    }

    /// `/docs/a/` → `/a/` for the base path, and for the configured base path when
    /// `--base-url` overrides it (links written for the published site keep working).
    fn strip_base<'p>(&self, path: &'p str) -> Option<&'p str> {
        let c = &self.site.config;
        for base in [&c.base_path, &c.configured_base_path] {
            if base == "/" {
                continue;
            }
            if path.starts_with(base.as_str()) {
                return Some(&path[base.len() - 1..]);
            }
            if path == base.trim_end_matches('/') {
                return Some("/");
            }
        }
        None
    }

    /// A content path for a link to a markdown file, relative to the source file's folder
    /// (or to the content root when it starts with `/`).
    ///
    /// In a multilingual Hugo site the path is a file's (`../side.nb.md`, from the source
    /// file's own folder), and the result its site path: a file named without a language
    /// is the one in the linking page's language, as in Hugo.
    fn file_path(&self, from: &Page, path: &str) -> Option<String> {
        let config = &self.site.config;
        let path = self.strip_base(path).unwrap_or(path);
        let joined = if let Some(abs) = path.strip_prefix('/') {
            format!("/{abs}")
        } else {
            let dir = from
                .file_path(&config.content_dir)
                .map(|r| split_rel(r).0)
                .unwrap_or("");
            format!("/{dir}/{path}")
        };
        let content = format!("/{}/", config.content_dir);
        let joined = joined
            .strip_prefix(content.as_str())
            .map(|s| format!("/{s}"))
            .unwrap_or(joined);
        let rel = normalize_path(&joined).map(|p| p.trim_start_matches('/').to_string())?;
        Some(match &config.translations {
            Some(t) => {
                let lang = from
                    .rel
                    .as_deref()
                    .map_or(t.default.as_str(), |r| t.split_site_path(r).0);
                t.site_path_in(&rel, lang)
            }
            None => rel,
        })
    }

    fn missing_file(&self, dest: &str, rel: Option<&str>) -> Broken {
        let Some(shown) = rel else {
            return Broken {
                message: format!("broken link `{dest}`: it climbs above the content folder"),
                suggestion: None,
                group: None,
            };
        };
        if self.site.drafts.contains(shown) {
            return self.draft(&format!("broken link `{dest}`"), shown);
        }
        Broken {
            message: format!("broken link `{dest}`: no content file {shown}"),
            suggestion: rel.and_then(|r| self.files().suggest(r)),
            group: None,
        }
    }

    /// A link to a draft page, which the build leaves out.
    fn draft(&self, what: &str, rel: &str) -> Broken {
        Broken {
            message: format!(
                "{what}: {rel} is a draft (`draft: true`), left out of the site; build with --drafts to include it, or link elsewhere"
            ),
            suggestion: None,
            group: None,
        }
    }

    fn resolve_ref(&self, from: &Page, path: &str, frag: Option<String>) -> Result<Target, Broken> {
        if path.is_empty() {
            let shown = format!("#{}", frag.clone().unwrap_or_default());
            return self.with_fragment(from.id, frag, &shown);
        }
        let shown = match &frag {
            Some(f) => format!("{path}#{f}"),
            None => path.to_string(),
        };
        let mut tries: Vec<String> = Vec::new();
        let base_rel = self.file_path(from, path);
        if let Some(r) = &base_rel {
            let r = r.trim_end_matches('/').to_string();
            if is_markdown_path(&r) {
                tries.push(r.clone());
            } else {
                tries.push(format!("{r}.md"));
                tries.push(format!("{r}/_index.md"));
                tries.push(format!("{r}/index.md"));
                if r.is_empty() {
                    tries.push("_index.md".into());
                }
            }
        }
        for t in &tries {
            if let Some(&id) = self.tables.by_rel.get(t.as_str()) {
                return self.with_fragment(id, frag, &shown);
            }
        }
        // Hugo also finds a page by its file name alone when that is unique (in the page's
        // language, in a multilingual site).
        let name = split_rel(path.trim_end_matches('/')).1;
        let same_lang = |id: &&PageId| match (&self.site.config.translations, &from.rel) {
            (Some(t), Some(rel)) => {
                let lang = t.split_site_path(rel).0;
                self.site.pages[**id]
                    .rel
                    .as_deref()
                    .is_some_and(|r| t.split_site_path(r).0 == lang)
            }
            _ => true,
        };
        for n in [name.to_string(), format!("{name}.md")] {
            if let Some(ids) = self.tables.by_name.get(n.as_str())
                && !path.starts_with('/')
            {
                let mut ids = ids.iter().filter(same_lang);
                if let (Some(&id), None) = (ids.next(), ids.next()) {
                    return self.with_fragment(id, frag, &shown);
                }
            }
        }
        // Finally a URL.
        if let Some(norm) = normalize_path(&format!("/{}", path.trim_start_matches('/')))
            && let Some(Target::Page(id, _)) = self.lookup_url(&norm)
        {
            return self.with_fragment(id, frag, &shown);
        }
        let Some(first) = tries.first() else {
            return Err(Broken {
                message: format!("broken ref `{shown}`: it climbs above the content folder"),
                suggestion: None,
                group: None,
            });
        };
        if let Some(draft) = tries.iter().find(|t| self.site.drafts.contains(t.as_str())) {
            return Err(self.draft(&format!("broken ref `{shown}`"), draft));
        }
        Err(Broken {
            message: format!("broken ref `{shown}`: no content file {first}"),
            suggestion: tries.first().and_then(|t| self.files().suggest(t)),
            group: None,
        })
    }

    fn suggest_url(&self, url: &str) -> Option<String> {
        let with_slash = if url.ends_with('/') || url.contains('.') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        self.targets()
            .suggest(&with_slash)
            .map(|s| join_base(&self.site.config.base_path, &s))
    }

    /// The `href` for a resolved target.
    pub fn href(&self, t: &Target) -> String {
        let base = &self.site.config.base_path;
        match t {
            Target::Page(id, frag) => {
                let mut h = encode_url_path(&join_base(base, &self.site.pages[*id].url));
                if let Some(f) = frag {
                    h.push('#');
                    h.push_str(&encode_href(f));
                }
                h
            }
            // A file's path is its name, `%` and all.
            Target::Asset(p) => super::urls::encode_path(&join_base(base, p)),
        }
    }
}

/// The severity of a broken link on this site.
pub fn severity(site: &Site, strict: bool) -> Severity {
    if strict {
        Severity::Error
    } else {
        site.config.link_severity
    }
}

/// Resolves every link of every page (in parallel), filling `Page::hrefs`. Returns each
/// page's link diagnostics, by page id, after adding them to `diags`.
pub fn resolve_all(site: &mut Site, strict: bool, diags: &mut Diagnostics) -> Vec<Diagnostics> {
    let severity = severity(site, strict);
    let results: Vec<(Vec<String>, Diagnostics)> = {
        let index = Index::new(site);
        site.pages
            .par_iter()
            .map(|p| resolve_page(&index, p, severity))
            .collect()
    };
    let mut per_page = Vec::with_capacity(results.len());
    for (p, (h, d)) in site.pages.iter_mut().zip(results) {
        p.hrefs = h;
        diags.extend(d.clone());
        per_page.push(d);
    }
    per_page
}

/// The `href` of each link of one page, and the page's link diagnostics.
pub fn resolve_page(index: &Index<'_>, p: &Page, severity: Severity) -> (Vec<String>, Diagnostics) {
    let mut d = Diagnostics::new();
    let hrefs = p
        .content
        .links
        .iter()
        .map(|l| resolve_one(index, p, l, severity, &mut d))
        .collect();
    (hrefs, d)
}

/// The `href` for one link; a broken link keeps its own text and is reported.
fn resolve_one(
    index: &Index<'_>,
    p: &Page,
    l: &LinkRef,
    severity: Severity,
    diags: &mut Diagnostics,
) -> String {
    if looks_like_email(&l.dest) {
        diags.warning(
            &p.display,
            l.pos,
            format!(
                "link `{}` looks like an e-mail address without `mailto:`; linked as mailto:{}",
                l.dest, l.dest
            ),
        );
        return format!("mailto:{}", encode_href(&l.dest));
    }
    match index.resolve(p, l) {
        Ok(t) => with_query(index.href(&t), &l.dest),
        Err(b) => {
            let mut msg = b.message;
            if let Some(s) = b.suggestion {
                msg.push_str(&format!(" (did you mean `{s}`?)"));
            }
            diags.report_in(b.group, severity, &p.display, l.pos, msg);
            encode_href(&l.dest)
        }
    }
}

/// Keeps a link's `?query` in its resolved `href` (before any `#fragment`).
fn with_query(mut href: String, dest: &str) -> String {
    let path = dest.split('#').next().unwrap_or("");
    let Some(q) = path.find('?').map(|i| &path[i..]) else {
        return href;
    };
    let at = href.find('#').unwrap_or(href.len());
    href.insert_str(at, &encode_href(q));
    href
}

fn page_anchors(p: &Page) -> BTreeSet<String> {
    anchors_of(&p.content)
}

/// The anchors of some content: heading ids and quoted `id`/`name` attributes in its HTML.
pub fn anchors_of(content: &crate::model::Content) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = content.headings.iter().map(|h| h.id.clone()).collect();
    // One pass over the HTML: every `id=` or `name=` attribute (quoted) after a space.
    let html = content.html.as_bytes();
    for eq in memchr::memchr_iter(b'=', html) {
        let before = &html[..eq];
        let is_attr = (before.ends_with(b" id") || before.ends_with(b" name"))
            && matches!(html.get(eq + 1), Some(b'"' | b'\''));
        if !is_attr {
            continue;
        }
        let quote = html[eq + 1];
        let start = eq + 2;
        if let Some(len) = memchr::memchr(quote, &html[start..])
            && let Ok(v) = std::str::from_utf8(&html[start..start + len])
        {
            set.insert(v.to_string());
        }
    }
    set
}

fn looks_like_email(dest: &str) -> bool {
    let Some(at) = dest.find('@') else {
        return false;
    };
    !dest.contains('/') && !dest.contains(':') && at > 0 && dest[at + 1..].contains('.')
}

fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.find('#') {
        Some(i) => (&dest[..i], Some(&dest[i + 1..])),
        None => (dest, None),
    }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// A link's path in NFC, the form of content file names (a link typed on macOS may arrive
/// decomposed: `a` + U+030A for `å`).
fn nfc(s: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

fn is_markdown_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    l.ends_with(".md") || l.ends_with(".markdown")
}

/// The closest candidate: an exact case-insensitive match first, then the smallest edit
/// distance within a third of the length.
pub fn suggest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let lw = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    let limit = (wanted.chars().count() / 3).clamp(1, 8);
    for c in candidates {
        let lc = c.to_lowercase();
        if lc == lw {
            return Some(c.to_string());
        }
        let len_diff = lc.len().abs_diff(lw.len());
        if len_diff > limit * 2 {
            continue;
        }
        let d = strsim::levenshtein(&lc, &lw);
        if d <= limit
            && best.is_none_or(|(bd, bc)| {
                d < bd
                    || (d == bd && strsim::levenshtein(c, wanted) < strsim::levenshtein(bc, wanted))
            })
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_case_only() {
        let c = ["/api/rest/", "/api/Rest/", "/api/res/"];
        assert_eq!(
            suggest("/API/REST/", c.iter().copied()).as_deref(),
            Some("/api/rest/")
        );
        assert_eq!(
            suggest("/api/restt/", c.iter().copied()).as_deref(),
            Some("/api/rest/")
        );
        assert_eq!(suggest("/helt/annet/", c.iter().copied()), None);
    }

    #[test]
    fn link_paths_are_nfc() {
        assert_eq!(nfc(decode("bla%CC%8Ab%C3%A6r.md")), "blåbær.md");
        assert_eq!(nfc("bla\u{30A}.md".into()), "blå.md");
    }

    #[test]
    fn fragments_split() {
        assert_eq!(split_fragment("/a/#b"), ("/a/", Some("b")));
        assert_eq!(split_fragment("#b"), ("", Some("b")));
        assert_eq!(split_fragment("/a/"), ("/a/", None));
    }
}
