//! Text → tokens: Unicode words (æ/ø/å and every other letter kept), lower-cased, NFC;
//! camelCase parts before their word and the joined form of words joined by `-`, `.` or `_`
//! after them (`api-nøkkel` gives `api`, `nøkkel` and `apinøkkel`); `22.3` stays whole.
//! Plain words (ASCII or Latin-1 letters and digits) take a fast path that gives what the
//! general scan gives (tested). `tokenize` in search.js mirrors it.
//!
//! It only finds tokens: it never stems, folds or drops stop words (its callers do).

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;

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
}
