//! Folding: the ASCII skeleton of a word (`spørsmål`, `sporsmaal`, `sporsmal` → `sporsmal`),
//! a lower-ranked alternative at query time and the sort key of the index. `FOLD` in
//! search.js must match [`fold_char`].

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;

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
}
