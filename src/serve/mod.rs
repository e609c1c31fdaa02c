//! `veiviser serve`: the live preview.
//!
//! Builds the site into memory (the same pipeline as `build`, with the base URL set to `/`),
//! serves it (`http.rs`), watches content, theme, static files and config with notify,
//! rebuilds on change and tells open tabs over Server-Sent Events. A rebuild with errors
//! never replaces the served site: the last good snapshot stays, and pages show an overlay
//! with the diagnostics until the file is fixed. Only files of the built site are served.
//! The reload script is added when a page is served, so `build` output never contains it.

pub mod classify;
pub mod events;
pub mod http;
pub mod paths;
pub mod rebuild;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::incremental::Bytes;
use crate::pipeline::BuildOptions;
use classify::{Action, Layout};
use events::Msg;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    /// 0 picks any free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// The built site as served: output path → bytes, and page resources on disk.
#[derive(Default)]
pub struct Snapshot {
    /// Every output file but the search index.
    pub files: Arc<BTreeMap<String, Bytes>>,
    /// The search index files (rebuilt after the pages, so kept apart).
    pub search: Arc<BTreeMap<String, Bytes>>,
    pub assets: BTreeMap<String, PathBuf>,
    /// Folders assets may be read from (canonical content and static folders).
    pub asset_roots: Vec<PathBuf>,
    /// Whether the site's content folder existed when this snapshot was built.
    pub has_content: bool,
}

#[derive(Serialize, Clone)]
struct DiagView {
    path: String,
    line: usize,
    col: usize,
    message: String,
    /// A few source lines around the problem: (line number, text).
    context: Vec<(usize, String)>,
}

#[derive(Serialize, Default, Clone)]
struct Status {
    /// Increases with every successful rebuild.
    version: u64,
    errors: Vec<DiagView>,
    warnings: Vec<DiagView>,
    /// Whether the search index is being rebuilt for the served pages.
    search_pending: bool,
}

/// State shared by the request threads and the rebuild thread.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    status: RwLock<Status>,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn status_json(&self) -> String {
        let s = self.status.read().map(|s| s.clone()).unwrap_or_default();
        serde_json::to_string(&s).unwrap_or_else(|_| "{}".into())
    }
}

impl Snapshot {
    /// A built file's bytes.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path).or_else(|| self.search.get(path))
    }

    /// Every built file's path.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files
            .keys()
            .chain(self.search.keys().filter(|k| !self.files.contains_key(*k)))
    }
}

/// Reads a page resource, refusing anything that resolves outside the site's folders
/// (symbolic links included).
pub fn read_asset(snap: &Snapshot, src: &Path) -> Option<Vec<u8>> {
    let real = src.canonicalize().ok()?;
    if !snap.asset_roots.iter().any(|r| real.starts_with(r)) {
        return None;
    }
    std::fs::read(real).ok()
}

/// A running preview server.
pub struct Server {
    pub addr: SocketAddr,
    events: Sender<Msg>,
}

impl Server {
    /// The URL to open.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Number of connected event-stream clients (for tests and load checks).
    pub fn clients(&self) -> usize {
        let (tx, rx) = channel();
        if self.events.send(Msg::Count(tx)).is_err() {
            return 0;
        }
        rx.recv_timeout(Duration::from_secs(5)).unwrap_or(0)
    }
}

fn build_options(opts: &ServeOptions, root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        out: None,
        base_url: Some("/".into()),
        drafts: opts.drafts,
        strict: false,
        no_search: false,
    }
}

fn listen_addr(bind: &str, port: u16) -> String {
    if bind.contains(':') && !bind.starts_with('[') {
        format!("[{bind}]:{port}")
    } else {
        format!("{bind}:{port}")
    }
}

/// Builds, starts listening and watching, and returns. Threads keep running.
pub fn start(opts: &ServeOptions) -> Result<(Server, Vec<Diagnostic>)> {
    let root = opts.root.canonicalize().map_err(|_| Error::NoRoot {
        path: opts.root.clone(),
    })?;
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        status: RwLock::new(Status::default()),
    });
    let (tx, rx) = channel::<WatchMsg>();
    let search_done = tx.clone();
    let search_tx = rebuild::search_worker(move |d| {
        let _ = search_done.send(WatchMsg::Search(d));
    });
    let (live, first) =
        rebuild::Live::start(build_options(opts, &root), root.clone(), search_tx, &shared)?;
    let addr = listen_addr(&opts.bind, opts.port);
    let listen_error = |e: std::io::Error| Error::Listen {
        addr: addr.clone(),
        message: e.to_string(),
    };
    let listener = std::net::TcpListener::bind(&addr).map_err(listen_error)?;
    let bound = listener.local_addr().map_err(listen_error)?;
    let events = events::start();
    http::serve(listener, shared.clone(), events.clone()).map_err(listen_error)?;
    watch(root, shared, events.clone(), live, tx, rx)?;
    Ok((
        Server {
            addr: bound,
            events,
        },
        first,
    ))
}

/// Runs the preview until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let (server, diags) = start(opts)?;
    for line in crate::diagnostics::text_lines(&diags) {
        eprintln!("{line}");
    }
    println!("Serving {} at {}", opts.root.display(), server.url());
    println!("Watching for changes. Press Ctrl+C to stop.");
    if opts.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(server.url())
            .spawn()
            .is_err()
        {
            eprintln!("could not open a browser; open {} yourself", server.url());
        }
    }
    loop {
        std::thread::park();
    }
}

fn view(root: &Path, d: &Diagnostic) -> DiagView {
    let mut context = Vec::new();
    if d.line > 0
        && let Ok(text) = std::fs::read_to_string(root.join(&d.path))
    {
        let from = d.line.saturating_sub(2).max(1);
        for (i, l) in text
            .lines()
            .enumerate()
            .skip(from - 1)
            .take(d.line + 3 - from)
        {
            context.push((i + 1, l.chars().take(200).collect()));
        }
    }
    DiagView {
        path: d.path.clone(),
        line: d.line,
        col: d.col,
        message: d.message.clone(),
        context,
    }
}

/// Watches the content, theme and static folders (recursively) that exist now; forgets
/// folders that are gone, so a folder renamed away and back is watched again. A folder that
/// is itself among the `changed` paths (moved, replaced) is watched anew even when it is
/// back already: notify drops the watch of a folder that is moved away.
fn add_watches(
    root: &Path,
    layout: &Layout,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut Vec<PathBuf>,
    changed: &[String],
) {
    use notify::{RecursiveMode, Watcher};
    watched.retain(|p| p.is_dir() && !changed.iter().any(|c| root.join(c) == *p));
    for dir in [
        layout.content_dir.as_str(),
        "themes",
        layout.static_dir.as_str(),
    ] {
        let p = root.join(dir);
        if p.is_dir()
            && !watched.contains(&p)
            && watcher.watch(&p, RecursiveMode::Recursive).is_ok()
        {
            watched.push(p);
        }
    }
    // The folder of each file the config names (the root itself is watched already).
    for file in &layout.data_files {
        let Some(dir) = root.join(file).parent().map(Path::to_path_buf) else {
            continue;
        };
        if dir != root
            && dir.is_dir()
            && !watched.contains(&dir)
            && watcher.watch(&dir, RecursiveMode::NonRecursive).is_ok()
        {
            watched.push(dir);
        }
    }
}

/// What the watch thread hears: file-system events, and finished search builds.
enum WatchMsg {
    Fs(notify::Result<notify::Event>),
    Search(rebuild::SearchDone),
}

/// Watches the site's folders and rebuilds on relevant changes.
fn watch(
    root: PathBuf,
    shared: Arc<Shared>,
    events: Sender<Msg>,
    mut live: rebuild::Live,
    tx: Sender<WatchMsg>,
    rx: std::sync::mpsc::Receiver<WatchMsg>,
) -> Result<()> {
    use notify::{RecursiveMode, Watcher};
    let mut watcher = notify::recommended_watcher(move |r| {
        let _ = tx.send(WatchMsg::Fs(r));
    })
    .map_err(|e| Error::Watch {
        message: e.to_string(),
    })?;
    let layout = {
        let mut d = crate::diagnostics::Diagnostics::new();
        let c = crate::config::Config::load(&root, &mut d)?;
        let data_files = crate::search::word_list_path(&c)
            .map(|p| p.trim_start_matches("./").to_string())
            .into_iter()
            .collect();
        Layout {
            content_dir: c.content_dir,
            static_dir: c.static_dir,
            data_files,
        }
    };
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Watch {
            message: format!("{}: {e}", root.display()),
        })?;
    let mut watched = Vec::new();
    add_watches(&root, &layout, &mut watcher, &mut watched, &[]);
    std::thread::Builder::new()
        .name("veiviser-watch".into())
        .spawn(move || {
            let mut watcher = watcher;
            let mut searched = Vec::new();
            let timings = std::env::var_os("VEIVISER_TIMINGS").is_some();
            let mut last_change = Instant::now();
            loop {
                // A search build is due once the preview has been idle for a moment.
                let next = if live.search_wanted() {
                    let due = last_change + rebuild::SEARCH_IDLE;
                    match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(m) => Some(m),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            live.request_search();
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
                    }
                } else {
                    rx.recv().ok()
                };
                let Some(first) = next else { break };
                let first = match first {
                    WatchMsg::Fs(e) => e,
                    WatchMsg::Search(d) => {
                        live.search_done(d, &shared);
                        continue;
                    }
                };
                // Debounce: editors save in several steps (write temp, rename, chmod).
                let mut batch = vec![first];
                let start = Instant::now();
                while start.elapsed() < Duration::from_millis(300) {
                    match rx.recv_timeout(Duration::from_millis(15)) {
                        Ok(WatchMsg::Fs(e)) => batch.push(e),
                        Ok(WatchMsg::Search(d)) => searched.push(d),
                        Err(_) => break,
                    }
                }
                for d in searched.drain(..) {
                    live.search_done(d, &shared);
                }
                let mut paths: Vec<String> = Vec::new();
                for e in batch.into_iter().flatten() {
                    // Events were lost (the kernel's queue overflowed in a big checkout):
                    // anything may have changed.
                    if e.need_rescan() {
                        paths.push(layout.content_dir.clone());
                    }
                    // Reading files (our own rebuild does) is not a change.
                    if matches!(e.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    for p in e.paths {
                        let rel = p.strip_prefix(&root).unwrap_or(&p);
                        paths.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
                let Some(action) = classify::classify(paths.iter().map(String::as_str), &layout)
                else {
                    continue;
                };
                // Folders may have appeared or vanished (content folder renamed away and back).
                add_watches(&root, &layout, &mut watcher, &mut watched, &paths);
                let changed: Vec<String> = paths
                    .iter()
                    .filter(|p| classify::kind(p, &layout) != classify::Kind::Ignored)
                    .cloned()
                    .collect();
                let structural = changed.iter().any(|p| {
                    matches!(
                        classify::kind(p, &layout),
                        classify::Kind::Config | classify::Kind::Theme | classify::Kind::Stylesheet
                    )
                });
                let ok = live.change(&changed, structural, &shared);
                let event = match (ok, action) {
                    (false, _) => "status",
                    (true, Action::Css) => "css",
                    (true, Action::Reload) => "reload",
                };
                let _ = events.send(Msg::Event(event));
                if timings {
                    eprintln!(
                        "serve: `{event}` sent {:.1} ms after the first change event",
                        start.elapsed().as_secs_f64() * 1000.0
                    );
                }
                last_change = Instant::now();
            }
        })
        .map_err(|e| Error::Watch {
            message: e.to_string(),
        })?;
    Ok(())
}
