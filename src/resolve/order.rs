//! Page order: weight first (Hugo semantics: 0 or missing sorts last), then the title in
//! Norwegian alphabetical order (… x y z æ ø å, case-insensitive), then the content path so
//! the order is total and the same on every build. Pure functions only.

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;

/// A sort key for Norwegian collation. Letters compare case-insensitively, accents are
/// secondary (é sorts with e), and æ/ä, ø/ö, å/aa come after z in that order.
pub fn collation_key(s: &str) -> Vec<u32> {
    let lower = s.to_lowercase();
    let mut key = Vec::with_capacity(lower.len());
    for c in lower.chars() {
        let k = match c {
            'æ' | 'ä' => 0x7B,
            'ø' | 'ö' => 0x7C,
            'å' => 0x7D,
            _ => {
                // Strip accents: é → e, ü → u.
                let base = c.nfd().next().unwrap_or(c);
                if base.is_ascii() {
                    base as u32
                } else {
                    c as u32 + 0x100
                }
            }
        };
        key.push(k);
    }
    key
}

/// Compares two titles in Norwegian order; ties broken by the exact string.
pub fn compare_titles(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| a.cmp(b))
}

/// Hugo's weight order: positive and negative weights ascending, 0 (unset) last.
pub fn compare_weights(a: i64, b: i64) -> Ordering {
    match (a, b) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => a.cmp(&b),
    }
}

/// A sort key with the same order as [`compare`], for `sort_by_cached_key` (the collation
/// key is computed once per page, not once per comparison).
pub fn sort_key(weight: i64, title: &str, path: &str) -> (bool, i64, Vec<u32>, String, String) {
    (
        weight == 0,
        weight,
        collation_key(title),
        title.to_string(),
        path.to_string(),
    )
}

/// The full page order.
pub fn compare(a: (i64, &str, &str), b: (i64, &str, &str)) -> Ordering {
    compare_weights(a.0, b.0)
        .then_with(|| compare_titles(a.1, b.1))
        .then_with(|| a.2.cmp(b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare_titles(a, b));
        v
    }

    #[test]
    fn norwegian_letters_after_z() {
        assert_eq!(
            sorted(&["Åpning", "zebra", "Ørret", "ærlig", "Andre", "Ære"]),
            ["Andre", "zebra", "Ære", "ærlig", "Ørret", "Åpning"]
        );
    }

    #[test]
    fn case_insensitive_and_accents_secondary() {
        assert_eq!(sorted(&["b", "A", "é", "f"]), ["A", "b", "é", "f"]);
    }

    #[test]
    fn sort_key_agrees_with_compare() {
        let items = [
            (0, "b", "1"),
            (3, "Å", "2"),
            (3, "a", "3"),
            (-2, "z", "4"),
            (0, "Ære", "5"),
            (3, "a", "0"),
        ];
        let mut by_cmp = items.to_vec();
        by_cmp.sort_by(|x, y| compare(*x, *y));
        let mut by_key = items.to_vec();
        by_key.sort_by_cached_key(|x| sort_key(x.0, x.1, x.2));
        assert_eq!(by_cmp, by_key);
    }

    #[test]
    fn weight_zero_last() {
        let mut v = [(0, "a"), (2, "b"), (1, "c"), (-1, "d")];
        v.sort_by(|x, y| compare((x.0, x.1, ""), (y.0, y.1, "")));
        let names: Vec<_> = v.iter().map(|x| x.1).collect();
        assert_eq!(names, ["d", "c", "b", "a"]);
    }
}
