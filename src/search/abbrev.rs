//! Abbreviations learned from the text: `tjenesteutviklingsløsning (TUL)` and
//! `DPV (Digital Post til Virksomheter)` teach that the abbreviation and the long form mean
//! the same. A long form is accepted when it starts with the abbreviation's first letter and
//! contains its letters in order; the shortest such run of words before the parenthesis wins.

use std::collections::BTreeMap;

/// Longest abbreviation considered.
const MAX_ABBR: usize = 8;
/// Most words in a long form.
const MAX_WORDS: usize = 8;

/// Whether `s` looks like an abbreviation: 2–8 capitals/digits, at least two capitals.
pub fn is_abbreviation(s: &str) -> bool {
    // Cheap rejections first: a lower-case start, or more bytes than eight characters have.
    if !s.chars().next().is_some_and(|c| c.is_uppercase()) || s.len() > 4 * MAX_ABBR {
        return false;
    }
    let n = s.chars().count();
    (2..=MAX_ABBR).contains(&n)
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Counts the (abbreviation, long form) pairs found in `text` into `found`.
pub fn learn(text: &str, found: &mut BTreeMap<(String, String), u32>) {
    let mut offset = 0;
    while let Some(open) = memchr::memchr(b'(', &text.as_bytes()[offset..]) {
        let abs_open = offset + open;
        let after = &text[abs_open + 1..];
        let Some(close) = after.find(')') else { break };
        let inner = after[..close].trim();
        let before = &text[..abs_open];
        if is_abbreviation(inner) {
            // long form (ABBR)
            let words = words_before(before);
            if let Some(long) = long_form(inner, &words, true) {
                *found.entry((inner.to_string(), long)).or_insert(0) += 1;
            }
        } else if let Some(prev) = before
            [before.floor_char_boundary(before.len().saturating_sub(64))..]
            .split_whitespace()
            .last()
            && is_abbreviation(prev.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            // ABBR (long form)
            let abbr = prev.trim_matches(|c: char| !c.is_alphanumeric());
            let words: Vec<&str> = inner.split_whitespace().collect();
            if words.len() <= MAX_WORDS
                && let Some(long) = long_form(abbr, &words, false)
            {
                *found.entry((abbr.to_string(), long)).or_insert(0) += 1;
            }
        }
        offset = abs_open + 1;
    }
}

/// Up to `MAX_WORDS` words before a position, stopping at sentence punctuation (a full stop
/// only when a space follows it: `data.altinn.no (DAN)` is one long form).
fn words_before(before: &str) -> Vec<&str> {
    let stop = before.char_indices().rev().find(|&(i, c)| {
        matches!(c, ':' | ';' | '(' | ')' | '!' | '?' | '\n' | ',')
            || (c == '.'
                && before[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace))
    });
    let start = stop.map_or(0, |(i, c)| i + c.len_utf8());
    let mut words: Vec<&str> = before[start..].split_whitespace().collect();
    let skip = words.len().saturating_sub(MAX_WORDS);
    words.drain(..skip);
    words
}

/// The shortest run of `words` (ending at the parenthesis when `from_end`, else starting
/// at the first word) that starts with the abbreviation's first letter and contains all
/// its letters in order.
fn long_form(abbr: &str, words: &[&str], from_end: bool) -> Option<String> {
    let letters: Vec<char> = abbr
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let first = *letters.first()?;
    // The words without the punctuation around them.
    let clean: Vec<&str> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let n = clean.len();
    for k in 1..=n {
        let run = if from_end {
            &clean[n - k..]
        } else {
            &clean[..k]
        };
        if run.iter().any(|w| w.is_empty()) {
            continue;
        }
        let long = run.join(" ");
        let text = long.to_lowercase();
        if !text.starts_with(first) || run.iter().all(|w| is_abbreviation(w)) {
            continue;
        }
        let letters_in_text = text.chars().filter(|c| c.is_alphabetic()).count();
        if letters_in_text < letters.len() + 2 {
            continue;
        }
        let mut it = text.chars();
        if letters.iter().all(|&l| it.any(|c| c == l)) {
            // Words must begin with the letters in a multi-word long form (D-igital P-ost …)
            // unless the long form is one compound word (tjenesteutviklingsløsning).
            return Some(long);
        }
        if !from_end {
            break;
        }
    }
    None
}

/// For each abbreviation the long form seen most often (ties: the first in order).
pub fn best(found: &BTreeMap<(String, String), u32>) -> Vec<(String, String)> {
    let mut best: BTreeMap<&str, (&str, u32)> = BTreeMap::new();
    for ((abbr, long), &n) in found {
        let e = best.entry(abbr).or_insert((long, n));
        if n > e.1 {
            *e = (long, n);
        }
    }
    best.into_iter()
        .map(|(a, (l, _))| (a.to_string(), l.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let mut found = BTreeMap::new();
        learn(text, &mut found);
        best(&found)
    }

    #[test]
    fn learns_long_name_before_abbreviation() {
        assert_eq!(
            pairs("Bruk Altinn tjenesteutviklingsløsning (TUL) for dette."),
            [("TUL".to_string(), "tjenesteutviklingsløsning".to_string())]
        );
        assert_eq!(
            pairs("Les om Digital Post til Virksomheter (DPV) her."),
            [(
                "DPV".to_string(),
                "Digital Post til Virksomheter".to_string()
            )]
        );
    }

    #[test]
    fn a_full_stop_inside_a_name_does_not_end_the_long_form() {
        assert_eq!(
            pairs("Les mer. Tjenesten data.altinn.no (DAN) deler data."),
            [("DAN".to_string(), "data.altinn.no".to_string())]
        );
    }

    #[test]
    fn learns_abbreviation_before_long_name() {
        assert_eq!(
            pairs("Bruk DAN (data.altinn.no) for oppslag."),
            [("DAN".to_string(), "data.altinn.no".to_string())]
        );
    }

    /// [`learn`] as it was first written: the words of each run cleaned, joined and
    /// lower-cased anew, the text searched with `str::find`.
    fn learn_plainly(text: &str, found: &mut BTreeMap<(String, String), u32>) {
        fn long_form(abbr: &str, words: &[&str], from_end: bool) -> Option<String> {
            let letters: Vec<char> = abbr
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            let first = *letters.first()?;
            let n = words.len();
            for k in 1..=n {
                let run = if from_end {
                    &words[n - k..]
                } else {
                    &words[..k]
                };
                let clean: Vec<String> = run
                    .iter()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    .collect();
                if clean.iter().any(|w| w.is_empty()) {
                    continue;
                }
                let text: Vec<char> = clean.join(" ").to_lowercase().chars().collect();
                if text.first() != Some(&first) || clean.iter().all(|w| is_abbreviation(w)) {
                    continue;
                }
                if text.iter().filter(|c| c.is_alphabetic()).count() < letters.len() + 2 {
                    continue;
                }
                let mut it = text.iter();
                if letters.iter().all(|l| it.any(|c| c == l)) {
                    return Some(clean.join(" "));
                }
                if !from_end {
                    break;
                }
            }
            None
        }
        let mut rest = text;
        let mut offset = 0;
        while let Some(open) = rest.find('(') {
            let abs_open = offset + open;
            let after = &text[abs_open + 1..];
            let Some(close) = after.find(')') else { break };
            let inner = after[..close].trim();
            let before = &text[..abs_open];
            if is_abbreviation(inner) {
                let words = words_before(before);
                if let Some(long) = long_form(inner, &words, true) {
                    *found.entry((inner.to_string(), long)).or_insert(0) += 1;
                }
            } else if let Some(prev) = before
                [before.floor_char_boundary(before.len().saturating_sub(64))..]
                .split_whitespace()
                .last()
                && is_abbreviation(prev.trim_matches(|c: char| !c.is_alphanumeric()))
            {
                let abbr = prev.trim_matches(|c: char| !c.is_alphanumeric());
                let words: Vec<&str> = inner.split_whitespace().collect();
                if words.len() <= MAX_WORDS
                    && let Some(long) = long_form(abbr, &words, false)
                {
                    *found.entry((abbr.to_string(), long)).or_insert(0) += 1;
                }
            }
            offset = abs_open + 1;
            rest = &text[offset..];
        }
    }

    #[test]
    fn learns_what_the_plain_way_learns() {
        let words = [
            "Digital",
            "Post",
            "til",
            "Virksomheter",
            "(DPV)",
            "DPV",
            "(",
            ")",
            "(TUL",
            "TUL)",
            ".",
            ", ",
            "tjenesteutviklingsløsning",
            "TUL",
            "data.altinn.no",
            "(DAN)",
            "DAN",
            "ΣΑΣ",
            "σας",
            "\"Dp\"",
            "d",
            "p",
            "v",
            "Æ",
            "ØK",
            "økonomi",
            "kontor",
            "(ØK)",
        ];
        let mut rng = crate::search::TestRng::new(29);
        let mut learned = 0;
        for _ in 0..5000 {
            let text: Vec<&str> = (0..rng.below(30))
                .map(|_| words[rng.below(words.len())])
                .collect();
            let text = text.join(if rng.below(2) == 0 { " " } else { "" });
            let (mut got, mut want) = (BTreeMap::new(), BTreeMap::new());
            learn(&text, &mut got);
            learn_plainly(&text, &mut want);
            assert_eq!(got, want, "{text:?}");
            learned += want.len();
        }
        assert!(learned > 100, "{learned}");
    }

    #[test]
    fn ignores_parentheses_that_do_not_match() {
        assert!(pairs("Dette er et eksempel (XML) på noe.").is_empty());
        assert!(pairs("Se siden (og les den).").is_empty());
    }
}
