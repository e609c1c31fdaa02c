//! Pages → tokens, and the site's vocabulary.
//!
//! Each page is tokenized on its own (in parallel): a page-local vocabulary keyed by word
//! fingerprints, and each field as a run of token codes (`word << 2 | kind`). [`Tokenized`]
//! merges the pages' vocabularies into the site's, a batch of pages at a time, in page
//! order. Nothing here stems, splits or weighs (`lexicon.rs` and `weigh.rs` do).
use super::Synonyms;
use super::lexicon::StrList;
use super::weigh::{Analysed, PAGE_FIELDS, analyse};
use crate::search::analyze::{self, Scratch, Sink, Tok, TokenKind};
use crate::search::docs::DocPage;
use rayon::prelude::*;
use std::borrow::Cow;

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
    pub(super) fn get<'a>(&self, owned: &'a str) -> &'a str
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

pub(super) fn code_kind(code: u32) -> TokenKind {
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
pub(super) fn fingerprint(word: &str) -> u64 {
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
pub(super) struct PageCodes<'a> {
    pub(super) codes: &'a [u32],
    pub(super) fields: &'a [(u32, u32)],
    pub(super) title_end: u32,
    pub(super) weight: f32,
}

impl PageCodes<'_> {
    pub(super) fn of((codes, fields, title_end, weight): &OwnedCodes) -> PageCodes<'_> {
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
    pub(super) vocab: StrList,
    pub(super) counts: Vec<u32>,
    /// Per page: its codes, fields and `title_end` (small allocations each, which reuse the
    /// memory freed by the text of earlier batches; one large array would not).
    pub(super) pages: Vec<OwnedCodes>,
    pub(super) tokens: usize,
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
    pub(super) fn id(&self, fp: u64) -> Option<u32> {
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
    pub(super) fn of(vocab: &[&str]) -> InnerWords {
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

#[cfg(test)]
mod tests {
    use super::*;
    use foldhash::{HashMap, HashMapExt};

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
}
