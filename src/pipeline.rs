//! The whole pipeline: load → parse → resolve → render → write.
//!
//! Each stage is a plain function over the site model; this module only wires them
//! together, collects every stage's diagnostics, and decides whether to write (never when
//! there are errors, so the previous output survives a broken edit). It prints nothing.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::error::Result;
use crate::model::{PageKind, ParsedPage, Site};
use crate::render::{self, OutputFile, theme::Theme};
use crate::resolve::{self, ResolveOptions};
use crate::{load, parse, write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `None` means `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Build without the search index and feed (`build --no-search`).
    pub no_search: bool,
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub sections: usize,
    pub elapsed: Duration,
    /// Whether the output folder was written.
    pub written: bool,
    pub out: Option<PathBuf>,
}

/// The built site in memory, for `check`, tests and the preview server.
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
}

/// Runs every stage up to rendering, without writing anything.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built> {
    build_with(opts, None)
}

/// Like [`build_in_memory`], re-parsing only files that changed since the build that filled
/// `cache` (the preview server keeps one). The result is the same as a full build.
pub fn build_cached(opts: &BuildOptions, cache: &mut parse::ParseCache) -> Result<Built> {
    build_with(opts, Some(cache))
}

/// Prints a stage's time when `VEIVISER_TIMINGS` is set.
pub(crate) struct Laps {
    on: bool,
    t: Instant,
    /// The process's CPU time at the last lap (when timings are on).
    cpu: Option<Duration>,
}

impl Laps {
    pub(crate) fn new() -> Laps {
        let on = std::env::var_os("VEIVISER_TIMINGS").is_some();
        Laps {
            on,
            t: Instant::now(),
            cpu: if on { cpu_time() } else { None },
        }
    }

    /// Prints the time of a stage that ran beside another one.
    fn report(&self, stage: &str, took: Duration) {
        if self.on {
            eprintln!("timing: {stage} {:.1} ms", took.as_secs_f64() * 1000.0);
        }
    }

    /// Prints the time since the last lap: wall, CPU of all threads (how many cores the
    /// stage kept busy) and memory.
    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = cpu_time();
            let used = cpu_note("CPU", cpu, self.cpu);
            eprintln!(
                "timing: {stage} {:.1} ms{used}{}",
                self.t.elapsed().as_secs_f64() * 1000.0,
                memory_note()
            );
            self.cpu = cpu;
        }
        self.t = Instant::now();
    }
}

/// The CPU time of every thread of the process so far, from /proc (Linux; `None`
/// elsewhere): the first field of each thread's `schedstat`, in nanoseconds.
pub(crate) fn cpu_time() -> Option<Duration> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let mut ns = 0u64;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

/// `, {label} x ms`: the CPU time from `then` to `now` (both from [`cpu_time`]), or nothing
/// when either is unknown.
pub(crate) fn cpu_note(label: &str, now: Option<Duration>, then: Option<Duration>) -> String {
    match (now, then) {
        (Some(now), Some(then)) => format!(
            ", {label} {:.1} ms",
            now.saturating_sub(then).as_secs_f64() * 1000.0
        ),
        _ => String::new(),
    }
}

/// `, RSS x MiB (peak y MiB)` from /proc/self/status where there is one (Linux).
pub fn memory_note() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(", RSS {} MiB (peak {} MiB)", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}

/// The site after load, parse, resolve and forms: ready to render.
pub struct Resolved {
    pub site: Site,
    pub theme: Theme,
    pub forms: crate::forms::Forms,
    pub diagnostics: Diagnostics,
    /// Link diagnostics of each page, by page id (also in `diagnostics`).
    pub link_diagnostics: Vec<Diagnostics>,
}

/// What a build finds before parsing: config, theme, the content files and other files.
pub struct Found {
    pub config: Config,
    pub theme: Theme,
    pub loaded: load::Loaded,
    /// Config, theme and load diagnostics.
    pub diagnostics: Diagnostics,
}

/// config + theme → load.
pub fn find_site(opts: &BuildOptions) -> Result<Found> {
    let mut laps = Laps::new();
    let mut diags = Diagnostics::new();
    let root = &opts.root;
    let mut config = Config::load(root, &mut diags)?;
    if let Some(b) = &opts.base_url {
        config.override_base_url(b);
    }
    let theme = Theme::load(root, &config, &mut diags)?;
    laps.lap("config+theme");
    let loaded = load::load(root, &config, &mut diags)?;
    laps.lap("load");
    Ok(Found {
        config,
        theme,
        loaded,
        diagnostics: diags,
    })
}

/// load → parse → resolve → forms.
pub fn resolve_site(
    opts: &BuildOptions,
    cache: Option<&mut parse::ParseCache>,
) -> Result<Resolved> {
    Ok(parse_and_resolve(opts, find_site(opts)?, cache))
}

/// parse → resolve → forms, from what [`find_site`] found.
pub fn parse_and_resolve(
    opts: &BuildOptions,
    found: Found,
    cache: Option<&mut parse::ParseCache>,
) -> Resolved {
    let Found {
        config,
        theme,
        loaded,
        mut diagnostics,
    } = found;
    let mut laps = Laps::new();
    let host = parse::markdown::WithIncludes {
        theme: &theme,
        includes: &loaded.includes,
        assets: &loaded.assets,
    };
    let (parsed, d) = match cache {
        Some(cache) => {
            // A page's result depends on the files it inserts and the attachments it
            // lists too.
            let key = parse_key(&config, &theme)
                ^ loaded.includes.fingerprint()
                ^ attachments_fingerprint(&loaded.assets);
            parse::parse_all_cached(loaded.files, &config, &host, cache, key)
        }
        None => parse::parse_all(loaded.files, &config, &host),
    };
    diagnostics.extend(d);
    laps.lap("parse");
    resolve_parsed(
        opts,
        config,
        theme,
        parsed,
        (loaded.assets, loaded.word_list),
        diagnostics,
    )
}

/// resolve → forms, from parsed pages and the other files the load found (assets, the
/// search word list); `diags`: what came before.
pub fn resolve_parsed(
    opts: &BuildOptions,
    config: Config,
    theme: Theme,
    mut parsed: Vec<ParsedPage>,
    (assets, word_list): (
        Vec<crate::model::Asset>,
        Option<std::sync::Arc<crate::model::DataFile>>,
    ),
    mut diags: Diagnostics,
) -> Resolved {
    let mut laps = Laps::new();
    // The build needs a file's text only to parse it: dropped after forms have read theirs.
    let form_sources = crate::forms::sources(&parsed);
    for p in &mut parsed {
        p.source.text = String::new();
    }
    let (mut site, link_diagnostics) = resolve::resolve_keeping_link_diagnostics(
        config,
        parsed,
        assets,
        ResolveOptions {
            drafts: opts.drafts,
            strict: opts.strict,
        },
        &mut diags,
    );
    site.word_list = word_list;
    laps.lap("resolve");
    let forms = crate::forms::resolve(&mut site, &form_sources, &mut diags);
    laps.lap("forms");
    Resolved {
        site,
        theme,
        forms,
        diagnostics: diags,
        link_diagnostics,
    }
}

/// Fingerprint of the files of the sites' attachments folders (names and sizes; 0 when
/// there are none), which the `attachments` shortcode lists.
pub fn attachments_fingerprint(assets: &[crate::model::Asset]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    let mut any = false;
    for a in assets.iter().filter(|a| a.size.is_some()) {
        any = true;
        (&a.out, a.size).hash(&mut h);
    }
    if any { h.finish() } else { 0 }
}

/// Fingerprint of what every parse result depends on besides the file itself.
pub fn parse_key(config: &Config, theme: &Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    theme.fingerprint.hash(&mut h);
    format!("{config:?}").hash(&mut h);
    h.finish()
}

fn build_with(opts: &BuildOptions, cache: Option<&mut parse::ParseCache>) -> Result<Built> {
    let r = resolve_site(opts, cache)?;
    let mut laps = Laps::new();
    let mut diags = r.diagnostics;
    let prepared = render::Prepared::new(&r.site, &r.theme);
    let pages = std::sync::Mutex::new(Vec::with_capacity(r.site.pages.len()));
    render::render_pages(&r.site, &r.theme, &prepared, &mut diags, &|f| {
        pages.lock().map(|mut v| v.push(f)).ok();
        Ok(())
    })?;
    let mut extras = render::render_extras(&r.site, &r.theme, &prepared, &mut diags);
    extras.extend(crate::forms::outputs(
        &r.site, &r.theme, &r.forms, &mut diags,
    ));
    let others: Vec<&str> = extras
        .iter()
        .map(|f| f.path.as_str())
        .chain(r.site.assets.iter().map(|a| a.out.as_str()))
        .collect();
    render::check_clashes(&r.site, &prepared, &others, &mut diags);
    laps.lap("render");
    let mut files = pages.into_inner().unwrap_or_default();
    files.extend(extras);
    if !opts.no_search {
        files.extend(crate::search::build(&r.site, &mut diags));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    laps.lap("search");
    Ok(Built {
        site: r.site,
        files,
        diagnostics: diags,
    })
}

/// Renders every page (written into `staging` as it is made) and returns the other
/// generated files (home lists, sitemap, forms, …), after checking that no two outputs
/// share a path.
fn render_into(
    site: &Site,
    theme: &Theme,
    forms: &crate::forms::Forms,
    prepared: &render::Prepared,
    staging: Option<&write::Staging>,
    diags: &mut Diagnostics,
) -> Result<Vec<OutputFile>> {
    match staging {
        Some(st) => render::render_pages(site, theme, prepared, diags, &|f| {
            st.file(&f.path, &f.bytes)
        })?,
        None => render::render_pages(site, theme, prepared, diags, &|_| Ok(()))?,
    }
    let mut extras = render::render_extras(site, theme, prepared, diags);
    extras.extend(crate::forms::outputs(site, theme, forms, diags));
    let others: Vec<&str> = extras
        .iter()
        .map(|f| f.path.as_str())
        .chain(site.assets.iter().map(|a| a.out.as_str()))
        .collect();
    render::check_clashes(site, prepared, &others, diags);
    Ok(extras)
}

/// Builds the search index into `staging` (its files and its feed are written as they are
/// made; with no staging folder, as for `check`, only its diagnostics are kept).
fn search_into(
    site: &Site,
    staging: Option<&write::Staging>,
    diags: &mut Diagnostics,
) -> Result<()> {
    let mut feed = match staging {
        Some(st) if crate::search::enabled(site) => Some(st.stream(crate::search::FEED)?),
        _ => None,
    };
    let mut write_error = None;
    crate::search::build_streaming(
        site,
        diags,
        &mut |files| {
            use rayon::prelude::*;
            if let Some(st) = staging
                && write_error.is_none()
                && let Err(e) = files
                    .par_iter()
                    .try_for_each(|f| st.file(&f.path, &f.bytes))
            {
                write_error = Some(e);
            }
        },
        &mut |bytes| {
            if let Some(f) = &mut feed {
                f.append(bytes);
            }
        },
    );
    if let Some(e) = write_error {
        return Err(e);
    }
    match feed {
        Some(f) => f.close(),
        None => Ok(()),
    }
}

/// Whether an output path is in the search index's folder.
fn in_search_dir(path: &str) -> bool {
    path.strip_prefix(crate::search::DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `veiviser build` (`write = true`) or `veiviser check` (`write = false`).
///
/// `build` streams: each page is written into the staging folder as soon as it is
/// rendered, so the whole output is never held in memory. With errors before rendering,
/// nothing is staged; with errors during it, the staging folder is dropped.
pub fn run(opts: &BuildOptions, write_output: bool) -> Result<Outcome> {
    let start = Instant::now();
    let mut out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    if write_output {
        // Checked before anything else so a dangerous --out never gets near a write.
        let mut d = Diagnostics::new();
        let config = Config::load(&opts.root, &mut d)?;
        if opts.out.is_none() {
            out = config.default_out(&opts.root);
        }
        write::check_out_dir(&out, &opts.root, &config.input_dirs(&opts.root))?;
    }
    let r = resolve_site(opts, None)?;
    let mut laps = Laps::new();
    let mut diags = r.diagnostics;
    let (site, theme) = (&r.site, &r.theme);
    let staging = if write_output && !diags.has_errors() {
        Some(write::Staging::begin(&out)?)
    } else {
        None
    };
    let prepared = render::Prepared::new(site, theme);
    // Rendering and the search index only read the site: made side by side. The search
    // index takes longer, so the render side goes on to write the other generated files
    // and copy the assets meanwhile; only the swap waits for both. Assets under `search/`
    // are copied after the index is written (a generated file wins over an asset there).
    let mut search_diags = Diagnostics::new();
    let mut written = false;
    let ((staged, render_write_time), (searched, search_time)) = rayon::join(
        || {
            let t = Instant::now();
            let staged = render_into(
                site,
                theme,
                &r.forms,
                &prepared,
                staging.as_ref(),
                &mut diags,
            )
            .and_then(|mut extras| {
                let render_time = t.elapsed();
                if let Some(st) = &staging
                    && !diags.has_errors()
                {
                    use rayon::prelude::*;
                    extras.sort_by(|a, b| a.path.cmp(&b.path));
                    extras.dedup_by(|a, b| a.path == b.path);
                    extras
                        .par_iter()
                        .try_for_each(|f| st.file(&f.path, &f.bytes))?;
                    st.copy_assets(&site.assets, |p| !in_search_dir(p))?;
                }
                Ok(render_time)
            });
            (staged, t.elapsed())
        },
        || {
            let t = Instant::now();
            let searched = match opts.no_search {
                true => Ok(()),
                false => search_into(site, staging.as_ref(), &mut search_diags),
            };
            (searched, t.elapsed())
        },
    );
    let render_time = staged?;
    searched?;
    diags.extend(search_diags);
    laps.report("render", render_time);
    laps.report("render+write", render_write_time);
    laps.report("search", search_time);
    laps.lap("render+search+write");
    if let Some(st) = staging
        && !diags.has_errors()
    {
        st.copy_assets(&site.assets, in_search_dir)?;
        for path in st.swap()? {
            diags.warning(
                &out.join(&path).to_string_lossy(),
                crate::diagnostics::Pos::FILE,
                "replaced: the previous build had not written this file (it was put in the output folder by hand?), and this build writes one at the same place",
            );
        }
        laps.lap("swap");
        written = true;
    }
    let pages = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, PageKind::Page | PageKind::Home))
        .count();
    let sections = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .count();
    Ok(Outcome {
        diagnostics: diags,
        pages,
        sections,
        elapsed: start.elapsed(),
        written,
        out: write_output.then_some(out),
    })
}
