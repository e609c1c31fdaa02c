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
//! - **Outline edit**: the same files, but the front matter or headings of some changed
//!   (a title, weight, draft flag). Only those files are parsed; every other file's parse
//!   result comes from the parse cache and the config and file list from the last load (no
//!   file is read), and the site is resolved again.
//! - **Full resolve** otherwise (new, deleted or renamed files, static files): everything is
//!   loaded and resolved again (the parse cache re-parses only changed files).
//!
//! After an outline edit or a full resolve a page is rendered again only when its *render
//! key* changed ([`render::page_key`]: a hash of everything its HTML is made from — its own
//! data and what it shows of other pages: breadcrumbs, children and `children` lists,
//! prev/next neighbours, its sidebar). So a title, weight or draft change re-renders the
//! page, its section's lists, its neighbours and the pages whose sidebar shows it; a new
//! page the pages whose menu shows it; a changed heading the pages whose links to it change
//! (their diagnostics are made again for every page). Pages are matched with the last build
//! by output path (ids shift when files come and go).
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
use crate::model::{Page, PageId, Site};
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
    /// Existing pages' front matter or headings changed: only they were parsed, the site
    /// was resolved again from the parse cache and pages whose render key changed rendered.
    Outline,
    /// The site was loaded and resolved again; pages whose render key changed rendered.
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
    /// Render key of each page with an output path ([`render::page_key`]).
    keys: Vec<Option<u64>>,
    /// What the last load found on disk.
    on_disk: OnDisk,
    /// Every diagnostic but the search index's, sorted.
    diags: Vec<Diagnostic>,
}

impl State {
    /// A full build (parsing with `cache`, which the state keeps).
    pub fn build(opts: &BuildOptions, mut cache: ParseCache) -> Result<State> {
        let found = pipeline::find_site(opts)?;
        let on_disk = OnDisk::of(&found);
        let r = pipeline::parse_and_resolve(opts, found, Some(&mut cache));
        let prepared = Prepared::new(&r.site, &r.theme);
        let mut state = State {
            opts: opts.clone(),
            cache,
            form_pages: form_pages(&r.site, &r.forms),
            tables: links::Tables::new(&r.site),
            page_paths: Vec::new(),
            link_diags: r.link_diagnostics.iter().map(|d| d.sorted()).collect(),
            render_diags: Vec::new(),
            keys: Vec::new(),
            on_disk,
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
        state.keys = vec![None; all.len()];
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
    /// On a system error the state is gone: the caller builds a new one.
    pub fn update(mut self, changed: &[String], structural: bool) -> (Result<State>, Update) {
        let cands = if structural {
            None
        } else {
            self.body_candidates(changed)
        };
        if let Some(paths) = cands {
            return match self.try_body_edit(&paths) {
                Edit::Done(rendered) => (
                    Ok(self),
                    Update {
                        kind: Kind::Body,
                        rendered,
                    },
                ),
                Edit::Outline(fresh) => self.resolve_outline(fresh),
                Edit::No => self.resolve_again(false),
            };
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
    /// changed. Otherwise leaves the state untouched and gives the parsed files when they
    /// could be read and parsed with the cache's config and theme.
    fn try_body_edit(&mut self, paths: &[(PageId, String)]) -> Edit {
        if self.on_disk.inserts {
            return Edit::No;
        }
        let root = self.opts.root.clone();
        let content_dir = self.site.config.content_dir.clone();
        let key = pipeline::parse_key(&self.site.config, &self.theme)
            ^ pipeline::attachments_fingerprint(&self.site.assets);
        if self.cache.key() != key {
            return Edit::No;
        }
        let mut fresh = Vec::new();
        let mut same = true;
        let no_includes = parse::include::Includes::default();
        let host = parse::markdown::WithIncludes {
            theme: &self.theme,
            includes: &no_includes,
            assets: &self.site.assets,
        };
        for (id, rel) in paths {
            let display = format!("{content_dir}/{rel}");
            let mut read_diags = Diagnostics::new();
            let path = self.site.config.content_root(&root).join(rel);
            let text = match crate::load::read_markdown(&path, &display, &mut read_diags) {
                // A page that now inserts a file needs it read: the full way.
                Some(t)
                    if read_diags.is_empty() && crate::parse::include::targets(&t).is_empty() =>
                {
                    t
                }
                _ => return Edit::No,
            };
            let source = crate::model::SourceFile {
                rel: rel.clone(),
                display,
                text,
            };
            let (parsed, pdiags) = parse::parse_file(source, &self.site.config, &host);
            let old = &self.site.pages[*id];
            same = same && same_outline(old, &parsed.front, &parsed.content);
            fresh.push((*id, parsed, pdiags));
        }
        if !same {
            return Edit::Outline(fresh.into_iter().map(|(_, p, d)| (p, d)).collect());
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
        Edit::Done(ids.len())
    }

    /// Resolves the site again after existing pages' front matter or headings changed
    /// (`fresh`: those files, parsed): no file is added or removed, so the config, theme
    /// and every other file are as the last load found them, and their parse results are
    /// taken from the cache instead of the disk.
    fn resolve_outline(
        mut self,
        fresh: Vec<(crate::model::ParsedPage, Diagnostics)>,
    ) -> (Result<State>, Update) {
        let mut laps = pipeline::Laps::new();
        for (p, d) in fresh {
            self.cache.put(p, d);
        }
        let found: Option<Vec<(crate::model::ParsedPage, Diagnostics)>> = self
            .on_disk
            .rels
            .par_iter()
            .map(|rel| self.cache.get(rel).map(|(p, d)| (p.for_site(), d.clone())))
            .collect();
        let Some(found) = found else {
            return self.resolve_again(false);
        };
        let mut diags = self.on_disk.diags.clone();
        let mut parsed = Vec::with_capacity(found.len());
        for (p, d) in found {
            parsed.push(p);
            diags.extend(d);
        }
        laps.lap("parse (cached)");
        let (opts, cache, theme, on_disk, last) = self.into_parts();
        let r = pipeline::resolve_parsed(
            &opts,
            on_disk.config.clone(),
            theme,
            parsed,
            (on_disk.assets.clone(), on_disk.word_list.clone()),
            diags,
        );
        let (state, mut update) = State::install(opts, cache, on_disk, last, r, false);
        update.kind = Kind::Outline;
        (state, update)
    }

    /// Loads and resolves everything again and renders the pages whose render key changed
    /// (every page when `all`, or when the config changed).
    fn resolve_again(self, all: bool) -> (Result<State>, Update) {
        let (opts, mut cache, _, _, last) = self.into_parts();
        let found = match pipeline::find_site(&opts) {
            Ok(f) => f,
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
        let on_disk = OnDisk::of(&found);
        let r = pipeline::parse_and_resolve(&opts, found, Some(&mut cache));
        State::install(opts, cache, on_disk, last, r, all)
    }

    /// What a new resolve keeps of this state: the options, the parse cache, the theme,
    /// what the last load found and the last build's pages.
    fn into_parts(self) -> (BuildOptions, ParseCache, Theme, OnDisk, Last) {
        let last = Last {
            site: self.site,
            prepared: self.prepared,
            files: self.files,
            render_diags: self.render_diags,
            page_paths: self.page_paths,
            keys: self.keys,
        };
        (self.opts, self.cache, self.theme, self.on_disk, last)
    }

    /// The state for a newly resolved site: pages whose render key is the same as in the
    /// `last` build keep their output, the others are rendered (all of them when `all` or
    /// when the config changed).
    fn install(
        opts: BuildOptions,
        cache: ParseCache,
        on_disk: OnDisk,
        last: Last,
        r: pipeline::Resolved,
        all: bool,
    ) -> (Result<State>, Update) {
        let Last {
            site: old_site,
            prepared: old_prepared,
            files: old_files,
            render_diags: old_render_diags,
            page_paths: old_paths,
            keys: old_keys,
        } = last;
        let reuse = !all && format!("{:?}", old_site.config) == format!("{:?}", r.site.config);
        let mut laps = pipeline::Laps::new();
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
            keys: vec![None; n],
            on_disk,
            diags: Vec::new(),
            files: Arc::default(),
            site: r.site,
            theme: r.theme,
            forms: r.forms,
            prepared,
        };
        let mut base = r.diagnostics.sorted();
        let todo: Vec<PageId> = if reuse {
            // The last build's page at each output path.
            let old_at: BTreeMap<&str, PageId> = (0..old_site.pages.len())
                .filter_map(|id| old_prepared.path(id).map(|p| (p, id)))
                .collect();
            let keys: Vec<Option<u64>> = (0..n)
                .into_par_iter()
                .map(|id| render::page_key(&state.site, &state.prepared, id))
                .collect();
            let mut todo = Vec::new();
            for (id, key) in keys.into_iter().enumerate() {
                let old = state
                    .prepared
                    .path(id)
                    .and_then(|p| old_at.get(p).copied())
                    .filter(|&old| key.is_some() && old_keys[old] == key);
                match old {
                    Some(old) => {
                        // Same key: same bytes and the same diagnostics as last time.
                        state.keys[id] = key;
                        state.page_paths[id] = old_paths[old].clone();
                        state.render_diags[id] = old_render_diags[old].clone();
                        if let Some(p) = &old_paths[old]
                            && let Some(b) = old_files.get(p)
                        {
                            Arc::make_mut(&mut state.files).insert(p.clone(), b.clone());
                        }
                    }
                    None => todo.push(id),
                }
            }
            laps.lap("render keys");
            todo
        } else {
            (0..n).collect()
        };
        let kind = if reuse { Kind::Resolve } else { Kind::Full };
        drop(old_files);
        drop(old_site);
        state.render_pages(&todo);
        laps.lap("render");
        state.render_extras();
        laps.lap("render extras");
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
            let (f, key) =
                render::render_keyed(&self.site, &self.theme, &self.prepared, id, &mut d);
            (id, f, key, d)
        };
        // A few pages are rendered on this thread: the thread pool may be busy with the
        // search index of the previous change.
        type Rendered = (PageId, Option<render::OutputFile>, Option<u64>, Diagnostics);
        let results: Vec<Rendered> = if ids.len() <= 4 {
            ids.iter().map(one).collect()
        } else {
            ids.par_iter().map(one).collect()
        };
        let files = Arc::make_mut(&mut self.files);
        for (id, f, key, d) in results {
            self.keys[id] = key;
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

/// What [`State::try_body_edit`] found.
enum Edit {
    /// Only bodies changed: this many pages were rendered.
    Done(usize),
    /// Front matter or headings changed: the files, read and parsed.
    Outline(Vec<(crate::model::ParsedPage, Diagnostics)>),
    /// Something else (a file could not be read, the config or theme changed).
    No,
}

/// What the last load found on disk: the config, the content files in load order, the
/// other files and the diagnostics of config, theme and load.
struct OnDisk {
    /// The config as loaded (before resolve).
    config: crate::config::Config,
    rels: Vec<String>,
    assets: Vec<crate::model::Asset>,
    word_list: Option<Arc<crate::model::DataFile>>,
    diags: Diagnostics,
    /// Whether pages insert other files (`{{% insert %}}`): a page's parse then depends on
    /// files other than its own, so edits take the full way.
    inserts: bool,
}

impl OnDisk {
    fn of(found: &pipeline::Found) -> OnDisk {
        OnDisk {
            config: found.config.clone(),
            rels: found.loaded.files.iter().map(|f| f.rel.clone()).collect(),
            assets: found.loaded.assets.clone(),
            word_list: found.loaded.word_list.clone(),
            diags: found.diagnostics.clone(),
            inserts: !found.loaded.includes.is_empty(),
        }
    }
}

/// The parts of the last build a new one reuses.
struct Last {
    site: Site,
    prepared: Prepared,
    files: Arc<BTreeMap<String, Bytes>>,
    render_diags: Vec<Vec<Diagnostic>>,
    page_paths: Vec<Option<String>>,
    keys: Vec<Option<u64>>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn page(title: &str, weight: i64, body: &str) -> String {
        format!("---\ntitle: {title}\nweight: {weight}\n---\n{body}\n")
    }

    /// Three sections of three pages; the sidebar shows only the open branch.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "veiviser.toml",
            "title = \"Test\"\nbase_url = \"/\"\n[nav]\nfull_tree_limit = 0\n",
        );
        write(root, "content/_index.md", "---\ntitle: Hjem\n---\nHei.\n");
        for (s, w) in [("s1", 1), ("s2", 2), ("s3", 3)] {
            write(
                root,
                &format!("content/{s}/_index.md"),
                &page(&s.to_uppercase(), w, "{{< children >}}"),
            );
            for i in 1..=3 {
                let body = if s == "s3" && i == 3 {
                    "Se [B1](/s2/p1/#om-b1).".to_string()
                } else {
                    format!("## Om {s}{i}\nTekst.")
                };
                write(
                    root,
                    &format!("content/{s}/p{i}.md"),
                    &page(&format!("{s}-{i}"), i, &body),
                );
            }
        }
        write(
            root,
            "content/s2/p1.md",
            &page("s2-1", 1, "## Om B1\nTekst."),
        );
        dir
    }

    fn opts(root: &Path) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            no_search: true,
            ..BuildOptions::default()
        }
    }

    /// Applies a change and checks the state equals a full build; returns how it updated.
    fn apply(state: State, root: &Path, changed: &[&str]) -> (State, Update) {
        let changed: Vec<String> = changed.iter().map(|s| s.to_string()).collect();
        let (state, update) = state.update(&changed, false);
        let state = state.unwrap();
        let full = pipeline::build_in_memory(&opts(root)).unwrap();
        let theirs: BTreeMap<&str, &[u8]> = full
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let ours: BTreeMap<&str, &[u8]> = state
            .files()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>(),
            "{changed:?}: the same files"
        );
        for (path, bytes) in &theirs {
            assert!(ours[path] == *bytes, "{changed:?}: {path} differs");
        }
        assert_eq!(
            state.diagnostics(),
            full.diagnostics.sorted(),
            "{changed:?}"
        );
        (state, update)
    }

    /// Writes `text` to `rel` and applies that change (see [`apply`]).
    fn edit(state: State, root: &Path, rel: &str, text: &str) -> (State, Update) {
        write(root, rel, text);
        apply(state, root, &[rel])
    }

    #[test]
    fn outline_changes_render_only_the_pages_that_show_them() {
        let dir = site();
        let root = dir.path();
        let mut state = State::build(&opts(root), ParseCache::default()).unwrap();
        let all = state.site().pages.len();

        // A title: the page, its section (children list, sidebar), its siblings (sidebar,
        // prev/next). Home's menu shows only the sections, so it stays.
        let (s, u) = edit(
            state,
            root,
            "content/s1/p2.md",
            &page("Nytt navn", 2, "## Om s12\nTekst."),
        );
        assert_eq!((u.kind, u.rendered), (Kind::Outline, 4), "title");
        state = s;

        // A weight: the section's pages and the section reorder.
        let (s, u) = edit(
            state,
            root,
            "content/s3/p1.md",
            &page("s3-1", 10, "## Om s31\nTekst."),
        );
        assert_eq!((u.kind, u.rendered), (Kind::Outline, 4), "weight");
        state = s;

        // A draft: the page goes; its section and its two siblings change.
        let (s, u) = edit(
            state,
            root,
            "content/s3/p2.md",
            "---\ntitle: s3-2\nweight: 2\ndraft: true\n---\n## Om s32\n",
        );
        assert_eq!((u.kind, u.rendered), (Kind::Outline, 3), "draft");
        assert!(!s.files().contains_key("s3/p2/index.html"));
        state = s;

        // A new page: its section, its siblings and the next section (its prev link).
        let (s, u) = edit(state, root, "content/s1/p4.md", &page("s1-4", 4, "Ny."));
        assert_eq!((u.kind, u.rendered), (Kind::Resolve, 6), "new page");
        state = s;

        // A heading another page links to: the page is rendered; the page that links to it
        // keeps its bytes (the link is written as it stands) but gets its diagnostic.
        let (s, u) = edit(
            state,
            root,
            "content/s2/p1.md",
            &page("s2-1", 1, "## Om B-en\nTekst."),
        );
        assert_eq!((u.kind, u.rendered), (Kind::Outline, 1), "heading");
        assert!(
            s.diagnostics().iter().any(|d| d.path == "content/s3/p3.md"),
            "{:?}",
            s.diagnostics()
        );
        state = s;

        // A section title shows in every page's menu: everything.
        let (s, u) = edit(
            state,
            root,
            "content/s2/_index.md",
            &page("Andre", 2, "{{< children >}}"),
        );
        assert_eq!(u.kind, Kind::Outline);
        assert_eq!(u.rendered, s.site().pages.len(), "section title");
        assert_eq!(s.site().pages.len(), all, "one page gone, one new");
    }

    /// What a page shows of other pages through shortcodes (a `link`'s text: the target's
    /// description; a `children` list sorted by date) follows edits of those pages, and
    /// page-local state (footnote numbers) is made again with the page.
    #[test]
    fn edits_reach_pages_that_show_other_pages_through_shortcodes() {
        let dir = site();
        let root = dir.path();
        write(
            root,
            "content/s1/p1.md",
            "---\ntitle: s1-1\nweight: 1\n---\nLes {{<link \"../s2/p2\">}}.\n\nNote{{<footnote \"Første\">}}\n\n{{<displayFootnotes>}}\n",
        );
        write(
            root,
            "content/s2/_index.md",
            &page("S2", 2, "{{< children sort=\"date\" >}}"),
        );
        let state = State::build(&opts(root), ParseCache::default()).unwrap();
        let html = |s: &State, path: &str| String::from_utf8_lossy(&s.files()[path]).into_owned();
        assert!(
            html(&state, "s1/p1/index.html").contains(">s2-2</a>."),
            "no description: the title"
        );

        let (state, _) = edit(
            state,
            root,
            "content/s2/p2.md",
            "---\ntitle: s2-2\nweight: 2\ndescription: Om to\ndate: 2020-01-01\n---\nTekst.\n",
        );
        assert!(html(&state, "s1/p1/index.html").contains(">Om to</a>."));
        let page = html(&state, "s2/index.html");
        let list = &page[page.find("<ul class=\"vv-children\">").unwrap()..];
        assert!(
            list.find(">s2-2</a>") < list.find(">s2-1</a>"),
            "dated first"
        );

        let (state, u) = edit(
            state,
            root,
            "content/s1/p1.md",
            "---\ntitle: s1-1\nweight: 1\n---\nLes {{<link \"../s2/p2\">}}.\n\nA{{<footnote \"En\">}} B{{<footnote \"To\">}}\n\n{{<displayFootnotes>}}\n",
        );
        assert_eq!(u.kind, Kind::Body);
        assert!(html(&state, "s1/p1/index.html").contains("<sup>2</sup> To</p>"));
    }

    #[test]
    fn edits_of_translations_update_their_language_folder() {
        // A multilingual Hugo site: a file's content path is not its site path
        // (`a.nb.md` is `nb/a.md`), so an edit takes the full way, and must still land.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "config.toml",
            "title = \"To\"\ndefaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.nb]\nweight = 2\n",
        );
        write(root, "content/_index.en.md", &page("Home", 0, "Hi."));
        write(root, "content/_index.nb.md", &page("Hjem", 0, "Hei."));
        write(root, "content/a.en.md", &page("Page", 1, "Text."));
        write(root, "content/a.nb.md", &page("Side", 1, "Tekst."));
        let state = State::build(&opts(root), ParseCache::default()).unwrap();
        let (s, _) = edit(
            state,
            root,
            "content/a.nb.md",
            &page("Side", 1, "Ny tekst."),
        );
        let html = String::from_utf8_lossy(&s.files()["nb/a/index.html"]).into_owned();
        assert!(html.contains("Ny tekst."), "{html}");
        let (s, _) = edit(
            s,
            root,
            "content/b.nb.md",
            &page("Ny side", 2, "Bare norsk."),
        );
        assert!(s.files().contains_key("nb/b/index.html"));
    }

    #[test]
    fn edits_of_inserted_files_reach_the_pages_that_insert_them() {
        let dir = site();
        let root = dir.path();
        write(
            root,
            "content/delt.md",
            "---\nheadless: true\n---\nDelt tekst.\n",
        );
        let state = State::build(&opts(root), ParseCache::default()).unwrap();
        // A page starts to insert the file: it must be read.
        let (s, _) = edit(
            state,
            root,
            "content/s1/p1.md",
            &page("s1-1", 1, "{{% insert \"content/delt.md\" %}}"),
        );
        let html = |s: &State| String::from_utf8_lossy(&s.files()["s1/p1/index.html"]).into_owned();
        assert!(html(&s).contains("Delt tekst."));
        // The inserted file changes: the page that inserts it changes with it.
        let (s, _) = edit(
            s,
            root,
            "content/delt.md",
            "---\nheadless: true\n---\nNy delt tekst.\n",
        );
        assert!(html(&s).contains("Ny delt tekst."));
    }
}
