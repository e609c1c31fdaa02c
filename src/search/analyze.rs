//! Norwegian text analysis shared by the index (Rust) and the client (`search.js`, which
//! mirrors every function here that a query needs: tokenizer, stop words, stemmer, fold).
//!
//! - [`tokenize`]: Unicode words (æ/ø/å and every other letter kept), lower-cased, NFC;
//!   `api-nøkkel` gives `api`, `nøkkel` and the joined `apinøkkel`; `22.3` stays whole.
//! - [`stem`]: Snowball Norwegian for nb and nn (rust-stemmers; search.js has a port that
//!   tests/browser.rs checks against it). It only removes or shortens suffixes, so a stem is
//!   always a prefix of its word.
//! - [`fold`]: the ASCII skeleton (`spørsmål`, `sporsmaal`, `sporsmal` → `sporsmal`), used as
//!   a lower-ranked alternative and as the sort key of the index.
//! - [`is_stop`]: Snowball's Norwegian stop words (bokmål and nynorsk) plus a few English
//!   ones; stop words are indexed but dropped from queries that have other words.
//! - [`Splitter`]: compound splitting learned from the corpus's own vocabulary.

use foldhash::HashSet;
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Tokens longer than this (hashes, base64, long identifiers) are not indexed.
pub const MAX_TOKEN: usize = 40;

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased, NFC.
    pub text: String,
    /// What kind of token this is (decides its weight in the index).
    pub kind: TokenKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word as written.
    Word,
    /// The joined form of `api-nøkkel` → `apinøkkel`.
    Joined,
    /// A camelCase part: `ReporteeConversion` → `reportee`, `conversion`.
    CamelPart,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (kept inside words; NFC composes most of them away).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Splits `text` into tokens: see the module documentation.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(
        text,
        &mut Scratch::default(),
        &mut |t: Tok<'_, '_>, kind| {
            out.push(Token {
                text: t.as_str().to_string(),
                kind,
            })
        },
    );
    out
}

/// A token's text: a slice of the text itself (when it needed no change) or of a scratch
/// buffer that the next token overwrites.
#[derive(Debug, Clone, Copy)]
pub enum Tok<'t, 'b> {
    Text(&'t str),
    Scratch(&'b str),
}

impl<'t, 'b> Tok<'t, 'b> {
    pub fn as_str(&self) -> &str {
        match self {
            Tok::Text(s) => s,
            Tok::Scratch(s) => s,
        }
    }
}

/// What [`for_each_token`] gives the tokens to: any `FnMut(Tok, TokenKind)`, or a type of
/// its own (whose `token` the scanner may then have inlined).
pub trait Sink<'t> {
    fn token(&mut self, t: Tok<'t, '_>, kind: TokenKind);
}

impl<'t, F: FnMut(Tok<'t, '_>, TokenKind)> Sink<'t> for F {
    #[inline]
    fn token(&mut self, t: Tok<'t, '_>, kind: TokenKind) {
        self(t, kind)
    }
}

/// Buffers reused from text to text.
#[derive(Default)]
pub struct Scratch {
    parts: Vec<Part>,
    buf: String,
}

/// One word of a group, as written: byte range and what the scan learned about it.
#[derive(Clone, Copy)]
struct Part {
    start: usize,
    end: usize,
    /// Characters (not bytes).
    chars: u32,
    /// Lower-casing changes it.
    upper: bool,
    /// An upper-case letter right after a lower-case one (a camelCase word).
    camel: bool,
    /// Every character is numeric.
    numeric: bool,
    /// Only ASCII.
    ascii: bool,
}

impl Part {
    /// A part starting at `start`, before the scan has read any of it.
    fn at(start: usize) -> Part {
        Part {
            start,
            end: start,
            chars: 0,
            upper: false,
            camel: false,
            numeric: true,
            ascii: true,
        }
    }
}

/// Calls `f(token, kind)` for every token of `text`, in order: each word as written
/// (lower-cased, NFC), camelCase parts before their word, and the joined form of words
/// joined by `-`, `.` or `_` after them; groups of numbers (`22.3`) stay one token.
pub fn for_each_token<'t>(text: &'t str, scratch: &mut Scratch, f: &mut impl Sink<'t>) {
    if !text.is_ascii() && has_marks(text) {
        let composed: String = text.nfc().collect();
        scan::<true>(None, &composed, scratch, f);
    } else {
        scan::<true>(Some(text), text, scratch, f);
    }
}

/// Whether `text` may contain a combining mark: only then can it need composing (NFD
/// `å` = `a` + U+030A). A byte test first (lead bytes of the mark blocks), chars second.
fn has_marks(text: &str) -> bool {
    let b = text.as_bytes();
    (memchr::memchr3(0xCC, 0xCD, 0xE1, b).is_some()
        || memchr::memchr_iter(0xE2, b).any(|i| b.get(i + 1) == Some(&0x83)))
        && text.chars().any(is_mark)
}

/// Byte classes of the scanner.
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 3;
const JOINER: u8 = 4;
const MULTI: u8 = 5;

const fn byte_classes() -> [u8; 256] {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() {
            LOWER
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'-' || b == b'.' || b == b'_' {
            JOINER
        } else if b >= 0x80 {
            MULTI
        } else {
            OTHER
        };
        i += 1;
    }
    t
}

static CLASS: [u8; 256] = byte_classes();

/// The ASCII bytes that are no word characters (but may be joiners): skipped between words.
static SEPARATOR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(CLASS[i], OTHER | JOINER);
        i += 1;
    }
    t
};

/// A non-ASCII character's class: LOWER, UPPER (changed by lower-casing), DIGIT (numeric),
/// MULTI for other word characters (marks, letters without case), JOINER for U+2010 and
/// U+2011, OTHER for the rest.
fn char_class(c: char) -> u8 {
    match c {
        'ß'..='ö' | 'ø'..='ÿ' => LOWER,
        'À'..='Ö' | 'Ø'..='Þ' => UPPER,
        '\u{2010}' | '\u{2011}' => JOINER,
        // General punctuation (dashes, quotes, spaces): no word characters.
        '\u{2000}'..='\u{206F}' => OTHER,
        _ if !is_word_char(c) => OTHER,
        _ if c.is_lowercase() => LOWER,
        _ if c.is_uppercase() => UPPER,
        _ if c.is_numeric() => DIGIT,
        // Titlecase letters change when lower-cased.
        _ if !c.to_lowercase().eq([c]) => UPPER,
        _ => MULTI,
    }
}

/// The character at byte `i` of `text` (not ASCII) and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

/// The class and byte length of the character at `i`.
#[inline]
fn class_at(text: &str, b: &[u8], i: usize) -> (u8, usize) {
    let k = CLASS[b[i] as usize];
    if k != MULTI {
        return (k, 1);
    }
    let (c, len) = char_at(text, i);
    (char_class(c), len)
}

fn is_word_class(k: u8) -> bool {
    matches!(k, LOWER | UPPER | DIGIT | MULTI)
}

/// `src` is `text` when tokens may borrow it.
fn scan<'t, const FAST: bool>(
    src: Option<&'t str>,
    text: &str,
    scratch: &mut Scratch,
    f: &mut impl Sink<'t>,
) {
    let b = text.as_bytes();
    let n = b.len();
    let Scratch { parts, buf } = scratch;
    parts.clear();
    let mut i = 0;
    loop {
        // To the start of the next word: ASCII bytes by a table, other characters by class.
        while i < n && SEPARATOR[b[i] as usize] {
            i += 1;
        }
        if i >= n {
            break;
        }
        if b[i] >= 0x80 {
            let (k, len) = class_at(text, b, i);
            if !is_word_class(k) {
                i += len;
                continue;
            }
        }
        // Most words stand alone and are lower-case letters and digits (ASCII or Latin-1),
        // perhaps after one capital: emitted straight away. Any other word (camelCase, other
        // scripts, joined) is scanned again below from its start, the general way.
        if FAST && let Some(end) = simple_word(src, text, i, buf, f) {
            i = end;
            continue;
        }
        // Then most others are ASCII: capitals (`API`), camelCase, joined (`REST-API`).
        if FAST {
            if let Some(end) = ascii_group(text, i, parts) {
                emit_group(src, text, parts, buf, f);
                parts.clear();
                i = end;
                continue;
            }
            parts.clear();
        }
        // A group: words joined by joiners.
        loop {
            let mut p = Part::at(i);
            let mut prev = OTHER;
            // Bytes beyond the first of each character (for the character count).
            let mut extra = 0;
            loop {
                // Runs of ASCII lower-case letters are most of the text.
                let run = b[i..]
                    .iter()
                    .position(|c| c.wrapping_sub(b'a') >= 26)
                    .unwrap_or(n - i);
                if run > 0 {
                    i += run;
                    prev = LOWER;
                    p.numeric = false;
                    if i >= n {
                        break;
                    }
                }
                let c0 = b[i];
                let (k, len, numeric) = if c0 < 0x80 {
                    let k = CLASS[c0 as usize];
                    (k, 1, k == DIGIT)
                } else if c0 == 0xC3 && i + 1 < n {
                    // Latin-1 letters (æ ø å and the accented ones): C3 80–C3 BF, but for
                    // × (C3 97) and ÷ (C3 B7).
                    let k = match b[i + 1] {
                        0x80..=0x96 | 0x98..=0x9E => UPPER,
                        0x9F..=0xB6 | 0xB8..=0xBF => LOWER,
                        _ => OTHER,
                    };
                    (k, 2, false)
                } else {
                    let (c, len) = char_at(text, i);
                    (char_class(c), len, c.is_numeric())
                };
                if !is_word_class(k) {
                    break;
                }
                if k == UPPER {
                    p.upper = true;
                    p.camel |= prev == LOWER;
                }
                p.numeric &= numeric;
                if len > 1 {
                    p.ascii = false;
                    extra += len - 1;
                }
                prev = k;
                i += len;
                if i >= n {
                    break;
                }
            }
            p.chars = (i - p.start - extra) as u32;
            p.end = i;
            parts.push(p);
            // A joiner followed by a word character continues the group.
            if i >= n {
                break;
            }
            let (k, len) = class_at(text, b, i);
            if k != JOINER || i + len >= n || !is_word_class(class_at(text, b, i + len).0) {
                break;
            }
            i += len;
        }
        emit_group(src, text, parts, buf, f);
        parts.clear();
    }
}

/// The word at `i` (a word character) when it stands alone (no joiner and word character
/// after it) and is only lower-case letters and digits (ASCII, or Latin-1 letters: æ ø å),
/// after at most one capital (ASCII or Latin-1): emits it as [`scan`]'s general way would
/// and returns where the scan goes on (its end, or after the space that follows it); `None`
/// for any other word.
#[inline]
fn simple_word<'t>(
    src: Option<&'t str>,
    text: &str,
    start: usize,
    buf: &mut String,
    f: &mut impl Sink<'t>,
) -> Option<usize> {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = start;
    // Bytes beyond the first of each character.
    let mut extra = 0;
    let capital = match b[i] {
        b'A'..=b'Z' => 1,
        0xC3 if matches!(b.get(i + 1), Some(0x80..=0x96 | 0x98..=0x9E)) => 2,
        _ => 0,
    };
    i += capital;
    extra += capital.saturating_sub(1);
    loop {
        i = lower_run(b, i);
        // Latin-1 lower-case letters: C3 9F–C3 BF but for ÷ (C3 B7).
        if b.get(i) == Some(&0xC3) && matches!(b.get(i + 1), Some(0x9F..=0xB6 | 0xB8..=0xBF)) {
            i += 2;
            extra += 1;
        } else {
            break;
        }
    }
    let end = i;
    if end == start {
        return None;
    }
    // The word must end here: at the end, before a character that is no word character
    // and no joiner, or before a joiner not followed by a word character. A space after it
    // (the most common) is passed too.
    let mut next = end;
    if end < n {
        if b[end] == b' ' {
            next = end + 1;
        } else {
            let (k, len) = class_at(text, b, end);
            let alone = match k {
                OTHER => true,
                JOINER => end + len >= n || !is_word_class(class_at(text, b, end + len).0),
                _ => false,
            };
            if !alone {
                return None;
            }
        }
    }
    let chars = end - start - extra;
    let keep = (2..=MAX_TOKEN).contains(&chars) || (chars == 1 && b[start].is_ascii_digit());
    if keep {
        if capital == 0 {
            match src {
                Some(src) => f.token(Tok::Text(&src[start..end]), TokenKind::Word),
                None => f.token(Tok::Scratch(&text[start..end]), TokenKind::Word),
            }
        } else {
            buf.clear();
            // The capital lower-cased: ASCII A–Z and Latin-1 À–Þ (but for ×) are 32 before
            // their lower-case letters.
            let c = text[start..].chars().next().unwrap_or(' ');
            buf.push(char::from_u32(c as u32 + 32).unwrap_or(c));
            buf.push_str(&text[start + capital..end]);
            f.token(Tok::Scratch(buf), TokenKind::Word);
        }
    }
    Some(next)
}

/// The group at `i` (a word character) into `parts`, as [`scan`]'s general way reads it,
/// when it is only ASCII letters and digits, joined by ASCII joiners, and returns its end;
/// `None` (and `parts` to be cleared) when a character of the group, or one right after it
/// that may continue it, is not ASCII.
fn ascii_group(text: &str, start: usize, parts: &mut Vec<Part>) -> Option<usize> {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = start;
    loop {
        let mut p = Part::at(i);
        let mut prev = OTHER;
        while i < n {
            let k = CLASS[b[i] as usize];
            if !matches!(k, LOWER | UPPER | DIGIT) {
                break;
            }
            if k == UPPER {
                p.upper = true;
                p.camel |= prev == LOWER;
            }
            p.numeric &= k == DIGIT;
            prev = k;
            i += 1;
        }
        if i == p.start {
            return None;
        }
        p.end = i;
        p.chars = (i - p.start) as u32;
        parts.push(p);
        if i >= n {
            return Some(i);
        }
        // The group goes on after a joiner followed by a word character.
        let (k, len) = class_at(text, b, i);
        match k {
            OTHER => return Some(i),
            JOINER if len == 1 => {}
            _ => return None,
        }
        match b.get(i + 1) {
            Some(&c) if c >= 0x80 => return None,
            Some(&c) if matches!(CLASS[c as usize], LOWER | UPPER | DIGIT) => i += 1,
            _ => return Some(i),
        }
    }
}

/// The end of the run of ASCII lower-case letters and digits at `i` (eight bytes at a time).
#[inline]
fn lower_run(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Per byte, the high bit of: at least `a`, above `z`, at least `0`, above `9`
        // (exact for ASCII bytes; a byte of 0x80 or above is never in a run, and the carry
        // it may cause only reaches the bytes after it).
        let ge_a = w.wrapping_add(LO * (0x80 - u64::from(b'a')));
        let gt_z = w.wrapping_add(LO * (0x7F - u64::from(b'z')));
        let ge_0 = w.wrapping_add(LO * (0x80 - u64::from(b'0')));
        let gt_9 = w.wrapping_add(LO * (0x7F - u64::from(b'9')));
        let inside = ((ge_a & !gt_z) | (ge_0 & !gt_9)) & !w & HI;
        let outside = !inside & HI;
        if outside != 0 {
            return i + (outside.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && (b[i].is_ascii_lowercase() || b[i].is_ascii_digit()) {
        i += 1;
    }
    i
}

fn emit_group<'t>(
    src: Option<&'t str>,
    text: &str,
    parts: &[Part],
    buf: &mut String,
    f: &mut impl Sink<'t>,
) {
    if parts.len() > 1 && parts.iter().all(|p| p.numeric) {
        // Version numbers and dates: 22.3, 1.2.3, 2024-01-01.
        emit(src, text, parts, ".", TokenKind::Word, buf, f);
        return;
    }
    if parts.iter().all(|p| p.ascii) {
        emit_group_ascii(src, text, parts, buf, f);
        return;
    }
    emit_group_general(src, text, parts, buf, f);
}

/// [`emit_group`] of ASCII words (not a number group): the words are lower-cased once, into
/// their joined form in `buf`, and every word or camelCase part that lower-casing changes is
/// given as its slice of that, with no call or copy per token.
fn emit_group_ascii<'t>(
    src: Option<&'t str>,
    text: &str,
    parts: &[Part],
    buf: &mut String,
    f: &mut impl Sink<'t>,
) {
    buf.clear();
    for p in parts {
        buf.push_str(&text[p.start..p.end]);
    }
    buf.make_ascii_lowercase();
    let mut at = 0;
    for p in parts {
        let len = p.end - p.start;
        if p.camel
            && let Some((cuts, n_cuts)) = camel_cuts_ascii(&text.as_bytes()[p.start..p.end])
        {
            for w in cuts[..n_cuts + 2].windows(2) {
                let n = w[1] - w[0];
                if (3..=MAX_TOKEN).contains(&n) {
                    f.token(
                        Tok::Scratch(&buf[at + w[0]..at + w[1]]),
                        TokenKind::CamelPart,
                    );
                }
            }
        }
        if (2..=MAX_TOKEN).contains(&len) || (len == 1 && p.numeric) {
            let t = if p.upper {
                Tok::Scratch(&buf[at..at + len])
            } else {
                match src {
                    Some(src) => Tok::Text(&src[p.start..p.end]),
                    None => Tok::Scratch(&text[p.start..p.end]),
                }
            };
            f.token(t, TokenKind::Word);
        }
        at += len;
    }
    if parts.len() > 1 && parts.len() <= 4 && (2..=MAX_TOKEN).contains(&buf.len()) {
        f.token(Tok::Scratch(buf), TokenKind::Joined);
    }
}

/// [`emit_group`] of any words, one token at a time.
fn emit_group_general<'t>(
    src: Option<&'t str>,
    text: &str,
    parts: &[Part],
    buf: &mut String,
    f: &mut impl Sink<'t>,
) {
    for p in parts {
        if p.camel {
            camel_parts(&text[p.start..p.end], p.ascii, buf, f);
        }
        emit(
            src,
            text,
            std::slice::from_ref(p),
            "",
            TokenKind::Word,
            buf,
            f,
        );
    }
    if parts.len() > 1 && parts.len() <= 4 {
        emit(src, text, parts, "", TokenKind::Joined, buf, f);
    }
}

/// Emits `parts` lower-cased (concatenated with `sep`) as one token, if its length is right.
fn emit<'t>(
    src: Option<&'t str>,
    text: &str,
    parts: &[Part],
    sep: &str,
    kind: TokenKind,
    buf: &mut String,
    f: &mut impl Sink<'t>,
) {
    if let [p] = parts
        && !p.upper
    {
        let n = p.chars as usize;
        let keep = (2..=MAX_TOKEN).contains(&n) || (n == 1 && kind == TokenKind::Word && p.numeric);
        if keep {
            match src {
                Some(src) => f.token(Tok::Text(&src[p.start..p.end]), kind),
                None => f.token(Tok::Scratch(&text[p.start..p.end]), kind),
            }
        }
        return;
    }
    buf.clear();
    let mut ascii = true;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            buf.push_str(sep);
        }
        let s = &text[p.start..p.end];
        if p.ascii {
            let at = buf.len();
            buf.push_str(s);
            buf[at..].make_ascii_lowercase();
        } else {
            ascii = false;
            for c in s.chars() {
                if c.is_ascii() {
                    buf.push(c.to_ascii_lowercase());
                } else {
                    buf.extend(c.to_lowercase());
                }
            }
        }
    }
    let n = if ascii {
        buf.len()
    } else {
        buf.chars().count()
    };
    let keep = (2..=MAX_TOKEN).contains(&n)
        || (n == 1 && kind == TokenKind::Word && buf.chars().all(char::is_numeric));
    if keep {
        f.token(Tok::Scratch(buf), kind);
    }
}

/// `ReporteeConversion` → `reportee`, `conversion`: the parts of a camelCase word (cut where
/// an upper-case letter follows a lower-case one, at most four cuts), those of at least three
/// characters.
fn camel_parts<'t>(word: &str, ascii: bool, buf: &mut String, f: &mut impl Sink<'t>) {
    if ascii {
        camel_parts_ascii(word, buf, f);
    } else {
        camel_parts_chars(word, buf, f);
    }
}

/// [`camel_parts`] of an ASCII word, a byte at a time.
fn camel_parts_ascii<'t>(word: &str, buf: &mut String, f: &mut impl Sink<'t>) {
    let Some((cuts, n_cuts)) = camel_cuts_ascii(word.as_bytes()) else {
        return;
    };
    for w in cuts[..n_cuts + 2].windows(2) {
        let part = &word[w[0]..w[1]];
        if part.len() < 3 || part.len() > MAX_TOKEN {
            continue;
        }
        buf.clear();
        buf.push_str(part);
        buf.make_ascii_lowercase();
        f.token(Tok::Scratch(buf), TokenKind::CamelPart);
    }
}

/// Where an ASCII word's camelCase parts start, and its end: `cuts[..n_cuts + 2]` with
/// `cuts[0] == 0` (`None` if it has no cut, or more than four).
fn camel_cuts_ascii(b: &[u8]) -> Option<([usize; 6], usize)> {
    let mut cuts = [0usize; 6];
    let mut n_cuts = 0;
    for i in 1..b.len() {
        if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
            if n_cuts == 4 {
                return None;
            }
            n_cuts += 1;
            cuts[n_cuts] = i;
        }
    }
    if n_cuts == 0 {
        return None;
    }
    cuts[n_cuts + 1] = b.len();
    Some((cuts, n_cuts))
}

/// [`camel_parts`] of any word, a character at a time.
fn camel_parts_chars<'t>(word: &str, buf: &mut String, f: &mut impl Sink<'t>) {
    let mut cuts = [0usize; 6];
    let mut n_cuts = 0;
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if prev_lower && c.is_uppercase() {
            if n_cuts == 4 {
                return;
            }
            n_cuts += 1;
            cuts[n_cuts] = i;
        }
        prev_lower = c.is_lowercase();
    }
    if n_cuts == 0 {
        return;
    }
    cuts[n_cuts + 1] = word.len();
    for w in cuts[..n_cuts + 2].windows(2) {
        let part = &word[w[0]..w[1]];
        if part.chars().count() < 3 {
            continue;
        }
        buf.clear();
        for c in part.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
        if buf.chars().count() <= MAX_TOKEN {
            f.token(Tok::Scratch(buf), TokenKind::CamelPart);
        }
    }
}

/// Snowball's Norwegian stop word list (nb and nn) and common English function words.
pub const STOP_WORDS: &[&str] = &[
    "og",
    "i",
    "jeg",
    "det",
    "at",
    "en",
    "et",
    "den",
    "til",
    "er",
    "som",
    "på",
    "de",
    "med",
    "han",
    "av",
    "ikke",
    "ikkje",
    "der",
    "så",
    "var",
    "meg",
    "seg",
    "men",
    "ett",
    "har",
    "om",
    "vi",
    "min",
    "mitt",
    "ha",
    "hadde",
    "hun",
    "nå",
    "over",
    "da",
    "ved",
    "fra",
    "du",
    "ut",
    "sin",
    "dem",
    "oss",
    "opp",
    "man",
    "kan",
    "hans",
    "hvor",
    "eller",
    "hva",
    "skal",
    "selv",
    "sjøl",
    "her",
    "alle",
    "vil",
    "bli",
    "ble",
    "blei",
    "blitt",
    "kunne",
    "inn",
    "når",
    "være",
    "kom",
    "noen",
    "noe",
    "ville",
    "dere",
    "deres",
    "kun",
    "ja",
    "etter",
    "ned",
    "skulle",
    "denne",
    "for",
    "deg",
    "si",
    "sine",
    "sitt",
    "mot",
    "å",
    "meget",
    "hvorfor",
    "dette",
    "disse",
    "uten",
    "hvordan",
    "ingen",
    "din",
    "ditt",
    "blir",
    "samme",
    "hvilken",
    "hvilke",
    "sånn",
    "inni",
    "mellom",
    "vår",
    "hver",
    "hvem",
    "vors",
    "hvis",
    "både",
    "bare",
    "enn",
    "fordi",
    "før",
    "mange",
    "også",
    "slik",
    "vært",
    "båe",
    "begge",
    "siden",
    "dykk",
    "dykkar",
    "dei",
    "deira",
    "deires",
    "deim",
    "di",
    "då",
    "eg",
    "ein",
    "eit",
    "eitt",
    "elles",
    "honom",
    "hjå",
    "ho",
    "hoe",
    "henne",
    "hennar",
    "hennes",
    "hoss",
    "hossen",
    "ingi",
    "inkje",
    "korleis",
    "korso",
    "kva",
    "kvar",
    "kvarhelst",
    "kven",
    "kvi",
    "kvifor",
    "me",
    "medan",
    "mi",
    "mine",
    "mykje",
    "no",
    "nokon",
    "noka",
    "nokor",
    "noko",
    "nokre",
    "sia",
    "sidan",
    "so",
    "somt",
    "somme",
    "um",
    "upp",
    "vere",
    "vore",
    "verte",
    "vort",
    "varte",
    "vart",
    "får",
    "få",
    "må",
    "gjør",
    "gjøre",
    "hvilket",
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "is",
    "are",
    "for",
    "on",
    "with",
    "by",
    "be",
    "as",
    "it",
    "this",
    "that",
    "how",
    "what",
    "why",
    "when",
    "do",
    "does",
    "can",
    "from",
];

/// The length in bytes of the longest stop word.
const MAX_STOP_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < STOP_WORDS.len() {
        if STOP_WORDS[i].len() > max {
            max = STOP_WORDS[i].len();
        }
        i += 1;
    }
    max
};

/// Whether `word` (lower-case) is a stop word.
pub fn is_stop(word: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    // Stop words are short: most words are rejected without hashing.
    word.len() <= MAX_STOP_LEN
        && SET
            .get_or_init(|| STOP_WORDS.iter().copied().collect())
            .contains(word)
}

/// The Norwegian Snowball stemmer; words with digits are left as they are.
#[derive(Default)]
pub struct Analyzer;

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer
    }

    pub fn stem(&self, word: &str) -> String {
        stem(word)
    }
}

/// The stem of `word` (lower case): Snowball's Norwegian stemmer (bokmål and nynorsk), as
/// rust-stemmers 1.2 and `stem` in search.js. Words with digits or other non-letters are
/// their own stem.
pub fn stem(word: &str) -> String {
    word[..stem_len(word)].to_string()
}

/// The byte length of the stem of `word`: the stemmer only removes or shortens suffixes (it
/// turns `-erte`, `-ert` into `-er`), so a stem is always a prefix of its word.
pub fn stem_len(word: &str) -> usize {
    if !may_have_suffix(word.as_bytes()) {
        return word.len();
    }
    if !letters_or(word, |c| c.is_alphabetic() && !c.is_numeric()) {
        return word.len();
    }
    thread_local! {
        static SNOWBALL: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
    }
    SNOWBALL.with(|s| {
        let stem = s.stem(word);
        // Always a prefix; should a future stemmer change a letter, keep the common prefix.
        if word.starts_with(stem.as_ref()) {
            stem.len()
        } else {
            word.char_indices()
                .zip(stem.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, c), _)| i + c.len_utf8())
        }
    })
}

/// Whether `word` ends in a suffix that the Norwegian Snowball stemmer may remove or change:
/// a suffix of its three steps (rust-stemmers' `A_0`, `A_1`, `A_2`), each ending in one of
/// these. Its steps look for their suffixes at the word's end (step 2 and 3 after step 1,
/// which changes only a word ending in one of its own), so any other word is its own stem
/// and need not be stemmed (about two words in five).
fn may_have_suffix(word: &[u8]) -> bool {
    match word {
        [.., b'a' | b'e' | b's'] => true,
        // -en, -heten; -ar, -er, -heter
        [.., b'e', b'n'] | [.., b'a' | b'e', b'r'] => true,
        // -et, -het; -ert; -ast; -dt, -vt
        [.., b'e' | b'd' | b'v', b't'] | [.., b'e', b'r', b't'] | [.., b'a', b's', b't'] => true,
        // -leg, -eleg; -ig, -eig, -lig, -elig; -lov, -elov, -slov, -hetslov
        [.., b'l', b'e', b'g'] | [.., b'i', b'g'] | [.., b'l', b'o', b'v'] => true,
        _ => false,
    }
}

/// The ASCII skeleton of a lower-case word: æ/å → a, ø → o, other accents removed, then
/// `aa`, `ae` → a and `oe` → o, so `spørsmål`, `sporsmaal` and `sporsmal` meet.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return fold_ascii(word);
    }
    fold_chars(word)
}

/// [`fold`] character by character.
fn fold_chars(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    // The last character pushed when it is an `a` or `o` not yet part of a pair.
    let mut open: Option<char> = None;
    for c in word.chars() {
        let m = fold_char(c);
        if matches!((open, m), (Some('a'), 'a' | 'e') | (Some('o'), 'e')) {
            open = None;
            continue;
        }
        out.push(m);
        open = matches!(m, 'a' | 'o').then_some(m);
    }
    out
}

/// [`fold`], borrowing `word` when folding keeps it (an ASCII word without `aa`, `ae`, `oe`).
pub fn fold_cow(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() && !has_ascii_pair(word.as_bytes()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(fold(word))
    }
}

/// Whether an ASCII word has a pair that [`fold`] shortens.
fn has_ascii_pair(b: &[u8]) -> bool {
    b.windows(2)
        .any(|w| matches!((w[0], w[1]), (b'a', b'a' | b'e') | (b'o', b'e')))
}

/// [`fold`] of an ASCII word: only the pairs change (`aa`, `ae` → `a`, `oe` → `o`).
fn fold_ascii(word: &str) -> String {
    let b = word.as_bytes();
    // Most words have no pair: copied whole.
    if !has_ascii_pair(b) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut open = 0u8;
    for &c in b {
        if matches!((open, c), (b'a', b'a' | b'e') | (b'o', b'e')) {
            open = 0;
            continue;
        }
        out.push(char::from(c));
        open = if matches!(c, b'a' | b'o') { c } else { 0 };
    }
    out
}

/// Must match `FOLD` in search.js.
pub fn fold_char(c: char) -> char {
    match c {
        'æ' | 'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => 'a',
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Whether the word contains a letter that [`fold`] changes (æ, ø, å, accents).
pub fn has_special(word: &str) -> bool {
    word.chars().any(|c| fold_char(c) != c)
}

/// Damerau–Levenshtein (optimal string alignment) distance, capped: returns `max + 1` as
/// soon as the distance must exceed `max`. Mirrors `editDistance` in search.js.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(max + 1)
}

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

/// Whether every character of `word` is alphabetic (`word.chars().all(char::is_alphabetic)`).
pub fn is_alphabetic(word: &str) -> bool {
    letters_or(word, char::is_alphabetic)
}

/// Whether every character of `word` is a letter: bytes at a time for ASCII letters and the
/// Latin-1 ones (`æ`, `ø`, `å`, `é`: `C3 80`–`C3 BF` but `×` and `÷`), else `rest` for
/// every character from the first other one on. `rest` must hold for the Latin-1 letters
/// and not for the other ASCII characters.
#[inline]
fn letters_or(word: &str, rest: impl Fn(char) -> bool) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            i += 1;
        } else if c == 0xC3 && i + 1 < b.len() && b[i + 1] != 0x97 && b[i + 1] != 0xB7 {
            i += 2;
        } else if c < 0x80 {
            return false;
        } else {
            return word[i..].chars().all(rest);
        }
    }
    true
}

/// The length of `word` in characters.
fn char_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    }
}

/// Whether a known word may be a part: long enough and not a stop word.
pub fn is_part_word(s: &str) -> bool {
    has_chars(s, MIN_PART) && !is_stop(s)
}

/// Whether `s` has at least `n` characters (`s.chars().count() >= n`), counting only when
/// its length in bytes does not tell.
pub fn has_chars(s: &str, n: usize) -> bool {
    // Short ones by hand: a byte that is no UTF-8 continuation byte starts a character.
    s.len() >= 4 * n || (s.len() >= n && s.bytes().filter(|&b| (b as i8) >= -0x40).count() >= n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;
    use foldhash::HashMap;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn keeps_norwegian_letters_whole() {
        // Single letters are not indexed (only single digits).
        assert_eq!(words("Åpning i brannmur"), ["åpning", "brannmur"]);
        assert_eq!(
            words("også økonomisystem ærlig"),
            ["også", "økonomisystem", "ærlig"]
        );
        assert_eq!(words("Vêr og fôr"), ["vêr", "og", "fôr"]);
        // NFD input is composed first.
        assert_eq!(words("a\u{030A}pning"), ["åpning"]);
    }

    #[test]
    fn joins_hyphenated_words_and_keeps_versions() {
        assert_eq!(words("API-nøkkel"), ["api", "nøkkel", "apinøkkel"]);
        assert_eq!(words("versjon 22.3."), ["versjon", "22.3"]);
        assert_eq!(
            words("data.altinn.no"),
            ["data", "altinn", "no", "dataaltinnno"]
        );
        assert_eq!(words("(TUL)"), ["tul"]);
    }

    /// Every token of `text` with its kind, by [`scan`] with or without its fast path.
    fn scanned<const FAST: bool>(text: &str) -> Vec<(String, TokenKind)> {
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        scan::<FAST>(Some(text), text, &mut scratch, &mut |t: Tok<'_, '_>, k| {
            out.push((t.as_str().to_string(), k))
        });
        out
    }

    #[test]
    fn simple_word_capitals_lower_case_by_adding_32() {
        for c in ('A'..='Z').chain('À'..='Þ').filter(|&c| c != '×') {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(lower, char::from_u32(c as u32 + 32).unwrap().to_string());
        }
    }

    #[test]
    fn the_fast_path_gives_what_the_general_scan_gives() {
        let samples = [
            "Åpning i brannmur: Vêr og fôr, ÆRLIG Øl æøå ß ÿ × ÷ Ç é.",
            "API-nøkkel data.altinn.no a-b- 22.3. 1.2.3 2024-01-01 x_y_z _a a_ -a",
            "ReporteeConversion myWord iPhone A1 B 7 x 12 Ab-cd Å-ø å‐ø a‑ a\u{2010}",
            "“sitat” – tankestrek — lang, a\u{a0}b c\u{202f}d e’f ‘g’ «h» …i",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789 abc",
            "Ωmega ΣIGMA ǅemal Ⅻ ⅻ 二三 ١٢ ａｂ e\u{301}te",
        ];
        for s in samples {
            assert_eq!(scanned::<true>(s), scanned::<false>(s), "{s:?}");
        }
        // Random strings over letters, digits, joiners and separators of every kind.
        let alphabet: Vec<char> =
            "abzAZ09æøåÆØÅéÉßÿ×÷-._ ,:;!\n\t\u{a0}\u{2010}\u{2011}\u{2013}’ΩωǅⅫ二١\u{301}"
                .chars()
                .collect();
        let mut rng = TestRng::new(7);
        for _ in 0..50_000 {
            let s = rng.string(&alphabet, 24);
            assert_eq!(scanned::<true>(&s), scanned::<false>(&s), "{s:?}");
        }
        // Long words around the length limit.
        for n in 36..44 {
            for w in ["a".repeat(n), format!("B{}", "c".repeat(n)), "ø".repeat(n)] {
                assert_eq!(scanned::<true>(&w), scanned::<false>(&w), "{w:?}");
            }
        }
    }

    #[test]
    fn ascii_groups_give_what_the_general_way_gives() {
        // Groups of 1-6 random ASCII words between joiners, with the parts the scan finds.
        fn part(text: &str, start: usize) -> Part {
            let w = &text[start..];
            let b = w.as_bytes();
            Part {
                start,
                end: text.len(),
                chars: b.len() as u32,
                upper: b.iter().any(u8::is_ascii_uppercase),
                camel: (1..b.len())
                    .any(|i| b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase()),
                numeric: b.iter().all(u8::is_ascii_digit),
                ascii: true,
            }
        }
        fn emitted(group: bool, src: bool, text: &str, parts: &[Part]) -> Vec<(String, TokenKind)> {
            let mut out = Vec::new();
            let mut f = |t: Tok<'_, '_>, k| out.push((t.as_str().to_string(), k));
            let src = src.then_some(text);
            let mut buf = String::from("stale");
            if group {
                emit_group_ascii(src, text, parts, &mut buf, &mut f);
            } else {
                emit_group_general(src, text, parts, &mut buf, &mut f);
            }
            out
        }
        let alphabet: Vec<char> = "abyzABYZ0189".chars().collect();
        let mut rng = TestRng::new(23);
        for _ in 0..30_000 {
            let mut text = String::new();
            let mut parts = Vec::new();
            for i in 0..1 + rng.below(6) {
                if i > 0 {
                    text.push(['-', '.', '_'][rng.below(3)]);
                }
                let start = text.len();
                let long = rng.below(8) == 0;
                let w = rng.string(&alphabet, if long { 50 } else { 10 });
                text.push_str(if w.is_empty() { "a" } else { &w });
                parts.push(part(&text, start));
            }
            for src in [true, false] {
                assert_eq!(
                    emitted(true, src, &text, &parts),
                    emitted(false, src, &text, &parts),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn camel_parts_of_ascii_words_are_those_read_by_chars() {
        fn parts(word: &str, ascii: bool) -> Vec<(String, TokenKind)> {
            let mut out = Vec::new();
            let mut f = |t: Tok<'_, '_>, k| out.push((t.as_str().to_string(), k));
            if ascii {
                camel_parts_ascii(word, &mut String::new(), &mut f);
            } else {
                camel_parts_chars(word, &mut String::new(), &mut f);
            }
            out
        }
        let alphabet: Vec<char> = "abcxyzABCXYZ0189".chars().collect();
        let mut rng = TestRng::new(17);
        for _ in 0..50_000 {
            let w = rng.string(&alphabet, 60);
            assert_eq!(parts(&w, true), parts(&w, false), "{w:?}");
        }
    }

    #[test]
    fn splits_camel_case() {
        assert_eq!(
            words("ReporteeConversion"),
            ["reportee", "conversion", "reporteeconversion"]
        );
    }

    #[test]
    fn stems_bokmal_and_nynorsk_forms_together() {
        assert_eq!(stem("brannmurer"), stem("brannmur"));
        assert_eq!(stem("søknader"), stem("søknad"));
        assert_eq!(stem("bestillinger"), stem("bestilling"));
        assert_eq!(stem("tilganger"), stem("tilgang"));
        assert_eq!(stem("åpningen"), stem("åpning"));
        assert_eq!(stem("økonomisystemet"), stem("økonomisystem"));
        // nynorsk -ane / -ar plurals
        assert_eq!(stem("søknadene"), stem("søknadane"));
        assert_eq!(stem("tenestene"), stem("tenestar"));
        // a stem is a prefix of its word
        for w in ["spørsmålene", "tjenesteeierstyrte", "forespørsler", "ærlig"] {
            assert!(w.starts_with(&stem(w)), "{w}");
        }
        // words with digits are not stemmed
        assert_eq!(stem("tt02"), "tt02");
    }

    #[test]
    fn letter_checks_are_those_of_char() {
        let alphabet: Vec<char> = "azAZ09-_.æøåÆØÅéÿ×÷ßªº¹½ΩⅫ二١\u{301}\u{a0}"
            .chars()
            .collect();
        let mut rng = TestRng::new(41);
        for _ in 0..50_000 {
            let w = rng.string(&alphabet, 8);
            assert_eq!(
                is_alphabetic(&w),
                w.chars().all(char::is_alphabetic),
                "{w:?}"
            );
            let letter = |c: char| c.is_alphabetic() && !c.is_numeric();
            assert_eq!(letters_or(&w, letter), w.chars().all(letter), "{w:?}");
        }
        // Every character of the two-byte range alone and after letters.
        for c in ('\u{80}'..='\u{7ff}').chain('\0'..='\u{7f}') {
            for w in [c.to_string(), format!("æa{c}"), format!("{c}ø")] {
                assert_eq!(
                    is_alphabetic(&w),
                    w.chars().all(char::is_alphabetic),
                    "{w:?}"
                );
            }
        }
    }

    #[test]
    fn has_chars_counts_as_chars_count() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "æ",
            "æø",
            "æøå",
            "€€",
            "€€€",
            "😀😀",
            "😀😀😀",
            "a😀",
        ] {
            for n in 0..6 {
                assert_eq!(has_chars(s, n), s.chars().count() >= n, "{s:?} {n}");
            }
        }
    }

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

    #[test]
    fn stems_are_prefixes_of_their_words() {
        // The index stores a stem as a length into its word (`stem_len`); that needs every
        // stem to be a prefix, on words built from letters (æ ø å included) and the
        // suffixes the algorithm knows.
        let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let letters: Vec<char> = "abdefghijklmnoprstuvyzæøåkseert".chars().collect();
        let suffixes = [
            "", "hetenes", "hetene", "heten", "heter", "endes", "ande", "erte", "ede", "ene",
            "het", "ens", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a", "e", "s", "ks",
            "os", "dt", "vt", "hetslov", "eleg", "elig", "slov", "lig", "els", "lov", "ig",
        ];
        let mut rng = TestRng::new(12345);
        for _ in 0..40_000 {
            let len = 1 + rng.below(9);
            let mut w: String = (0..len)
                .map(|_| letters[rng.below(letters.len())])
                .collect();
            w.push_str(suffixes[rng.below(suffixes.len())]);
            w.push_str(suffixes[rng.below(suffixes.len())]);
            assert!(w.starts_with(snowball.stem(&w).as_ref()), "{w}");
            assert_eq!(stem(&w), snowball.stem(&w), "{w}");
        }
        for w in [
            "år",
            "ærlig",
            "søknadene",
            "tjenesteeierstyrte",
            "brukt",
            "tilganger",
        ] {
            assert_eq!(stem(w), snowball.stem(w), "{w}");
        }
    }

    #[test]
    fn words_without_a_suffix_are_their_own_stem() {
        // Every suffix of the stemmer's steps, with the letters before it varied.
        let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let suffixes = [
            "a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "erte", "en", "heten", "ar",
            "er", "heter", "s", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens",
            "ers", "ets", "et", "het", "ert", "ast", "dt", "vt", "leg", "eleg", "ig", "eig", "lig",
            "elig", "els", "lov", "elov", "slov", "hetslov",
        ];
        let letters: Vec<char> = "abdefghijklmnoprstuvyzæøåé".chars().collect();
        let mut rng = TestRng::new(77);
        let mut kept = 0;
        for _ in 0..100_000 {
            let mut w = rng.string(&letters, 12);
            if rng.below(2) == 0 {
                w.push_str(suffixes[rng.below(suffixes.len())]);
                // And a letter or two after it.
                for _ in 0..rng.below(3) {
                    w.push(letters[rng.below(letters.len())]);
                }
            }
            let stem = snowball.stem(&w);
            if !may_have_suffix(w.as_bytes()) {
                kept += 1;
                assert_eq!(stem, w.as_str(), "{w:?}");
            }
            assert_eq!(&w[..stem_len(&w)], stem, "{w:?}");
        }
        assert!(kept > 20_000, "{kept}");
        for s in suffixes {
            assert!(may_have_suffix(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn folds_to_an_ascii_skeleton() {
        // The ASCII way gives what the general one gives.
        let alphabet = b"aeoaeoxz-1";
        let mut rng = TestRng::new(11);
        for _ in 0..20_000 {
            let seed = rng.step();
            let len = (seed >> 60) as usize;
            let w: String = (0..len)
                .map(|k| char::from(alphabet[(seed >> (4 * k + 3)) as usize % alphabet.len()]))
                .collect();
            assert_eq!(fold_ascii(&w), fold_chars(&w), "{w:?}");
            assert_eq!(fold_cow(&w), fold_chars(&w), "{w:?}");
        }
        assert_eq!(fold("spørsmål"), "sporsmal");
        assert_eq!(fold("sporsmaal"), "sporsmal");
        assert_eq!(fold("åpning"), "apning");
        assert_eq!(fold("ærlig"), "arlig");
        assert_eq!(fold("aerlig"), "arlig");
        assert_eq!(fold("vêr"), "ver");
        assert_eq!(fold("fôr"), "for");
        assert_eq!(fold("år"), "ar");
        assert!(has_special("år") && !has_special("ar"));
    }

    #[test]
    fn stop_words_cover_both_written_standards() {
        for w in ["og", "i", "ikkje", "korleis", "kva", "hvordan", "også"] {
            assert!(is_stop(w), "{w}");
        }
        // The length check keeps every one of them.
        for w in STOP_WORDS {
            assert!(is_stop(w), "{w}");
        }
        // circumflex words are not the stop words they fold to
        assert!(!is_stop("fôr") && is_stop("for"));
        assert!(!is_stop("vêr"));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("tilgnager", "tilganger", 2), 1);
        assert_eq!(edit_distance("kodelsiter", "kodelister", 2), 1);
        assert_eq!(edit_distance("postmann", "postman", 2), 1);
        assert_eq!(edit_distance("abc", "xyzabc", 2), 3);
    }

    /// A splitter over `words` (with their counts; those seen at least twice that may be
    /// parts are candidates) and `others` (seen once), as the index builds one.
    fn splitter_of<'a>(
        vocab: &'a [&'a str],
        counts: &[u32],
        word_id: &'a (dyn Fn(&str) -> Option<u32> + Sync),
    ) -> Splitter<'a> {
        let stems: Vec<&str> = vocab.iter().map(|w| &w[..stem_len(w)]).collect();
        let mut stem_ids: Vec<u32> = Vec::new();
        let mut distinct: Vec<&str> = Vec::new();
        for s in &stems {
            let id = distinct.iter().position(|d| d == s).unwrap_or_else(|| {
                distinct.push(s);
                distinct.len() - 1
            });
            stem_ids.push(id as u32);
        }
        let candidate: Vec<bool> = vocab
            .iter()
            .zip(counts)
            .map(|(w, &n)| n >= 2 && is_part_word(w) && w.chars().all(char::is_alphabetic))
            .collect();
        let stem_lens: Vec<u32> = stems.iter().map(|s| s.len() as u32).collect();
        Splitter::new(
            vocab,
            counts,
            &stem_lens,
            &stem_ids,
            distinct.len(),
            &candidate,
            word_id,
            vocab.len(),
        )
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
