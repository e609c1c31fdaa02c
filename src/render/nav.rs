//! Navigation built once per build: the section tree (per page, only the parts it shows),
//! breadcrumbs, reading order for prev/next, and the in-page table of contents.
//!
//! The tree's per-node HTML (escaped title, encoded href) is prepared once; each page then
//! assembles its sidebar from those pieces, marking the current page and the open branch.
//! Pure functions over the [`Site`]; no templates, no IO.

use crate::model::{Heading, PageId, PageKind, Site};
use crate::resolve::urls::{encode_href, encode_url_path};
use std::fmt::Write;

pub struct Nav {
    /// Escaped `href` and title of each page.
    link: Vec<(String, String)>,
    /// Visible children of each page (hidden pages and taxonomies left out).
    kids: Vec<Vec<PageId>>,
    /// Depth-first reading order of visible pages, home first (then the other roots:
    /// [`Site::roots`]).
    pub order: Vec<PageId>,
    /// Position of each page in `order`.
    pub position: Vec<Option<usize>>,
    full_tree: bool,
    /// [`Site::roots`]: the home page first.
    roots: Vec<PageId>,
    /// Per page: the same page in the site's other languages (a multilingual Hugo site's
    /// translations), in the languages' order.
    translations: Vec<Vec<PageId>>,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Nav {
    pub fn new(site: &Site) -> Nav {
        let link = site
            .pages
            .iter()
            .map(|p| {
                (
                    escape(&encode_url_path(&site.abs_url(&p.url))),
                    escape(p.nav_title()),
                )
            })
            .collect();
        let kids: Vec<Vec<PageId>> = site
            .pages
            .iter()
            .map(|p| {
                p.children
                    .iter()
                    .copied()
                    .filter(|&c| {
                        let cp = &site.pages[c];
                        !cp.front.hidden && matches!(cp.kind, PageKind::Section | PageKind::Page)
                    })
                    .collect()
            })
            .collect();
        let roots = site.roots();
        let mut order = Vec::new();
        let mut stack: Vec<PageId> = roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            order.push(id);
            for &c in kids[id].iter().rev() {
                stack.push(c);
            }
        }
        let mut position = vec![None; site.pages.len()];
        for (i, &id) in order.iter().enumerate() {
            position[id] = Some(i);
        }
        let visible = order.len();
        let mut translations = vec![Vec::new(); site.pages.len()];
        if let Some(t) = &site.config.translations {
            // Pages by their `translationKey` (Hugo's link between translations with other
            // file names), else by their path within their language.
            let mut same: std::collections::BTreeMap<(bool, &str), Vec<(usize, PageId)>> =
                Default::default();
            for p in &site.pages {
                if let Some(rel) = p.rel.as_deref() {
                    let (code, path) = t.split_site_path(rel);
                    let rank = t.codes.iter().position(|c| c == code).unwrap_or(usize::MAX);
                    let key = match p
                        .front
                        .params
                        .get("translationKey")
                        .and_then(|v| v.as_str())
                    {
                        Some(k) => (true, k),
                        None => (false, path),
                    };
                    same.entry(key).or_default().push((rank, p.id));
                }
            }
            for mut group in same.into_values().filter(|g| g.len() > 1) {
                group.sort();
                for &(_, id) in &group {
                    translations[id] = group.iter().map(|g| g.1).filter(|&o| o != id).collect();
                }
            }
        }
        Nav {
            link,
            kids,
            order,
            position,
            full_tree: visible <= site.config.nav_full_tree_limit,
            roots,
            translations,
        }
    }

    /// The same page in the site's other languages.
    pub fn translations(&self, id: PageId) -> &[PageId] {
        self.translations.get(id).map_or(&[], Vec::as_slice)
    }

    /// The root of a page's tree: the first of its ancestors `path`, or the page itself
    /// when it is a root; the home page for anything else (404, search).
    pub fn root(&self, current: PageId, path: &[PageId]) -> PageId {
        path.first()
            .copied()
            .or_else(|| self.roots.contains(&current).then_some(current))
            .unwrap_or(self.roots[0])
    }

    pub fn prev_next(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        match self.position[id] {
            Some(i) => (
                i.checked_sub(1).map(|j| self.order[j]),
                self.order.get(i + 1).copied(),
            ),
            None => (None, None),
        }
    }

    /// The sidebar HTML for page `current`, whose ancestors are `path` (its root first: the
    /// home page, or its language's home page): the tree of that root.
    pub fn sidebar(&self, current: PageId, path: &[PageId]) -> String {
        let mut out = String::with_capacity(4096);
        let root = self.root(current, path);
        self.list(root, current, path, &mut out);
        out
    }

    fn list(&self, parent: PageId, current: PageId, path: &[PageId], out: &mut String) {
        let kids = &self.kids[parent];
        if kids.is_empty() {
            return;
        }
        // No ids from page numbers here: a page's HTML must not change when unrelated pages
        // come or go (the preview re-renders by key; `build` reuses unchanged files). The
        // theme's script gives each list the id its toggle button needs.
        out.push_str("<ul class=\"vv-nav__list\">");
        for &k in kids {
            let (href, title) = &self.link[k];
            let is_current = k == current;
            let in_path = path.contains(&k);
            let has_kids = !self.kids[k].is_empty();
            out.push_str("<li class=\"vv-nav__item");
            if has_kids {
                out.push_str(" vv-nav__item--section");
                out.push_str(if in_path || is_current {
                    " vv-nav__item--open"
                } else {
                    " vv-nav__item--closed"
                });
            }
            if is_current {
                out.push_str(" vv-nav__item--current");
            }
            let _ = write!(out, "\"><a class=\"vv-nav__link\" href=\"{href}\"");
            if is_current {
                out.push_str(" aria-current=\"page\"");
            }
            out.push('>');
            out.push_str(title);
            out.push_str("</a>");
            if has_kids && (self.full_tree || in_path || is_current) {
                self.list(k, current, path, out);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
}

/// Nested `<ul>` of the headings within `start..=end`, or "" when there are fewer than
/// `min` of them.
pub fn toc_html(headings: &[Heading], start: u8, end: u8, min: usize) -> String {
    let hs: Vec<&Heading> = headings
        .iter()
        .filter(|h| h.level >= start && h.level <= end)
        .collect();
    if hs.len() < min || hs.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut stack: Vec<u8> = Vec::new();
    for h in hs {
        let level = h.level;
        if stack.is_empty() || level > *stack.last().unwrap_or(&level) {
            out.push_str("<ul>");
            stack.push(level);
        } else {
            out.push_str("</li>");
            while stack.len() > 1 && level < *stack.last().unwrap_or(&level) {
                stack.pop();
                out.push_str("</ul></li>");
            }
        }
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a>",
            escape(&encode_href(&h.id)),
            escape(&h.text)
        );
    }
    out.push_str("</li>");
    while stack.len() > 1 {
        stack.pop();
        out.push_str("</ul></li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            html: id.into(),
            text: id.into(),
            pos: Pos::default(),
        }
    }

    #[test]
    fn toc_nests_levels() {
        let t = toc_html(&[h(2, "a"), h(3, "b"), h(2, "c")], 2, 3, 1);
        assert_eq!(
            t,
            "<ul><li><a href=\"#a\">a</a><ul><li><a href=\"#b\">b</a></li></ul></li><li><a href=\"#c\">c</a></li></ul>"
        );
        assert_eq!(
            toc_html(&[h(2, "a"), h(3, "b")], 2, 2, 1),
            "<ul><li><a href=\"#a\">a</a></li></ul>"
        );
        assert_eq!(toc_html(&[h(2, "a")], 2, 2, 2), "");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
