//! Search: the Norwegian search index built at build time (see issue "Norwegian search").
//!
//! Entry point: [`build`], called by the pipeline after rendering, returns the index files
//! to write. It reads the resolved site only; it never changes pages.
//!
//! Output (all under `search/`, see README "Search"):
//! - `index.json` — the manifest: build hash, page count, the first key of every shard;
//! - `t/<n>.bin` — term shards ([`index`] describes the binary format);
//! - `v/<n>.txt` — the folded vocabulary by first two letters, for typo tolerance;
//! - `d/<n>.json` — doc chunks: what results show of a run of pages (URL, title, section
//!   path, language, and each section's anchor, heading and the start of its text for
//!   snippets), so a query fetches a few chunks, not a file per result;
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
pub mod words;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::Site;
use crate::render::OutputFile;
use crate::resolve::urls::{encode_url_path, push_href, push_url_path};
use docs::DocPage;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Folder of the index in the output.
pub const DIR: &str = "search";
/// Default budget for the bytes a first query downloads (estimated at build time).
pub const DEFAULT_BUDGET_KIB: usize = 150;
/// Default weight of release notes in ranking: their matches count half (see
/// [`docs::weight`]).
pub const DEFAULT_RELEASE_NOTES_WEIGHT: f32 = 0.5;

/// Options from `[search]` in veiviser.toml or `[params.veiviser.search]` in a Hugo config:
///
/// ```toml
/// [search]
/// enabled = true          # false: no index, no feed
/// budget_kib = 150        # warn when a first query would download more
/// release_notes_weight = 0.5  # how much release notes count in ranking (1: like others)
/// code_blocks = true      # false: code blocks (`<pre>`) are left out of search
/// synonyms = [            # groups of words or phrases that mean the same
///   "TUL = tjenesteutviklingsløsning",
///   "bil, kjøretøy, motorvogn",
/// ]
/// ```
///
/// `release_notes_weight` and `code_blocks` are checked here but read where they are used,
/// page by page ([`release_notes_weight`], [`code_blocks`]).
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
/// The site's search options table: `[search]` of veiviser.toml (copied to params.search by
/// the config); in a Hugo config `[params.veiviser.search]` (a Hugo theme may use
/// params.search for its own things).
fn options_table(site: &Site) -> Option<&Value> {
    options_table_of(&site.config)
}

fn options_table_of(config: &crate::config::Config) -> Option<&Value> {
    let params = &config.params;
    match config.source {
        crate::config::ConfigSource::Hugo => params.get("veiviser").and_then(|v| v.get("search")),
        _ => params.get("search"),
    }
}

/// The word list `[search] words` names (a path relative to the site root), unless search
/// is off; the load stage reads it ([`words`] reads the words).
pub fn word_list_path(config: &crate::config::Config) -> Option<&str> {
    let t = options_table_of(config)?;
    if t.get("enabled").and_then(Value::as_bool) == Some(false) {
        return None;
    }
    t.get("words")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// `release_notes_weight` of the search options when valid (checked by [`options`]).
pub fn release_notes_weight(site: &Site) -> f32 {
    options_table(site)
        .and_then(|t| t.get("release_notes_weight"))
        .and_then(docs::valid_weight)
        .unwrap_or(DEFAULT_RELEASE_NOTES_WEIGHT)
}

/// `code_blocks` of the search options (true unless set to false): whether the text of code
/// blocks (`<pre>`) is in the index, the snippets and the feed. A site whose code samples
/// are long (generated schemas, whole responses) may leave them out: they make the index
/// and the feed larger and the build slower, and their words (element and field names)
/// are then found only where the prose names them.
pub fn code_blocks(site: &Site) -> bool {
    options_table(site)
        .and_then(|t| t.get("code_blocks"))
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

pub fn options(site: &Site, diags: &mut Diagnostics) -> Options {
    let mut o = Options::default();
    let table = options_table(site);
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
    if let Some(v) = t.get("release_notes_weight")
        && docs::valid_weight(v).is_none()
    {
        diags.error(
            &file,
            Pos::FILE,
            "search.release_notes_weight must be a number above 0 and at most 1 (1: release notes rank like other pages)",
        );
    }
    if t.get("words")
        .is_some_and(|v| v.as_str().is_none_or(|p| p.trim().is_empty()))
    {
        diags.error(
            &file,
            Pos::FILE,
            "search.words must be the path of a word list file, relative to the site root (\"ord.txt\")",
        );
    }
    if t.get("code_blocks").is_some_and(|v| !v.is_boolean()) {
        diags.error(&file, Pos::FILE, "search.code_blocks must be true or false");
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

/// The search index files for `site`, the feed (`sections.jsonl`) among them.
pub fn build(site: &Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    collect(site, diags, None)
}

/// [`build_with`], its files and feed gathered into a list.
fn collect(site: &Site, diags: &mut Diagnostics, cache: Option<&mut Cache>) -> Vec<OutputFile> {
    let mut feed_text = Vec::new();
    let mut out = Vec::new();
    let enabled = build_with(
        site,
        diags,
        cache,
        &mut |files| out.extend(files),
        &mut |bytes| feed_text.extend_from_slice(bytes),
    );
    if enabled {
        out.push(OutputFile {
            path: FEED.to_string(),
            bytes: feed_text,
        });
    }
    out
}

/// Whether the site has search (`[search] enabled`, on by default).
pub fn enabled(site: &Site) -> bool {
    options(site, &mut Diagnostics::new()).enabled
}

/// Path of the search feed in the output.
pub const FEED: &str = "search/sections.jsonl";

/// Pages read, tokenized and dropped at a time: the text of a batch is all the search stage
/// holds of the pages' text (at 10,000 pages the text alone is ~50 MB).
const BATCH: usize = 256;

/// What the search stage made of each page in the last build, for the next one: the
/// preview server keeps one, so after an edit only the changed pages are read and tokenized
/// again (the site-wide steps — vocabulary, compound splitting, weights, shards — are
/// redone, as the index depends on every page).
#[derive(Default)]
pub struct Cache {
    /// What the cached records and feed lines depend on besides the page.
    config: u64,
    /// By [`docs::fingerprint`].
    pages: foldhash::HashMap<u64, std::sync::Arc<PageSearch>>,
    /// Pages the last build took from the cache, and pages it read again.
    reused: usize,
    made: usize,
}

impl Cache {
    /// (pages taken from the cache, pages read and tokenized again) in the last build.
    pub fn last_build(&self) -> (usize, usize) {
        (self.reused, self.made)
    }
}

/// What the search stage makes of one page.
pub struct PageSearch {
    terms: index::PageTerms,
    record: String,
    feed: String,
    abbreviations: BTreeMap<(String, String), u32>,
    path: Vec<String>,
}

fn page_search(site: &Site, id: usize) -> PageSearch {
    let p = docs::doc_page(site, id);
    let pages = std::slice::from_ref(&p);
    PageSearch {
        terms: index::page_terms(&p),
        record: page_record(&p, &site.config.language),
        feed: feed_lines(site, pages).concat(),
        abbreviations: abbreviations(pages),
        path: p.path.clone(),
    }
}

/// Like [`build`], reusing what `cache` holds of pages that did not change since the last
/// call and keeping what this build made for the next. The files are the same as
/// [`build`]'s.
pub fn build_cached(site: &Site, diags: &mut Diagnostics, cache: &mut Cache) -> Vec<OutputFile> {
    collect(site, diags, Some(cache))
}

/// What the search stage keeps of the pages, gathered a batch at a time.
#[derive(Default)]
struct Gathered {
    tokenized: index::Tokenized,
    records: Records,
    paths: Vec<Vec<String>>,
    /// Abbreviations defined in the text, with how often.
    found: BTreeMap<(String, String), u32>,
}

impl Gathered {
    /// Reads, tokenizes and drops the pages `batch`; their feed lines go to `feed`.
    fn add_fresh(&mut self, site: &Site, batch: &[usize], feed: &mut dyn FnMut(&[u8])) {
        let pages: Vec<DocPage> = batch
            .par_iter()
            .map(|&id| docs::doc_page(site, id))
            .collect();
        let tokenized = &mut self.tokenized;
        let ((), (recs, (text, abbrevs))) = rayon::join(
            || tokenized.add(&pages),
            || {
                rayon::join(
                    || {
                        pages
                            .par_iter()
                            .map(|p| page_record(p, &site.config.language))
                            .collect::<Vec<String>>()
                    },
                    || rayon::join(|| feed_lines(site, &pages), || abbreviations(&pages)),
                )
            },
        );
        for r in recs {
            self.records.push(&r);
        }
        for chunk in &text {
            feed(chunk.as_bytes());
        }
        for (k, n) in abbrevs {
            *self.found.entry(k).or_insert(0) += n;
        }
        self.paths.extend(pages.into_iter().map(|p| p.path));
    }

    /// The preview server's way: every page in `ids`, taking what did not change from
    /// `cache`, which then holds exactly the pages of this build.
    fn add_cached(
        &mut self,
        site: &Site,
        ids: &[usize],
        cache: &mut Cache,
        feed: &mut dyn FnMut(&[u8]),
    ) {
        let config = {
            use std::hash::BuildHasher;
            foldhash::quality::FixedState::with_seed(7).hash_one((
                &site.config.language,
                &site.config.base_url,
                &site.config.base_path,
                code_blocks(site),
            ))
        };
        if cache.config != config {
            cache.pages.clear();
            cache.config = config;
        }
        let mut kept: foldhash::HashMap<u64, std::sync::Arc<PageSearch>> = Default::default();
        let (mut reused, mut made) = (0, 0);
        for batch in ids.chunks(BATCH) {
            let pages: Vec<(u64, std::sync::Arc<PageSearch>, bool)> = batch
                .par_iter()
                .map(|&id| {
                    let fp = docs::fingerprint(site, id);
                    match cache.pages.get(&fp) {
                        Some(p) => (fp, p.clone(), true),
                        None => (fp, std::sync::Arc::new(page_search(site, id)), false),
                    }
                })
                .collect();
            let hits = pages.iter().filter(|p| p.2).count();
            reused += hits;
            made += pages.len() - hits;
            self.tokenized
                .add_terms(pages.iter().map(|(_, p, _)| &p.terms));
            for (fp, p, _) in pages {
                self.records.push(&p.record);
                feed(p.feed.as_bytes());
                for (k, n) in &p.abbreviations {
                    *self.found.entry(k.clone()).or_insert(0) += n;
                }
                self.paths.push(p.path.clone());
                kept.insert(fp, p);
            }
        }
        // Pages that are gone (or changed) are dropped.
        cache.pages = kept;
        (cache.reused, cache.made) = (reused, made);
    }
}

/// Like [`build`], but nothing is returned: the files are handed to `files` a batch at a
/// time as they are made, and the feed to `feed` piece by piece, in order (so a build can
/// write them without holding them all). Nothing is handed over when search is off.
pub fn build_streaming(
    site: &Site,
    diags: &mut Diagnostics,
    files: &mut dyn FnMut(Vec<OutputFile>),
    feed: &mut dyn FnMut(&[u8]),
) {
    build_with(site, diags, None, files, feed);
}

/// The search stage; returns whether search is on (when off, nothing is handed over).
fn build_with(
    site: &Site,
    diags: &mut Diagnostics,
    cache: Option<&mut Cache>,
    files: &mut dyn FnMut(Vec<OutputFile>),
    feed: &mut dyn FnMut(&[u8]),
) -> bool {
    let opts = options(site, diags);
    if !opts.enabled {
        return false;
    }
    let dbg = index::timer();
    let analyzer = analyze::Analyzer::new();
    let ids = docs::searchable(site);
    for &id in &ids {
        let p = &site.pages[id];
        if let Some(v) = docs::front_weight(&p.front)
            && docs::valid_weight(v).is_none()
        {
            let at = p
                .front
                .key_lines
                .get("search_weight")
                .copied()
                .unwrap_or(Pos::FILE);
            diags.warning(
                &p.display,
                at,
                format!("search_weight must be a number above 0 and at most 1, not {v}: ignored"),
            );
        }
    }

    // A batch at a time: doc sections → tokens, page records, feed lines and abbreviations
    // found in the text; only tokens (as word ids), records and section paths are kept.
    let mut gathered = Gathered::default();
    match cache {
        Some(cache) => gathered.add_cached(site, &ids, cache, feed),
        None => {
            for batch in ids.chunks(BATCH) {
                gathered.add_fresh(site, batch, feed);
            }
        }
    }
    let Gathered {
        tokenized,
        records,
        paths,
        found,
    } = gathered;
    dbg("collect, tokenize, records, feed");

    // Synonym groups: the site's, then abbreviations learned from the text.
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
    // Of the word list, only words inside the site's words can be parts.
    let listed = match &site.word_list {
        Some(file) => {
            let inner = tokenized.inner_words();
            words::read(file, &|w| inner.has(w), diags)
        }
        None => Vec::new(),
    };
    dbg("word list");
    let mut analysed = tokenized.finish(&synonyms, &listed);
    drop(listed);
    analysed.limit(params.max_postings);
    let n_pages = ids.len();
    dbg("postings");
    let mut entries = index::entries(&analysed);
    let mut per_chunk = pages_per_chunk(&records, chunk_target(n_pages));
    let (mut shards, mut chunks) = rayon::join(
        || index::shard(&entries, params.shard_target),
        || doc_chunks(&paths, &records, per_chunk),
    );
    dbg("shards, chunks");
    // Enforce the budget: a first query fetches the manifest, a shard per word and the doc
    // chunks of the results. Shrink shards and chunks until the estimate fits.
    let budget = opts.budget_kib * 1024;
    let mut estimate = estimate_first_query(&shards, &chunks);
    while estimate > budget && (params.shard_target > 2048 || per_chunk > 1) {
        if params.shard_target > 2048 {
            params.shard_target /= 2;
            params.max_postings = params.max_postings * 2 / 3;
            drop(entries);
            analysed.limit(params.max_postings);
            entries = index::entries(&analysed);
            shards = index::shard(&entries, params.shard_target);
        }
        if per_chunk > 1 {
            per_chunk = per_chunk.div_ceil(2);
            chunks = doc_chunks(&paths, &records, per_chunk);
        }
        estimate = estimate_first_query(&shards, &chunks);
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
    // Files go out as they are made; a content hash of them all is the cache key of the
    // index files (`?v=` in the client), so the manifest comes last.
    let mut hasher = Fnv::default();
    let total_shards: usize = shards.iter().map(|s| s.bytes.len()).sum();
    let n_shards = shards.len();
    let mut shard_keys = Vec::with_capacity(shards.len());
    let mut batch = Vec::with_capacity(shards.len());
    for (i, s) in shards.into_iter().enumerate() {
        hasher.write(&s.bytes);
        shard_keys.push(s.first_key);
        batch.push(OutputFile {
            path: format!("{DIR}/t/{i}.bin"),
            bytes: s.bytes,
        });
    }
    let mut buckets = Vec::with_capacity(vocab.len());
    for (i, (bucket, bytes)) in vocab.into_iter().enumerate() {
        hasher.write(&bytes);
        buckets.push(bucket);
        batch.push(OutputFile {
            path: format!("{DIR}/v/{i}.txt"),
            bytes,
        });
    }
    files(std::mem::take(&mut batch));
    let n_chunks = chunks.len();
    let total_chunks: usize = chunks.iter().map(String::len).sum();
    let mut chunks = chunks.into_iter().enumerate();
    loop {
        let made: Vec<OutputFile> = chunks
            .by_ref()
            .take(BATCH)
            .map(|(c, text)| OutputFile {
                path: format!("{DIR}/d/{c}.json"),
                bytes: text.into_bytes(),
            })
            .collect();
        if made.is_empty() {
            break;
        }
        for f in &made {
            hasher.write(&f.bytes);
        }
        files(made);
    }
    let hash = format!("{:016x}", hasher.0);
    let manifest = json!({
        "v": 2,
        "hash": hash,
        "pages": n_pages,
        "lang": site.config.language,
        "chunk": per_chunk,
        "shards": shard_keys,
        "vocab": buckets,
        "abbreviations": learned.len(),
    });
    files(vec![OutputFile {
        path: format!("{DIR}/index.json"),
        bytes: serde_json::to_vec(&manifest).unwrap_or_default(),
    }]);
    dbg("files");
    if std::env::var_os("VEIVISER_TIMINGS").is_some() {
        eprintln!(
            "search: {} pages, {} terms, {} shards ({} KiB), {} doc chunks of {} pages ({} KiB), {} abbreviations learned, first query ≈ {} KiB",
            n_pages,
            entries.len(),
            n_shards,
            total_shards / 1024,
            n_chunks,
            per_chunk,
            total_chunks / 1024,
            learned.len(),
            estimate / 1024
        );
    }
    true
}

/// Abbreviations defined in the pages' text ("long name (ABBR)"), with how often each is.
fn abbreviations(pages: &[DocPage]) -> BTreeMap<(String, String), u32> {
    pages
        .par_iter()
        .map(|p| {
            let mut found = BTreeMap::new();
            abbrev::learn(&p.description, &mut found);
            for s in &p.sections {
                abbrev::learn(&s.text, &mut found);
            }
            found
        })
        .reduce(BTreeMap::new, |mut a, b| {
            for (k, n) in b {
                *a.entry(k).or_insert(0) += n;
            }
            a
        })
}

/// Bytes a typical first query downloads: the manifest, two shards of the 90th percentile
/// size, and ten doc chunks of the 75th percentile size.
fn estimate_first_query(shards: &[index::Shard], chunks: &[String]) -> usize {
    let pct = |mut v: Vec<usize>, p: f64| -> usize {
        if v.is_empty() {
            return 0;
        }
        v.sort_unstable();
        v[((v.len() - 1) as f64 * p) as usize]
    };
    let manifest: usize = shards.iter().map(|s| s.first_key.len() + 3).sum::<usize>() + 120;
    let shard = pct(shards.iter().map(|s| s.bytes.len()).collect(), 0.9);
    let chunk = pct(chunks.iter().map(String::len).collect(), 0.75);
    manifest + 2 * shard + 10.min(chunks.len()) * chunk
}

/// Target size of a doc chunk on a site of a few hundred pages.
const CHUNK_TARGET: usize = 8 * 1024;

/// Target size of a doc chunk: smaller on big sites (down to half), where a query's results
/// fall in more chunks and a visit reuses fewer of them.
fn chunk_target(pages: usize) -> usize {
    let scale = (500.0 / pages.max(1) as f64).sqrt();
    ((CHUNK_TARGET as f64 * scale) as usize).clamp(CHUNK_TARGET / 2, CHUNK_TARGET)
}
/// Most pages in one doc chunk.
const CHUNK_MAX_PAGES: usize = 64;

/// How many pages of average size make a chunk of about `target` bytes.
fn pages_per_chunk(records: &Records, target: usize) -> usize {
    if records.is_empty() {
        return 1;
    }
    let avg = records.text.len() / records.len();
    (target / avg.max(1)).clamp(1, CHUNK_MAX_PAGES)
}

/// The page records ([`page_record`]) of the site, in one string: ten thousand small strings
/// made between batches of large ones would leave memory fragmented.
#[derive(Default)]
struct Records {
    text: String,
    ends: Vec<usize>,
}

impl Records {
    fn push(&mut self, record: &str) {
        self.text.push_str(record);
        self.ends.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// The doc chunks of `per_chunk` pages each ([`doc_chunk`]), in order.
fn doc_chunks(paths: &[Vec<String>], records: &Records, per_chunk: usize) -> Vec<String> {
    (0..records.len().div_ceil(per_chunk))
        .into_par_iter()
        .map(|c| doc_chunk(paths, records, per_chunk, c))
        .collect()
}

/// Doc chunk `c`: the records of `per_chunk` consecutive pages in one JSON file,
/// `{"pages": [[url, title, path index, lang, sections], …], "paths": [section path, …]}`
/// (see [`page_record`]; paths are shared by the pages of a chunk).
fn doc_chunk(all_paths: &[Vec<String>], records: &Records, per_chunk: usize, c: usize) -> String {
    let range = c * per_chunk..((c + 1) * per_chunk).min(records.len());
    let ps = &all_paths[range.clone()];
    let rs: Vec<&str> = range.map(|i| records.get(i)).collect();
    let mut paths: Vec<&[String]> = Vec::new();
    let at: Vec<usize> = ps
        .iter()
        .map(|p| {
            paths
                .iter()
                .position(|q| *q == p.as_slice())
                .unwrap_or_else(|| {
                    paths.push(p);
                    paths.len() - 1
                })
        })
        .collect();
    // Room for the records, their path indices and the paths (a little for escapes).
    let paths_len: usize = paths
        .iter()
        .map(|p| p.iter().map(|t| t.len() * 9 / 8 + 3).sum::<usize>() + 3)
        .sum();
    let records_len: usize = rs.iter().map(|r| r.len() + 4).sum();
    let mut out = String::with_capacity(records_len + paths_len + 32);
    out.push_str("{\"pages\":[");
    for (i, (r, at)) in rs.iter().zip(at).enumerate() {
        if i > 0 {
            out.push(',');
        }
        // The path index goes where the record has its placeholder.
        let (head, tail) = r.split_once('\u{1}').unwrap_or((r, ""));
        out.push_str(head);
        let _ = write!(out, "{at}");
        out.push_str(tail);
    }
    out.push_str("],\"paths\":[");
    for (i, path) in paths.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, t) in path.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_json_str(&mut out, t);
        }
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// Text kept for snippets per page, spread over its sections (characters).
const PAGE_TEXT: usize = 900;
/// Text kept per section: at most, and at least (characters).
const SECTION_TEXT_MAX: usize = 240;
const SECTION_TEXT_MIN: usize = 60;

/// One page as the client shows a hit on it:
/// `[url, title, path index, lang ("" = the site's), [[anchor, heading, text], …]]`, one
/// entry per section; the anchor is `0` when it is the heading's own id
/// ([`crate::parse::heading_id::slug`], which the client computes the same way), and the
/// text is the start of the section's text (for snippets). The path index is a placeholder
/// (`\u{1}`) until the page is put in a chunk.
fn page_record(p: &DocPage, site_lang: &str) -> String {
    let n = p.sections.len().max(1);
    let cap = (PAGE_TEXT / n).clamp(SECTION_TEXT_MIN, SECTION_TEXT_MAX);
    let mut out = String::with_capacity(256 + n * (cap + 64));
    out.push('[');
    push_json_str(&mut out, &encode_url_path(&p.url));
    out.push(',');
    push_json_str(&mut out, &p.title);
    out.push_str(",\u{1},");
    push_json_str(&mut out, if p.lang == site_lang { "" } else { &p.lang });
    out.push_str(",[");
    for (i, s) in p.sections.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        if !s.anchor.is_empty() && derivable_anchor(&s.heading, &s.anchor) {
            out.push('0');
        } else {
            push_json_str(&mut out, &s.anchor);
        }
        out.push(',');
        push_json_str(&mut out, &s.heading);
        out.push(',');
        // The start of the text, and ` …` inside the string when it was cut.
        let (kept, cut) = truncated(&s.text, cap);
        push_json_str(&mut out, kept);
        if cut {
            out.pop();
            out.push_str(" …\"");
        }
        out.push(']');
    }
    out.push_str("]]");
    out
}

/// Whether the client can compute `anchor` from `heading` (`idOf` in search.js): the
/// heading's id with Hugo's rule, for headings of plain letters, digits, spaces and common
/// punctuation only (so both sides surely agree).
fn derivable_anchor(heading: &str, anchor: &str) -> bool {
    // `slug(heading) == anchor`, without making the slug: for these characters it is the
    // heading trimmed, spaces and `-` as `-`, letters lower-cased, other punctuation left
    // out. Byte by byte: the only characters outside ASCII are æøå and ÆØÅ (`0xC3` and a
    // second byte, lower case being that byte + 0x20), and the only whitespace a space, so
    // trimming spaces is trimming.
    let h = heading.trim_matches(' ').as_bytes();
    let mut want = anchor.as_bytes().iter().copied();
    let mut i = 0;
    while i < h.len() {
        let c = h[i];
        i += 1;
        let m = match c {
            b' ' | b'-' => b'-',
            b'A'..=b'Z' => c.to_ascii_lowercase(),
            b'a'..=b'z' | b'0'..=b'9' | b'_' => c,
            _ if c.is_ascii_punctuation() => continue,
            0xC3 => {
                let second = match h.get(i) {
                    Some(&s @ (0xA6 | 0xB8 | 0xA5)) => s,
                    Some(&s @ (0x86 | 0x98 | 0x85)) => s + 0x20,
                    _ => return false,
                };
                i += 1;
                if want.next() != Some(0xC3) {
                    return false;
                }
                second
            }
            _ => return false,
        };
        if want.next() != Some(m) {
            return false;
        }
    }
    want.next().is_none()
}

/// A small deterministic generator for the tests that compare a fast way with a plain one
/// on random input (a linear congruential generator: the same seed, the same inputs).
#[cfg(test)]
pub(crate) struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    pub(crate) fn new(seed: u64) -> TestRng {
        TestRng(seed)
    }

    /// Advances and gives the whole state.
    pub(crate) fn step(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.step() >> 33) as usize % n
    }

    /// A string of fewer than `max` characters from `alphabet`.
    pub(crate) fn string(&mut self, alphabet: &[char], max: usize) -> String {
        let len = self.below(max);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

/// The first `max` characters of `text`, cut at a word boundary (with ` …` when cut).
#[cfg(test)]
fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match truncated(text, max) {
        (t, false) => std::borrow::Cow::Borrowed(t),
        (t, true) => std::borrow::Cow::Owned(format!("{t} …")),
    }
}

/// The first `max` characters of `text`, cut at a word boundary, and whether it was cut
/// (then ` …` follows it).
fn truncated(text: &str, max: usize) -> (&str, bool) {
    // No more bytes than `max`: no more characters either.
    if text.len() <= max {
        return (text, false);
    }
    let Some(cut_at) = char_offset(text, max) else {
        return (text, false);
    };
    let cut = &text[..cut_at];
    match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => (&cut[..i], true),
        _ => (cut, true),
    }
}

/// Where character `n` of `text` starts (`text.char_indices().nth(n)`), if it has more
/// than `n`: characters are counted 16 bytes at a time (every byte but a UTF-8 continuation
/// byte starts one), then byte by byte in the 16 bytes that hold it.
fn char_offset(text: &str, n: usize) -> Option<usize> {
    let starts = |c: &[u8; 16]| {
        c.iter()
            .fold(0u8, |k, &x| k + u8::from(!is_continuation(x)))
    };
    let b = text.as_bytes();
    let mut chars = 0;
    let mut at = 0;
    for c in b.chunks_exact(16) {
        let here = c.try_into().map_or(0, starts) as usize;
        if chars + here > n {
            break;
        }
        chars += here;
        at += 16;
    }
    b[at..]
        .iter()
        .enumerate()
        .filter(|&(_, &x)| !is_continuation(x))
        .nth(n - chars)
        .map(|(i, _)| at + i)
}

/// Whether `b` continues a UTF-8 sequence (`0b10xx_xxxx`) rather than starting a character.
fn is_continuation(b: u8) -> bool {
    (b as i8) < -64
}

/// The JSON Lines search feed: one doc section per line (url with #anchor, page title,
/// section heading, section path from the top section down to the heading, language, text), a string per page.
fn feed_lines(site: &Site, pages: &[DocPage]) -> Vec<String> {
    let base = site.config.base_url.trim_end_matches('/');
    // With an absolute base URL, URLs are absolute: scheme and host + the page's path.
    let origin = base.find("://").map(|i| {
        let host_end = base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j);
        &base[..host_end]
    });
    let chunks: Vec<String> = pages
        .par_iter()
        .map(|p| {
            // What every section of the page shares, escaped once.
            let mut title = String::new();
            push_json_str(&mut title, &p.title);
            let mut path = String::new();
            for (i, t) in p.path.iter().chain([&p.title]).enumerate() {
                if i > 0 {
                    path.push(',');
                }
                push_json_str(&mut path, t);
            }
            let mut lang = String::new();
            push_json_str(&mut lang, &p.lang);
            let mut url = origin.unwrap_or("").to_string();
            push_url_path(&mut url, &p.url);
            let page_url_len = url.len();
            // Room for every line: the section's own strings (the heading twice, the anchor
            // percent-encoded, a little for escapes), the page's, and the names around them.
            let own: usize = p
                .sections
                .iter()
                .map(|s| s.text.len() * 17 / 16 + 2 * s.heading.len() + 3 * s.anchor.len() + 80)
                .sum();
            let mut out = String::with_capacity(
                own + p.sections.len() * (url.len() + title.len() + path.len() + lang.len()),
            );
            for s in &p.sections {
                if s.heading.is_empty() && s.text.is_empty() {
                    continue;
                }
                url.truncate(page_url_len);
                if !s.anchor.is_empty() {
                    url.push('#');
                    push_href(&mut url, &s.anchor);
                }
                out.push_str("{\"url\":");
                push_json_str(&mut out, &url);
                out.push_str(",\"title\":");
                out.push_str(&title);
                out.push_str(",\"heading\":");
                push_json_str(&mut out, &s.heading);
                out.push_str(",\"path\":[");
                out.push_str(&path);
                if !s.heading.is_empty() {
                    out.push(',');
                    push_json_str(&mut out, &s.heading);
                }
                out.push_str("],\"lang\":");
                out.push_str(&lang);
                out.push_str(",\"text\":");
                push_json_str(&mut out, &s.text);
                out.push_str("}\n");
            }
            out
        })
        .collect();
    chunks
}

/// Appends `s` as a JSON string, escaped as serde_json does (`"`, `\\`, control characters).
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let mut run = 0;
    loop {
        let i = run + first_byte(&b[run..], needs_escape);
        if i == b.len() {
            break;
        }
        out.push_str(&s[run..i]);
        let c = b[i];
        let esc = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            _ => "",
        };
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Whether JSON needs byte `c` escaped: below 0x20, `"` or `\\`.
fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// Where the first byte of `b` that `hit` accepts is (`b.len()` when none is): 16 bytes at
/// a time with a fixed-size fold without an early exit, which the compiler turns into a
/// few vector instructions for a simple `hit`, then byte by byte in the 16 that hold it
/// (the last few bytes are checked padded with spaces, which `hit` must not accept, first:
/// most strings end without a hit).
fn first_byte(b: &[u8], hit: impl Fn(u8) -> bool + Copy) -> usize {
    let any = |c: &[u8; 16]| c.iter().fold(false, |m, &x| m | hit(x));
    let mut n = 0;
    for c in b.chunks_exact(16) {
        if c.try_into().is_ok_and(any) {
            break;
        }
        n += 16;
    }
    let rest = &b[n..];
    if rest.len() < 16 {
        let mut padded = [b' '; 16];
        padded[..rest.len()].copy_from_slice(rest);
        if !any(&padded) {
            return b.len();
        }
    }
    n + rest.iter().position(|&c| hit(c)).unwrap_or(rest.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        for s in [
            "",
            "plain text",
            "\"quoted\" and \\ back",
            "tab\there, new\nline, cr\r, bell\u{7}, nul\u{0}, \u{1f} and \u{7f}",
            "æøå “smart” — 12345678 \"\" 12345678\\",
            "exactly8\"",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        // Characters to escape at every position of a chunk and after borrows.
        let alphabet: Vec<char> = "ab \"\\\n\u{0}\u{1f} !#\u{7f}æ€😀".chars().collect();
        let mut rng = TestRng::new(3);
        for _ in 0..20_000 {
            let seed = rng.step();
            let len = (seed >> 59) as usize + 1;
            let s: String = (0..len)
                .map(|k| alphabet[(seed >> (k % 50)) as usize % alphabet.len()])
                .collect();
            let mut out = String::new();
            push_json_str(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn anchors_the_client_can_compute_are_left_out() {
        assert!(derivable_anchor("Åpning i brannmur", "åpning-i-brannmur"));
        assert!(derivable_anchor("Hva er TUL?", "hva-er-tul"));
        // A duplicate gets -1: stored.
        assert!(!derivable_anchor("Feil", "feil-1"));
        // Characters the client might treat otherwise: stored.
        assert!(!derivable_anchor("Kvittering → arkiv", "kvittering--arkiv"));
    }

    /// The characters of headings whose anchor [`derivable_anchor`] checks.
    fn anchor_char(c: char) -> bool {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '-' | '_' | 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å')
            || (c.is_ascii_punctuation())
    }

    #[test]
    fn anchors_are_checked_as_the_slug_would_be() {
        let alphabet: Vec<char> = "aZ9 -_æØå.?!\t€bÆøÅéÃ".chars().collect();
        let mut rng = TestRng::new(5);
        for _ in 0..20_000 {
            let heading = rng.string(&alphabet, 16);
            let slug = crate::parse::heading_id::slug(&heading);
            let reference = |anchor: &str| {
                heading.chars().all(anchor_char)
                    && crate::parse::heading_id::slug(&heading) == anchor
            };
            let half: String = slug.chars().take(slug.chars().count() / 2).collect();
            for anchor in [slug.as_str(), &format!("{slug}-1"), &half, "x"] {
                assert_eq!(
                    derivable_anchor(&heading, anchor),
                    reference(anchor),
                    "{heading:?} {anchor:?}"
                );
            }
        }
    }

    #[test]
    fn character_offsets_are_found_as_char_indices_finds_them() {
        let alphabet: Vec<char> = "ab æ€😀\u{80}".chars().collect();
        let mut rng = TestRng::new(11);
        for _ in 0..20_000 {
            let text = rng.string(&alphabet, 80);
            let n = rng.below(90);
            assert_eq!(
                char_offset(&text, n),
                text.char_indices().nth(n).map(|(i, _)| i),
                "{text:?} {n}"
            );
        }
    }

    #[test]
    fn snippet_sources_are_cut_at_a_word() {
        assert_eq!(truncate("kort tekst", 40), "kort tekst");
        assert_eq!(truncate("en lang tekst om søknader", 16), "en lang tekst …");
    }
}
