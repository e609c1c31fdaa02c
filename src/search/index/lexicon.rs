//! The site's words → stems and compound parts, each distinct word once: the Snowball stems
//! interned into the index's term list ([`Interner`]), the compound splitter over the site's
//! vocabulary (and the optional word list's words), and, per word, what weighing needs
//! ([`WordInfo`]). It reads the vocabulary only, never a page.
use super::tokens::{Tokenized, fingerprint};
use super::weigh::Avgs;
use crate::search::analyze::{self, Splitter};
use foldhash::HashMap;
use rayon::prelude::*;
use std::borrow::Cow;

/// One word of the site as `Bag::add_field` (`weigh.rs`) needs it.
#[derive(Clone, Copy)]
pub(super) struct WordInfo {
    pub(super) stem: u32,
    /// Its compound parts: `Lexicon::parts[parts.0..parts.1]`.
    pub(super) parts: (u32, u32),
    pub(super) stop: bool,
}

/// What the index knows about each distinct word of the site, by word id.
pub(super) struct Lexicon<'a> {
    /// By word id.
    pub(super) words: &'a [WordInfo],
    /// The words' compound parts (stem ids): see [`WordInfo::parts`].
    pub(super) parts: &'a [u32],
    pub(super) synonyms: &'a [Vec<Vec<u32>>],
    /// Per stem: the (group, phrase) pairs of the synonym phrases it starts.
    pub(super) syn_first: &'a HashMap<u32, Vec<(usize, usize)>>,
    /// Per stem: whether it starts a synonym phrase (a key of `syn_first`).
    pub(super) syn_start: &'a [bool],
    pub(super) avgs: Avgs,
}

/// Each word of the site's stem id and compound parts (see [`WordInfo`]), and the stems so
/// far (the parts' too).
pub(super) fn stem_and_split(
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

/// Strings by id (the site's words, the stems), in one string rather than one allocation
/// each.
#[derive(Default)]
pub(super) struct StrList {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl StrList {
    #[cfg(test)]
    pub(super) fn of(list: &[&str]) -> StrList {
        let mut l = StrList {
            text: String::with_capacity(list.iter().map(|s| s.len()).sum()),
            ends: Vec::with_capacity(list.len()),
        };
        for s in list {
            l.push(s);
        }
        l
    }

    pub(super) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            s
        })
    }
}

/// Stem strings → ids, first seen first: the stems in one [`StrList`] (which becomes
/// [`super::Analysed`]'s), found by a hash table of ids (open addressing, linear probing,
/// at most three quarters full). Each slot is 8 bytes (a string map's are 24), and no list
/// of `&str` is kept beside the stems.
pub(super) struct Interner {
    pub(super) list: StrList,
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

    pub(super) fn id(&mut self, s: &str) -> u32 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use foldhash::HashMapExt;

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
}
