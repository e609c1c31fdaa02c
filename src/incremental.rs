//! Incremental rebuilds for the preview server.
//!
//! A [`State`] is the last build kept in memory: the resolved site, what rendering shares
//! between pages, every output file, and the diagnostics by where they came from (each
//! file's parse, each page's links and rendering, the rest). [`State::update`] brings it up
//! to date after files changed, doing as little as it can:
//!
//! - **Body edit** (the common case): only existing markdown pages changed, and for each
//!   one its front matter, headings and anchors are the same as before and no form points
//!   at it. Only those files are read and parsed, only their links resolved, only those
//!   pages rendered. Nothing else can differ: every other page, list, menu and form reads
//!   only front matter, headings and anchors of other pages.
//! - **Full resolve** otherwise (new, deleted or renamed files, front matter or heading
//!   changes, static files): everything is loaded and resolved again (the parse cache
//!   re-parses only changed files); when the site's shape (titles, URLs, tree, order,
//!   taxonomies, aliases) is unchanged, only pages whose own data changed are rendered
//!   again, otherwise all of them.
//! - **Config or theme** changes: a full build.
//!
//! The search index is built by the caller from [`State::site`] after the pages are
//! swapped in (it needs every page, and the preview shows the new page first).
//!
//! Invariant: after every update the files and diagnostics equal a full build of the same
//! files, byte for byte (tests compare them; `VEIVISER_VERIFY_INCREMENTAL=1` makes the
//! preview check it after every rebuild and report any difference). This module does no
//! output IO and holds no global state.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::error::Result;
use crate::forms::Forms;
use crate::model::{Page, PageId, PageKind, Site};
use crate::parse::{self, ParseCache};
use crate::pipeline::{self, BuildOptions};
use crate::render::{self, Prepared, theme::Theme};
use crate::resolve::links;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The bytes of one output file, shared between snapshots.
pub type Bytes = Arc<Vec<u8>>;

/// How an update was done (for timings and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only changed pages were parsed, resolved and rendered.
    Body,
    /// The site was resolved again; only pages that differ were rendered.
    Resolve,
    /// Everything was built again.
    Full,
}

/// What [`State::update`] did.
#[derive(Debug, Clone)]
pub struct Update {
    pub kind: Kind,
    /// Pages rendered.
    pub rendered: usize,
}

/// The last build, kept for the next one.
pub struct State {
    opts: BuildOptions,
    cache: ParseCache,
    site: Site,
    theme: Theme,
    forms: Forms,
    prepared: Prepared,
    /// Link lookup tables (they depend only on the site's files).
    tables: links::Tables,
    /// Pages a form reads or writes (form pages, their language versions, pages with
    /// "Bestill" links, the forms index): never updated by a body edit.
    form_pages: BTreeSet<PageId>,
    /// Every output file but the search index (shared with the served snapshot; copied
    /// on the next change).
    files: Arc<BTreeMap<String, Bytes>>,
    /// Output path of each page (if it has one).
    page_paths: Vec<Option<String>>,
    /// Link diagnostics of each page.
    link_diags: Vec<Vec<Diagnostic>>,
    /// Render diagnostics of each page.
    render_diags: Vec<Vec<Diagnostic>>,
    /// Every diagnostic but the search index's, sorted.
    diags: Vec<Diagnostic>,
}

impl State {
    /// A full build (parsing with `cache`, which the state keeps).
    pub fn build(opts: &BuildOptions, mut cache: ParseCache) -> Result<State> {
        let r = pipeline::resolve_site(opts, Some(&mut cache))?;
        let prepared = Prepared::new(&r.site, &r.theme);
        let mut state = State {
            opts: opts.clone(),
            cache,
            form_pages: form_pages(&r.site, &r.forms),
            tables: links::Tables::new(&r.site),
            page_paths: Vec::new(),
            link_diags: r.link_diagnostics.iter().map(|d| d.sorted()).collect(),
            render_diags: Vec::new(),
            diags: r.diagnostics.sorted(),
            files: Arc::default(),
            site: r.site,
            theme: r.theme,
            forms: r.forms,
            prepared,
        };
        let all: Vec<PageId> = (0..state.site.pages.len()).collect();
        state.render_diags = vec![Vec::new(); all.len()];
        state.page_paths = vec![None; all.len()];
        state.render_pages(&all);
        let rendered: Vec<Diagnostic> = state.render_diags.iter().flatten().cloned().collect();
        state.diags.extend(rendered);
        state.render_extras();
        Ok(state)
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Every output file but the search index.
    pub fn files(&self) -> &Arc<BTreeMap<String, Bytes>> {
        &self.files
    }

    /// Every diagnostic but the search index's, sorted.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diags
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Brings the state up to date after `changed` (paths relative to the site root, as the
    /// watcher saw them). `structural` asks for a full build (config or theme changed).
    /// On a system error the state is unchanged.
    pub fn update(mut self, changed: &[String], structural: bool) -> (Result<State>, Update) {
        let cands = if structural {
            None
        } else {
            self.body_candidates(changed)
        };
        if let Some(paths) = cands {
            if let Some(rendered) = self.try_body_edit(&paths) {
                return (
                    Ok(self),
                    Update {
                        kind: Kind::Body,
                        rendered,
                    },
                );
            }
            return self.resolve_again(false);
        }
        self.resolve_again(structural)
    }

    /// The pages behind `changed` when every changed path is an existing page's markdown
    /// file not touched by a form, or a file that is gone again and was never part of the
    /// site (an editor's temporary file).
    fn body_candidates(&self, changed: &[String]) -> Option<Vec<(PageId, String)>> {
        let prefix = format!("{}/", self.site.config.content_dir.trim_end_matches('/'));
        let mut out: Vec<(PageId, String)> = Vec::new();
        for c in changed {
            match c
                .strip_prefix(&prefix)
                .and_then(|rel| self.tables.page_of(rel).map(|id| (id, rel)))
            {
                Some((id, _)) if self.form_pages.contains(&id) => return None,
                Some((id, rel)) => {
                    if !out.iter().any(|(i, _)| *i == id) {
                        out.push((id, rel.to_string()));
                    }
                }
                None => {
                    // Gone and never part of the site, also not as a folder of it.
                    let dir = format!("{}/", c.strip_prefix(&prefix).unwrap_or(c));
                    let root = &self.opts.root;
                    let known = self
                        .site
                        .assets
                        .iter()
                        .any(|a| a.src.strip_prefix(root).is_ok_and(|p| p.starts_with(c)))
                        || self.tables.any_page_under(&dir)
                        || c.trim_end_matches('/') == prefix.trim_end_matches('/');
                    if known || root.join(c).exists() {
                        return None;
                    }
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Re-reads, re-parses, re-links and re-renders the given pages when only their bodies
    /// changed (returns how many pages were rendered); leaves the state untouched and
    /// returns `None` otherwise.
    fn try_body_edit(&mut self, paths: &[(PageId, String)]) -> Option<usize> {
        let root = self.opts.root.clone();
        let content_dir = self.site.config.content_dir.clone();
        let key = pipeline::parse_key(&self.site.config, &self.theme);
        if self.cache.key() != key {
            return None;
        }
        let mut fresh = Vec::new();
        for (id, rel) in paths {
            let display = format!("{content_dir}/{rel}");
            let mut read_diags = Diagnostics::new();
            let path = self.site.config.content_root(&root).join(rel);
            let text = match crate::load::read_markdown(&path, &display, &mut read_diags) {
                Some(t) if read_diags.is_empty() => t,
                _ => return None,
            };
            let source = crate::model::SourceFile {
                rel: rel.clone(),
                display,
                text,
            };
            let (parsed, pdiags) = parse::parse_file(source, &self.site.config, &self.theme);
            let old = &self.site.pages[*id];
            if !same_outline(old, &parsed.front, &parsed.content) {
                return None;
            }
            fresh.push((*id, parsed, pdiags));
        }
        // Commit: nothing below can fail.
        let severity = links::severity(&self.site, self.opts.strict);
        let mut remove: Vec<Diagnostic> = Vec::new();
        let mut add: Vec<Diagnostic> = Vec::new();
        let ids: Vec<PageId> = fresh.iter().map(|(id, _, _)| *id).collect();
        for (id, parsed, pdiags) in fresh {
            if let Some((_, old)) = self.cache.get(&parsed.source.rel) {
                remove.extend(old.sorted());
            }
            add.extend(pdiags.sorted());
            self.site.pages[id].content = parsed.content.clone();
            self.cache.put(parsed, pdiags);
        }
        let index = links::Index::with_tables(&self.site, std::borrow::Cow::Borrowed(&self.tables));
        let relinked: Vec<(PageId, Vec<String>, Diagnostics)> = ids
            .iter()
            .map(|&id| {
                let (h, d) = links::resolve_page(&index, &self.site.pages[id], severity);
                (id, h, d)
            })
            .collect();
        drop(index);
        for (id, hrefs, d) in relinked {
            self.site.pages[id].hrefs = hrefs;
            remove.append(&mut self.link_diags[id]);
            self.link_diags[id] = d.sorted();
            add.extend(self.link_diags[id].iter().cloned());
        }
        for &id in &ids {
            remove.extend(self.render_diags[id].iter().cloned());
        }
        self.render_pages(&ids);
        for &id in &ids {
            add.extend(self.render_diags[id].iter().cloned());
        }
        self.diags = replace_diags(std::mem::take(&mut self.diags), remove, add);
        Some(ids.len())
    }

    /// Loads and resolves everything again and renders what changed (`all` or when the
    /// site's shape changed: every page).
    fn resolve_again(self, all: bool) -> (Result<State>, Update) {
        let State {
            opts,
            mut cache,
            site: old_site,
            files: old_files,
            render_diags: old_render_diags,
            page_paths: old_paths,
            ..
        } = self;
        let r = match pipeline::resolve_site(&opts, Some(&mut cache)) {
            Ok(r) => r,
            Err(e) => {
                return (
                    Err(e),
                    Update {
                        kind: Kind::Full,
                        rendered: 0,
                    },
                );
            }
        };
        let same_shape = !all && same_shape(&old_site, &r.site);
        let prepared = Prepared::new(&r.site, &r.theme);
        let n = r.site.pages.len();
        let mut state = State {
            opts,
            cache,
            form_pages: form_pages(&r.site, &r.forms),
            tables: links::Tables::new(&r.site),
            page_paths: vec![None; n],
            link_diags: r.link_diagnostics.iter().map(|d| d.sorted()).collect(),
            render_diags: vec![Vec::new(); n],
            diags: Vec::new(),
            files: Arc::default(),
            site: r.site,
            theme: r.theme,
            forms: r.forms,
            prepared,
        };
        let mut base = r.diagnostics.sorted();
        let todo: Vec<PageId> = if same_shape {
            // Same ids, same output paths: keep every page whose own data is the same.
            let mut todo = Vec::new();
            for id in 0..n {
                if same_page(&old_site.pages[id], &state.site.pages[id]) {
                    state.page_paths[id] = old_paths[id].clone();
                    state.render_diags[id] = old_render_diags[id].clone();
                    if let Some(p) = &old_paths[id]
                        && let Some(b) = old_files.get(p)
                    {
                        Arc::make_mut(&mut state.files).insert(p.clone(), b.clone());
                    }
                } else {
                    todo.push(id);
                }
            }
            todo
        } else {
            (0..n).collect()
        };
        let kind = if same_shape {
            Kind::Resolve
        } else {
            Kind::Full
        };
        drop(old_files);
        drop(old_site);
        state.render_pages(&todo);
        state.render_extras();
        for d in &state.render_diags {
            base.extend(d.iter().cloned());
        }
        state.diags.append(&mut base);
        state.diags.sort();
        (
            Ok(state),
            Update {
                kind,
                rendered: todo.len(),
            },
        )
    }

    /// Renders `ids` (in parallel), replacing their files and render diagnostics.
    fn render_pages(&mut self, ids: &[PageId]) {
        let one = |&id: &PageId| {
            let mut d = Diagnostics::new();
            let f = render::render_one(&self.site, &self.theme, &self.prepared, id, &mut d);
            (id, f, d)
        };
        // A few pages are rendered on this thread: the thread pool may be busy with the
        // search index of the previous change.
        let results: Vec<(PageId, Option<render::OutputFile>, Diagnostics)> = if ids.len() <= 4 {
            ids.iter().map(one).collect()
        } else {
            ids.par_iter().map(one).collect()
        };
        let files = Arc::make_mut(&mut self.files);
        for (id, f, d) in results {
            if let Some(old) = self.page_paths[id].take() {
                files.remove(&old);
            }
            if let Some(f) = f {
                self.page_paths[id] = Some(f.path.clone());
                files.insert(f.path, Arc::new(f.bytes));
            }
            self.render_diags[id] = d.sorted();
        }
    }

    /// 404, search page, aliases, sitemap, robots, theme files and form files; their
    /// diagnostics go straight into `diags` (they are made again by every full resolve).
    fn render_extras(&mut self) {
        let mut d = Diagnostics::new();
        let mut extras = render::render_extras(&self.site, &self.theme, &self.prepared, &mut d);
        extras.extend(crate::forms::outputs(
            &self.site,
            &self.theme,
            &self.forms,
            &mut d,
        ));
        let others: Vec<&str> = extras
            .iter()
            .map(|f| f.path.as_str())
            .chain(self.site.assets.iter().map(|a| a.out.as_str()))
            .collect();
        render::check_clashes(&self.site, &self.prepared, &others, &mut d);
        let files = Arc::make_mut(&mut self.files);
        for f in extras {
            files.insert(f.path, Arc::new(f.bytes));
        }
        self.diags.extend(d.sorted());
        self.diags.sort();
    }
}

/// `old` − `remove` + `add` (as multisets), sorted.
fn replace_diags(
    mut all: Vec<Diagnostic>,
    remove: Vec<Diagnostic>,
    add: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    for r in remove {
        if let Some(i) = all.iter().position(|d| *d == r) {
            all.remove(i);
        }
    }
    all.extend(add);
    all.sort();
    all
}

/// Pages forms read or write.
fn form_pages(site: &Site, forms: &Forms) -> BTreeSet<PageId> {
    let mut out = BTreeSet::new();
    for rf in &forms.forms {
        out.insert(rf.page);
        out.extend(rf.variants.iter().map(|v| v.page));
        let mut docs: Vec<&crate::forms::schema::DocLink> = rf.form.docs.iter().collect();
        crate::forms::schema::visit(&rf.form.fields, &mut |f| docs.extend(f.docs.iter()));
        for d in docs {
            if let Some((pid, _)) = &d.target {
                out.insert(*pid);
            }
        }
    }
    if let Some(url) = &forms.index_url
        && let Some(&id) = site.by_url.get(url)
    {
        out.insert(id);
    }
    // Pages with a form table or `forms_index`, even when the form failed to parse.
    for p in &site.pages {
        if p.front.params.contains_key("form") || p.front.params.contains_key("forms_index") {
            out.insert(p.id);
        }
    }
    out
}

/// Whether a re-parsed page keeps everything other pages can see of it: front matter,
/// headings (ids, levels, text) and anchors.
fn same_outline(
    old: &Page,
    front: &crate::model::FrontMatter,
    content: &crate::model::Content,
) -> bool {
    let mut front = front.clone();
    // `parse` sets the language; the page's front matter has it set the same way.
    if front.lang.is_none() {
        front.lang = old.front.lang.clone();
    }
    front == old.front
        && old.content.headings.len() == content.headings.len()
        && old
            .content
            .headings
            .iter()
            .zip(&content.headings)
            .all(|(a, b)| {
                a.level == b.level && a.id == b.id && a.html == b.html && a.text == b.text
            })
        && links::anchors_of(&old.content) == links::anchors_of(content)
}

/// Whether two resolves gave the same site shape: what a page shows of other pages.
fn same_shape(a: &Site, b: &Site) -> bool {
    a.pages.len() == b.pages.len()
        && a.home == b.home
        && a.by_url == b.by_url
        && a.aliases == b.aliases
        && a.taxonomies == b.taxonomies
        && a.assets == b.assets
        && format!("{:?}", a.config) == format!("{:?}", b.config)
        && a.pages.iter().zip(&b.pages).all(|(x, y)| {
            x.kind == y.kind
                && x.url == y.url
                && x.title == y.title
                && x.lang == y.lang
                && x.parent == y.parent
                && x.children == y.children
                && x.rel == y.rel
                && x.front.linktitle == y.front.linktitle
                && x.front.description == y.front.description
                && x.front.hidden == y.front.hidden
                && x.front.weight == y.front.weight
        })
}

/// Whether a page renders the same as before, given the same site shape.
fn same_page(a: &Page, b: &Page) -> bool {
    a.display == b.display
        && a.front == b.front
        && a.content.html == b.content.html
        && a.content.headings == b.content.headings
        && a.content.deferred == b.content.deferred
        && a.hrefs == b.hrefs
        && a.kind != PageKind::Taxonomy
        && a.kind != PageKind::Term
}
