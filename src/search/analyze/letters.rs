//! Letter checks on words, bytes at a time for ASCII and the Latin-1 letters (æ ø å é), the
//! characters one at a time only past them: `char`'s own checks give the same (tested).

/// Whether every character of `word` is alphabetic (`word.chars().all(char::is_alphabetic)`).
pub fn is_alphabetic(word: &str) -> bool {
    letters_or(word, char::is_alphabetic)
}

/// Whether every character of `word` is a letter: bytes at a time for ASCII letters and the
/// Latin-1 ones (`æ`, `ø`, `å`, `é`: `C3 80`–`C3 BF` but `×` and `÷`), else `rest` for
/// every character from the first other one on. `rest` must hold for the Latin-1 letters
/// and not for the other ASCII characters.
#[inline]
pub(super) fn letters_or(word: &str, rest: impl Fn(char) -> bool) -> bool {
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
pub(super) fn char_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    }
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
}
