//! Norwegian text analysis shared by the index (Rust) and the client (`search.js`, which
//! mirrors every function here that a query needs: tokenizer, stop words, stemmer, fold).
//!
//! - [`tokenize`]: Unicode words (æ/ø/å and every other letter kept), lower-cased, NFC;
//!   `api-nøkkel` gives `api`, `nøkkel` and the joined `apinøkkel`; `22.3` stays whole.
//! - [`stem`]: Snowball Norwegian (rust-stemmers) for nb and nn. It only removes or shortens
//!   suffixes, so a stem is always a prefix of its word.
//! - [`fold`]: the ASCII skeleton (`spørsmål`, `sporsmaal`, `sporsmal` → `sporsmal`), used as
//!   a lower-ranked alternative and as the sort key of the index.
//! - [`is_stop`]: Snowball's Norwegian stop words (bokmål and nynorsk) plus a few English
//!   ones; stop words are indexed but dropped from queries that have other words.
//! - [`Splitter`]: compound splitting learned from the corpus's own vocabulary.

use foldhash::{HashMap, HashSet};
use rust_stemmers::{Algorithm, Stemmer};
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

/// The tokens of a text in one buffer (one allocation per text, not per token).
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    buf: String,
    list: Vec<(u32, u32, TokenKind)>,
}

/// A token borrowed from [`Tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub kind: TokenKind,
}

impl Tokens {
    pub fn new(text: &str) -> Tokens {
        let mut t = Tokens {
            buf: String::with_capacity(text.len() + text.len() / 4 + 8),
            list: Vec::with_capacity(text.len() / 5 + 2),
        };
        for_each_group(text, |parts| emit_group(parts, &mut t));
        t
    }

    pub fn iter(&self) -> impl Iterator<Item = TokenRef<'_>> {
        self.list.iter().map(|&(a, b, kind)| TokenRef {
            text: &self.buf[a as usize..b as usize],
            kind,
        })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Number of words as written (not joined forms or parts).
    pub fn words(&self) -> usize {
        self.list.iter().filter(|t| t.2 == TokenKind::Word).count()
    }

    /// Appends `parts` lower-cased (concatenated) as one token, if its length is right.
    fn push_lower(&mut self, parts: &[&str], sep: &str, kind: TokenKind) {
        let start = self.buf.len();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.buf.push_str(sep);
            }
            if p.is_ascii() {
                let at = self.buf.len();
                self.buf.push_str(p);
                self.buf[at..].make_ascii_lowercase();
            } else {
                for c in p.chars() {
                    match c {
                        'A'..='Z' => self.buf.push(c.to_ascii_lowercase()),
                        _ if c.is_ascii() => self.buf.push(c),
                        'æ' | 'ø' | 'å' => self.buf.push(c),
                        'Æ' => self.buf.push('æ'),
                        'Ø' => self.buf.push('ø'),
                        'Å' => self.buf.push('å'),
                        _ => self.buf.extend(c.to_lowercase()),
                    }
                }
            }
        }
        let text = &self.buf[start..];
        let n = text.chars().count();
        let keep = (2..=MAX_TOKEN).contains(&n)
            || (n == 1 && kind == TokenKind::Word && text.chars().all(char::is_numeric));
        if keep {
            self.list.push((start as u32, self.buf.len() as u32, kind));
        } else {
            self.buf.truncate(start);
        }
    }
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

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '\u{2010}' | '\u{2011}')
}

/// Splits `text` into tokens: see the module documentation.
pub fn tokenize(text: &str) -> Vec<Token> {
    Tokens::new(text)
        .iter()
        .map(|t| Token {
            text: t.text.to_string(),
            kind: t.kind,
        })
        .collect()
}

/// Raw words (original case) joined by joiners: `["API", "nøkkel"]` for `API-nøkkel`.
pub fn raw_groups(text: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for_each_group(text, |parts| {
        groups.push(parts.iter().map(|s| s.to_string()).collect())
    });
    groups
}

/// Calls `f` with the parts of each group of words joined by joiners.
fn for_each_group(text: &str, mut f: impl FnMut(&[&str])) {
    let owned: String;
    // Only text with combining marks can need composing (NFD å = a + U+030A).
    let text = if text.is_ascii() || !text.chars().any(is_mark) {
        text
    } else {
        owned = text.nfc().collect();
        &owned
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start {
            parts.push(&text[s..i]);
            start = None;
            let joined = is_joiner(c) && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
            if !joined {
                f(&parts);
                parts.clear();
            }
        }
    }
    if let Some(s) = start {
        parts.push(&text[s..]);
    }
    if !parts.is_empty() {
        f(&parts);
    }
}

fn emit_group(parts: &[&str], out: &mut Tokens) {
    if parts.len() > 1 && parts.iter().all(|p| p.chars().all(|c| c.is_numeric())) {
        // Version numbers and dates: 22.3, 1.2.3, 2024-01-01.
        out.push_lower(parts, ".", TokenKind::Word);
        return;
    }
    for p in parts {
        camel_parts(p, out);
        out.push_lower(&[p], "", TokenKind::Word);
    }
    if parts.len() > 1 && parts.len() <= 4 {
        out.push_lower(parts, "", TokenKind::Joined);
    }
}

/// `ReporteeConversion` → `reportee`, `conversion` (only for mixed-case words).
fn camel_parts(word: &str, out: &mut Tokens) {
    let upper_inside = word.chars().skip(1).any(|c| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            c.is_uppercase()
        }
    });
    if !upper_inside {
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        if chars[i].is_uppercase() && chars[i - 1].is_lowercase() {
            cuts.push(i);
        }
    }
    if cuts.is_empty() || cuts.len() > 4 {
        return;
    }
    let mut start = 0;
    cuts.push(chars.len());
    for c in cuts {
        if c - start >= 3 {
            let part: String = chars[start..c].iter().collect();
            out.push_lower(&[&part], "", TokenKind::CamelPart);
        }
        start = c;
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

/// Whether `word` (lower-case) is a stop word.
pub fn is_stop(word: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    // Stop words are short: most words are rejected without hashing.
    word.len() <= 16
        && SET
            .get_or_init(|| STOP_WORDS.iter().copied().collect())
            .contains(word)
}

/// The Norwegian Snowball stemmer; words with digits are left as they are.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::Norwegian),
        }
    }

    pub fn stem(&self, word: &str) -> String {
        stem_with(&self.stemmer, word)
    }
}

fn stem_with(stemmer: &Stemmer, word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) || !word.chars().all(|c| c.is_alphabetic()) {
        return word.to_string();
    }
    stemmer.stem(word).into_owned()
}

/// Convenience for tests and one-off use.
pub fn stem(word: &str) -> String {
    stem_with(&Stemmer::create(Algorithm::Norwegian), word)
}

/// The ASCII skeleton of a lower-case word: æ/å → a, ø → o, other accents removed, then
/// `aa`, `ae` → a and `oe` → o, so `spørsmål`, `sporsmaal` and `sporsmal` meet.
pub fn fold(word: &str) -> String {
    let mut mapped = String::with_capacity(word.len());
    for c in word.chars() {
        mapped.push(fold_char(c));
    }
    let b = mapped.as_bytes();
    let mut out = String::with_capacity(mapped.len());
    let mut i = 0;
    while i < b.len() {
        if i + 1 < b.len() && (b[i] == b'a' && (b[i + 1] == b'a' || b[i + 1] == b'e')) {
            out.push('a');
            i += 2;
        } else if i + 1 < b.len() && b[i] == b'o' && b[i + 1] == b'e' {
            out.push('o');
            i += 2;
        } else {
            // Safe: we only skip over ASCII pairs above.
            let ch = mapped[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
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
pub struct Splitter<'a> {
    /// Known words → how often they occur on their own.
    words: &'a HashMap<String, u32>,
    /// Stems of known words (for inflected last parts: `samtykke|siden`).
    stems: HashSet<String>,
    analyzer: &'a Analyzer,
    /// Stems of every word of the corpus, when known (saves stemming each candidate tail).
    known: Option<&'a HashMap<&'a str, String>>,
}

/// Shortest part of a compound.
pub const MIN_PART: usize = 3;
/// Only words at least this long are split.
pub const MIN_COMPOUND: usize = 7;

impl<'a> Splitter<'a> {
    /// `words`: candidate parts with their counts (callers pass alphabetic, non-stop words
    /// seen at least twice).
    pub fn new(words: &'a HashMap<String, u32>, analyzer: &'a Analyzer) -> Splitter<'a> {
        let stems = words
            .keys()
            .map(|w| analyzer.stem(w))
            .filter(|s| s.chars().count() >= MIN_PART)
            .collect();
        Splitter {
            words,
            stems,
            analyzer,
            known: None,
        }
    }

    /// Uses `known` (every corpus word → its stem) for tails: a tail must be a corpus word.
    pub fn with_known(mut self, known: &'a HashMap<&'a str, String>) -> Splitter<'a> {
        self.known = Some(known);
        self
    }

    fn is_part(&self, s: &str) -> bool {
        s.len() >= MIN_PART
            && self.words.contains_key(s)
            && s.chars().count() >= MIN_PART
            && !is_stop(s)
    }

    fn is_head(&self, s: &str) -> bool {
        if self.is_part(s) {
            return true;
        }
        // Linking element: virksomhet-s-, tjeneste-s- is rare but `e` occurs (barneha-ge).
        for link in ['s', 'e'] {
            if let Some(base) = s.strip_suffix(link)
                && self.is_part(base)
            {
                return true;
            }
        }
        false
    }

    fn is_tail(&self, s: &str) -> bool {
        if self.is_part(s) {
            return true;
        }
        match self.known {
            Some(known) => known
                .get(s)
                .is_some_and(|st| st.chars().count() >= MIN_PART && self.stems.contains(st)),
            None => {
                let st = self.analyzer.stem(s);
                st.chars().count() >= MIN_PART && self.stems.contains(&st)
            }
        }
    }

    /// The parts of `word`, outermost split first, all levels included: for
    /// `tjenesteutviklingsløsning` → `tjenesteutvikling`, `løsning`, `tjeneste`, `utvikling`.
    /// Empty when the word does not split.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.split_into(word, 0, &mut out);
        out
    }

    fn split_into(&self, word: &str, depth: usize, out: &mut Vec<String>) {
        if depth > 3 || word.len() < MIN_COMPOUND || !word.chars().all(char::is_alphabetic) {
            return;
        }
        let Some((head, tail)) = self.best_split(word, 0) else {
            return;
        };
        let head_word = self.head_word(&head);
        out.push(head_word.clone());
        out.push(tail.clone());
        self.split_into(&head_word, depth + 1, out);
        self.split_into(&tail, depth + 1, out);
    }

    fn head_word(&self, head: &str) -> String {
        if self.is_part(head) {
            return head.to_string();
        }
        for link in ['s', 'e'] {
            if let Some(base) = head.strip_suffix(link)
                && self.is_part(base)
            {
                return base.to_string();
            }
        }
        head.to_string()
    }

    /// The split into two parts where both are known, preferring the split whose parts are
    /// most frequent (geometric mean, as Koehn & Knight), and longer parts on ties. The tail
    /// may itself be a compound (checked one level deep).
    fn best_split(&self, word: &str, depth: usize) -> Option<(String, String)> {
        let n = word.chars().count();
        if n < MIN_COMPOUND {
            return None;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (k, (at, _)) in word.char_indices().enumerate() {
            if k < MIN_PART {
                continue;
            }
            if n - k < MIN_PART {
                break;
            }
            let (h, t) = word.split_at(at);
            if !self.is_head(h) {
                continue;
            }
            let tail_ok = self.is_tail(t)
                || (depth == 0 && n - k >= MIN_COMPOUND && self.best_split(t, 1).is_some());
            if !tail_ok {
                continue;
            }
            let fh = f64::from(*self.words.get(&self.head_word(h)).unwrap_or(&1));
            let ft = f64::from(*self.words.get(t).unwrap_or(&1));
            let score = (fh * ft).sqrt();
            let shortest = k.min(n - k);
            let better = match best {
                None => true,
                Some((s, sh, _)) => score > s || (score == s && shortest > sh),
            };
            if better {
                best = Some((score, shortest, at));
            }
        }
        best.map(|(_, _, at)| {
            let (h, t) = word.split_at(at);
            (h.to_string(), t.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn folds_to_an_ascii_skeleton() {
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

    #[test]
    fn splits_compounds_with_corpus_words() {
        let mut words = HashMap::default();
        for (w, n) in [
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
        ] {
            words.insert(w.to_string(), n);
        }
        let a = Analyzer::new();
        let s = Splitter::new(&words, &a);
        assert_eq!(
            s.split("virksomhetssertifikat"),
            ["virksomhet", "sertifikat"]
        );
        let parts = s.split("tjenesteutviklingsløsning");
        for p in ["tjenesteutvikling", "løsning", "tjeneste", "utvikling"] {
            assert!(parts.contains(&p.to_string()), "{parts:?}");
        }
        assert!(s.split("samtykkesiden").contains(&"samtykke".to_string()));
        // stop words are never parts
        assert!(s.split("tilganger").is_empty());
    }
}
