//! Validators for the Norwegian field types, as pure functions.
//!
//! The same rules are implemented in `themes/default/static/js/forms.js`; the shared test
//! vectors in `tests/fixtures/validator-vectors.json` are run through both (Rust: the unit
//! test below; JavaScript: `tests/browser/validators.mjs`, run by `tests/testsuite/forms.rs`).
//! Input is normalised first: spaces (and, for numbers, `.` separators) are ignored.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The value with spaces removed (and, for account numbers, dots).
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn digits(s: &str, len: usize) -> Option<Vec<u32>> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    if d.iter().all(|&x| x == 0) {
        return None;
    }
    Some(d)
}

/// The mod-11 check digit for `d` with `weights`, or `None` when the remainder makes it 10.
fn mod11(d: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = d.iter().zip(weights).map(|(a, b)| a * b).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// Organisasjonsnummer: 9 digits, mod 11 with weights 3 2 7 6 5 4 3 2.
pub fn organisasjonsnummer(s: &str) -> bool {
    let s = compact(s);
    let Some(d) = digits(&s, 9) else {
        return false;
    };
    mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[8])
}

/// Kontonummer: 11 digits, mod 11 with weights 5 4 3 2 7 6 5 4 3 2. Dots are allowed
/// (`1234.56.78903`).
pub fn kontonummer(s: &str) -> bool {
    let s: String = compact(s).chars().filter(|&c| c != '.').collect();
    let Some(d) = digits(&s, 11) else {
        return false;
    };
    mod11(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10])
}

/// Fødselsnummer or D-nummer (also H-nummer and synthetic test numbers, whose month has
/// 40 or 80 added): 11 digits, a plausible date, and two mod-11 check digits. From 2032
/// the first check digit may leave a weighted remainder of 0, 1, 2 or 3 (the "2032
/// rule"), so those are accepted; the second check digit is unchanged.
pub fn fodselsnummer(s: &str) -> bool {
    let s = compact(s);
    let Some(d) = digits(&s, 11) else {
        return false;
    };
    let mut day = d[0] * 10 + d[1];
    let mut month = d[2] * 10 + d[3];
    if day > 40 {
        day -= 40; // D-nummer
    }
    if month > 80 {
        month -= 80; // synthetic (Tenor) test persons
    } else if month > 40 {
        month -= 40; // H-nummer
    }
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return false;
    }
    let w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
    let r1: u32 = d[..10].iter().zip(w1).map(|(a, b)| a * b).sum::<u32>() % 11;
    if r1 > 3 {
        return false;
    }
    let w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    d.iter().zip(w2).map(|(a, b)| a * b).sum::<u32>() % 11 == 0
}

/// Norwegian mobile number: optional `+47` or `0047`, then 8 digits starting with 4 or 9.
pub fn mobil(s: &str) -> bool {
    let s = compact(s);
    let rest = s
        .strip_prefix("+47")
        .or_else(|| s.strip_prefix("0047"))
        .unwrap_or(&s);
    rest.len() == 8
        && rest.bytes().all(|b| b.is_ascii_digit())
        && matches!(rest.as_bytes()[0], b'4' | b'9')
}

/// Postnummer: 4 digits (a string: `0150` keeps its zero), not `0000`.
pub fn postnummer(s: &str) -> bool {
    let s = s.trim();
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && s != "0000"
}

/// E-mail address: one `@`, a non-empty local part, a domain with a dot, no spaces.
pub fn epost(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && domain.contains('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
}

/// An IPv4 or IPv6 address, optionally with a CIDR prefix length (`10.0.0.0/24`).
pub fn ip_cidr(s: &str) -> bool {
    let s = s.trim();
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let max = if strict_ipv4(addr) {
        32
    } else if addr.contains(':') && addr.parse::<Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    match prefix {
        None => true,
        Some(p) => {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p == "0" || !p.starts_with('0'))
                && p.parse::<u32>().is_ok_and(|n| n <= max)
        }
    }
}

/// Dotted-quad IPv4 without leading zeros (`010.0.0.1` is ambiguous and rejected).
fn strict_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok() && s.split('.').all(|p| p == "0" || !p.starts_with('0'))
}

/// The validator for a Norwegian field type, by type name.
pub fn for_type(ty: &str) -> Option<fn(&str) -> bool> {
    Some(match ty {
        "organisasjonsnummer" => organisasjonsnummer,
        "fodselsnummer" => fodselsnummer,
        "kontonummer" => kontonummer,
        "mobil" => mobil,
        "postnummer" => postnummer,
        "email" => epost,
        "ip" => ip_cidr,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared vectors (also run through forms.js).
    #[test]
    fn shared_vectors() {
        let text = include_str!("../../tests/fixtures/validator-vectors.json");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut n = 0;
        for (ty, cases) in v.as_object().unwrap() {
            let f = for_type(ty).unwrap_or_else(|| panic!("no validator for {ty}"));
            for (key, want) in [("valid", true), ("invalid", false)] {
                for case in cases[key].as_array().unwrap() {
                    let s = case.as_str().unwrap();
                    assert_eq!(f(s), want, "{ty}({s:?}) should be {want}");
                    n += 1;
                }
            }
        }
        assert!(n > 60, "only {n} vectors");
    }
}
