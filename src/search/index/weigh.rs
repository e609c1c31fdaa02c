//! Postings: every page's fields weighed into BM25F impacts (in parallel, with dense
//! per-thread accumulators) and gathered per stem in page order ([`Analysed`]);
//! [`Analysed::limit`] keeps the strongest postings of very frequent terms. The field
//! weights and saturation constants live here.

use super::lexicon::{Lexicon, StrList, stem_and_split};
use super::tokens::{PageCodes, Tokenized, code_kind};
use super::{Posting, Synonyms, TITLE_SLOT, timer};
use crate::search::analyze::TokenKind;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::borrow::Cow;

#[derive(Clone, Copy)]
pub(super) enum Field {
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

/// The page's own fields, in the order `tokenize_page` (`tokens.rs`) adds them; each section
/// adds three more (heading, body, emphasis).
pub(super) const PAGE_FIELDS: [(Field, Avg); 6] = [
    (Field::Title, Avg::Title),
    (Field::Description, Avg::Description),
    (Field::Terms, Avg::Fixed(4.0)),
    (Field::Path, Avg::Fixed(4.0)),
    (Field::Children, Avg::Fixed(12.0)),
    (Field::Slug, Avg::Fixed(2.0)),
];

/// The average length a field's length is normalised by.
#[derive(Clone, Copy)]
pub(super) enum Avg {
    Title,
    Description,
    Heading,
    Body,
    /// Emphasis: the body's, at most 8.
    Emphasis,
    Fixed(f32),
}

/// Every stem's postings, in page order: what [`super::entries`] turns into index entries.
pub struct Analysed {
    pub(super) stems: StrList,
    /// Per stem: its postings, and the pages it is on (before [`Analysed::limit`]).
    pub(super) postings: PostingLists,
    pub(super) df: Vec<u32>,
}

/// Every stem's postings, in one array (rather than one allocation each): stem `i`'s list
/// is `all[at[i]..at[i] + len[i]]`, in the room `at[i]..at[i + 1]` it had when it was made
/// ([`Analysed::limit`] shortens lists in place).
pub(super) struct PostingLists {
    all: Vec<Posting>,
    at: Vec<u32>,
    pub(super) len: Vec<u32>,
}

impl PostingLists {
    /// Room for lists of `counts[i]` postings, all empty: [`PostingLists::push`] fills them.
    fn with_counts(counts: &[u32]) -> PostingLists {
        let mut at = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        at.push(0);
        for &n in counts {
            total += n;
            at.push(total);
        }
        PostingLists {
            all: vec![(0, 0, 0); total as usize],
            at,
            len: vec![0; counts.len()],
        }
    }

    #[cfg(test)]
    pub(super) fn of(lists: &[Vec<Posting>]) -> PostingLists {
        let counts: Vec<u32> = lists.iter().map(|l| l.len() as u32).collect();
        let mut out = PostingLists::with_counts(&counts);
        for (i, list) in lists.iter().enumerate() {
            for &p in list {
                out.push(i, p);
            }
        }
        out
    }

    /// Appends `p` to list `i` (within the room it was made with).
    #[inline]
    pub(super) fn push(&mut self, i: usize, p: Posting) {
        let n = &mut self.len[i];
        self.all[(self.at[i] + *n) as usize] = p;
        *n += 1;
    }

    /// The last posting of list `i`.
    #[inline]
    fn last(&self, i: usize) -> Option<&Posting> {
        let n = self.len[i];
        (n > 0).then(|| &self.all[(self.at[i] + n - 1) as usize])
    }

    pub(super) fn get(&self, i: usize) -> &[Posting] {
        let start = self.at[i] as usize;
        &self.all[start..start + self.len[i] as usize]
    }

    /// Every list, mutable (to shorten one, [`Analysed::limit`] then lowers its length).
    fn lists_mut(&mut self) -> Vec<&mut [Posting]> {
        let mut rest = self.all.as_mut_slice();
        let mut out = Vec::with_capacity(self.len.len());
        for (w, &n) in self.at.windows(2).zip(&self.len) {
            let (room, after) = std::mem::take(&mut rest).split_at_mut((w[1] - w[0]) as usize);
            out.push(&mut room[..n as usize]);
            rest = after;
        }
        out
    }
}

/// Sites with at most this many tokens keep every page's postings between counting and
/// placing them (see [`analyse`]).
const KEEP_POSTINGS_UP_TO_TOKENS: usize = 1_000_000;

/// Pages weighed together (in parallel, then counted or placed) when postings are not kept.
const WEIGH_BATCH: usize = 1024;

/// Pages weighed into one list, by one worker (a divisor of [`WEIGH_BATCH`]).
const WEIGH_CHUNK: usize = 16;

/// The postings of a chunk of consecutive pages, in page order: page `first + k`'s are
/// `postings[ends[k - 1]..ends[k]]` (from 0 for `k = 0`).
struct Weighed {
    postings: Vec<Posting>,
    ends: Vec<u32>,
}

pub(super) fn analyse(
    mut tokenized: Tokenized,
    synonyms: &Synonyms,
    listed: &[Cow<str>],
) -> Analysed {
    let dbg = timer();
    let (mut interner, words, parts) = stem_and_split(&tokenized, listed, &dbg);
    // Only the pages' codes are needed from here: the site's vocabulary and its look-up
    // table go, so that what comes next reuses their memory.
    let pages = std::mem::take(&mut tokenized.pages);
    let tokens = tokenized.tokens;
    drop(tokenized);
    let page_count = pages.len();
    let synonyms: Vec<Vec<Vec<u32>>> = synonyms
        .iter()
        .map(|g| {
            g.iter()
                .map(|ph| ph.iter().map(|s| interner.id(s)).collect())
                .collect()
        })
        .collect();
    let mut syn_first: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    for (g, group) in synonyms.iter().enumerate() {
        for (i, phrase) in group.iter().enumerate() {
            if let Some(&first) = phrase.first() {
                syn_first.entry(first).or_default().push((g, i));
            }
        }
    }
    let n_stems = interner.list.len();
    let mut syn_start = vec![false; n_stems];
    for &first in syn_first.keys() {
        syn_start[first as usize] = true;
    }
    dbg("lexicon");

    // Field length averages (all tokens of the field, as before the tokenizer was split).
    let (mut n_pages, mut n_secs) = (0f32, 0f32);
    let (mut title, mut desc, mut head, mut body) = (0f32, 0f32, 0f32, 0f32);
    for t in pages.iter().map(PageCodes::of) {
        let len = |f: usize| {
            let start = if f == 0 { 0 } else { t.fields[f - 1].0 };
            (t.fields[f].0 - start) as f32
        };
        n_pages += 1.0;
        title += len(0);
        desc += len(1);
        for s in 0..(t.fields.len() - PAGE_FIELDS.len()) / 3 {
            n_secs += 1.0;
            head += len(PAGE_FIELDS.len() + 3 * s);
            body += len(PAGE_FIELDS.len() + 3 * s + 1);
        }
    }
    let avg = |sum: f32, n: f32| if n > 0.0 { (sum / n).max(1.0) } else { 1.0 };
    let lex = Lexicon {
        words: &words,
        parts: &parts,
        synonyms: &synonyms,
        syn_first: &syn_first,
        syn_start: &syn_start,
        avgs: Avgs {
            title: avg(title, n_pages),
            description: avg(desc, n_pages),
            heading: avg(head, n_secs),
            body: avg(body, n_secs),
        },
    };
    // Each page's postings (stem, slot, impact), weighed in parallel a chunk of pages at a
    // time into one list per chunk, then gathered per stem in page order (slots are in
    // order within a page). On a small site the chunks' lists are kept from counting to
    // placing; on a large one they are weighed twice (a few tens of ms at 10,000 pages)
    // rather than held twice, a batch at a time.
    let weigh = |batch: std::ops::Range<usize>| -> Vec<Weighed> {
        let chunks: Vec<std::ops::Range<usize>> = batch
            .clone()
            .step_by(WEIGH_CHUNK)
            .map(|c| c..(c + WEIGH_CHUNK).min(batch.end))
            .collect();
        chunks
            .into_par_iter()
            .map_init(
                || Bag::new(n_stems),
                |bag, range| {
                    // About as many postings as tokens at most (two in three, on Altinn).
                    let tokens = range.clone().map(|i| pages[i].0.len()).sum();
                    let mut w = Weighed {
                        postings: Vec::with_capacity(tokens),
                        ends: Vec::with_capacity(range.len()),
                    };
                    for i in range {
                        page_postings(&PageCodes::of(&pages[i]), &lex, bag, &mut w.postings);
                        w.ends.push(w.postings.len() as u32);
                    }
                    w
                },
            )
            .collect()
    };
    let keep = tokens <= KEEP_POSTINGS_UP_TO_TOKENS;
    let batches: Vec<std::ops::Range<usize>> = (0..page_count)
        .step_by(WEIGH_BATCH)
        .map(|b| b..(b + WEIGH_BATCH).min(page_count))
        .collect();
    let mut kept: Vec<Weighed> = Vec::new();
    let mut counts = vec![0u32; n_stems];
    for batch in &batches {
        let weighed = weigh(batch.clone());
        for w in &weighed {
            for &(stem, _, _) in &w.postings {
                counts[stem as usize] += 1;
            }
        }
        if keep {
            kept.extend(weighed);
        }
    }
    dbg("postings");
    // Placed in page order; a stem's pages are counted as they come (a page's postings of a
    // stem are together in its list).
    let mut postings = PostingLists::with_counts(&counts);
    drop(counts);
    let mut df = vec![0u32; n_stems];
    let mut place = |first_page: usize, w: &Weighed| {
        let mut start = 0;
        for (pi, &end) in (first_page..).zip(&w.ends) {
            for &(stem, slot, imp) in &w.postings[start..end as usize] {
                let s = stem as usize;
                if postings.last(s).is_none_or(|p| p.0 != pi as u32) {
                    df[s] += 1;
                }
                postings.push(s, (pi as u32, slot, imp));
            }
            start = end as usize;
        }
    };
    if keep {
        for (first, w) in (0..).step_by(WEIGH_CHUNK).zip(&kept) {
            place(first, w);
        }
    } else {
        for batch in &batches {
            for (first, w) in batch
                .clone()
                .step_by(WEIGH_CHUNK)
                .zip(&weigh(batch.clone()))
            {
                place(first, w);
            }
        }
    }
    drop(kept);
    let stems = interner.list;
    dbg("gather");
    Analysed {
        stems,
        postings,
        df,
    }
}

impl Analysed {
    /// Keeps at most `max` postings per term (the strongest, see `strength`), in page
    /// order, in place. Only ever shortens: a later call with a smaller `max` keeps the
    /// strongest of those kept.
    pub fn limit(&mut self, max: usize) {
        let lists = self.postings.lists_mut();
        lists
            .into_par_iter()
            .filter(|list| list.len() > max)
            .for_each(|list| {
                list.select_nth_unstable_by(max, |a, b| {
                    strength(b)
                        .cmp(&strength(a))
                        .then(a.0.cmp(&b.0))
                        .then(a.1.cmp(&b.1))
                });
                list[..max].sort_unstable();
            });
        for n in &mut self.postings.len {
            *n = (*n).min(max as u32);
        }
    }
}

/// How strongly a posting ties its page to the term, for [`Analysed::limit`]: the page's own
/// fields and its title first (a title posting's value is the title's length, so a shorter
/// title is the stronger), then sections by impact.
fn strength(p: &Posting) -> (bool, u8) {
    match p.1 {
        TITLE_SLOT => (true, 255 - p.2),
        0 => (true, p.2),
        _ => (false, p.2),
    }
}

#[derive(Clone, Copy)]
pub(super) struct Avgs {
    title: f32,
    description: f32,
    heading: f32,
    body: f32,
}

impl Avgs {
    pub(super) fn of(&self, a: Avg) -> f32 {
        match a {
            Avg::Title => self.title,
            Avg::Description => self.description,
            Avg::Heading => self.heading,
            Avg::Body => self.body,
            Avg::Emphasis => self.body.min(8.0),
            Avg::Fixed(x) => x,
        }
    }
}

/// Accumulates the weighted term frequencies of one slot: a dense array by stem id (one per
/// worker, reset after each slot by the list of stems it touched).
struct Bag {
    tf: Vec<f32>,
    touched: Vec<u32>,
    seq: Vec<u32>,
}

impl Bag {
    fn new(n_stems: usize) -> Bag {
        Bag {
            tf: vec![0.0; n_stems],
            touched: Vec::new(),
            seq: Vec::new(),
        }
    }

    fn add(tf: &mut [f32], touched: &mut Vec<u32>, stem: u32, x: f32) {
        let v = &mut tf[stem as usize];
        if *v == 0.0 {
            touched.push(stem);
        }
        *v += x;
    }

    fn add_field(&mut self, codes: &[u32], words: u32, field: Field, avg_len: f32, lex: &Lexicon) {
        if codes.is_empty() {
            return;
        }
        let (w, b) = field.weight();
        let len = words as f32;
        let norm = 1.0 - b + b * (len.max(1.0) / avg_len);
        let scale = w / norm;
        self.seq.clear();
        // By kind code: the token's weight (the same products as per token).
        let weights = [
            scale * kind_weight(TokenKind::Word),
            scale * kind_weight(TokenKind::Joined),
            scale * kind_weight(TokenKind::CamelPart),
            scale * kind_weight(TokenKind::CamelPart),
        ];
        let part_weight = scale * PART_WEIGHT;
        // The accumulators apart (a slice and two lists), so that pushing to one does not
        // reload the others.
        let Bag { tf, touched, seq } = self;
        let tf = tf.as_mut_slice();
        for &code in codes {
            let info = lex.words[(code >> 2) as usize];
            let kind = code & 3;
            Bag::add(tf, touched, info.stem, weights[kind as usize]);
            // Not a camelCase part (codes 2 and 3): its word's compound parts too.
            if kind < 2 && info.parts.0 != info.parts.1 {
                for &p in &lex.parts[info.parts.0 as usize..info.parts.1 as usize] {
                    Bag::add(tf, touched, p, part_weight);
                }
            }
            // A word as written (code 0), not a stop word: for synonyms.
            if kind == 0 && !info.stop {
                seq.push(info.stem);
            }
        }
        // Synonyms and abbreviations: a phrase of a group adds the other phrases' stems.
        if lex.synonyms.is_empty() {
            return;
        }
        each_synonym(lex, seq, |_, other| {
            for &s in other {
                Bag::add(tf, touched, s, scale * SYNONYM_WEIGHT);
            }
        });
    }

    /// Turns the counts of `slot` into postings: BM25's saturation of each stem's weighed
    /// count, times the page's `weight`, as a byte.
    fn impacts(&mut self, slot: u16, weight: f32, out: &mut Vec<Posting>) {
        let k1 = if slot == 0 { PAGE_K1 } else { SECTION_K1 };
        let Bag { tf, touched, .. } = self;
        out.extend(touched.iter().map(|&stem| {
            let x = std::mem::take(&mut tf[stem as usize]);
            let imp = weight * x / (k1 + x);
            (stem, slot, quantize(imp * 255.0))
        }));
        touched.clear();
    }
}

/// `x.round().clamp(1.0, 255.0) as u8` for `x` in 0–255 (not NaN), without the call to
/// `roundf`: its whole part, and one more from a half up (`x - whole` is exact there).
fn quantize(x: f32) -> u8 {
    let whole = x as u32;
    let rounded = whole + u32::from(x - whole as f32 >= 0.5);
    rounded.clamp(1, 255) as u8
}

/// Appends the postings of one page to `out`: (stem, slot, impact), by slot.
fn page_postings(t: &PageCodes, lex: &Lexicon, bag: &mut Bag, out: &mut Vec<Posting>) {
    let start = out.len();
    let field = |f: usize| {
        let start = if f == 0 {
            0
        } else {
            t.fields[f - 1].0 as usize
        };
        (&t.codes[start..t.fields[f].0 as usize], t.fields[f].1)
    };
    for (f, (kind, avg)) in PAGE_FIELDS.iter().enumerate() {
        let (codes, words) = field(f);
        bag.add_field(codes, words, *kind, lex.avgs.of(*avg), lex);
    }
    bag.impacts(0, t.weight, out);
    // Section slots stay below the title slot.
    let sections = ((t.fields.len() - PAGE_FIELDS.len()) / 3).min(TITLE_SLOT as usize - 1);
    for s in 0..sections {
        let f0 = PAGE_FIELDS.len() + 3 * s;
        for (k, (kind, avg)) in [
            (Field::Heading, Avg::Heading),
            (Field::Body, Avg::Body),
            (Field::Emphasis, Avg::Emphasis),
        ]
        .into_iter()
        .enumerate()
        {
            let (codes, words) = field(f0 + k);
            bag.add_field(codes, words, kind, lex.avgs.of(avg), lex);
        }
        bag.impacts(s as u16 + 1, t.weight, out);
    }
    title_postings(&field(0).0[..t.title_end as usize], lex, out, start);
    title_postings(&field(0).0[t.title_end as usize..], lex, out, start);
}

/// Calls `f(phrase, other)` for every phrase of a synonym group that `seq` (stems of the
/// words as written, in order) holds somewhere, with each other phrase of its group.
#[inline]
fn each_synonym(lex: &Lexicon, seq: &[u32], mut f: impl FnMut(&[u32], &[u32])) {
    for i in 0..seq.len() {
        if !lex.syn_start[seq[i] as usize] {
            continue;
        }
        let Some(cands) = lex.syn_first.get(&seq[i]) else {
            continue;
        };
        for &(g, pi) in cands {
            let phrase = &lex.synonyms[g][pi];
            if seq.len() - i < phrase.len() || !phrase.iter().zip(&seq[i..]).all(|(a, b)| a == b) {
                continue;
            }
            for (oi, other) in lex.synonyms[g].iter().enumerate() {
                if oi != pi {
                    f(phrase, other);
                }
            }
        }
    }
}

/// Title postings of one title: its stems (words as written and joined) and the stems
/// synonyms add, each with the title's length in words (not stop words); a synonym counts as
/// long as the phrase it stands for (`DAN` for `data.altinn.no`: 1), a compound part as half
/// its word (`sertifikat` in `Virksomhetssertifikat`: 2). A stem in both titles keeps the
/// shorter length. The page's postings start at `out[start]`.
fn title_postings(codes: &[u32], lex: &Lexicon, out: &mut Vec<Posting>, start: usize) {
    let mut seq: Vec<u32> = Vec::new();
    let mut stems: Vec<u32> = Vec::new();
    let mut parts: Vec<u32> = Vec::new();
    for &code in codes {
        let word = lex.words[(code >> 2) as usize];
        match code_kind(code) {
            TokenKind::Word if !word.stop => {
                seq.push(word.stem);
                stems.push(word.stem);
                parts.extend_from_slice(&lex.parts[word.parts.0 as usize..word.parts.1 as usize]);
            }
            TokenKind::Joined => stems.push(word.stem),
            _ => {}
        }
    }
    let mut distinct = seq.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let len = distinct.len();
    if len == 0 {
        return;
    }
    let mut found: Vec<(u32, usize)> = stems.iter().map(|&s| (s, len)).collect();
    found.extend(parts.iter().map(|&s| (s, len + 1)));
    each_synonym(lex, &seq, |phrase, other| {
        let l = (len + other.len()).saturating_sub(phrase.len()).max(1);
        found.extend(other.iter().map(|&s| (s, l)));
    });
    found.sort_unstable();
    found.dedup_by_key(|f| f.0);
    for (stem, l) in found {
        // Already in the output from the other title: keep the shorter.
        if let Some(p) = out[start..]
            .iter_mut()
            .rev()
            .take_while(|p| p.1 == TITLE_SLOT)
            .find(|p| p.0 == stem)
        {
            p.2 = p.2.min(l.min(255) as u8);
        } else {
            out.push((stem, TITLE_SLOT, l.min(255) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::entries;

    #[test]
    fn quantize_rounds_as_round_does() {
        let check = |x: f32| assert_eq!(quantize(x), x.round().clamp(1.0, 255.0) as u8, "{x}");
        let mut rng = crate::search::TestRng::new(5);
        for _ in 0..200_000 {
            // Any float in 0-255 (random bits), and one near a half.
            let x = f32::from_bits(rng.step() as u32 & 0x7FFF_FFFF);
            if x <= 255.0 {
                check(x);
            }
            let half = rng.below(256) as f32 + 0.5;
            check(half);
            check(f32::from_bits(half.to_bits() - 1));
            check(f32::from_bits(half.to_bits() + 1));
        }
        for x in [0.0, 0.49999997, 0.5, 1.0, 1.5, 2.5, 254.5, 254.99998, 255.0] {
            check(x);
        }
        // The impacts the index computes.
        for k1 in [PAGE_K1, SECTION_K1] {
            for i in 0..100_000 {
                let x = i as f32 * 0.001;
                check(x / (k1 + x) * 255.0);
            }
        }
    }

    #[test]
    fn limit_shortens_each_list_as_one_list_apart_would_be() {
        let mut rng = crate::search::TestRng::new(31);
        for _ in 0..200 {
            let lists: Vec<Vec<Posting>> = (0..rng.below(6))
                .map(|_| {
                    let mut l: Vec<Posting> = (0..rng.below(30))
                        .map(|_| {
                            let slot = [0, 1, 2, TITLE_SLOT][rng.below(4)];
                            (rng.below(20) as u32, slot, rng.below(256) as u8)
                        })
                        .collect();
                    l.sort_unstable();
                    l.dedup_by_key(|p| (p.0, p.1));
                    l
                })
                .collect();
            let mut a = Analysed {
                stems: StrList::default(),
                postings: PostingLists::of(&lists),
                df: Vec::new(),
            };
            for max in [12, 5, 1] {
                a.limit(max);
                for (i, list) in lists.iter().enumerate() {
                    // The list apart: its strongest `max`, in page order.
                    let mut want = list.clone();
                    want.sort_by(|a, b| {
                        strength(b)
                            .cmp(&strength(a))
                            .then(a.0.cmp(&b.0))
                            .then(a.1.cmp(&b.1))
                    });
                    want.truncate(max);
                    want.sort_unstable();
                    assert_eq!(a.postings.get(i), want);
                }
            }
        }
    }

    #[test]
    fn limit_keeps_page_and_title_postings_before_sections() {
        // A title posting's value is the title's length (2 words), not a strength: it must
        // not be the first one dropped when a term has too many postings.
        let mut a = Analysed {
            stems: StrList::of(&["skjema"]),
            postings: PostingLists::of(&[vec![
                (0, 0, 50),
                (0, TITLE_SLOT, 2),
                (1, 1, 200),
                (1, 2, 250),
                (2, 3, 100),
            ]]),
            df: vec![3],
        };
        a.limit(3);
        assert_eq!(
            a.postings.get(0),
            [(0, 0, 50), (0, TITLE_SLOT, 2), (1, 2, 250)]
        );
        // A shorter title is the stronger one.
        let mut b = Analysed {
            stems: StrList::of(&["skjema"]),
            postings: PostingLists::of(&[vec![
                (0, TITLE_SLOT, 9),
                (1, TITLE_SLOT, 1),
                (2, 1, 255),
            ]]),
            df: vec![3],
        };
        b.limit(1);
        assert_eq!(b.postings.get(0), [(1, TITLE_SLOT, 1)]);
        assert_eq!(entries(&b)[0].df, 3, "df counts the pages before the limit");
    }
}
