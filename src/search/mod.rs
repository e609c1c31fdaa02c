//! Search: the Norwegian search index built at build time (see issue "Norwegian search").
//!
//! Entry point: [`build`], called by the pipeline after rendering, returns the index files
//! to write. It reads the resolved site only; it never changes pages.
//!
//! Output (all under `search/`, see README "Search"):
//! - `index.json` — the manifest: build hash, page count, the first key of every shard;
//! - `t/<n>.bin` — term shards ([`index`] describes the binary format);
//! - `v/<n>.txt` — the folded vocabulary by first two letters, for typo tolerance;
//! - `p/<n>.json` — one small file per page: URL, title, section path, language and each
//!   section's anchor, heading and the start of its text (for snippets);
//! - `sections.jsonl` — the search feed for portals: one doc section per line.
//!
//! The client (`themes/default/static/js/search.js`) mirrors the query-side analysis of
//! [`analyze`]; tests/browser.rs checks that both agree word for word.
//!
//! `VEIVISER_TIMINGS=1` prints the index size and the first-query estimate;
//! `VEIVISER_SEARCH_DEBUG=1` the time of each step of this stage.

pub mod abbrev;
pub mod analyze;
pub mod docs;
pub mod index;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::Site;
use crate::render::OutputFile;
use crate::resolve::urls::encode_href;
use docs::DocPage;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Folder of the index in the output.
pub const DIR: &str = "search";
/// Default budget for the bytes a first query downloads (estimated at build time).
pub const DEFAULT_BUDGET_KIB: usize = 150;
/// Longest text kept per section in the page files (snippets are cut from it).
const SNIPPET_SOURCE: usize = 480;
/// Target size of one page file (section texts are cut shorter on pages with many sections).
const PAGE_FILE_TARGET: usize = 3 * 1024;
/// Shortest text kept per section.
const SNIPPET_MIN: usize = 80;

/// Options from `[search]` in veiviser.toml or `[params.veiviser.search]` in a Hugo config:
///
/// ```toml
/// [search]
/// enabled = true          # false: no index, no feed
/// budget_kib = 150        # warn when a first query would download more
/// synonyms = [            # groups of words or phrases that mean the same
///   "TUL = tjenesteutviklingsløsning",
///   "bil, kjøretøy, motorvogn",
/// ]
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    pub enabled: bool,
    /// Groups of words or phrases that mean the same (`TUL = tjenesteutviklingsløsning`).
    pub synonyms: Vec<Vec<String>>,
    pub budget_kib: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            enabled: true,
            synonyms: Vec::new(),
            budget_kib: DEFAULT_BUDGET_KIB,
        }
    }
}

/// Reads the options, reporting wrong values.
pub fn options(site: &Site, diags: &mut Diagnostics) -> Options {
    let mut o = Options::default();
    let params = &site.config.params;
    // veiviser.toml: `[search]` (copied to params.search by the config); a Hugo config:
    // `[params.veiviser.search]` (a Hugo theme may use params.search for its own things).
    let table = match site.config.source {
        crate::config::ConfigSource::Hugo => params.get("veiviser").and_then(|v| v.get("search")),
        _ => params.get("search"),
    };
    let file = site
        .config
        .file
        .clone()
        .unwrap_or_else(|| "veiviser.toml".into());
    let Some(Value::Object(t)) = table else {
        return o;
    };
    if let Some(v) = t.get("enabled") {
        match v.as_bool() {
            Some(b) => o.enabled = b,
            None => diags.error(&file, Pos::FILE, "search.enabled must be true or false"),
        }
    }
    if let Some(v) = t.get("budget_kib") {
        match v.as_u64() {
            Some(n) if n > 0 => o.budget_kib = n as usize,
            _ => diags.error(
                &file,
                Pos::FILE,
                "search.budget_kib must be a positive whole number",
            ),
        }
    }
    if let Some(v) = t.get("synonyms") {
        match v.as_array() {
            Some(list) => {
                for item in list {
                    match item.as_str().map(parse_synonym_line) {
                        Some(Some(group)) => o.synonyms.push(group),
                        Some(None) => {}
                        None => diags.error(
                            &file,
                            Pos::FILE,
                            "search.synonyms must be a list of strings like \"TUL = tjenesteutviklingsløsning\"",
                        ),
                    }
                }
            }
            None => diags.error(
                &file,
                Pos::FILE,
                "search.synonyms must be a list of strings like \"TUL = tjenesteutviklingsløsning\"",
            ),
        }
    }
    o
}

/// `"TUL = tjenesteutviklingsløsning"` or `"bil, kjøretøy, motorvogn"` → the group.
pub fn parse_synonym_line(line: &str) -> Option<Vec<String>> {
    let group: Vec<String> = line
        .split(['=', ','])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (group.len() >= 2).then_some(group)
}

/// The search index files for `site`.
pub fn build(site: &Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let opts = options(site, diags);
    if !opts.enabled {
        return Vec::new();
    }
    let dbg = index::timer();
    let pages = docs::collect(site);
    dbg("collect");
    let analyzer = analyze::Analyzer::new();

    // Synonym groups: the site's, then abbreviations learned from the text.
    let mut found = BTreeMap::new();
    for p in &pages {
        abbrev::learn(&p.description, &mut found);
        for s in &p.sections {
            abbrev::learn(&s.text, &mut found);
        }
    }
    let learned = abbrev::best(&found);
    let mut groups: Vec<Vec<String>> = opts.synonyms.clone();
    for (a, l) in &learned {
        groups.push(vec![a.clone(), l.clone()]);
    }
    let synonyms: index::Synonyms = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|phrase| {
                    analyze::tokenize(phrase)
                        .into_iter()
                        .filter(|t| {
                            t.kind == analyze::TokenKind::Word && !analyze::is_stop(&t.text)
                        })
                        .map(|t| analyzer.stem(&t.text))
                        .collect::<Vec<String>>()
                })
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|g| g.len() >= 2)
        .collect();

    dbg("synonyms");
    let mut params = index::Params::default();
    // The index, the page files and the feed only read the pages: built side by side.
    let (mut entries, (page_files, feed_text)) = rayon::join(
        || index::build(&pages, &synonyms, &params),
        || {
            rayon::join(
                || pages.par_iter().map(page_file).collect::<Vec<Vec<u8>>>(),
                || feed(site, &pages),
            )
        },
    );
    dbg("index, page files, feed");
    let mut shards = index::shard(&entries, params.shard_target);
    dbg("shards");
    // Enforce the budget: a first query fetches the manifest, a shard per word and the
    // page files of the results. Shrink shards until the estimate fits.
    let budget = opts.budget_kib * 1024;
    let mut estimate = estimate_first_query(&shards, &page_files);
    while estimate > budget && params.shard_target > 2048 {
        params.shard_target /= 2;
        params.max_postings = params.max_postings * 2 / 3;
        entries = index::build(&pages, &synonyms, &params);
        shards = index::shard(&entries, params.shard_target);
        estimate = estimate_first_query(&shards, &page_files);
    }
    if estimate > budget {
        diags.warning(
            &site.config.file.clone().unwrap_or_else(|| "(site)".into()),
            Pos::FILE,
            format!(
                "search: a first query may download about {} KiB, more than the budget of {} KiB",
                estimate / 1024,
                opts.budget_kib
            ),
        );
    }

    let vocab = index::vocabulary_buckets(&entries);
    dbg("vocab");
    // A content hash as the cache key of the index files (`?v=` in the client).
    let mut hasher = Fnv::default();
    for s in &shards {
        hasher.write(&s.bytes);
    }
    for (_, v) in &vocab {
        hasher.write(v);
    }
    for p in &page_files {
        hasher.write(p);
    }
    let hash = format!("{:016x}", hasher.0);
    let manifest = json!({
        "v": 1,
        "hash": hash,
        "pages": pages.len(),
        "shards": shards.iter().map(|s| s.first_key.as_str()).collect::<Vec<_>>(),
        "vocab": vocab.iter().map(|(b, _)| b.as_str()).collect::<Vec<_>>(),
        "abbreviations": learned.len(),
    });
    let mut out = Vec::with_capacity(shards.len() + page_files.len() + 2);
    out.push(OutputFile {
        path: format!("{DIR}/index.json"),
        bytes: serde_json::to_vec(&manifest).unwrap_or_default(),
    });
    let total_shards: usize = shards.iter().map(|s| s.bytes.len()).sum();
    let n_shards = shards.len();
    for (i, s) in shards.into_iter().enumerate() {
        out.push(OutputFile {
            path: format!("{DIR}/t/{i}.bin"),
            bytes: s.bytes,
        });
    }
    for (i, (_, bytes)) in vocab.into_iter().enumerate() {
        out.push(OutputFile {
            path: format!("{DIR}/v/{i}.txt"),
            bytes,
        });
    }
    let total_pages: usize = page_files.iter().map(Vec::len).sum();
    for (i, bytes) in page_files.into_iter().enumerate() {
        out.push(OutputFile {
            path: format!("{DIR}/p/{i}.json"),
            bytes,
        });
    }
    out.push(OutputFile {
        path: format!("{DIR}/sections.jsonl"),
        bytes: feed_text.into_bytes(),
    });
    dbg("files");
    if std::env::var_os("VEIVISER_TIMINGS").is_some() {
        eprintln!(
            "search: {} pages, {} terms, {} shards ({} KiB), page files {} KiB, {} abbreviations learned, first query ≈ {} KiB",
            pages.len(),
            entries.len(),
            n_shards,
            total_shards / 1024,
            total_pages / 1024,
            learned.len(),
            estimate / 1024
        );
    }
    out
}

/// Bytes a typical first query downloads: the manifest, two shards of the 90th percentile
/// size, and ten page files of the 75th percentile size.
fn estimate_first_query(shards: &[index::Shard], pages: &[Vec<u8>]) -> usize {
    let pct = |mut v: Vec<usize>, p: f64| -> usize {
        if v.is_empty() {
            return 0;
        }
        v.sort_unstable();
        v[((v.len() - 1) as f64 * p) as usize]
    };
    let manifest: usize = shards.iter().map(|s| s.first_key.len() + 3).sum::<usize>() + 80;
    let shard = pct(shards.iter().map(|s| s.bytes.len()).collect(), 0.9);
    let page = pct(pages.iter().map(Vec::len).collect(), 0.75);
    manifest + 2 * shard + 10.min(pages.len()) * page
}

#[derive(Serialize)]
struct PageFile<'a> {
    /// URL path, percent-encoded.
    u: String,
    t: &'a str,
    l: &'a str,
    p: &'a [String],
    /// Sections: [anchor, heading, start of the text].
    s: Vec<(&'a str, &'a str, String)>,
}

/// The page file: what results need to show a hit on this page.
fn page_file(p: &DocPage) -> Vec<u8> {
    let n = p.sections.len().max(1);
    let fixed: usize = p.url.len()
        + p.title.len()
        + p.path.iter().map(|s| s.len() + 3).sum::<usize>()
        + p.sections
            .iter()
            .map(|s| s.anchor.len() + s.heading.len() + 10)
            .sum::<usize>();
    let cap = (PAGE_FILE_TARGET.saturating_sub(fixed) / n).clamp(SNIPPET_MIN, SNIPPET_SOURCE);
    let file = PageFile {
        u: encode_href(&p.url),
        t: &p.title,
        l: &p.lang,
        p: &p.path,
        s: p.sections
            .iter()
            .map(|s| {
                (
                    s.anchor.as_str(),
                    s.heading.as_str(),
                    truncate(&s.text, cap),
                )
            })
            .collect(),
    };
    serde_json::to_vec(&file).unwrap_or_default()
}

/// The first `max` characters of `text`, cut at a word boundary.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) if i > max / 2 => format!("{} …", &cut[..i]),
        _ => format!("{cut} …"),
    }
}

#[derive(Serialize)]
struct FeedLine<'a> {
    url: String,
    title: &'a str,
    heading: &'a str,
    path: Vec<&'a str>,
    lang: &'a str,
    text: &'a str,
}

/// The JSON Lines search feed: one doc section per line (url with #anchor, page title,
/// section heading, section path from the top section down to the heading, language, text).
fn feed(site: &Site, pages: &[DocPage]) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    // With an absolute base URL, URLs are absolute: scheme and host + the page's path.
    let origin = base.find("://").map(|i| {
        let host_end = base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j);
        &base[..host_end]
    });
    let chunks: Vec<String> = pages
        .par_iter()
        .map(|p| {
            let mut out = String::new();
            let page_url = encode_href(&p.url);
            for s in &p.sections {
                if s.heading.is_empty() && s.text.is_empty() {
                    continue;
                }
                let mut url = format!("{}{}", origin.unwrap_or(""), page_url);
                if !s.anchor.is_empty() {
                    let _ = write!(url, "#{}", encode_href(&s.anchor));
                }
                let mut path: Vec<&str> = p.path.iter().map(String::as_str).collect();
                path.push(&p.title);
                if !s.heading.is_empty() {
                    path.push(&s.heading);
                }
                let line = FeedLine {
                    url,
                    title: &p.title,
                    heading: &s.heading,
                    path,
                    lang: &p.lang,
                    text: &s.text,
                };
                if let Ok(json) = serde_json::to_string(&line) {
                    out.push_str(&json);
                    out.push('\n');
                }
            }
            out
        })
        .collect();
    chunks.concat()
}

/// FNV-1a, 64 bit: a stable content hash for cache busting.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Fnv {
    /// FNV-1a over 8-byte words (and the tail byte by byte): fast and stable.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 ^= w;
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
        for &b in chunks.remainder() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }
}
