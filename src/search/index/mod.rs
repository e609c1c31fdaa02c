//! The inverted index over doc sections and its split, binary encoding.
//!
//! Terms are Snowball stems. Each posting points at a page and a "slot": slot 0 holds the
//! page's own fields (title, description, tags/keywords, section path, URL slug), slot
//! `k + 1` the section `k` (heading, body, emphasised text). Its weight is a BM25F impact in
//! 1–255 times the page's weight ([`super::docs::weight`]: release notes count less),
//! computed here so the client only adds and multiplies.
//!
//! Building it: each page is tokenized (in parallel) into a page-local vocabulary and runs of
//! word ids; the local vocabularies are merged into the site's, where every distinct word is
//! stemmed and split into compound parts once; then each page's postings are weighed (in
//! parallel again) with dense per-thread accumulators, and gathered per stem in page order.
//!
//! The terms, sorted by their folded skeleton ([`super::analyze::fold`]), are cut into
//! shards of about [`Params::shard_target`] bytes; the manifest lists the first key of each
//! shard, so a query fetches one shard per word (two when a prefix crosses a boundary).
//!
//! Shard format (all integers unsigned LEB128):
//! ```text
//! count
//! count × { shared, suffix_len, suffix bytes (UTF-8 stem, front-coded),
//!           df (pages), postings_len (bytes), postings }
//! postings = n × { page_delta, slot, impact (1 byte) }, sorted by page then slot
//! ```
//!
//! Slot 0xFFFF ([`TITLE_SLOT`]) marks a stem of the page's title or menu title; its "impact"
//! is that title's length in words, so the client can favour a title that is just the query.
//!
//! Code map: `tokens.rs` (pages → tokens and the site's vocabulary), `lexicon.rs` (each
//! word's stem and compound parts), `weigh.rs` (BM25F impacts, gathered per stem),
//! `encode.rs` (sorted terms → shards and vocabulary files).

use std::borrow::Cow;

mod encode;
mod lexicon;
mod tokens;
mod weigh;

pub use encode::{Shard, bucket_of, entries, push_varint, shard, vocabulary, vocabulary_buckets};
pub use tokens::{InnerWords, PageTerms, Tokenized, page_terms};
pub use weigh::Analysed;

/// Field weights and limits.
#[derive(Debug, Clone)]
pub struct Params {
    pub shard_target: usize,
    pub max_postings: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shard_target: 8 * 1024,
            max_postings: 2500,
        }
    }
}

/// One term's postings.
pub struct Entry<'a> {
    pub stem: &'a str,
    /// The folded stem ([`super::analyze::fold`]): the stem itself when folding keeps it.
    pub key: Cow<'a, str>,
    pub df: u32,
    /// (page index, slot, impact)
    pub postings: &'a [Posting],
}

/// Synonym groups: phrases (as stem sequences) that mean the same.
pub type Synonyms = Vec<Vec<Vec<String>>>;

/// Prints the time since its creation at each call when `VEIVISER_SEARCH_DEBUG` is set (and
/// the process's CPU time since then, where /proc tells it).
pub fn timer() -> impl Fn(&str) {
    let t0 = std::time::Instant::now();
    let on = std::env::var_os("VEIVISER_SEARCH_DEBUG").is_some();
    let cpu0 = if on {
        crate::pipeline::cpu_time()
    } else {
        None
    };
    move |what: &str| {
        if on {
            // The whole process's CPU (every thread's, render's too when it runs beside).
            let cpu = crate::pipeline::cpu_note("process CPU", crate::pipeline::cpu_time(), cpu0);
            eprintln!(
                "  search {what}: {:.1} ms{cpu}{}",
                t0.elapsed().as_secs_f64() * 1000.0,
                crate::pipeline::memory_note()
            );
        }
    }
}

/// A posting: (page index, slot, impact), or (stem id, slot, impact) in a page's own list.
pub type Posting = (u32, u16, u8);

/// The slot of title postings: their "impact" is the number of words of the title (or menu
/// title) that has the stem, so the client can tell a title that is just the query's words.
pub const TITLE_SLOT: u16 = 0xFFFF;
