//! `veiviser serve`: the live preview.
//!
//! Builds the site into memory (the same pipeline as `build`, with the base URL set to `/`),
//! serves it with tiny_http, watches content, theme, static files and config with notify,
//! rebuilds on change and tells open tabs over Server-Sent Events. A rebuild with errors
//! never replaces the served site: the last good snapshot stays, and pages show an overlay
//! with the diagnostics until the file is fixed. Only files of the built site are served.
//! The reload script is added when a page is served, so `build` output never contains it.

pub mod classify;
pub mod events;
pub mod http;
pub mod paths;

use crate::diagnostics::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::parse::ParseCache;
use crate::pipeline::{BuildOptions, build_cached};
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
    pub files: BTreeMap<String, Vec<u8>>,
    pub assets: BTreeMap<String, PathBuf>,
    /// Folders assets may be read from (canonical content and static folders).
    pub asset_roots: Vec<PathBuf>,
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
    let mut cache = ParseCache::default();
    let first = rebuild(opts, &root, &shared, &mut cache)?;
    let addr = listen_addr(&opts.bind, opts.port);
    let server = tiny_http::Server::http(&addr).map_err(|e| Error::Listen {
        addr: addr.clone(),
        message: e.to_string(),
    })?;
    let bound = server.server_addr().to_ip().ok_or_else(|| Error::Listen {
        addr: addr.clone(),
        message: "not an IP address".into(),
    })?;
    let server = Arc::new(server);
    let events = events::start();
    for i in 0..4 {
        let server = server.clone();
        let shared = shared.clone();
        let events = events.clone();
        std::thread::Builder::new()
            .name(format!("veiviser-http-{i}"))
            .spawn(move || {
                for req in server.incoming_requests() {
                    http::handle(req, &shared, &events);
                }
            })
            .map_err(|e| Error::Listen {
                addr: addr.clone(),
                message: e.to_string(),
            })?;
    }
    // tiny_http's connection pool can leave a newly accepted connection queued while every
    // pool thread is blocked on a long-lived connection (open event streams); a queued
    // connection is picked up only when some other connection ends. A short connection to
    // ourselves every 200 ms ends at once and so unsticks the queue.
    let kick = bound;
    std::thread::Builder::new()
        .name("veiviser-pool-kick".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let _ = std::net::TcpStream::connect_timeout(&kick, Duration::from_secs(1));
            }
        })
        .map_err(|e| Error::Watch {
            message: e.to_string(),
        })?;
    watch(opts.clone(), root, shared, events.clone(), cache)?;
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
    for d in &diags {
        eprintln!("{d}");
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

/// Builds the site; on success swaps in a new snapshot. Returns the diagnostics. A system
/// error is returned only for the first build (later ones are shown in the overlay).
fn rebuild(
    opts: &ServeOptions,
    root: &Path,
    shared: &Shared,
    cache: &mut ParseCache,
) -> Result<Vec<Diagnostic>> {
    let built = build_cached(&build_options(opts, root), cache)?;
    let diags = built.diagnostics.sorted();
    let errors: Vec<DiagView> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| view(root, d))
        .collect();
    let warnings: Vec<DiagView> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| view(root, d))
        .collect();
    let first = shared.snapshot().files.is_empty();
    if errors.is_empty() || first {
        let content = built.site.config.content_root(root);
        let stat = root.join(&built.site.config.static_dir);
        let snap = Snapshot {
            files: built.files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            assets: built
                .site
                .assets
                .iter()
                .map(|a| (a.out.clone(), a.src.clone()))
                .collect(),
            asset_roots: [content, stat]
                .iter()
                .filter_map(|p| p.canonicalize().ok())
                .collect(),
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
    }
    Ok(diags)
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
/// folders that are gone, so a folder renamed away and back is watched again.
fn add_watches(
    root: &Path,
    layout: &Layout,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut Vec<PathBuf>,
) {
    use notify::{RecursiveMode, Watcher};
    watched.retain(|p| p.is_dir());
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
}

/// Watches the site's folders and rebuilds on relevant changes.
fn watch(
    opts: ServeOptions,
    root: PathBuf,
    shared: Arc<Shared>,
    events: Sender<Msg>,
    mut cache: ParseCache,
) -> Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| Error::Watch {
        message: e.to_string(),
    })?;
    let layout = {
        let mut d = crate::diagnostics::Diagnostics::new();
        let c = crate::config::Config::load(&root, &mut d)?;
        Layout {
            content_dir: c.content_dir,
            static_dir: c.static_dir,
        }
    };
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Watch {
            message: format!("{}: {e}", root.display()),
        })?;
    let mut watched = Vec::new();
    add_watches(&root, &layout, &mut watcher, &mut watched);
    std::thread::Builder::new()
        .name("veiviser-watch".into())
        .spawn(move || {
            let mut watcher = watcher;
            while let Ok(first) = rx.recv() {
                // Debounce: editors save in several steps (write temp, rename, chmod).
                let mut batch = vec![first];
                let start = Instant::now();
                while start.elapsed() < Duration::from_millis(300) {
                    match rx.recv_timeout(Duration::from_millis(15)) {
                        Ok(e) => batch.push(e),
                        Err(_) => break,
                    }
                }
                let mut paths: Vec<String> = Vec::new();
                for e in batch.into_iter().flatten() {
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
                add_watches(&root, &layout, &mut watcher, &mut watched);
                let started = Instant::now();
                let result = rebuild(&opts, &root, &shared, &mut cache);
                if std::env::var_os("VEIVISER_TIMINGS").is_some() {
                    eprintln!(
                        "serve: rebuilt in {:.1} ms, {} files parsed",
                        started.elapsed().as_secs_f64() * 1000.0,
                        cache.last_parsed
                    );
                }
                let ok = match result {
                    Ok(diags) => !diags.iter().any(|d| d.severity == Severity::Error),
                    Err(e) => {
                        if let Ok(mut st) = shared.status.write() {
                            st.errors = vec![DiagView {
                                path: root.display().to_string(),
                                line: 0,
                                col: 0,
                                message: e.to_string(),
                                context: vec![],
                            }];
                        }
                        false
                    }
                };
                let event = match (ok, action) {
                    (false, _) => "status",
                    (true, Action::Css) => "css",
                    (true, Action::Reload) => "reload",
                };
                let _ = events.send(Msg::Event(event));
            }
        })
        .map_err(|e| Error::Watch {
            message: e.to_string(),
        })?;
    Ok(())
}
