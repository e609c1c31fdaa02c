//! Shortcodes that need the resolved site, filled in when a page is rendered (parse leaves a
//! marker for them, see [`crate::model::Deferred`]): `children` (a page's child pages, in
//! Hugo Learn's orders) and the text of the Altinn Studio docs' `link` (its target's
//! description or title). Reads the site only; writes nothing.

use super::escape;
use crate::model::{Deferred, Page, PageId, Site};
use crate::resolve::urls::encode_url_path;
use std::fmt::Write;

/// The HTML of deferred shortcode `d` of page `p`.
pub(super) fn render(site: &Site, p: &Page, d: &Deferred) -> String {
    match d.name.as_str() {
        "children" => {
            let flag = |k: &str| d.named.get(k).is_some_and(|v| v == "true");
            let list = ChildrenList {
                description: flag("description"),
                show_hidden: flag("showhidden"),
                sort: ChildOrder::of(d.named.get("sort").map(String::as_str)),
            };
            let depth = d
                .named
                .get("depth")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 10);
            let mut out = String::new();
            list.write(site, p.id, depth, &mut out);
            out
        }
        "link" => {
            // The page the link resolved to (its href, back to its URL).
            let target = d
                .named
                .get("link")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| p.hrefs.get(i))
                .and_then(|h| page_at_href(site, h))
                .map(|id| &site.pages[id]);
            let Some(t) = target else {
                return escape(d.positional.first().map_or("", String::as_str));
            };
            let text = match d.named.get("shown").map(String::as_str) {
                Some("title") => None,
                Some("linkTitle") => t.front.linktitle.as_deref(),
                _ => t.front.description.as_deref(),
            };
            escape(text.filter(|s| !s.trim().is_empty()).unwrap_or(&t.title))
        }
        _ => String::new(),
    }
}

/// The page whose `href` (as link resolution writes it: base path, percent-encoded, perhaps a
/// `#fragment`) is `href`.
fn page_at_href(site: &Site, href: &str) -> Option<PageId> {
    let path = href.split('#').next()?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let path = path.strip_prefix(site.config.base_path.trim_end_matches('/'))?;
    site.by_url.get(path).copied()
}

/// The order of a `children` list: Hugo Learn's `sort` (`weight`, the site's own order, when
/// absent or unknown; `name`/`title`, `namereverse`, `date`/`publishdate`, `modifieddate`).
#[derive(Clone, Copy, PartialEq)]
enum ChildOrder {
    Site,
    Title,
    TitleReverse,
    /// Oldest first, as Hugo's `ByDate`; pages without a date last.
    Date,
    /// Most recently changed first (Relearn's `modifieddate`).
    Modified,
}

impl ChildOrder {
    fn of(sort: Option<&str>) -> ChildOrder {
        match sort.map(str::to_lowercase).as_deref() {
            Some("name" | "title" | "linktitle") => ChildOrder::Title,
            Some("namereverse") => ChildOrder::TitleReverse,
            Some("date" | "publishdate") => ChildOrder::Date,
            Some("modifieddate" | "lastmod") => ChildOrder::Modified,
            _ => ChildOrder::Site,
        }
    }

    fn sort(self, site: &Site, kids: &mut [PageId]) {
        let page = |id: &PageId| &site.pages[*id];
        match self {
            ChildOrder::Site => {}
            ChildOrder::Title | ChildOrder::TitleReverse => {
                kids.sort_by(|a, b| {
                    crate::resolve::order::compare_titles(&page(a).title, &page(b).title)
                });
                if self == ChildOrder::TitleReverse {
                    kids.reverse();
                }
            }
            // Front matter dates are ISO 8601, so their text sorts as they do.
            ChildOrder::Date => {
                kids.sort_by_key(|k| (page(k).front.date.is_none(), page(k).front.date.clone()))
            }
            ChildOrder::Modified => kids.sort_by_key(|k| {
                let f = &page(k).front;
                let lastmod = f.params.get("lastmod").and_then(|v| v.as_str());
                std::cmp::Reverse(lastmod.or(f.date.as_deref()).map(str::to_string))
            }),
        }
    }
}

/// How a `children` shortcode lists a page's children.
struct ChildrenList {
    description: bool,
    show_hidden: bool,
    sort: ChildOrder,
}

impl ChildrenList {
    fn write(&self, site: &Site, id: PageId, depth: usize, out: &mut String) {
        let mut kids: Vec<PageId> = site.pages[id]
            .children
            .iter()
            .copied()
            .filter(|&c| self.show_hidden || !site.pages[c].front.hidden)
            .collect();
        if kids.is_empty() || depth == 0 {
            return;
        }
        self.sort.sort(site, &mut kids);
        out.push_str("<ul class=\"vv-children\">");
        for c in kids {
            let cp = &site.pages[c];
            let _ = write!(
                out,
                "<li class=\"vv-children__item\"><a class=\"vv-children__link\" href=\"{}\">{}</a>",
                escape(&encode_url_path(&site.abs_url(&cp.url))),
                escape(&cp.title)
            );
            if self.description
                && let Some(desc) = cp.front.description.as_deref().filter(|d| !d.is_empty())
            {
                let _ = write!(
                    out,
                    "<p class=\"vv-children__description\">{}</p>",
                    escape(desc)
                );
            }
            self.write(site, c, depth - 1, out);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
}
