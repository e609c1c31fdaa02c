//! The site model: plain data that flows through the pipeline.
//!
//! `load` produces [`SourceFile`]s, `parse` turns each into a [`ParsedPage`], `resolve`
//! assembles the [`Site`] (URLs, tree, order, taxonomies, checked links), `render` reads it.
//! This module holds data and tiny helpers only: no IO, no parsing, no policy.
//! Collections that reach the output are `Vec`s in a defined order or `BTreeMap`s, never
//! hash maps, so output never depends on hash iteration order.

use crate::config::Config;
use crate::diagnostics::Pos;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A markdown file read from the content folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, `/`-separated (`seres/kom-i-gang/_index.md`).
    pub rel: String,
    /// Path relative to the site root, used in diagnostics (`content/seres/...`).
    pub display: String,
    /// The file's text with a leading BOM removed.
    pub text: String,
}

/// A non-markdown file that is copied to the output as-is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    pub src: PathBuf,
    /// Where it is, for messages: relative to the site root (`static/logo.svg`).
    pub display: String,
    /// Output path relative to the output folder, `/`-separated, no leading slash.
    pub out: String,
    /// Size in bytes, known only for a file in a page's attachments folder (`files/`,
    /// `<page>.files/`), which the `attachments` shortcode lists.
    pub size: Option<u64>,
}

/// Whether a content folder holds a page's attachments (Hugo Learn's `attachments`
/// shortcode): `files` beside an `index.md`, `<name>.files` beside `<name>.md`.
pub fn is_attachments_folder(dir: &str) -> bool {
    let last = dir.rsplit('/').next().unwrap_or(dir);
    last == "files" || (last.len() > ".files".len() && last.ends_with(".files"))
}

/// A file of a page's attachments folder, as the `attachments` shortcode gets it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attachment {
    /// The file name.
    pub name: String,
    /// Output path, percent-encoded, without the base path (`a/_index.files/x.pdf`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// The size for readers, in the page's language: `12 kB`, `1,4 MB`.
    pub size_text: String,
}

/// A file size for readers: whole kilobytes (1024 bytes, at least 1) below a megabyte, else
/// megabytes with one decimal (a decimal comma but in English).
pub fn size_text(bytes: u64, lang: &str) -> String {
    const K: u64 = 1024;
    if bytes < K * K {
        return format!("{} kB", bytes.div_ceil(K).max(1));
    }
    let tenths = (bytes * 10).div_ceil(K * K);
    let sep = if lang.starts_with("en") { '.' } else { ',' };
    format!("{}{sep}{} MB", tenths / 10, tenths % 10)
}

/// A text file the config names for a later stage (the search word list), read by the load
/// stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// The path as the config gives it, relative to the site root (for diagnostics).
    pub display: String,
    pub text: String,
}

/// Front matter keys that veiviser understands. Everything else is kept in `params`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub linktitle: Option<String>,
    pub description: Option<String>,
    /// Hugo semantics: 0 means unset and sorts last.
    pub weight: i64,
    pub draft: bool,
    pub hidden: bool,
    /// No output file: Hugo's `build: { render: never }` (or `_build`) or `headless: true`.
    /// Such a page is hidden too (menus and lists would link to nothing).
    pub no_output: bool,
    pub toc: Option<bool>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub layout: Option<String>,
    pub date: Option<String>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Line of each known key in the file, for diagnostics about its value.
    #[serde(skip)]
    pub key_lines: BTreeMap<String, Pos>,
}

/// A heading of a page's content.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Rendered inner HTML (may contain inline markup).
    pub html: String,
    /// Plain text.
    pub text: String,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LinkKind {
    Link,
    Image,
    /// Hugo `ref`: the target must exist.
    Ref,
    /// Hugo `relref`.
    RelRef,
}

/// A link found in content, to be resolved against the site. Its `href` in the page's HTML
/// is the marker [`link_marker`]`(index)` until `resolve` decides the final URL.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkRef {
    pub dest: String,
    pub kind: LinkKind,
    #[serde(skip)]
    pub pos: Pos,
}

/// A shortcode that needs the whole site to render (e.g. `children`). Its place in the HTML
/// is the marker [`deferred_marker`]`(index)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Deferred {
    pub name: String,
    pub named: BTreeMap<String, String>,
    pub positional: Vec<String>,
    pub pos: Pos,
}

/// What the parse stage makes of one markdown file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    /// Rendered HTML with link and deferred-shortcode markers.
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub deferred: Vec<Deferred>,
}

pub const MARK_OPEN_LINK: char = '\u{E000}';
pub const MARK_OPEN_DEFERRED: char = '\u{E002}';
pub const MARK_CLOSE: char = '\u{E001}';

/// `MARK_OPEN_LINK` as pulldown-cmark writes it into an `href` or `src` (percent-encoded).
pub const MARK_OPEN_LINK_ENCODED: &str = "%EE%80%80";

/// Whether an attribute value is a link marker, as written or percent-encoded.
pub fn is_link_marker(value: &str) -> bool {
    value.starts_with(MARK_OPEN_LINK) || value.starts_with(MARK_OPEN_LINK_ENCODED)
}

pub fn link_marker(i: usize) -> String {
    format!("{MARK_OPEN_LINK}{i}{MARK_CLOSE}")
}

pub fn deferred_marker(i: usize) -> String {
    format!("{MARK_OPEN_DEFERRED}{i}{MARK_CLOSE}")
}

/// A parsed markdown file, before it has a place in the site.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub source: SourceFile,
    pub front: FrontMatter,
    pub content: Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Section,
    Page,
    /// The list of all terms of one taxonomy (`/tags/`).
    Taxonomy,
    /// The pages of one term (`/tags/api/`).
    Term,
}

pub type PageId = usize;

/// A page of the site: from a markdown file, or generated (home without `_index.md`,
/// taxonomy and term pages).
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub kind: PageKind,
    /// Content path relative to the content folder, if the page has a file.
    pub rel: Option<String>,
    /// Path for diagnostics, relative to the site root.
    pub display: String,
    pub front: FrontMatter,
    pub content: Content,
    /// URL path relative to the base path, starting and ending with `/` (`/seres/`).
    pub url: String,
    pub title: String,
    pub lang: String,
    pub parent: Option<PageId>,
    /// Children in display order (sections and pages together).
    pub children: Vec<PageId>,
    /// Resolved `href` of each entry in `content.links`.
    pub hrefs: Vec<String>,
}

impl Page {
    /// The page's file relative to the content folder `content_dir` (for edit links): its
    /// content path, but for a translation of a multilingual Hugo site, whose content path
    /// is its site path (`nb/a.md` for the file `a.nb.md`).
    pub fn file_path<'a>(&'a self, content_dir: &str) -> Option<&'a str> {
        let rel = self.rel.as_deref()?;
        Some(
            self.display
                .strip_prefix(content_dir)
                .and_then(|d| d.strip_prefix('/'))
                .unwrap_or(rel),
        )
    }

    /// Title used in menus: `linktitle` if set.
    pub fn nav_title(&self) -> &str {
        self.front.linktitle.as_deref().unwrap_or(&self.title)
    }

    pub fn is_list(&self) -> bool {
        matches!(
            self.kind,
            PageKind::Home | PageKind::Section | PageKind::Taxonomy | PageKind::Term
        )
    }
}

/// One taxonomy (tags, categories): term name → pages, names as first written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taxonomy {
    pub name: String,
    pub page: Option<PageId>,
    /// Term slug → (display name, term page, member pages in order).
    pub terms: BTreeMap<String, Term>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub name: String,
    pub page: Option<PageId>,
    pub pages: Vec<PageId>,
}

/// The resolved site: everything `render` needs.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub home: PageId,
    /// URL (relative to base path) → page.
    pub by_url: BTreeMap<String, PageId>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<Asset>,
    /// Alias URL path (relative to base path) → target page.
    pub aliases: BTreeMap<String, PageId>,
    /// The word list of `[search] words`, when the config names one.
    pub word_list: Option<std::sync::Arc<DataFile>>,
    /// Content paths of the draft pages left out (built without `--drafts`): a link to one
    /// is told why it is broken.
    pub drafts: std::collections::BTreeSet<String>,
}

impl Site {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id]
    }

    /// Ancestors from the home page down to the parent of `id`.
    /// The roots of the navigation: the home page, then the home pages of the languages of
    /// a multilingual Hugo site that have a folder of their own (`/nb/`), which have no
    /// parent.
    pub fn roots(&self) -> Vec<PageId> {
        let mut roots = vec![self.home];
        roots.extend(
            self.pages
                .iter()
                .filter(|p| p.id != self.home && p.parent.is_none() && p.kind == PageKind::Section)
                .map(|p| p.id),
        );
        roots
    }

    /// The page's ancestors, its root first (the home page, or its language's home page).
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut out = Vec::new();
        let mut cur = self.pages[id].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.pages[p].parent;
        }
        out.reverse();
        out
    }

    /// Absolute URL path including the base path (`/docs/seres/`).
    pub fn abs_url(&self, url: &str) -> String {
        join_base(&self.config.base_path, url)
    }
}

/// Joins the base path (`/docs/`) and a site URL (`/a/b/`) into `/docs/a/b/`.
pub fn join_base(base: &str, url: &str) -> String {
    let mut s = base.trim_end_matches('/').to_string();
    if !url.starts_with('/') {
        s.push('/');
    }
    s.push_str(url);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_for_readers() {
        assert_eq!(size_text(0, "nb"), "1 kB");
        assert_eq!(size_text(1024, "nb"), "1 kB");
        assert_eq!(size_text(1025, "nb"), "2 kB");
        assert_eq!(size_text(1024 * 1024 - 1, "nb"), "1024 kB");
        assert_eq!(size_text(1024 * 1024, "nb"), "1,0 MB");
        assert_eq!(size_text(1_547_793, "nn"), "1,5 MB");
        assert_eq!(size_text(1_547_793, "en"), "1.5 MB");
    }

    #[test]
    fn attachments_folders() {
        assert!(is_attachments_folder("a/b/files"));
        assert!(is_attachments_folder("a/_index.files"));
        assert!(is_attachments_folder("side.files"));
        assert!(!is_attachments_folder("a/.files"));
        assert!(!is_attachments_folder("a/profiles"));
        assert!(!is_attachments_folder("a/files/b"));
    }
}
