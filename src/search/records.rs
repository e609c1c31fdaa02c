//! What results show: each page's snippet record (URL, title, section path, language, and
//! per section its anchor, heading and the start of its text), grouped into doc chunks of a
//! few pages, so that a query fetches a few chunks rather than a file per result. Texts are
//! cut at a word; anchors the client can compute from the heading are left out.
use rayon::prelude::*;
use std::fmt::Write;

use super::docs::DocPage;
use super::feed::push_json_str;
use crate::resolve::urls::encode_url_path;

/// Target size of a doc chunk on a site of a few hundred pages.
const CHUNK_TARGET: usize = 8 * 1024;

/// Target size of a doc chunk: smaller on big sites (down to half), where a query's results
/// fall in more chunks and a visit reuses fewer of them.
pub(super) fn chunk_target(pages: usize) -> usize {
    let scale = (500.0 / pages.max(1) as f64).sqrt();
    ((CHUNK_TARGET as f64 * scale) as usize).clamp(CHUNK_TARGET / 2, CHUNK_TARGET)
}

/// Most pages in one doc chunk.
const CHUNK_MAX_PAGES: usize = 64;

/// How many pages of average size make a chunk of about `target` bytes.
pub(super) fn pages_per_chunk(records: &Records, target: usize) -> usize {
    if records.is_empty() {
        return 1;
    }
    let avg = records.text.len() / records.len();
    (target / avg.max(1)).clamp(1, CHUNK_MAX_PAGES)
}

/// The page records ([`page_record`]) of the site, in one string: ten thousand small strings
/// made between batches of large ones would leave memory fragmented.
#[derive(Default)]
pub(super) struct Records {
    text: String,
    ends: Vec<usize>,
}

impl Records {
    pub(super) fn push(&mut self, record: &str) {
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
pub(super) fn doc_chunks(
    paths: &[Vec<String>],
    records: &Records,
    per_chunk: usize,
) -> Vec<String> {
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
pub(super) fn page_record(p: &DocPage, site_lang: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;

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
