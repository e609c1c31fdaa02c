//! Heading ids byte-compatible with Hugo's default (`autoHeadingIDType = "github"`).
//!
//! Hugo hands goldmark's id generator the heading's *raw source text* (markdown markup and
//! inline HTML included), trims it, keeps letters and digits of every script (lower-cased)
//! and `_`, turns spaces and `-` into `-`, and drops everything else. Duplicates on a page get
//! `-1`, `-2`, …; an empty result becomes `heading`. This module is pure string work.

use std::collections::HashSet;

/// The id for one heading's raw source text, before de-duplication.
pub fn slug(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        if c == ' ' || c == '-' {
            out.push('-');
        } else if c == '_' || c.is_alphabetic() || c.is_numeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Hands out unique ids on one page, in document order.
#[derive(Debug, Default, Clone)]
pub struct IdAllocator {
    used: HashSet<String>,
    /// For each base id, the suffix to try next: every `base-k` below it is taken, so many
    /// headings with the same text cost linear, not quadratic, time.
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers an explicit id (`{#custom}`) so generated ids avoid it.
    pub fn put(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique id for a heading with this raw source text.
    pub fn generate(&mut self, raw: &str) -> String {
        let mut id = slug(raw);
        if id.is_empty() {
            id.push_str("heading");
        }
        if self.used.contains(&id) {
            let base = id.clone();
            let mut i = self.next.get(&base).copied().unwrap_or(1);
            loop {
                id = format!("{base}-{i}");
                if !self.used.contains(&id) {
                    break;
                }
                i += 1;
            }
            self.next.insert(base, i + 1);
        }
        self.used.insert(id.clone());
        id
    }
}

/// The raw text of an ATX heading line (`## Tittel ##` → `Tittel`), without a trailing
/// `{#id .class}` attribute block.
pub fn atx_raw(line: &str) -> &str {
    let l = line.trim_end_matches(['\n', '\r']).trim_start();
    let l = l.trim_start_matches('#');
    let mut l = l.trim();
    // Closing sequence: a run of `#` preceded by a space (or the whole content).
    let without = l.trim_end_matches('#');
    if without.len() != l.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        l = without.trim_end();
    }
    strip_attributes(l)
}

/// Removes a trailing `{…}` attribute block.
pub fn strip_attributes(l: &str) -> &str {
    let t = l.trim_end();
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        let inner = &t[open + 1..t.len() - 1];
        if inner.trim_start().starts_with(['#', '.']) || inner.contains('=') {
            return t[..open].trim_end();
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_norwegian_letters() {
        assert_eq!(slug("Åpning i brannmur"), "åpning-i-brannmur");
        assert_eq!(slug("Spørsmål og svar"), "spørsmål-og-svar");
        assert_eq!(slug("  Ærlig talt  "), "ærlig-talt");
    }

    #[test]
    fn drops_punctuation_keeps_markup_text() {
        assert_eq!(slug("Hva er TUL?"), "hva-er-tul");
        assert_eq!(slug("**Viktig**: `kode`"), "viktig-kode");
        assert_eq!(slug("Steg 1 - Bestill"), "steg-1---bestill");
        assert_eq!(slug("snake_case"), "snake_case");
        assert_eq!(
            slug("A <span class=\"badge\">B</span>"),
            "a-span-classbadgebspan"
        );
        assert_eq!(slug("[Lenke](../a/)"), "lenkea");
    }

    #[test]
    fn duplicates_get_numbers() {
        let mut ids = IdAllocator::new();
        assert_eq!(ids.generate("Eksempel"), "eksempel");
        assert_eq!(ids.generate("Eksempel"), "eksempel-1");
        assert_eq!(ids.generate("Eksempel"), "eksempel-2");
        assert_eq!(ids.generate("!!!"), "heading");
        assert_eq!(ids.generate("???"), "heading-1");
    }

    #[test]
    fn many_duplicates_skip_taken_ids() {
        let mut ids = IdAllocator::new();
        assert_eq!(ids.generate("A"), "a");
        assert_eq!(ids.generate("A"), "a-1");
        ids.put("a-2");
        assert_eq!(ids.generate("A 1"), "a-1-1");
        assert_eq!(ids.generate("A"), "a-3");
        for i in 4..5000 {
            assert_eq!(ids.generate("A"), format!("a-{i}"));
        }
    }

    #[test]
    fn explicit_ids_are_reserved() {
        let mut ids = IdAllocator::new();
        ids.put("intro");
        assert_eq!(ids.generate("Intro"), "intro-1");
    }

    #[test]
    fn atx_lines() {
        assert_eq!(atx_raw("## Tittel ##\n"), "Tittel");
        assert_eq!(atx_raw("### C# er fint"), "C# er fint");
        assert_eq!(atx_raw("## Egen {#egen-id}"), "Egen");
        assert_eq!(atx_raw("#"), "");
    }
}
