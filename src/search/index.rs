//! The inverted index over doc sections and its split, binary encoding.
//!
//! Terms are Snowball stems. Each posting points at a page and a "slot": slot 0 holds the
//! page's own fields (title, description, tags/keywords, section path, URL slug), slot
//! `k + 1` the section `k` (heading, body, emphasised text). Its weight is a BM25F impact in
//! 1–255, computed here so the client only adds and multiplies.
//!
//! The terms, sorted by their folded skeleton ([`analyze::fold`]), are cut into shards of
//! about [`Params::shard_target`] bytes; the manifest lists the first key of each shard, so a
//! query fetches one shard per word (two when a prefix crosses a boundary).
//!
//! Shard format (all integers unsigned LEB128):
//! ```text
//! count
//! count × { shared, suffix_len, suffix bytes (UTF-8 stem, front-coded),
//!           df (pages), postings_len (bytes), postings }
//! postings = n × { page_delta, slot, impact (1 byte) }, sorted by page then slot
//! ```

use super::analyze::{self, Analyzer, Splitter, TokenKind, Tokens};
use super::docs::DocPage;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::collections::BTreeMap;

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

#[derive(Clone, Copy)]
enum Field {
    Title,
    Description,
    Terms,
    Path,
    Children,
    Slug,
    Heading,
    Body,
    Emphasis,
}

impl Field {
    /// (weight, length normalisation b)
    fn weight(self) -> (f32, f32) {
        match self {
            Field::Title => (8.0, 0.2),
            Field::Description => (2.5, 0.5),
            Field::Terms => (3.0, 0.3),
            Field::Path => (0.8, 0.3),
            Field::Children => (1.0, 0.5),
            Field::Slug => (1.0, 0.0),
            Field::Heading => (6.0, 0.5),
            Field::Body => (1.0, 0.75),
            Field::Emphasis => (1.0, 0.5),
        }
    }
}

/// BM25 saturation of the page's own fields and of sections: a title match stays well
/// above a match in the section path; a heading match well above one word in a long body.
const PAGE_K1: f32 = 4.0;
const SECTION_K1: f32 = 1.5;

/// How much a derived token counts compared with the word as written.
fn kind_weight(kind: TokenKind) -> f32 {
    match kind {
        TokenKind::Word => 1.0,
        TokenKind::Joined => 0.8,
        TokenKind::CamelPart => 0.5,
    }
}
const PART_WEIGHT: f32 = 0.5;
const SYNONYM_WEIGHT: f32 = 0.6;

/// One term's postings.
pub struct Entry {
    pub stem: String,
    pub key: String,
    pub df: u32,
    /// (page index, slot, impact)
    pub postings: Vec<(u32, u32, u8)>,
}

/// Synonym groups: phrases (as stem sequences) that mean the same.
pub type Synonyms = Vec<Vec<Vec<String>>>;

/// Tokens of one text field, kept per page so tokenizing runs in parallel.
struct Tokenized {
    title: Tokens,
    description: Tokens,
    terms: Tokens,
    path: Tokens,
    children: Tokens,
    slug: Tokens,
    sections: Vec<(Tokens, Tokens, Tokens)>,
}

fn tokenize_page(p: &DocPage) -> Tokenized {
    let tk = Tokens::new;
    Tokenized {
        title: if p.linktitle.is_empty() {
            tk(&p.title)
        } else {
            tk(&format!("{} , {}", p.title, p.linktitle))
        },
        description: tk(&p.description),
        terms: tk(&p.terms.join(" , ")),
        path: tk(&p.path.join(" , ")),
        children: tk(&p.children.join(" , ")),
        slug: tk(&p.slug.replace('-', " ")),
        sections: p
            .sections
            .iter()
            .map(|s| (tk(&s.heading), tk(&s.text), tk(&s.emphasis)))
            .collect(),
    }
}

/// What the index knows about each distinct word: its stem and its compound parts, as ids
/// into `stems`.
struct Lexicon<'a> {
    words: HashMap<&'a str, WordInfo>,
    stems: Vec<String>,
}

struct WordInfo {
    stem: u32,
    parts: Vec<u32>,
    stop: bool,
}

/// Prints the time since its creation at each call when `VEIVISER_SEARCH_DEBUG` is set.
pub fn timer() -> impl Fn(&str) {
    let t0 = std::time::Instant::now();
    let on = std::env::var_os("VEIVISER_SEARCH_DEBUG").is_some();
    move |what: &str| {
        if on {
            eprintln!(
                "  search {what}: {:.1} ms",
                t0.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

pub fn build(pages: &[DocPage], synonyms: &Synonyms, params: &Params) -> Vec<Entry> {
    let dbg = timer();
    let analyzer = Analyzer::new();
    let tokenized: Vec<Tokenized> = pages.par_iter().map(tokenize_page).collect();
    dbg("tokenize");

    // Word counts (candidates for compound parts), counted per page in parallel.
    let local: Vec<HashMap<&str, u32>> = tokenized
        .par_iter()
        .map(|t| {
            let mut m: HashMap<&str, u32> = HashMap::with_capacity(256);
            let counted = t
                .sections
                .iter()
                .flat_map(|(h, b, _)| h.iter().chain(b.iter()))
                .chain(t.title.iter())
                .chain(t.description.iter());
            for tok in counted {
                let c = m.entry(tok.text).or_insert(0);
                if tok.kind == TokenKind::Word {
                    *c += 1;
                }
            }
            let others = t
                .terms
                .iter()
                .chain(t.path.iter())
                .chain(t.children.iter())
                .chain(t.slug.iter())
                .chain(t.sections.iter().flat_map(|(_, _, e)| e.iter()));
            for tok in others {
                m.entry(tok.text).or_insert(0);
            }
            m
        })
        .collect();
    let counts: HashMap<&str, u32> = local.into_par_iter().reduce(HashMap::new, |mut a, b| {
        let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
        for (w, n) in small {
            *big.entry(w).or_insert(0) += n;
        }
        a = big;
        a
    });
    let mut distinct: Vec<&str> = counts.keys().copied().collect();
    distinct.sort_unstable();
    dbg("count");
    let part_words: HashMap<String, u32> = counts
        .iter()
        .filter(|(w, n)| {
            **n >= 2
                && w.chars().count() >= analyze::MIN_PART
                && w.chars().all(char::is_alphabetic)
                && !analyze::is_stop(w)
        })
        .map(|(w, n)| (w.to_string(), *n))
        .collect();
    let word_stems: Vec<String> = distinct.par_iter().map(|w| analyzer.stem(w)).collect();
    let known: HashMap<&str, String> = distinct
        .iter()
        .copied()
        .zip(word_stems.iter().cloned())
        .collect();
    let splitter = Splitter::new(&part_words, &analyzer).with_known(&known);
    let analysed: Vec<(String, Vec<String>)> = distinct
        .par_iter()
        .zip(word_stems.into_par_iter())
        .map(|(w, stem)| {
            let parts = splitter
                .split(w)
                .into_iter()
                .map(|p| {
                    known
                        .get(p.as_str())
                        .cloned()
                        .unwrap_or_else(|| analyzer.stem(&p))
                })
                .filter(|p| *p != stem)
                .collect();
            (stem, parts)
        })
        .collect();
    dbg("stem+split");
    let mut stem_ids: HashMap<String, u32> = HashMap::new();
    let mut stems: Vec<String> = Vec::new();
    let mut intern = |s: &str, stems: &mut Vec<String>| -> u32 {
        if let Some(&id) = stem_ids.get(s) {
            return id;
        }
        let id = stems.len() as u32;
        stems.push(s.to_string());
        stem_ids.insert(s.to_string(), id);
        id
    };
    let mut words: HashMap<&str, WordInfo> = HashMap::with_capacity(distinct.len());
    for (w, (stem, parts)) in distinct.iter().zip(analysed) {
        let stem = intern(&stem, &mut stems);
        let parts = parts.iter().map(|p| intern(p, &mut stems)).collect();
        let stop = analyze::is_stop(w);
        words.insert(w, WordInfo { stem, parts, stop });
    }
    let synonyms: Vec<Vec<Vec<u32>>> = synonyms
        .iter()
        .map(|g| {
            g.iter()
                .map(|ph| ph.iter().map(|s| intern(s, &mut stems)).collect())
                .collect()
        })
        .collect();
    let lex = Lexicon { words, stems };
    dbg("lexicon");

    // Synonym phrases by their first stem.
    let mut syn_first: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    for (g, group) in synonyms.iter().enumerate() {
        for (i, phrase) in group.iter().enumerate() {
            if let Some(&first) = phrase.first() {
                syn_first.entry(first).or_default().push((g, i));
            }
        }
    }

    // Field length averages.
    let (mut n_pages, mut n_secs) = (0f32, 0f32);
    let (mut title, mut desc, mut head, mut body) = (0f32, 0f32, 0f32, 0f32);
    for t in &tokenized {
        n_pages += 1.0;
        title += t.title.len() as f32;
        desc += t.description.len() as f32;
        for (h, b, _) in &t.sections {
            n_secs += 1.0;
            head += h.len() as f32;
            body += b.len() as f32;
        }
    }
    let avg = |sum: f32, n: f32| if n > 0.0 { (sum / n).max(1.0) } else { 1.0 };
    let avgs = Avgs {
        title: avg(title, n_pages),
        description: avg(desc, n_pages),
        heading: avg(head, n_secs),
        body: avg(body, n_secs),
    };

    let ctx = PageCtx {
        lex: &lex,
        synonyms: &synonyms,
        syn_first: &syn_first,
        avgs: &avgs,
    };
    let per_page: Vec<Vec<(u32, u32, u8)>> = tokenized
        .par_iter()
        .map(|t| page_postings(t, &ctx))
        .collect();
    dbg("postings");
    let mut lists: Vec<Vec<(u32, u32, u8)>> = vec![Vec::new(); lex.stems.len()];
    for (pi, list) in per_page.into_iter().enumerate() {
        for (stem, slot, imp) in list {
            lists[stem as usize].push((pi as u32, slot, imp));
        }
    }
    let mut entries: Vec<Entry> = lists
        .into_par_iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(id, mut postings)| {
            let stem = lex.stems[id].clone();
            // Already in page order; slots in order within a page.
            let mut df = 0u32;
            let mut last = u32::MAX;
            for p in &postings {
                if p.0 != last {
                    df += 1;
                    last = p.0;
                }
            }
            if postings.len() > params.max_postings {
                // Keep the strongest postings (page fields first), in page order.
                postings.select_nth_unstable_by(params.max_postings, |a, b| {
                    let ka = (a.1 == 0, a.2);
                    let kb = (b.1 == 0, b.2);
                    kb.cmp(&ka).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1))
                });
                postings.truncate(params.max_postings);
                postings.sort_unstable();
            }
            Entry {
                key: analyze::fold(&stem),
                stem,
                df,
                postings,
            }
        })
        .collect();
    entries.par_sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.stem.cmp(&b.stem)));
    dbg("entries");
    entries
}

struct Avgs {
    title: f32,
    description: f32,
    heading: f32,
    body: f32,
}

struct PageCtx<'a> {
    lex: &'a Lexicon<'a>,
    synonyms: &'a [Vec<Vec<u32>>],
    syn_first: &'a HashMap<u32, Vec<(usize, usize)>>,
    avgs: &'a Avgs,
}

/// Accumulates the weighted term frequencies of one slot.
#[derive(Default)]
struct Bag {
    tf: HashMap<u32, f32>,
    seq: Vec<u32>,
}

impl Bag {
    fn add_field(&mut self, tokens: &Tokens, field: Field, avg_len: f32, ctx: &PageCtx) {
        if tokens.is_empty() {
            return;
        }
        let (w, b) = field.weight();
        let len = tokens.words() as f32;
        let norm = 1.0 - b + b * (len.max(1.0) / avg_len);
        let scale = w / norm;
        let lex = ctx.lex;
        self.seq.clear();
        for t in tokens.iter() {
            let Some(info) = lex.words.get(t.text) else {
                continue;
            };
            *self.tf.entry(info.stem).or_insert(0.0) += scale * kind_weight(t.kind);
            if t.kind != TokenKind::CamelPart {
                for &p in &info.parts {
                    *self.tf.entry(p).or_insert(0.0) += scale * PART_WEIGHT;
                }
            }
            if t.kind == TokenKind::Word && !info.stop {
                self.seq.push(info.stem);
            }
        }
        // Synonyms and abbreviations: a phrase of a group adds the other phrases' stems.
        if ctx.synonyms.is_empty() {
            return;
        }
        let seq = std::mem::take(&mut self.seq);
        for i in 0..seq.len() {
            let Some(cands) = ctx.syn_first.get(&seq[i]) else {
                continue;
            };
            for &(g, pi) in cands {
                let phrase = &ctx.synonyms[g][pi];
                if seq.len() - i >= phrase.len()
                    && phrase.iter().zip(&seq[i..]).all(|(a, b)| a == b)
                {
                    for (oi, other) in ctx.synonyms[g].iter().enumerate() {
                        if oi == pi {
                            continue;
                        }
                        for &s in other {
                            *self.tf.entry(s).or_insert(0.0) += scale * SYNONYM_WEIGHT;
                        }
                    }
                }
            }
        }
        self.seq = seq;
    }

    fn impacts(&mut self, slot: u32, out: &mut Vec<(u32, u32, u8)>) {
        let k1 = if slot == 0 { PAGE_K1 } else { SECTION_K1 };
        for (&stem, &x) in &self.tf {
            let imp = x / (k1 + x);
            let q = (imp * 255.0).round().clamp(1.0, 255.0) as u8;
            out.push((stem, slot, q));
        }
        self.tf.clear();
    }
}

fn page_postings(t: &Tokenized, ctx: &PageCtx) -> Vec<(u32, u32, u8)> {
    let mut out = Vec::new();
    let a = ctx.avgs;
    let mut bag = Bag::default();
    bag.add_field(&t.title, Field::Title, a.title, ctx);
    bag.add_field(&t.description, Field::Description, a.description, ctx);
    bag.add_field(&t.terms, Field::Terms, 4.0, ctx);
    bag.add_field(&t.path, Field::Path, 4.0, ctx);
    bag.add_field(&t.children, Field::Children, 12.0, ctx);
    bag.add_field(&t.slug, Field::Slug, 2.0, ctx);
    bag.impacts(0, &mut out);
    for (i, (h, b, e)) in t.sections.iter().enumerate() {
        bag.add_field(h, Field::Heading, a.heading, ctx);
        bag.add_field(b, Field::Body, a.body, ctx);
        bag.add_field(e, Field::Emphasis, a.body.min(8.0), ctx);
        bag.impacts(i as u32 + 1, &mut out);
    }
    // Postings of one page go out in slot order per stem.
    out.sort_unstable_by_key(|&(stem, slot, _)| (stem, slot));
    out
}

pub fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn encode_entry(e: &Entry, prev: &[u8], out: &mut Vec<u8>) {
    let s = e.stem.as_bytes();
    let shared = s.iter().zip(prev).take_while(|(a, b)| a == b).count();
    push_varint(out, shared as u64);
    push_varint(out, (s.len() - shared) as u64);
    out.extend_from_slice(&s[shared..]);
    push_varint(out, u64::from(e.df));
    let mut post = Vec::with_capacity(e.postings.len() * 3);
    let mut last = 0u32;
    for &(page, slot, imp) in &e.postings {
        push_varint(&mut post, u64::from(page - last));
        push_varint(&mut post, u64::from(slot));
        post.push(imp);
        last = page;
    }
    push_varint(out, post.len() as u64);
    out.extend_from_slice(&post);
}

/// One encoded shard and the first key it covers.
pub struct Shard {
    pub first_key: String,
    pub bytes: Vec<u8>,
}

/// Cuts the sorted entries into shards of about `target` bytes; terms with the same key
/// always share a shard.
pub fn shard(entries: &[Entry], target: usize) -> Vec<Shard> {
    let mut shards = Vec::new();
    let mut body = Vec::new();
    let mut count = 0u64;
    let mut first_key: Option<String> = None;
    let mut prev: Vec<u8> = Vec::new();
    let finish = |body: &mut Vec<u8>,
                  count: &mut u64,
                  first: &mut Option<String>,
                  shards: &mut Vec<Shard>| {
        if *count == 0 {
            return;
        }
        let mut bytes = Vec::with_capacity(body.len() + 4);
        push_varint(&mut bytes, *count);
        bytes.append(body);
        shards.push(Shard {
            first_key: first.take().unwrap_or_default(),
            bytes,
        });
        *count = 0;
    };
    for (i, e) in entries.iter().enumerate() {
        let new_key = i == 0 || entries[i - 1].key != e.key;
        if new_key && body.len() >= target {
            finish(&mut body, &mut count, &mut first_key, &mut shards);
            prev.clear();
        }
        if first_key.is_none() {
            first_key = Some(e.key.clone());
        }
        encode_entry(e, &prev, &mut body);
        prev = e.stem.as_bytes().to_vec();
        count += 1;
    }
    finish(&mut body, &mut count, &mut first_key, &mut shards);
    // Shorten the boundary keys to the shortest prefix that still separates the shards.
    let mut last_keys: Vec<String> = Vec::new();
    {
        let mut i = 0;
        for s in &shards {
            let n = decode_count(&s.bytes);
            i += n;
            last_keys.push(entries[i - 1].key.clone());
        }
    }
    for k in 1..shards.len() {
        let prev_last = &last_keys[k - 1];
        let first = shards[k].first_key.clone();
        let mut cut = String::new();
        for c in first.chars() {
            cut.push(c);
            if cut.as_str() > prev_last.as_str() {
                break;
            }
        }
        shards[k].first_key = cut;
    }
    if let Some(s) = shards.first_mut() {
        s.first_key = String::new();
    }
    shards
}

fn decode_count(bytes: &[u8]) -> usize {
    let mut v = 0usize;
    let mut shift = 0;
    for &b in bytes {
        v |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

/// The first two characters of a key: the vocabulary bucket it belongs to.
pub fn bucket_of(key: &str) -> String {
    key.chars().take(2).collect()
}

/// Vocabulary files for typo tolerance: the distinct keys front-coded one per line (a
/// character `'0' + shared prefix length`, then the rest), grouped by their first two
/// characters; neighbouring small groups share a file, named by its first group. The
/// client looks for near words there and then fetches only the shards that hold them.
pub fn vocabulary_buckets(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut prev = String::new();
    for e in entries {
        if e.key == prev && !prev.is_empty() {
            continue;
        }
        let b = bucket_of(&e.key);
        if out.last().is_none_or(|(k, _)| *k != b) {
            out.push((b.clone(), Vec::new()));
            prev.clear();
        }
        let shared = e
            .key
            .chars()
            .zip(prev.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(40);
        let Some((_, text)) = out.last_mut() else {
            continue;
        };
        text.push(b'0' + shared as u8);
        let rest: String = e.key.chars().skip(shared).collect();
        text.extend_from_slice(rest.as_bytes());
        text.push(b'\n');
        prev = e.key.clone();
    }
    // Small neighbouring buckets share a file; a bucket is never split.
    let mut merged: Vec<(String, Vec<u8>)> = Vec::new();
    for (b, text) in out {
        match merged.last_mut() {
            Some((_, t)) if t.len() + text.len() <= VOCAB_TARGET => t.extend_from_slice(&text),
            _ => merged.push((b, text)),
        }
    }
    merged
}

/// Target size of a vocabulary file.
const VOCAB_TARGET: usize = 4 * 1024;

/// Distinct words of the vocabulary, for tests and diagnostics.
pub fn vocabulary(entries: &[Entry]) -> BTreeMap<&str, u32> {
    entries.iter().map(|e| (e.stem.as_str(), e.df)).collect()
}
