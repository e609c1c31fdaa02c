//! The preview's rebuild loop state: the last build ([`crate::incremental::State`]), the
//! search index built beside it, and publishing both to the request threads.
//!
//! Pages come first: a change updates the incremental state, swaps in a new snapshot (only
//! when there are no errors) and tells the tabs; the search index is then rebuilt on a worker
//! thread from a copy of the site once the preview has been idle for [`SEARCH_IDLE`], and
//! swapped in when done (`pending` in the status until then). Changes that arrive while the
//! index is built make another build due when it ends, so at most one search build runs and
//! the last one always matches the served pages.
//! Owned by the watch thread; no shared mutable state besides [`super::Shared`].

use super::{DiagView, Shared, Snapshot, view};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::error::Result;
use crate::incremental::{Bytes, Kind, State, Update};
use crate::model::Site;
use crate::parse::ParseCache;
use crate::pipeline::BuildOptions;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

/// How long the preview waits after the last change before it rebuilds the search index.
pub const SEARCH_IDLE: std::time::Duration = std::time::Duration::from_millis(500);

/// A finished search build: (generation, files, diagnostics).
pub type SearchDone = (u64, Vec<crate::render::OutputFile>, Vec<Diagnostic>);

pub struct Live {
    opts: BuildOptions,
    root: PathBuf,
    state: Option<State>,
    search: Arc<BTreeMap<String, Bytes>>,
    search_diags: Vec<Diagnostic>,
    /// Increases with every update of `state`.
    generation: u64,
    /// Generation of the search index being built, if one is.
    search_busy: Option<u64>,
    /// The served index is older than the pages (a build is due once the preview is idle).
    search_stale: bool,
    search_tx: Sender<SearchJob>,
    timings: bool,
}

/// Work for the search worker.
pub enum SearchJob {
    /// What the first build made of each page (the worker reuses it for unchanged pages).
    Seed(crate::search::Cache),
    /// Build the index of this site (generation, site).
    Build(u64, Box<Site>),
}

/// Starts the search worker: it builds the index of each site it receives and sends the
/// result through `done`. It keeps what it made of each page ([`crate::search::Cache`]), so
/// after an edit only the changed pages are read and tokenized again.
pub fn search_worker(done: impl Fn(SearchDone) + Send + 'static) -> Sender<SearchJob> {
    let (tx, rx) = std::sync::mpsc::channel::<SearchJob>();
    // Its own thread pool, at most half the cores, so the next change (and requests) never
    // wait behind the index of the previous one.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads((cores / 2).max(1))
        .thread_name(|i| format!("veiviser-search-{i}"))
        .build()
        .ok();
    let timings = std::env::var_os("VEIVISER_TIMINGS").is_some();
    let _ = std::thread::Builder::new()
        .name("veiviser-search".into())
        .spawn(move || {
            let mut cache = crate::search::Cache::default();
            while let Ok(job) = rx.recv() {
                // Only the newest site matters.
                let mut newest = None;
                for job in std::iter::once(job).chain(rx.try_iter()) {
                    match job {
                        SearchJob::Seed(c) => cache = c,
                        SearchJob::Build(g, s) => newest = Some((g, s)),
                    }
                }
                let Some((generation, site)) = newest else {
                    continue;
                };
                let mut d = Diagnostics::new();
                let started = Instant::now();
                let mut build = || crate::search::build_cached(&site, &mut d, &mut cache);
                let files = match &pool {
                    Some(pool) => pool.install(build),
                    None => build(),
                };
                if timings {
                    let (reused, read) = cache.last_build();
                    eprintln!(
                        "serve: search index updated in {:.1} ms ({read} pages read again, {reused} reused)",
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                }
                done((generation, files, d.sorted()));
            }
        });
    tx
}

impl Live {
    /// The first build, with its search index (so the first page served is complete).
    pub fn start(
        opts: BuildOptions,
        root: PathBuf,
        search_tx: Sender<SearchJob>,
        shared: &Shared,
    ) -> Result<(Live, Vec<Diagnostic>)> {
        let state = State::build(&opts, ParseCache::default())?;
        let mut d = Diagnostics::new();
        let mut cache = crate::search::Cache::default();
        let search = crate::search::build_cached(state.site(), &mut d, &mut cache);
        let _ = search_tx.send(SearchJob::Seed(cache));
        let live = Live {
            opts,
            root,
            state: Some(state),
            search: Arc::new(
                search
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect(),
            ),
            search_diags: d.sorted(),
            generation: 1,
            search_busy: None,
            search_stale: false,
            search_tx,
            timings: std::env::var_os("VEIVISER_TIMINGS").is_some(),
        };
        let diags = live.publish(shared, true);
        Ok((live, diags))
    }

    /// Brings the site up to date after `changed` and publishes it. Returns whether the
    /// result is free of errors.
    pub fn change(&mut self, changed: &[String], structural: bool, shared: &Shared) -> bool {
        let started = Instant::now();
        let (result, update) = match self.state.take() {
            Some(s) => s.update(changed, structural),
            None => (
                State::build(&self.opts, ParseCache::default()),
                Update {
                    kind: Kind::Full,
                    rendered: 0,
                },
            ),
        };
        match result {
            Ok(state) => {
                self.state = Some(state);
                self.generation += 1;
                self.search_stale = true;
                let diags = self.publish(shared, false);
                if self.timings {
                    eprintln!(
                        "serve: {:?} update in {:.1} ms, {} pages rendered",
                        update.kind,
                        started.elapsed().as_secs_f64() * 1000.0,
                        update.rendered
                    );
                }
                !diags.iter().any(|d| d.severity == Severity::Error)
            }
            Err(e) => {
                if let Ok(mut st) = shared.status.write() {
                    st.errors = vec![DiagView {
                        path: self.root.display().to_string(),
                        line: 0,
                        col: 0,
                        message: e.to_string(),
                        context: vec![],
                    }];
                }
                false
            }
        }
    }

    /// A search build finished: take it if it is for the current site (else another one is
    /// due, see [`Live::search_wanted`]).
    pub fn search_done(&mut self, done: SearchDone, shared: &Shared) {
        let (generation, files, diags) = done;
        self.search_busy = None;
        if generation != self.generation {
            return;
        }
        self.search_stale = false;
        self.search = Arc::new(
            files
                .into_iter()
                .map(|f| (f.path, Arc::new(f.bytes)))
                .collect(),
        );
        self.search_diags = diags;
        self.publish(shared, false);
        self.verify();
    }

    /// Whether a search build should start (the index is older than the pages and none is
    /// running). The watch thread starts it once the preview has been idle for a moment, so
    /// that while an editor saves again and again the index does not take the CPU the
    /// rebuilds and the browser's reloads need.
    pub fn search_wanted(&self) -> bool {
        self.search_stale && self.search_busy.is_none() && self.state.is_some()
    }

    /// Starts a search build for the current site (unless one is running).
    pub fn request_search(&mut self) {
        if self.search_busy.is_some() {
            return;
        }
        if let Some(state) = &self.state {
            self.search_busy = Some(self.generation);
            let site = Box::new(state.site().clone());
            let _ = self.search_tx.send(SearchJob::Build(self.generation, site));
        }
    }

    /// Puts the current state into the status and, when it has no errors (or nothing is
    /// served yet), into a new snapshot. Returns every diagnostic.
    fn publish(&self, shared: &Shared, first: bool) -> Vec<Diagnostic> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let site = state.site();
        let mut diags: Vec<Diagnostic> = state.diagnostics().to_vec();
        diags.extend(self.search_diags.iter().cloned());
        diags.sort();
        let previous = shared.snapshot();
        let content = site.config.content_root(&self.root);
        let has_content = content.is_dir();
        if previous.has_content && !has_content {
            // Renamed away, or a checkout in progress: an error, not an empty site.
            let dir = &site.config.content_dir;
            diags.push(Diagnostic {
                path: dir.clone(),
                line: 0,
                col: 0,
                severity: Severity::Error,
                message: format!(
                    "the content folder `{dir}` is missing: still showing the last good site"
                ),
                group: None,
            });
        }
        let errors: Vec<DiagView> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| view(&self.root, d))
            .collect();
        let warnings: Vec<DiagView> = diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| view(&self.root, d))
            .collect();
        let pending = self.search_busy.is_some() || self.search_stale;
        if errors.is_empty() || first || previous.files.is_empty() {
            let stat = self.root.join(&site.config.static_dir);
            let snap = Snapshot {
                files: state.files().clone(),
                search: self.search.clone(),
                assets: site
                    .assets
                    .iter()
                    .map(|a| (a.out.clone(), a.src.clone()))
                    .collect(),
                asset_roots: [content, stat]
                    .iter()
                    .filter_map(|p| p.canonicalize().ok())
                    .collect(),
                has_content,
            };
            if let Ok(mut s) = shared.snapshot.write() {
                *s = Arc::new(snap);
            }
        }
        if let Ok(mut st) = shared.status.write() {
            if errors.is_empty() {
                st.version += 1;
            }
            st.errors = errors;
            st.warnings = warnings;
            st.search_pending = pending;
        }
        diags
    }

    /// With `VEIVISER_VERIFY_INCREMENTAL` set: compares the served files and diagnostics
    /// with a fresh full build and reports any difference on stderr.
    fn verify(&self) {
        if std::env::var_os("VEIVISER_VERIFY_INCREMENTAL").is_none() {
            return;
        }
        let Some(state) = &self.state else { return };
        let full = match crate::pipeline::build_in_memory(&self.opts) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("verify: full build failed: {e}");
                return;
            }
        };
        let mut ours: BTreeMap<&str, &[u8]> = state
            .files()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        ours.extend(self.search.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
        let theirs: BTreeMap<&str, &[u8]> = full
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let mut differ: Vec<&str> = ours
            .iter()
            .filter(|(k, v)| theirs.get(*k) != Some(*v))
            .map(|(k, _)| *k)
            .chain(theirs.keys().filter(|k| !ours.contains_key(*k)).copied())
            .collect();
        differ.sort();
        differ.dedup();
        let mut our_diags: Vec<Diagnostic> = state.diagnostics().to_vec();
        our_diags.extend(self.search_diags.iter().cloned());
        our_diags.sort();
        let their_diags = full.diagnostics.sorted();
        if differ.is_empty() && our_diags == their_diags {
            eprintln!("verify: incremental build equals a full build");
        } else {
            eprintln!(
                "verify: incremental build DIFFERS from a full build: {} files {:?}; diagnostics equal: {}",
                differ.len(),
                differ.iter().take(10).collect::<Vec<_>>(),
                our_diags == their_diags
            );
        }
    }
}
