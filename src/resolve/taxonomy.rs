//! Taxonomies (`tags`, `categories`): one list page per taxonomy (`/tags/`) and one page
//! per term (`/tags/api/`), as Hugo makes them (in a multilingual Hugo site, per language:
//! `/nb/tags/api/` lists the Norwegian pages). Term URLs are sanitised and lower-cased like
//! Hugo's `urlize`; the display name is the first spelling met in path order
//! (Hugo's `preserveTaxonomyNames`). Only adds generated pages; reads nothing else.

use super::order;
use super::urls::sanitize;
use crate::config::Config;
use crate::diagnostics::{Diagnostics, Pos};
use crate::model::{Content, FrontMatter, Page, PageId, PageKind, Taxonomy, Term};
use std::collections::BTreeMap;

pub const TAXONOMIES: &[&str] = &["tags", "categories"];

pub fn build(
    pages: &mut Vec<Page>,
    by_url: &mut BTreeMap<String, PageId>,
    home: PageId,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<Taxonomy> {
    // The language folders that have pages, in order ("" alone for one language).
    let mut prefixes: Vec<String> = pages
        .iter()
        .map(|p| config.language_folder(p.rel.as_deref()))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    let mut out = Vec::new();
    for &tax in TAXONOMIES {
        for prefix in &prefixes {
            out.extend(build_one(pages, by_url, home, config, diags, tax, prefix));
        }
    }
    out
}

/// One taxonomy of the pages in one language folder (`prefix`).
fn build_one(
    pages: &mut Vec<Page>,
    by_url: &mut BTreeMap<String, PageId>,
    home: PageId,
    config: &Config,
    diags: &mut Diagnostics,
    tax: &str,
    prefix: &str,
) -> Option<Taxonomy> {
    {
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for p in pages.iter() {
            if config.language_folder(p.rel.as_deref()) != prefix {
                continue;
            }
            let values = if tax == "tags" {
                &p.front.tags
            } else {
                &p.front.categories
            };
            for v in values {
                let slug = sanitize(v);
                if slug.is_empty() {
                    let pos = p.front.key_lines.get(tax).copied().unwrap_or(Pos::FILE);
                    diags.warning(
                        &p.display,
                        pos,
                        format!("{tax} value `{v}` gives an empty URL; ignored"),
                    );
                    continue;
                }
                let t = terms.entry(slug).or_insert_with(|| Term {
                    name: v.clone(),
                    page: None,
                    pages: vec![],
                });
                if !t.pages.contains(&p.id) {
                    t.pages.push(p.id);
                }
            }
        }
        if terms.is_empty() {
            return None;
        }
        let tax_url = format!("/{prefix}{tax}/");
        let tax_id = pages.len();
        if by_url.contains_key(&tax_url) {
            diags.warning(
                &pages[by_url[&tax_url]].display,
                Pos::FILE,
                format!(
                    "this page takes the taxonomy URL {tax_url}; the generated list is not written"
                ),
            );
            return None;
        }
        let tax_title = super::humanize(tax);
        // Under the language's home page in a multilingual site.
        let parent = by_url.get(&format!("/{prefix}")).copied().unwrap_or(home);
        let lang = if prefix.is_empty() {
            config.language.clone()
        } else {
            pages[parent].lang.clone()
        };
        pages.push(generated(
            tax_id,
            PageKind::Taxonomy,
            &tax_url,
            &tax_title,
            parent,
            config,
        ));
        pages[tax_id].lang = lang.clone();
        by_url.insert(tax_url.clone(), tax_id);
        for (slug, term) in terms.iter_mut() {
            term.pages.sort_by_cached_key(|&id| {
                let p = &pages[id];
                order::sort_key(
                    p.front.weight,
                    p.nav_title(),
                    p.rel.as_deref().unwrap_or(""),
                )
            });
            let url = format!("{tax_url}{slug}/");
            if by_url.contains_key(&url) {
                continue;
            }
            let id = pages.len();
            pages.push(generated(
                id,
                PageKind::Term,
                &url,
                &term.name,
                tax_id,
                config,
            ));
            pages[id].lang = lang.clone();
            by_url.insert(url, id);
            term.page = Some(id);
        }
        let mut term_ids: Vec<PageId> = terms.values().filter_map(|t| t.page).collect();
        term_ids.sort_by_cached_key(|&id| order::sort_key(0, &pages[id].title, ""));
        pages[tax_id].children = term_ids;
        Some(Taxonomy {
            name: tax.to_string(),
            page: Some(tax_id),
            terms,
        })
    }
}

fn generated(
    id: PageId,
    kind: PageKind,
    url: &str,
    title: &str,
    parent: PageId,
    config: &Config,
) -> Page {
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
        parent: Some(parent),
        children: vec![],
        hrefs: vec![],
    }
}
