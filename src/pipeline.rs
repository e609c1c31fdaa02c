//! The whole pipeline: load → parse → resolve → render → write.
//!
//! Each stage is a plain function over the site model; this module only wires them
//! together, collects every stage's diagnostics, and decides whether to write (never when
//! there are errors, so the previous output survives a broken edit). It prints nothing.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::error::Result;
use crate::model::{PageKind, Site};
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

fn build_with(opts: &BuildOptions, cache: Option<&mut parse::ParseCache>) -> Result<Built> {
    let timings = std::env::var_os("VEIVISER_TIMINGS").is_some();
    let mut t = Instant::now();
    let mut lap = |stage: &str| {
        if timings {
            eprintln!(
                "timing: {stage} {:.1} ms",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        t = Instant::now();
    };
    let mut diags = Diagnostics::new();
    let root = &opts.root;
    let mut config = Config::load(root, &mut diags)?;
    if let Some(b) = &opts.base_url {
        config.override_base_url(b);
    }
    let theme = Theme::load(root, &config, &mut diags)?;
    lap("config+theme");
    let loaded = load::load(root, &config, &mut diags)?;
    lap("load");
    let (parsed, d) = match cache {
        Some(cache) => {
            let key = {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                theme.fingerprint.hash(&mut h);
                format!("{config:?}").hash(&mut h);
                h.finish()
            };
            parse::parse_all_cached(loaded.files, &config, &theme, cache, key)
        }
        None => parse::parse_all(loaded.files, &config, &theme),
    };
    diags.extend(d);
    lap("parse");
    let form_sources = crate::forms::sources(&parsed);
    let mut site = resolve::resolve(
        config,
        parsed,
        loaded.assets,
        ResolveOptions {
            drafts: opts.drafts,
            strict: opts.strict,
        },
        &mut diags,
    );
    lap("resolve");
    let forms = crate::forms::resolve(&mut site, &form_sources, &mut diags);
    let mut files = render::render(&site, &theme, &mut diags);
    files.extend(crate::forms::outputs(&site, &theme, &forms, &mut diags));
    lap("render");
    files.extend(crate::search::build(&site, &mut diags));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    lap("search");
    Ok(Built {
        site,
        files,
        diagnostics: diags,
    })
}

/// `veiviser build` (`write = true`) or `veiviser check` (`write = false`).
pub fn run(opts: &BuildOptions, write_output: bool) -> Result<Outcome> {
    let start = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    if write_output {
        // Checked before anything else so a dangerous --out never gets near a write.
        let mut d = Diagnostics::new();
        let config = Config::load(&opts.root, &mut d)?;
        write::check_out_dir(&out, &opts.root, &config.content_root(&opts.root))?;
    }
    let built = build_in_memory(opts)?;
    if std::env::var_os("VEIVISER_TIMINGS").is_some() {
        eprintln!(
            "timing: until written {:.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    let pages = built
        .site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, PageKind::Page | PageKind::Home))
        .count();
    let sections = built
        .site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .count();
    let mut written = false;
    if write_output && !built.diagnostics.has_errors() {
        let t = Instant::now();
        write::write(&out, &built.files, &built.site.assets)?;
        if std::env::var_os("VEIVISER_TIMINGS").is_some() {
            eprintln!("timing: write {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        written = true;
    }
    Ok(Outcome {
        diagnostics: built.diagnostics,
        pages,
        sections,
        elapsed: start.elapsed(),
        written,
        out: write_output.then_some(out),
    })
}
