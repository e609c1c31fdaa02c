//! Compound splitting learned from the corpus's own vocabulary (optionally a word list):
//! `tjenesteutviklingsløsning` → `tjenesteutvikling` + `løsning`, and so on down. Works on
//! word ids; the best split of every word of the site is found once, in parallel.
//!
//! It must not look at anything but the words it is given: no fixed word lists of its own.

use super::letters::{char_len, has_chars, is_alphabetic};
use super::stemmer::stem_len;
use super::stop_words::is_stop;
use rayon::prelude::*;

/// Compound splitting learned from the corpus: a word splits into parts that are words of
/// the corpus themselves (at least 3 letters, not stop words), with the linking `s` or `e`
/// of Norwegian compounds allowed after a part (`virksomhet|s|sertifikat`).
///
/// It works on word ids: a head is found in a table of the candidate parts by prefix, which
/// holds their ids, and a tail by one look-up of its id ([`Splitter::new`]'s `word_id`); what a
/// split needs to know of a word is then in `SplitWord`, by id.
pub struct Splitter<'a> {
    /// The candidate parts, found by prefix.
    parts: Prefixes<'a>,
    /// By word id: what splitting needs to know of each word of the corpus.
    words: Vec<SplitWord>,
    /// By word id: the word's best split ([`Splitter::best_split`]), `None` for a word that
    /// does not split (too short, not alphabetic).
    best: Vec<Option<Split>>,
    /// The id of a word of the corpus (`None` for other strings).
    word_id: &'a (dyn Fn(&str) -> Option<u32> + Sync),
}

/// What splitting needs to know of a word of the corpus.
#[derive(Clone, Copy, Default)]
struct SplitWord {
    /// How often it occurs on its own, when it is a candidate part (0 when not).
    count: u32,
    part: bool,
    /// Whether it may be a last part: a candidate, or a word with a candidate's stem
    /// (inflected last parts: `samtykke|siden`).
    tail: bool,
}

/// A word cut in two: the head's part ends at `head_end` (a linking letter may follow), the
/// tail starts at `at`; the head's word id, and the tail's when it is a word of the corpus.
#[derive(Clone, Copy)]
struct Split {
    head_end: u32,
    at: u32,
    head: u32,
    tail: Option<u32>,
}

/// One part of a split: its text (a slice of the word) and its word id when it is a word of
/// the corpus.
pub type SplitPart<'w> = (&'w str, Option<u32>);

/// Shortest part of a compound.
pub const MIN_PART: usize = 3;
/// Only words at least this long are split.
pub const MIN_COMPOUND: usize = 7;

/// Most prefix ends kept per word: at most one per character of a token (40).
const MAX_ENDS: usize = 48;

/// FNV-1a's start: the hash of the empty string, which grows byte by byte with [`fnv_step`].
pub(crate) const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a's step: the hash of a string one byte longer.
#[inline]
pub(crate) fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The candidate parts, found by prefix: a hash table keyed by a hash that grows byte by
/// byte, so that one pass along a word looks up each of its prefixes (every one that ends
/// at a character boundary) without hashing the word's first bytes again and again. A hit
/// is checked against the word itself, so a prefix is found exactly when it is a candidate.
struct Prefixes<'a> {
    /// (prefix hash, word id + 1), 0 for a free slot; open addressing, at most half full.
    slots: Vec<(u64, u32)>,
    /// Right shift of a mixed hash to a slot (the table has `1 << (64 - shift)` slots).
    shift: u32,
    /// The words by id (a hit's word, to compare).
    vocab: &'a [&'a str],
}

impl<'a> Prefixes<'a> {
    /// The table of the words `ids` of `vocab` (distinct, not empty).
    fn of(vocab: &'a [&'a str], ids: impl Iterator<Item = u32>, n: usize) -> Prefixes<'a> {
        let bits = (2 * n).next_power_of_two().max(16).trailing_zeros();
        let mut t = Prefixes {
            slots: vec![(0, 0); 1 << bits],
            shift: 64 - bits,
            vocab,
        };
        for id in ids {
            let h = vocab[id as usize].bytes().fold(Self::SEED, Self::step);
            let mut i = t.slot(h);
            while t.slots[i].1 != 0 {
                i = (i + 1) & (t.slots.len() - 1);
            }
            t.slots[i] = (h, id + 1);
        }
        t
    }

    const SEED: u64 = FNV_SEED;

    /// The hash of a prefix one byte longer (mixed before it picks a slot).
    #[inline]
    fn step(h: u64, b: u8) -> u64 {
        fnv_step(h, b)
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        ((h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The id of the candidate `prefix` (whose hash is `h`), if it is one.
    #[inline]
    fn get(&self, prefix: &[u8], h: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            let (key, id) = self.slots[i];
            if id == 0 {
                return None;
            }
            if key == h && self.vocab[id as usize - 1].as_bytes() == prefix {
                return Some(id - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// The prefixes of `word` that are candidates and at most `max_len` bytes long,
    /// shortest first, as (byte length, id) pushed onto `out` (at most [`MAX_ENDS`]).
    fn prefixes(&self, word: &str, max_len: usize, out: &mut Vec<(usize, u32)>) {
        let start = out.len();
        let bytes = word.as_bytes();
        let end = max_len.min(bytes.len());
        let mut h = Self::SEED;
        for (i, &b) in bytes[..end].iter().enumerate() {
            h = Self::step(h, b);
            // A prefix ends where a character does: not before a UTF-8 continuation byte.
            if bytes.get(i + 1).is_some_and(|&c| (c & 0xC0) == 0x80) {
                continue;
            }
            if let Some(id) = self.get(&bytes[..=i], h) {
                if out.len() - start >= MAX_ENDS {
                    return;
                }
                out.push((i + 1, id));
            }
        }
    }
}

impl<'a> Splitter<'a> {
    /// `vocab`: every word of the corpus, by id, with how often it occurs on its own
    /// (`counts`), the byte length of its stem (`stem_lens`, a prefix of it) and its stem's
    /// id (`stem_ids`, below
    /// `n_stems`); `candidate`: the words that may be parts (callers pass words that are
    /// [`is_part_word`], alphabetic and seen at least twice); `word_id`: the id of a word of
    /// the corpus. Finds the best split of the first `n_split` words (in parallel); the
    /// words after them (a word list's, which only serve as parts) are split when needed.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        vocab: &'a [&'a str],
        counts: &[u32],
        stem_lens: &[u32],
        stem_ids: &[u32],
        n_stems: usize,
        candidate: &[bool],
        word_id: &'a (dyn Fn(&str) -> Option<u32> + Sync),
        n_split: usize,
    ) -> Splitter<'a> {
        let stem_ok: Vec<bool> = vocab
            .iter()
            .zip(stem_lens)
            .map(|(w, &n)| has_chars(&w[..n as usize], MIN_PART))
            .collect();
        let (parts, words) = rayon::join(
            || {
                let n = candidate.iter().filter(|&&c| c).count();
                Prefixes::of(
                    vocab,
                    (0..vocab.len() as u32).filter(|&i| candidate[i as usize]),
                    n,
                )
            },
            || {
                // The stems of the candidates (long enough): a word with one may be a tail.
                let mut part_stem = vec![false; n_stems];
                for i in 0..vocab.len() {
                    if candidate[i] && stem_ok[i] {
                        part_stem[stem_ids[i] as usize] = true;
                    }
                }
                (0..vocab.len())
                    .map(|i| SplitWord {
                        count: if candidate[i] { counts[i] } else { 0 },
                        part: candidate[i],
                        tail: candidate[i] || (stem_ok[i] && part_stem[stem_ids[i] as usize]),
                    })
                    .collect()
            },
        );
        let mut s = Splitter {
            parts,
            words,
            best: Vec::new(),
            word_id,
        };
        s.best = vocab[..n_split.min(vocab.len())]
            .par_iter()
            .map_init(Vec::new, |scratch, w| {
                if w.len() >= MIN_COMPOUND && is_alphabetic(w) {
                    s.best_split(w, scratch)
                } else {
                    None
                }
            })
            .collect();
        s
    }

    /// A splitter over `vocab` alone, as [`Splitter::new`] with the stems found here: the
    /// candidate parts are the words seen at least twice (`counts`) that [`is_part_word`]
    /// and are alphabetic. For tests and the fuzz target; the index passes what it knows.
    pub fn of_words(
        vocab: &'a [&'a str],
        counts: &[u32],
        word_id: &'a (dyn Fn(&str) -> Option<u32> + Sync),
    ) -> Splitter<'a> {
        let stem_lens: Vec<u32> = vocab.iter().map(|w| stem_len(w) as u32).collect();
        let mut ids: foldhash::HashMap<&str, u32> = Default::default();
        let stem_ids: Vec<u32> = vocab
            .iter()
            .zip(&stem_lens)
            .map(|(w, &n)| {
                let next = ids.len() as u32;
                *ids.entry(&w[..n as usize]).or_insert(next)
            })
            .collect();
        let candidate: Vec<bool> = vocab
            .iter()
            .zip(counts)
            .map(|(w, &n)| n >= 2 && is_part_word(w) && is_alphabetic(w))
            .collect();
        Splitter::new(
            vocab,
            counts,
            &stem_lens,
            &stem_ids,
            ids.len(),
            &candidate,
            word_id,
            vocab.len(),
        )
    }

    /// The parts of `word`, outermost split first, all levels included: for
    /// `tjenesteutviklingsløsning` → `tjenesteutvikling`, `løsning`, `tjeneste`, `utvikling`.
    /// Empty when the word does not split.
    pub fn split<'w>(&self, word: &'w str) -> Vec<&'w str> {
        let mut out = Vec::new();
        if word.len() >= MIN_COMPOUND && is_alphabetic(word) {
            self.split_at_depth(word, None, 0, &mut out, &mut Vec::new());
        }
        out.into_iter().map(|(p, _)| p).collect()
    }

    /// [`Splitter::split`] of the word `id` of `vocab`, onto `out`, with the parts' word ids;
    /// `scratch` is reused from word to word.
    pub fn split_word<'w>(
        &self,
        word: &'w str,
        id: u32,
        out: &mut Vec<SplitPart<'w>>,
        scratch: &mut Vec<(usize, u32)>,
    ) {
        self.split_at_depth(word, Some(id), 0, out, scratch);
    }

    /// The parts of an alphabetic word (so are its parts), the word's id when it has one.
    fn split_at_depth<'w>(
        &self,
        word: &'w str,
        id: Option<u32>,
        depth: usize,
        out: &mut Vec<SplitPart<'w>>,
        scratch: &mut Vec<(usize, u32)>,
    ) {
        if depth > 3 || word.len() < MIN_COMPOUND {
            return;
        }
        let best = match id.and_then(|id| self.best.get(id as usize)) {
            Some(&best) => best,
            None => self.best_split(word, scratch),
        };
        let Some(s) = best else {
            return;
        };
        let (head, tail) = (&word[..s.head_end as usize], &word[s.at as usize..]);
        out.push((head, Some(s.head)));
        out.push((tail, s.tail));
        self.split_at_depth(head, Some(s.head), depth + 1, out, scratch);
        self.split_at_depth(tail, s.tail, depth + 1, out, scratch);
    }

    /// The cuts of `word` (its length in characters `n`) into a candidate part (perhaps
    /// followed by a linking `s` or `e`) and the rest, in order, as (where the rest starts,
    /// where the part ends, the part's id, the part's length in characters): `f` is called
    /// with each until it returns `true`. The prefix ends go onto `scratch` (and are taken
    /// off again), so `f` may use it too.
    fn cuts(
        &self,
        word: &str,
        n: usize,
        scratch: &mut Vec<(usize, u32)>,
        mut f: impl FnMut(&mut Vec<(usize, u32)>, usize, usize, u32, usize) -> bool,
    ) {
        let base = scratch.len();
        // The rest has at least MIN_PART characters, so as many bytes: a longer part is of
        // no use (nor does it matter for the linking letter before it, whose rest would be
        // too short too).
        self.parts
            .prefixes(word, word.len().saturating_sub(MIN_PART), scratch);
        let ascii = n == word.len();
        let bytes = word.as_bytes();
        let mut j = base;
        while j < scratch.len() {
            let (e, id) = scratch[j];
            j += 1;
            let k = if ascii { e } else { word[..e].chars().count() };
            if f(scratch, e, e, id, k) {
                break;
            }
            // A linking letter, unless a longer part ends right after it.
            if matches!(bytes.get(e), Some(b's' | b'e'))
                && scratch.get(j).is_none_or(|&(next, _)| next != e + 1)
                && f(scratch, e + 1, e, id, k + 1)
            {
                break;
            }
        }
        scratch.truncate(base);
    }

    /// The split into two parts where both are known, preferring the split whose parts are
    /// most frequent (geometric mean, as Koehn & Knight), and longer parts on ties. The head
    /// is a part, or a part and the linking `s` or `e` of Norwegian compounds
    /// (`virksomhet|s|sertifikat`); the tail may itself be a compound (checked one level
    /// deep).
    fn best_split(&self, word: &str, scratch: &mut Vec<(usize, u32)>) -> Option<Split> {
        let n = char_len(word);
        if n < MIN_COMPOUND {
            return None;
        }
        // (score, shortest part, the split)
        let mut best: Option<(f64, usize, Split)> = None;
        self.cuts(word, n, scratch, |scratch, at, head_end, head, k| {
            if k < MIN_PART || n - k < MIN_PART {
                return false;
            }
            let t = &word[at..];
            let tail = (self.word_id)(t);
            let info = tail.map_or_else(SplitWord::default, |i| self.words[i as usize]);
            let tail_ok = info.tail || (n - k >= MIN_COMPOUND && self.splits(t, scratch));
            if !tail_ok {
                return false;
            }
            let fh = f64::from(self.words[head as usize].count);
            // A tail that is no part counts once.
            let ft = f64::from(if info.part { info.count } else { 1 });
            let score = (fh * ft).sqrt();
            let shortest = k.min(n - k);
            let better = match best {
                None => true,
                Some((s, sh, _)) => score > s || (score == s && shortest > sh),
            };
            if better {
                let split = Split {
                    head_end: head_end as u32,
                    at: at as u32,
                    head,
                    tail,
                };
                best = Some((score, shortest, split));
            }
            false
        });
        best.map(|(_, _, s)| s)
    }

    /// Whether `word` splits into a part and a known tail (one level: the check of a tail
    /// that is no word itself).
    fn splits(&self, word: &str, scratch: &mut Vec<(usize, u32)>) -> bool {
        let n = char_len(word);
        if n < MIN_COMPOUND {
            return false;
        }
        let mut found = false;
        self.cuts(word, n, scratch, |_, at, _, _, k| {
            found = k >= MIN_PART
                && n - k >= MIN_PART
                && (self.word_id)(&word[at..]).is_some_and(|i| self.words[i as usize].tail);
            found
        });
        found
    }
}

/// Whether a known word may be a part: long enough and not a stop word.
pub fn is_part_word(s: &str) -> bool {
    has_chars(s, MIN_PART) && !is_stop(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;
    use crate::search::analyze::stem_len;
    use foldhash::{HashMap, HashSet};

    #[test]
    fn prefixes_are_the_candidates_that_start_a_word() {
        let alphabet = ["a", "b", "s", "e", "ø", "å"];
        let mut rng = TestRng::new(9);
        let word = |rng: &mut TestRng| -> String {
            let len = rng.below(7);
            (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        };
        for _ in 0..200 {
            let mut words: Vec<String> = (0..rng.below(40)).map(|_| word(&mut rng)).collect();
            words.retain(|w| !w.is_empty());
            words.sort();
            words.dedup();
            // Some of the words are candidates, in any order (ids are places in `words`).
            let mut order: Vec<usize> = (0..words.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            order.truncate(order.len() - rng.below(order.len() + 1) / 2);
            let vocab: Vec<&str> = words.iter().map(String::as_str).collect();
            let table = Prefixes::of(&vocab, order.iter().map(|&i| i as u32), order.len());
            for _ in 0..50 {
                let w = word(&mut rng);
                let max_len = rng.below(w.len() + 2);
                let mut out = vec![(99, 99)];
                table.prefixes(&w, max_len, &mut out);
                let want: Vec<(usize, u32)> = (1..=w.len().min(max_len))
                    .filter(|&e| w.is_char_boundary(e))
                    .filter_map(|e| {
                        let i = words.iter().position(|x| *x == w[..e])?;
                        order.contains(&i).then_some((e, i as u32))
                    })
                    .collect();
                assert_eq!(out[0], (99, 99));
                assert_eq!(out[1..], want[..], "{w:?} {max_len} in {words:?}");
            }
        }
    }

    /// A splitter over `words` (with their counts; those seen at least twice that may be
    /// parts are candidates) and `others` (seen once), as the index builds one.
    fn splitter_of<'a>(
        vocab: &'a [&'a str],
        counts: &[u32],
        word_id: &'a (dyn Fn(&str) -> Option<u32> + Sync),
    ) -> Splitter<'a> {
        Splitter::of_words(vocab, counts, word_id)
    }

    #[test]
    fn splits_compounds_with_corpus_words() {
        let words = [
            ("virksomhet", 5),
            ("sertifikat", 7),
            ("tjeneste", 9),
            ("utvikling", 4),
            ("løsning", 6),
            ("tjenesteutvikling", 2),
            ("samtykke", 8),
            ("side", 5),
            ("til", 50),
            ("ganger", 2),
            ("siden", 1),
            ("sider", 1),
            ("tilganger", 1),
        ];
        let vocab: Vec<&str> = words.iter().map(|w| w.0).collect();
        let counts: Vec<u32> = words.iter().map(|w| w.1).collect();
        let word_id = |w: &str| vocab.iter().position(|v| *v == w).map(|i| i as u32);
        let s = splitter_of(&vocab, &counts, &word_id);
        assert_eq!(
            s.split("virksomhetssertifikat"),
            ["virksomhet", "sertifikat"]
        );
        let parts = s.split("tjenesteutviklingsløsning");
        for p in ["tjenesteutvikling", "løsning", "tjeneste", "utvikling"] {
            assert!(parts.contains(&p), "{parts:?}");
        }
        assert!(s.split("samtykkesiden").contains(&"samtykke"));
        // stop words are never parts
        assert!(s.split("tilganger").is_empty());
    }

    /// The splitter as it was first written: hash look-ups of every prefix and tail.
    struct Plain<'a> {
        counts: HashMap<&'a str, u32>,
        stems: HashMap<&'a str, &'a str>,
        part_stems: HashSet<&'a str>,
    }

    impl<'a> Plain<'a> {
        fn split(&self, word: &'a str, depth: usize, out: &mut Vec<&'a str>) {
            if depth > 3 || word.len() < MIN_COMPOUND || !word.chars().all(char::is_alphabetic) {
                return;
            }
            if let Some((head, tail)) = self.best(word, 0) {
                out.push(head);
                out.push(tail);
                self.split(head, depth + 1, out);
                self.split(tail, depth + 1, out);
            }
        }

        fn best(&self, word: &'a str, depth: usize) -> Option<(&'a str, &'a str)> {
            let n = word.chars().count();
            if n < MIN_COMPOUND {
                return None;
            }
            let ends: Vec<usize> = (1..=word.len())
                .filter(|&e| word.is_char_boundary(e) && self.counts.contains_key(&word[..e]))
                .collect();
            let mut cuts: Vec<(usize, usize)> = Vec::new();
            for &e in &ends {
                cuts.push((e, e));
                if matches!(word.as_bytes().get(e), Some(b's' | b'e')) && !ends.contains(&(e + 1)) {
                    cuts.push((e + 1, e));
                }
            }
            cuts.sort();
            let mut best: Option<(f64, usize, usize, usize)> = None;
            for (at, head_end) in cuts {
                let k = word[..at].chars().count();
                if k < MIN_PART || n - k < MIN_PART {
                    continue;
                }
                let t = &word[at..];
                let tail_ok = self.counts.contains_key(t)
                    || self
                        .stems
                        .get(t)
                        .is_some_and(|st| has_chars(st, MIN_PART) && self.part_stems.contains(st))
                    || (depth == 0 && n - k >= MIN_COMPOUND && self.best(t, 1).is_some());
                if !tail_ok {
                    continue;
                }
                let fh = f64::from(self.counts[&word[..head_end]]);
                let ft = f64::from(*self.counts.get(t).unwrap_or(&1));
                let score = (fh * ft).sqrt();
                let shortest = k.min(n - k);
                if best.is_none_or(|(s, sh, _, _)| score > s || (score == s && shortest > sh)) {
                    best = Some((score, shortest, at, head_end));
                }
            }
            best.map(|(_, _, at, head_end)| (&word[..head_end], &word[at..]))
        }
    }

    #[test]
    fn splits_as_the_plain_way_does() {
        let pieces = [
            "virk",
            "som",
            "het",
            "sertifikat",
            "tjeneste",
            "eier",
            "løsning",
            "side",
            "til",
            "gang",
            "er",
            "en",
            "ene",
            "app",
            "drift",
            "år",
            "øke",
            "seg",
            "stig",
        ];
        let links = ["", "", "", "s", "e"];
        let ends = ["", "", "", "", "", "", "en", "er", "ene", "et", "s", "ane"];
        let mut rng = TestRng::new(31);
        let mut split = 0;
        for _ in 0..1000 {
            // Pieces, words of two to four pieces (with linking letters), and inflections.
            let mut words: Vec<String> = Vec::new();
            for p in pieces {
                words.push(p.to_string());
                if rng.below(3) == 0 {
                    words.push(format!("{p}{}", ends[rng.below(ends.len())]));
                }
            }
            for _ in 0..40 {
                let mut w = String::new();
                for i in 0..[1, 2, 2, 2, 3, 3, 4][rng.below(7)] {
                    if i > 0 {
                        w.push_str(links[rng.below(links.len())]);
                    }
                    w.push_str(pieces[rng.below(pieces.len())]);
                }
                w.push_str(ends[rng.below(ends.len())]);
                words.push(w);
            }
            words.sort();
            words.dedup();
            for i in (1..words.len()).rev() {
                let j = rng.below(i + 1);
                words.swap(i, j);
            }
            let vocab: Vec<&str> = words.iter().map(String::as_str).collect();
            let counts: Vec<u32> = vocab.iter().map(|_| 1 + rng.below(5) as u32).collect();
            let word_id = |w: &str| vocab.iter().position(|v| *v == w).map(|i| i as u32);
            let s = splitter_of(&vocab, &counts, &word_id);
            let candidate = |i: usize| {
                counts[i] >= 2
                    && is_part_word(vocab[i])
                    && vocab[i].chars().all(char::is_alphabetic)
            };
            let stems: HashMap<&str, &str> =
                vocab.iter().map(|w| (*w, &w[..stem_len(w)])).collect();
            let plain = Plain {
                counts: (0..vocab.len())
                    .filter(|&i| candidate(i))
                    .map(|i| (vocab[i], counts[i]))
                    .collect(),
                part_stems: (0..vocab.len())
                    .filter(|&i| candidate(i))
                    .map(|i| stems[vocab[i]])
                    .filter(|st| has_chars(st, MIN_PART))
                    .collect(),
                stems,
            };
            let (mut out, mut scratch) = (Vec::new(), Vec::new());
            for (i, w) in vocab.iter().enumerate() {
                let mut want = Vec::new();
                plain.split(w, 0, &mut want);
                split += usize::from(!want.is_empty());
                assert_eq!(s.split(w), want, "{w:?} in {vocab:?}");
                out.clear();
                s.split_word(w, i as u32, &mut out, &mut scratch);
                let got: Vec<&str> = out.iter().map(|p| p.0).collect();
                assert_eq!(got, want, "{w:?}");
                // Parts that are words have their ids.
                for &(p, id) in &out {
                    assert_eq!(id, word_id(p), "{p:?} of {w:?}");
                }
            }
        }
        assert!(split > 3000, "{split}");
    }
}
