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
//! Code map: this file runs the stage (batches of pages, the download budget, the manifest,
//! the preview's [`Cache`]); [`docs`] splits pages into doc sections, [`analyze`] is the
//! Norwegian text analysis, [`abbrev`] learns abbreviations, [`words`] reads the optional
//! word list, [`index`] builds and encodes the inverted index, `records.rs` the snippet
//! records and doc chunks, `feed.rs` the feed, `options.rs` the `[search]` settings.
//!
//! `VEIVISER_TIMINGS=1` prints the index size and the first-query estimate;
//! `VEIVISER_SEARCH_DEBUG=1` the time of each step of this stage.

pub mod abbrev;
pub mod analyze;
pub mod docs;
mod feed;
pub mod index;
mod options;
mod records;
pub mod words;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::Site;
use crate::render::OutputFile;
use docs::DocPage;
use feed::feed_lines;
pub use feed::push_json_str;
pub use options::{
    DEFAULT_BUDGET_KIB, DEFAULT_RELEASE_NOTES_WEIGHT, Options, code_blocks, enabled, options,
    parse_synonym_line, release_notes_weight, word_list_path,
};
use rayon::prelude::*;
use records::{Records, chunk_target, doc_chunks, page_record, pages_per_chunk};
use serde_json::json;
use std::collections::BTreeMap;

/// Folder of the index in the output.
pub const DIR: &str = "search";

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
