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
//!
//! Slot 0xFFFF ([`TITLE_SLOT`]) marks a stem of the page's title or menu title; its "impact"
//! is that title's length in words, so the client can favour a title that is just the query.

use super::analyze::{self, Scratch, Sink, Splitter, Tok, TokenKind};
use super::docs::DocPage;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::borrow::Cow;
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
pub struct Entry<'a> {
    pub stem: &'a str,
    /// The folded stem ([`analyze::fold`]): the stem itself when folding keeps it.
    pub key: Cow<'a, str>,
    pub df: u32,
    /// (page index, slot, impact)
    pub postings: &'a [Posting],
}

/// Synonym groups: phrases (as stem sequences) that mean the same.
pub type Synonyms = Vec<Vec<Vec<String>>>;

/// The page's own fields, in the order [`tokenize_page`] adds them; each section adds three
/// more (heading, body, emphasis).
const PAGE_FIELDS: [(Field, Avg); 6] = [
    (Field::Title, Avg::Title),
    (Field::Description, Avg::Description),
    (Field::Terms, Avg::Fixed(4.0)),
    (Field::Path, Avg::Fixed(4.0)),
    (Field::Children, Avg::Fixed(12.0)),
    (Field::Slug, Avg::Fixed(2.0)),
];

/// The average length a field's length is normalised by.
#[derive(Clone, Copy)]
enum Avg {
    Title,
    Description,
    Heading,
    Body,
    /// Emphasis: the body's, at most 8.
    Emphasis,
    Fixed(f32),
}

/// One page's tokens: its own small vocabulary and each field as a run of token codes
/// (`word << 2 | kind`). Words borrow the page's text when they are written in lower case.
struct PageTokens<'t> {
    words: Vec<Word<'t>>,
    /// The text of the words that are not the page's own ([`Word::Owned`]), one after the
    /// other (one string, rather than one per word).
    owned: String,
    /// Each word's [`fingerprint`] (reused by the site's vocabulary).
    fps: Vec<u64>,
    runs: Runs,
}

/// A word of a page's vocabulary: a slice of the page's text, or of its owned words.
#[derive(Clone, Copy)]
enum Word<'t> {
    Text(&'t str),
    /// The byte range in [`PageTokens::owned`].
    Owned(u32, u32),
}

impl<'t> Word<'t> {
    fn get<'a>(&self, owned: &'a str) -> &'a str
    where
        't: 'a,
    {
        match *self {
            Word::Text(s) => s,
            Word::Owned(a, b) => &owned[a as usize..b as usize],
        }
    }
}

/// A page's fields as runs of token codes over its own vocabulary.
struct Runs {
    /// How often each word occurs as written in the title, description, headings and text
    /// (compound parts are learned from these counts).
    counts: Vec<u32>,
    codes: Vec<u32>,
    /// Per field: the end of its run in `codes` and its number of words as written.
    fields: Vec<(u32, u32)>,
    /// Where the menu title's tokens start in the first field (title, then linktitle).
    title_end: u32,
    /// The page's weight in ranking ([`DocPage::weight`]).
    weight: f32,
}

fn kind_code(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Word => 0,
        TokenKind::Joined => 1,
        TokenKind::CamelPart => 2,
    }
}

fn code_kind(code: u32) -> TokenKind {
    match code & 3 {
        0 => TokenKind::Word,
        1 => TokenKind::Joined,
        _ => TokenKind::CamelPart,
    }
}

/// Collects one page's tokens field by field.
struct PageTokenizer<'t> {
    /// Word fingerprint → page-local id: a token costs one hash and one probe.
    ids: FingerprintIds,
    words: Vec<Word<'t>>,
    owned: String,
    fps: Vec<u64>,
    counts: Vec<u32>,
    codes: Vec<u32>,
    fields: Vec<(u32, u32)>,
    scratch: Scratch,
    /// Words as written in the current field.
    words_in_field: u32,
    /// Whether the current text's words count (see [`Runs::counts`]).
    counted: bool,
}

/// A 64-bit fingerprint of a word (foldhash, fixed seed). Page vocabularies are keyed by it
/// and so is the site's: two words with the same fingerprint would count as one (about one
/// chance in 10^9 for a site of 200,000 distinct words, in 10^11 for Altinn's 21,000), and
/// a string that is no word is taken for one with a chance of about 10^-14 per look-up
/// (the compound splitter looks up word ends). The `fast` variant: the
/// `quality` one only mixes its result once more, which adds no distinct values (the tables
/// keyed by fingerprints take their low bits, mixed enough by either).
fn fingerprint(word: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static STATE: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0);
    // The bytes alone (a word is hashed on its own, so no terminator is needed).
    let mut h = STATE.build_hasher();
    h.write(word.as_bytes());
    h.finish()
}

/// Fingerprint → id: a hash table keyed by fingerprints, which are hashes already (open
/// addressing, linear probing, at most half full).
struct FingerprintIds {
    /// (fingerprint, id); the id [`FingerprintIds::EMPTY`] marks a free slot.
    slots: Vec<(u64, u32)>,
    len: usize,
}

/// Where [`FingerprintIds::find`] found a fingerprint, or the free slot where it belongs.
enum Found {
    Id(u32),
    Free(usize),
}

impl FingerprintIds {
    const EMPTY: u32 = u32::MAX;

    /// Room for `n` fingerprints before it grows.
    fn with_capacity(n: usize) -> FingerprintIds {
        FingerprintIds {
            slots: vec![(0, Self::EMPTY); (2 * n).next_power_of_two().max(16)],
            len: 0,
        }
    }

    #[inline]
    fn find(&self, fp: u64) -> Found {
        let mask = self.slots.len() - 1;
        let mut i = fp as usize & mask;
        loop {
            let (key, id) = self.slots[i];
            if id == Self::EMPTY {
                return Found::Free(i);
            }
            if key == fp {
                return Found::Id(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts `fp` → `id` in the free slot `at` that [`FingerprintIds::find`] gave for `fp`.
    #[inline]
    fn fill(&mut self, at: usize, fp: u64, id: u32) {
        self.slots[at] = (fp, id);
        self.len += 1;
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
    }

    #[cold]
    fn grow(&mut self) {
        let grown = vec![(0, Self::EMPTY); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, grown);
        for (fp, id) in old {
            if id != Self::EMPTY
                && let Found::Free(at) = self.find(fp)
            {
                self.slots[at] = (fp, id);
            }
        }
    }
}

impl Default for FingerprintIds {
    fn default() -> Self {
        FingerprintIds::with_capacity(0)
    }
}

impl<'t> Sink<'t> for PageTokenizer<'t> {
    /// A token of the current field: a hash, a probe and a push (inlined into the scanner).
    #[inline(always)]
    fn token(&mut self, t: Tok<'t, '_>, kind: TokenKind) {
        let fp = fingerprint(t.as_str());
        let id = match self.ids.find(fp) {
            Found::Id(id) => id,
            Found::Free(at) => {
                let id = self.new_word(t, fp);
                self.ids.fill(at, fp, id);
                id
            }
        };
        if kind == TokenKind::Word {
            self.words_in_field += 1;
            if self.counted {
                self.counts[id as usize] += 1;
            }
        }
        self.codes.push(id << 2 | kind_code(kind));
    }
}

impl<'t> PageTokenizer<'t> {
    /// Adds a word new to the page (its [`fingerprint`] `fp`) to the page's vocabulary and
    /// gives its page-local id.
    #[inline]
    fn new_word(&mut self, t: Tok<'t, '_>, fp: u64) -> u32 {
        self.fps.push(fp);
        self.words.push(match t {
            Tok::Text(s) => Word::Text(s),
            Tok::Scratch(s) => {
                let start = self.owned.len() as u32;
                self.owned.push_str(s);
                Word::Owned(start, self.owned.len() as u32)
            }
        });
        self.counts.push(0);
        (self.counts.len() - 1) as u32
    }

    /// Adds the tokens of `text` to the current field.
    fn text(&mut self, text: &'t str, counted: bool) {
        self.counted = counted;
        let mut scratch = std::mem::take(&mut self.scratch);
        analyze::for_each_token(text, &mut scratch, self);
        self.scratch = scratch;
    }

    /// Ends the current field.
    fn end_field(&mut self) {
        self.fields
            .push((self.codes.len() as u32, self.words_in_field));
        self.words_in_field = 0;
    }

    fn field(&mut self, texts: impl IntoIterator<Item = &'t str>, counted: bool) {
        for text in texts {
            self.text(text, counted);
        }
        self.end_field();
    }
}

fn tokenize_page(p: &DocPage) -> PageTokens<'_> {
    let text: usize = p.sections.iter().map(|s| s.text.len()).sum();
    let mut t = PageTokenizer {
        // About one new word per 12 bytes of text: grown once or not at all.
        ids: FingerprintIds::with_capacity(64 + text / 12),
        words: Vec::with_capacity(64 + text / 12),
        owned: String::with_capacity(64 + text / 32),
        fps: Vec::with_capacity(64 + text / 12),
        counts: Vec::with_capacity(64 + text / 12),
        // At most about one token per four bytes of text (a word and its space, and the
        // tokens derived from some words): not grown, which would copy it.
        codes: Vec::with_capacity(256 + text / 4),
        fields: Vec::with_capacity(PAGE_FIELDS.len() + 3 * p.sections.len()),
        scratch: Scratch::default(),
        words_in_field: 0,
        counted: false,
    };
    t.text(&p.title, true);
    let title_end = t.codes.len() as u32;
    t.text(&p.linktitle, true);
    t.end_field();
    t.field([p.description.as_str()], true);
    t.field(p.terms.iter().map(String::as_str), false);
    t.field(p.path.iter().map(String::as_str), false);
    t.field(p.children.iter().map(String::as_str), false);
    t.field(p.slug.split('-'), false);
    for s in &p.sections {
        t.field([s.heading.as_str()], true);
        t.field([s.text.as_str()], true);
        t.field([s.emphasis.as_str()], false);
    }
    PageTokens {
        words: t.words,
        owned: t.owned,
        fps: t.fps,
        runs: Runs {
            counts: t.counts,
            codes: t.codes,
            fields: t.fields,
            title_end,
            weight: p.weight,
        },
    }
}

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

/// Every stem's postings, in page order: what [`entries`] turns into index entries.
pub struct Analysed {
    stems: StrList,
    /// Per stem: its postings, and the pages it is on (before [`Analysed::limit`]).
    postings: PostingLists,
    df: Vec<u32>,
}

/// Every stem's postings, in one array (rather than one allocation each): stem `i`'s list
/// is `all[at[i]..at[i] + len[i]]`, in the room `at[i]..at[i + 1]` it had when it was made
/// ([`Analysed::limit`] shortens lists in place).
struct PostingLists {
    all: Vec<Posting>,
    at: Vec<u32>,
    len: Vec<u32>,
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
    fn of(lists: &[Vec<Posting>]) -> PostingLists {
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
    fn push(&mut self, i: usize, p: Posting) {
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

    fn get(&self, i: usize) -> &[Posting] {
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

/// A posting: (page index, slot, impact), or (stem id, slot, impact) in a page's own list.
pub type Posting = (u32, u16, u8);

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

/// One word of the site as [`Bag::add_field`] needs it.
#[derive(Clone, Copy)]
struct WordInfo {
    stem: u32,
    /// Its compound parts: `Lexicon::parts[parts.0..parts.1]`.
    parts: (u32, u32),
    stop: bool,
}

/// What the index knows about each distinct word of the site, by word id.
struct Lexicon<'a> {
    /// By word id.
    words: &'a [WordInfo],
    /// The words' compound parts (stem ids): see [`WordInfo::parts`].
    parts: &'a [u32],
    synonyms: &'a [Vec<Vec<u32>>],
    /// Per stem: the (group, phrase) pairs of the synonym phrases it starts.
    syn_first: &'a HashMap<u32, Vec<(usize, usize)>>,
    /// Per stem: whether it starts a synonym phrase (a key of `syn_first`).
    syn_start: &'a [bool],
    avgs: Avgs,
}

/// One page's tokens, owned (see `PageTokens`): what the preview server keeps of a page
/// between search builds.
pub struct PageTerms {
    words: Vec<Box<str>>,
    fps: Vec<u64>,
    runs: Runs,
}

/// Tokenizes one page into owned terms.
pub fn page_terms(p: &DocPage) -> PageTerms {
    let t = tokenize_page(p);
    PageTerms {
        words: t.words.iter().map(|w| Box::from(w.get(&t.owned))).collect(),
        fps: t.fps,
        runs: t.runs,
    }
}

/// One page's tokens after its words joined the site's vocabulary: each field a run of
/// codes `site word id << 2 | kind` (see [`PageTokens`]); a view into [`Tokenized`].
struct PageCodes<'a> {
    codes: &'a [u32],
    fields: &'a [(u32, u32)],
    title_end: u32,
    weight: f32,
}

impl PageCodes<'_> {
    fn of((codes, fields, title_end, weight): &OwnedCodes) -> PageCodes<'_> {
        PageCodes {
            codes,
            fields,
            title_end: *title_end,
            weight: *weight,
        }
    }
}

/// The pages tokenized so far, added a batch at a time so that a batch's text can be dropped
/// before the next one is read: the site's vocabulary (first seen first), how often each
/// word occurs as written, and every page's codes. [`Tokenized::finish`] weighs them.
#[derive(Default)]
pub struct Tokenized {
    /// Word fingerprint → site word id (fingerprints are trusted, as in the pages' own
    /// vocabularies: see [`fingerprint`]).
    ids: FingerprintIds,
    vocab: StrList,
    counts: Vec<u32>,
    /// Per page: its codes, fields and `title_end` (small allocations each, which reuse the
    /// memory freed by the text of earlier batches; one large array would not).
    pages: Vec<OwnedCodes>,
    tokens: usize,
}

/// A page's codes, fields, `title_end` and weight, as [`Tokenized`] keeps them.
type OwnedCodes = (Box<[u32]>, Box<[(u32, u32)]>, u32, f32);

impl Tokenized {
    /// Tokenizes `pages` (in parallel) and adds them after the pages added before.
    pub fn add(&mut self, pages: &[DocPage]) {
        let toks: Vec<PageTokens> = pages.par_iter().map(tokenize_page).collect();
        for t in &toks {
            self.merge(
                t.words
                    .iter()
                    .map(|w| w.get(&t.owned))
                    .zip(t.fps.iter().copied()),
                &t.runs,
            );
        }
    }

    /// Adds pages tokenized before ([`PageTerms`]) after the pages added before: the same
    /// as [`Tokenized::add`] of their pages.
    pub fn add_terms<'a>(&mut self, pages: impl IntoIterator<Item = &'a PageTerms>) {
        for t in pages {
            self.merge(
                t.words.iter().map(|w| &**w).zip(t.fps.iter().copied()),
                &t.runs,
            );
        }
    }

    /// The strings inside the site's words that may split: a word list's words that may be
    /// parts are among them.
    pub fn inner_words(&self) -> InnerWords {
        let vocab: Vec<&str> = self.vocab.iter().collect();
        InnerWords::of(&vocab)
    }

    /// The site id of the word with the [`fingerprint`] `fp`, if it is a word of the site.
    fn id(&self, fp: u64) -> Option<u32> {
        match self.ids.find(fp) {
            Found::Id(id) => Some(id),
            Found::Free(_) => None,
        }
    }

    /// Adds one page: its words join the site's vocabulary (page-local ids → site ids).
    fn merge<'w>(&mut self, words: impl Iterator<Item = (&'w str, u64)>, runs: &Runs) {
        let map: Vec<u32> = words
            .zip(&runs.counts)
            .map(|((w, fp), &c)| {
                let id = match self.ids.find(fp) {
                    Found::Id(id) => id,
                    Found::Free(at) => {
                        let id = self.new_word(w);
                        self.ids.fill(at, fp, id);
                        id
                    }
                };
                self.counts[id as usize] += c;
                id
            })
            .collect();
        let codes: Box<[u32]> = runs
            .codes
            .iter()
            .map(|&c| map[(c >> 2) as usize] << 2 | (c & 3))
            .collect();
        self.tokens += codes.len();
        self.pages.push((
            codes,
            Box::from(&runs.fields[..]),
            runs.title_end,
            runs.weight,
        ));
    }

    /// Adds `word` to the site's vocabulary and gives its id.
    fn new_word(&mut self, word: &str) -> u32 {
        let id = self.vocab.len() as u32;
        self.vocab.push(word);
        self.counts.push(0);
        id
    }

    /// Stems and splits the vocabulary and weighs every page's postings: see the module
    /// documentation. `listed`: the words of the site's word list (`[search] words`), which
    /// compound splitting may take as parts besides the site's own words.
    pub fn finish(self, synonyms: &Synonyms, listed: &[Cow<str>]) -> Analysed {
        if std::env::var_os("VEIVISER_SEARCH_DEBUG").is_some() {
            eprintln!(
                "  search: {} words, {} tokens, {} pages",
                self.vocab.len(),
                self.tokens,
                self.pages.len()
            );
        }
        analyse(self, synonyms, listed)
    }
}

/// The strings inside the site's words that may split (of at least [`analyze::MIN_PART`]
/// bytes, at character boundaries), as a Bloom filter of their hashes (two bits each in one
/// cache line, about sixteen bits per string): a word list's word that is not among them
/// can be no part of a split. A false hit (a few words in a hundred of those that are not
/// inside) only lets a word through that no split will use.
pub struct InnerWords {
    bits: Vec<u64>,
    /// Right shift of a hash to a bit index.
    shift: u32,
}

impl InnerWords {
    fn of(vocab: &[&str]) -> InnerWords {
        let splits = |w: &str| w.len() >= analyze::MIN_COMPOUND && analyze::is_alphabetic(w);
        let strings: usize = vocab
            .iter()
            .filter(|w| splits(w))
            .map(|w| w.len() * w.len() / 2)
            .sum();
        let n_bits = (strings * 16).next_power_of_two().max(1 << 12);
        // (The block is the top bits of a hash, the bit in it the low ones.)
        let mut f = InnerWords {
            bits: vec![0; n_bits / 64],
            shift: 64 - n_bits.trailing_zeros(),
        };
        for w in vocab.iter().filter(|w| splits(w)) {
            let b = w.as_bytes();
            for start in (0..b.len()).filter(|&i| w.is_char_boundary(i)) {
                let mut h = analyze::FNV_SEED;
                for (i, &c) in b.iter().enumerate().skip(start) {
                    h = analyze::fnv_step(h, c);
                    if i + 1 - start >= analyze::MIN_PART && w.is_char_boundary(i + 1) {
                        for bit in f.bits_of(h) {
                            f.bits[bit / 64] |= 1 << (bit % 64);
                        }
                    }
                }
            }
        }
        f
    }

    /// The two bits of a string's hash, in one 512-bit block (one cache line to read).
    fn bits_of(&self, h: u64) -> [usize; 2] {
        let a = (h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let block = ((a >> self.shift) as usize) & !511;
        [
            block | (a & 511) as usize,
            block | ((a >> 9) & 511) as usize,
        ]
    }

    /// Whether `w` may be inside a word of the site (surely not when `false`).
    pub fn has(&self, w: &str) -> bool {
        let h = w.bytes().fold(analyze::FNV_SEED, analyze::fnv_step);
        self.bits_of(h)
            .iter()
            .all(|&bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// Each word of the site's stem id and compound parts (see [`WordInfo`]), and the stems so
/// far (the parts' too).
fn stem_and_split(
    tokenized: &Tokenized,
    listed: &[Cow<str>],
    dbg: &impl Fn(&str),
) -> (Interner, Vec<WordInfo>, Vec<u32>) {
    let mut vocab: Vec<&str> = tokenized.vocab.iter().collect();
    let n_site = vocab.len();
    // The word list: its words that are the site's are marked, the others follow the site's
    // words (ids from `n_site`) as if seen once. They may all be parts (but are no words of
    // any page), so a split prefers the site's own words.
    let mut in_list = vec![false; if listed.is_empty() { 0 } else { n_site }];
    let mut extra: foldhash::HashMap<u64, u32> = Default::default();
    for w in listed {
        let w: &str = w;
        let fp = fingerprint(w);
        match tokenized.id(fp) {
            Some(id) => in_list[id as usize] = true,
            None => {
                if let std::collections::hash_map::Entry::Vacant(e) = extra.entry(fp) {
                    e.insert(vocab.len() as u32);
                    vocab.push(w);
                }
            }
        }
    }
    let vocab = &vocab[..];
    let counts: Cow<[u32]> = if extra.is_empty() {
        Cow::Borrowed(&tokenized.counts)
    } else {
        let mut c = tokenized.counts.clone();
        c.resize(vocab.len(), 1);
        Cow::Owned(c)
    };
    let counts = &counts[..];
    let listed_word = |i: usize| i >= n_site || in_list.get(i).copied().unwrap_or(false);
    // Each distinct word is stemmed and split once; a stem is a prefix of its word (kept as
    // its length).
    let stem_lens: Vec<u32> = vocab
        .par_iter()
        .map(|w| analyze::stem_len(w) as u32)
        .collect();
    dbg("stem");
    // The stems' ids (first seen first), meanwhile the stop words and the words that may be
    // compound parts: alphabetic, not stop words, seen at least twice (or listed).
    let ((mut interner, w_stem), (stop, candidate)) = rayon::join(
        || {
            let mut interner = Interner::with_capacity(vocab.len(), tokenized.vocab.text.len());
            let w_stem: Vec<u32> = vocab
                .iter()
                .zip(&stem_lens)
                .map(|(w, &n)| interner.id(&w[..n as usize]))
                .collect();
            (interner, w_stem)
        },
        || {
            let stop: Vec<bool> = vocab.iter().map(|w| analyze::is_stop(w)).collect();
            let candidate: Vec<bool> = vocab
                .iter()
                .zip(counts)
                .zip(&stop)
                .enumerate()
                .map(|(i, ((w, &n), &stop))| {
                    (n >= 2 || listed_word(i))
                        && !stop
                        && w.len() >= analyze::MIN_PART
                        && analyze::is_alphabetic(w)
                        && analyze::has_chars(w, analyze::MIN_PART)
                })
                .collect();
            (stop, candidate)
        },
    );
    dbg("part words");
    let word_id = |w: &str| {
        let fp = fingerprint(w);
        tokenized.id(fp).or_else(|| extra.get(&fp).copied())
    };
    let splitter = Splitter::new(
        vocab,
        counts,
        &stem_lens,
        &w_stem,
        interner.list.len(),
        &candidate,
        &word_id,
        n_site,
    );
    dbg("splitter");

    // Stem ids: the words' stems, their parts' stems and the synonyms' stems; each word's
    // stem, parts and whether it is a stop word together.
    let mut words: Vec<WordInfo> = Vec::with_capacity(vocab.len());
    let mut parts: Vec<u32> = Vec::with_capacity(vocab.len());
    let (mut split, mut scratch) = (Vec::new(), Vec::new());
    for (i, w) in vocab[..n_site].iter().enumerate() {
        let start = parts.len() as u32;
        split.clear();
        splitter.split_word(w, i as u32, &mut split, &mut scratch);
        for &(p, word) in &split {
            // A part that is a word of the site has its stem; another (a tail that splits
            // itself) is stemmed here (a stem is a prefix of its word, too).
            let id = match word {
                Some(word) => w_stem[word as usize],
                None => interner.id(&p[..analyze::stem_len(p)]),
            };
            if id != w_stem[i] {
                parts.push(id);
            }
        }
        words.push(WordInfo {
            stem: w_stem[i],
            parts: (start, parts.len() as u32),
            stop: stop[i],
        });
    }
    dbg("parts");
    (interner, words, parts)
}

fn analyse(mut tokenized: Tokenized, synonyms: &Synonyms, listed: &[Cow<str>]) -> Analysed {
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

/// Strings by id (the site's words, the stems), in one string rather than one allocation
/// each.
#[derive(Default)]
struct StrList {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl StrList {
    #[cfg(test)]
    fn of(list: &[&str]) -> StrList {
        let mut l = StrList {
            text: String::with_capacity(list.iter().map(|s| s.len()).sum()),
            ends: Vec::with_capacity(list.len()),
        };
        for s in list {
            l.push(s);
        }
        l
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            s
        })
    }
}

/// Stem strings → ids, first seen first: the stems in one [`StrList`] (which becomes
/// [`Analysed`]'s), found by a hash table of ids (open addressing, linear probing, at most
/// three quarters full). Each slot is 8 bytes (a string map's are 24), and no list of
/// `&str` is kept beside the stems.
struct Interner {
    list: StrList,
    /// Per slot: the high half of the stem's [`fingerprint`] above its id + 1 (0: free).
    slots: Vec<u64>,
}

impl Interner {
    /// Room for `n` stems (of `bytes` bytes in all) before it grows.
    fn with_capacity(n: usize, bytes: usize) -> Interner {
        Interner {
            list: StrList {
                text: String::with_capacity(bytes),
                ends: Vec::with_capacity(n),
            },
            slots: vec![0; Self::slots_for(n)],
        }
    }

    /// The table size for `n` stems: a power of two, at most three quarters full.
    fn slots_for(n: usize) -> usize {
        (n + n / 3 + 1).next_power_of_two().max(16)
    }

    fn id(&mut self, s: &str) -> u32 {
        let fp = fingerprint(s);
        let tag = fp & !0xFFFF_FFFF;
        let mask = self.slots.len() - 1;
        let mut i = fp as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            let id = (slot as u32).wrapping_sub(1);
            if slot & !0xFFFF_FFFF == tag && self.list.get(id as usize) == s {
                return id;
            }
            i = (i + 1) & mask;
        }
        let id = self.list.len() as u32;
        self.list.push(s);
        self.slots[i] = tag | u64::from(id + 1);
        if self.slots.len() < Self::slots_for(self.list.len()) {
            self.grow();
        }
        id
    }

    #[cold]
    fn grow(&mut self) {
        let mut slots = vec![0u64; 2 * self.slots.len()];
        let mask = slots.len() - 1;
        for (id, s) in self.list.iter().enumerate() {
            let fp = fingerprint(s);
            let mut i = fp as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = fp & !0xFFFF_FFFF | (id as u64 + 1);
        }
        self.slots = slots;
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

/// The index entries (see [`Analysed::limit`]), sorted by folded key then stem.
pub fn entries(a: &Analysed) -> Vec<Entry<'_>> {
    let ids: Vec<usize> = (0..a.stems.len())
        .filter(|&id| a.postings.len[id] != 0)
        .collect();
    let mut keys: Vec<Cow<str>> = ids
        .par_iter()
        .map(|&id| analyze::fold_cow(a.stems.get(id)))
        .collect();
    // Sorted as (the key's first eight bytes, its place in `ids`): small items, whose first
    // half decides most comparisons. Stems are distinct, so (key, stem) is a strict order
    // and an unstable sort gives the same order.
    let mut order: Vec<(u64, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (sort_prefix(k), i))
        .collect();
    order.sort_unstable_by(|&(pa, i), &(pb, j)| {
        pa.cmp(&pb).then_with(|| {
            keys[i]
                .cmp(&keys[j])
                .then_with(|| a.stems.get(ids[i]).cmp(a.stems.get(ids[j])))
        })
    });
    order
        .iter()
        .map(|&(_, i)| Entry {
            key: std::mem::take(&mut keys[i]),
            stem: a.stems.get(ids[i]),
            df: a.df[ids[i]],
            postings: a.postings.get(ids[i]),
        })
        .collect()
}

/// The first eight bytes of `key` as a big-endian number (zeros after a shorter key): they
/// order keys as their bytes do, but for keys that share them.
fn sort_prefix(key: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

#[derive(Clone, Copy)]
struct Avgs {
    title: f32,
    description: f32,
    heading: f32,
    body: f32,
}

impl Avgs {
    fn of(&self, a: Avg) -> f32 {
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
        for i in 0..seq.len() {
            if !lex.syn_start[seq[i] as usize] {
                continue;
            }
            let Some(cands) = lex.syn_first.get(&seq[i]) else {
                continue;
            };
            for &(g, pi) in cands {
                let phrase = &lex.synonyms[g][pi];
                if seq.len() - i >= phrase.len()
                    && phrase.iter().zip(&seq[i..]).all(|(a, b)| a == b)
                {
                    for (oi, other) in lex.synonyms[g].iter().enumerate() {
                        if oi == pi {
                            continue;
                        }
                        for &s in other {
                            Bag::add(tf, touched, s, scale * SYNONYM_WEIGHT);
                        }
                    }
                }
            }
        }
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

/// The slot of title postings: their "impact" is the number of words of the title (or menu
/// title) that has the stem, so the client can tell a title that is just the query's words.
pub const TITLE_SLOT: u16 = 0xFFFF;

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
                    let l = (len + other.len()).saturating_sub(phrase.len()).max(1);
                    found.extend(other.iter().map(|&s| (s, l)));
                }
            }
        }
    }
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

fn encode_entry(e: &Entry, prev: &[u8], post: &mut Vec<u8>, out: &mut Vec<u8>) {
    let s = e.stem.as_bytes();
    let shared = s.iter().zip(prev).take_while(|(a, b)| a == b).count();
    push_varint(out, shared as u64);
    push_varint(out, (s.len() - shared) as u64);
    out.extend_from_slice(&s[shared..]);
    push_varint(out, u64::from(e.df));
    post.clear();
    post.reserve(3 * e.postings.len());
    let mut last = 0u32;
    for &(page, slot, imp) in e.postings.iter() {
        let delta = page - last;
        if (delta | u32::from(slot)) < 0x80 {
            // Most postings: three bytes, written at once.
            post.extend_from_slice(&[delta as u8, slot as u8, imp]);
        } else {
            push_varint(post, u64::from(delta));
            push_varint(post, u64::from(slot));
            post.push(imp);
        }
        last = page;
    }
    push_varint(out, post.len() as u64);
    out.extend_from_slice(post);
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
    let mut prev: &[u8] = &[];
    let mut post = Vec::new();
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
            prev = &[];
        }
        if first_key.is_none() {
            first_key = Some(e.key.to_string());
        }
        encode_entry(e, prev, &mut post, &mut body);
        prev = e.stem.as_bytes();
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
            last_keys.push(entries[i - 1].key.to_string());
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
pub fn bucket_of(key: &str) -> &str {
    let b = key.as_bytes();
    // Each character's length from its first byte.
    let mut end = 0;
    for _ in 0..2 {
        match b.get(end) {
            Some(&c) => end += utf8_len(c),
            None => break,
        }
    }
    &key[..end.min(key.len())]
}

/// The length of the UTF-8 sequence that starts with byte `c`.
fn utf8_len(c: u8) -> usize {
    match c {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Most characters a vocabulary line shares with the line before it.
const VOCAB_MAX_SHARED: usize = 40;

/// Vocabulary files for typo tolerance: the distinct keys front-coded one per line (a
/// character `'0' + shared prefix length`, then the rest), grouped by their first two
/// characters; neighbouring small groups share a file, named by its first group. The
/// client looks for near words there and then fetches only the shards that hold them.
pub fn vocabulary_buckets(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    // All lines in one buffer; a group is its first two characters and where its lines
    // start.
    let mut text: Vec<u8> = Vec::with_capacity(entries.len() * 8);
    let mut groups: Vec<(&str, usize)> = Vec::new();
    let mut prev = "";
    for e in entries {
        let key: &str = &e.key;
        if key == prev && !prev.is_empty() {
            continue;
        }
        let b = bucket_of(key);
        if groups.last().is_none_or(|&(k, _)| k != b) {
            groups.push((b, text.len()));
            prev = "";
        }
        // Shared prefix in characters (at most 40), and where the rest starts: the bytes
        // they share, back to the start of a character.
        let mut rest_at = key
            .bytes()
            .zip(prev.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !key.is_char_boundary(rest_at) {
            rest_at -= 1;
        }
        let mut shared = key.as_bytes()[..rest_at]
            .iter()
            .filter(|&&c| !is_continuation(c))
            .count();
        if shared > VOCAB_MAX_SHARED {
            shared = VOCAB_MAX_SHARED;
            rest_at = key.char_indices().nth(shared).map_or(key.len(), |(i, _)| i);
        }
        text.push(b'0' + shared as u8);
        text.extend_from_slice(&key.as_bytes()[rest_at..]);
        text.push(b'\n');
        prev = key;
    }
    // Small neighbouring groups share a file; a group is never split.
    let mut files: Vec<(&str, usize)> = Vec::new();
    for (i, &(b, start)) in groups.iter().enumerate() {
        let end = groups.get(i + 1).map_or(text.len(), |g| g.1);
        match files.last() {
            Some(&(_, file_start)) if end - file_start <= VOCAB_TARGET => {}
            _ => files.push((b, start)),
        }
    }
    files
        .iter()
        .enumerate()
        .map(|(i, &(b, start))| {
            let end = files.get(i + 1).map_or(text.len(), |f| f.1);
            (b.to_string(), text[start..end].to_vec())
        })
        .collect()
}

/// Whether `c` continues a UTF-8 sequence rather than starting a character.
fn is_continuation(c: u8) -> bool {
    (c as i8) < -64
}

/// Target size of a vocabulary file.
const VOCAB_TARGET: usize = 4 * 1024;

/// Distinct words of the vocabulary, for tests and diagnostics.
pub fn vocabulary<'a>(entries: &[Entry<'a>]) -> BTreeMap<&'a str, u32> {
    entries.iter().map(|e| (e.stem, e.df)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_inside_a_word_that_may_split_passes_the_inner_words_filter() {
        let alphabet = ["a", "b", "s", "e", "ø", "å", "t", "n"];
        let mut rng = crate::search::TestRng::new(5);
        for _ in 0..50 {
            let words: Vec<String> = (0..rng.below(60))
                .map(|_| {
                    (0..rng.below(14))
                        .map(|_| alphabet[rng.below(alphabet.len())])
                        .collect()
                })
                .collect();
            let vocab: Vec<&str> = words.iter().map(String::as_str).collect();
            let f = InnerWords::of(&vocab);
            for w in vocab
                .iter()
                .filter(|w| w.len() >= analyze::MIN_COMPOUND && analyze::is_alphabetic(w))
            {
                for a in (0..w.len()).filter(|&i| w.is_char_boundary(i)) {
                    for b in (a + analyze::MIN_PART..=w.len()).filter(|&i| w.is_char_boundary(i)) {
                        assert!(f.has(&w[a..b]), "{} inside {w}", &w[a..b]);
                    }
                }
            }
        }
    }

    #[test]
    fn fingerprint_ids_find_what_a_hash_map_finds() {
        let mut rng = crate::search::TestRng::new(21);
        for round in 0..40 {
            let mut ids = FingerprintIds::with_capacity(rng.below(20));
            let mut want: HashMap<u64, u32> = HashMap::new();
            for _ in 0..rng.below(3000) {
                // Few distinct low bits now and then, so that probes run into each other.
                let fp = match round % 2 {
                    0 => rng.step(),
                    _ => rng.step() << 40 | rng.below(8) as u64,
                };
                let fp = if rng.below(3) == 0 {
                    want.keys().next().copied().unwrap_or(fp)
                } else {
                    fp
                };
                match ids.find(fp) {
                    Found::Id(id) => assert_eq!(want.get(&fp), Some(&id)),
                    Found::Free(at) => {
                        assert_eq!(want.get(&fp), None);
                        let id = want.len() as u32;
                        ids.fill(at, fp, id);
                        want.insert(fp, id);
                    }
                }
            }
            for (&fp, &id) in &want {
                assert!(matches!(ids.find(fp), Found::Id(i) if i == id));
            }
        }
    }

    #[test]
    fn fingerprints_of_distinct_words_differ() {
        // Every word up to three letters over a small alphabet, and longer words around the
        // 4, 8 and 16 byte boundaries.
        let alphabet = ["a", "b", "e", "s", "æ", "ø", "1", "-"];
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let next: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(next);
        }
        for base in [
            "virksomhet",
            "tjenesteeierstyrte",
            "abcdefghijklmnopqrstuvwxyz0123",
        ] {
            for end in 1..=base.len() {
                for c in alphabet {
                    words.push(format!("{}{c}", &base[..end]));
                }
            }
        }
        words.sort();
        words.dedup();
        let mut fps: Vec<u64> = words.iter().map(|w| fingerprint(w)).collect();
        fps.sort_unstable();
        fps.dedup();
        assert_eq!(fps.len(), words.len());
    }

    /// [`vocabulary_buckets`] the plain way: a text per group, shared prefixes counted by
    /// characters.
    fn vocabulary_buckets_plainly(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = Vec::new();
        let mut prev = "";
        for e in entries {
            if e.key == prev && !prev.is_empty() {
                continue;
            }
            let b: String = e.key.chars().take(2).collect();
            if out.last().is_none_or(|(k, _)| *k != b) {
                out.push((b, Vec::new()));
                prev = "";
            }
            let mut shared = 0;
            let mut rest_at = 0;
            for ((i, a), b) in e.key.char_indices().zip(prev.chars()) {
                if a != b || shared == 40 {
                    break;
                }
                shared += 1;
                rest_at = i + a.len_utf8();
            }
            let text = &mut out.last_mut().unwrap().1;
            text.push(b'0' + shared as u8);
            text.extend_from_slice(&e.key.as_bytes()[rest_at..]);
            text.push(b'\n');
            prev = e.key.as_ref();
        }
        let mut merged: Vec<(String, Vec<u8>)> = Vec::new();
        for (b, text) in out {
            match merged.last_mut() {
                Some((_, t)) if t.len() + text.len() <= VOCAB_TARGET => t.extend_from_slice(&text),
                _ => merged.push((b, text)),
            }
        }
        merged
    }

    #[test]
    fn vocabulary_files_are_the_plain_ways() {
        let alphabet: Vec<char> = "abæø€😀".chars().collect();
        let stems = [
            "tjenesteutviklingsløsningsdokumentasjonsoversikten",
            "tjenesteutviklingsløsningsdokumentasjonsøversikten",
            "æøåæøåæøåæøåæøåæøåæøåæøåæøåæøåæøåæøåæøåæøå",
            "a",
            "",
        ];
        let mut rng = crate::search::TestRng::new(17);
        for round in 0..40 {
            let most = if round % 4 == 0 { 4000 } else { 60 };
            let n = 1 + rng.below(most);
            let mut keys: Vec<String> = (0..n)
                .map(|_| {
                    let s = stems[rng.below(stems.len())];
                    let cut = s
                        .char_indices()
                        .nth(rng.below(52))
                        .map_or(s.len(), |(i, _)| i);
                    format!("{}{}", &s[..cut], rng.string(&alphabet, 6))
                })
                .collect();
            keys.sort();
            let entries: Vec<Entry> = keys
                .iter()
                .map(|k| Entry {
                    stem: k,
                    key: Cow::Borrowed(k),
                    df: 1,
                    postings: &[],
                })
                .collect();
            assert_eq!(
                vocabulary_buckets(&entries),
                vocabulary_buckets_plainly(&entries)
            );
        }
    }

    #[test]
    fn interner_gives_the_ids_a_hash_map_gives() {
        let mut rng = crate::search::TestRng::new(23);
        let alphabet = ['a', 'b', 'e', 's', 'ø', '1'];
        for _ in 0..60 {
            let mut interner = Interner::with_capacity(rng.below(40), rng.below(100));
            let mut want: HashMap<String, u32> = HashMap::new();
            for _ in 0..rng.below(3000) {
                let s = rng.string(&alphabet, 8);
                let n = want.len() as u32;
                let id = *want.entry(s.clone()).or_insert(n);
                assert_eq!(interner.id(&s), id, "{s:?}");
            }
            assert_eq!(interner.list.len(), want.len());
            for (s, &id) in &want {
                assert_eq!(interner.list.get(id as usize), s);
            }
        }
    }

    #[test]
    fn postings_are_encoded_as_varints() {
        let mut rng = crate::search::TestRng::new(19);
        for _ in 0..2000 {
            let mut postings: Vec<Posting> = (0..rng.below(40))
                .map(|_| {
                    let big = rng.below(2) == 0;
                    let page = rng.below(if big { 100_000 } else { 300 });
                    let slot = match rng.below(4) {
                        0 => TITLE_SLOT,
                        1 => rng.below(1000) as u16,
                        _ => rng.below(128) as u16,
                    };
                    (page as u32, slot, rng.below(256) as u8)
                })
                .collect();
            postings.sort_unstable();
            let e = Entry {
                stem: "skjema",
                key: Cow::Borrowed("skjema"),
                df: postings.len() as u32,
                postings: &postings,
            };
            let (mut post, mut out) = (Vec::new(), Vec::new());
            encode_entry(&e, b"skj", &mut post, &mut out);
            let mut want = Vec::new();
            for v in [3, 3] {
                push_varint(&mut want, v);
            }
            want.extend_from_slice(b"ema");
            push_varint(&mut want, u64::from(e.df));
            let mut plain = Vec::new();
            let mut last = 0;
            for &(page, slot, imp) in &postings {
                push_varint(&mut plain, u64::from(page - last));
                push_varint(&mut plain, u64::from(slot));
                plain.push(imp);
                last = page;
            }
            push_varint(&mut want, plain.len() as u64);
            want.extend_from_slice(&plain);
            assert_eq!(out, want);
        }
    }

    #[test]
    fn entries_are_sorted_by_key_then_stem() {
        let alphabet: Vec<char> = "aeoøå".chars().collect();
        let mut rng = crate::search::TestRng::new(23);
        for _ in 0..50 {
            let mut words: Vec<String> = (0..rng.below(300))
                .map(|_| {
                    let head = ["tjenesteeier", "tjenesteier", "a", ""][rng.below(4)];
                    format!("{head}{}", rng.string(&alphabet, 5))
                })
                .collect();
            words.sort();
            words.dedup();
            let list: Vec<&str> = words.iter().map(String::as_str).collect();
            let lists: Vec<Vec<Posting>> = list
                .iter()
                .map(|_| (0..rng.below(3) as u32).map(|p| (p, 0, 1)).collect())
                .collect();
            let df = lists.iter().map(|p| p.len() as u32).collect();
            let a = Analysed {
                stems: StrList::of(&list),
                postings: PostingLists::of(&lists),
                df,
            };
            let mut want: Vec<(String, &str)> = list
                .iter()
                .zip(&lists)
                .filter(|(_, p)| !p.is_empty())
                .map(|(w, _)| (analyze::fold(w), *w))
                .collect();
            want.sort();
            let got: Vec<(String, &str)> = entries(&a)
                .iter()
                .map(|e| (e.key.to_string(), e.stem))
                .collect();
            assert_eq!(got, want);
            assert!(
                entries(&a)
                    .iter()
                    .all(|e| e.df as usize == e.postings.len())
            );
        }
    }

    #[test]
    fn sort_prefixes_order_keys_as_their_bytes() {
        let keys = [
            "",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "b",
            "ø",
            "z",
            "zz",
        ];
        for a in keys {
            for b in keys {
                let (pa, pb) = (sort_prefix(a), sort_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
    }

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
