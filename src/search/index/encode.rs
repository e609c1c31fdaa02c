//! The index's files: the terms sorted by their folded key ([`entries`]), cut into shards of
//! about a target size in the binary format of the module documentation ([`shard`]), and the
//! vocabulary files that typo tolerance and prefix matching read. Pure functions of what
//! `weigh.rs` made.
use super::Entry;
use super::weigh::Analysed;
use crate::search::analyze;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

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
    use crate::search::index::lexicon::StrList;
    use crate::search::index::weigh::PostingLists;
    use crate::search::index::{Posting, TITLE_SLOT};

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
}
