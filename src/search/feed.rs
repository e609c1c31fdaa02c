//! The search feed (`search/sections.jsonl`): one JSON line per doc section (url#anchor,
//! title, section path, language, text) for a portal's own search engine, and the JSON
//! string escaping it and the doc chunks share.
use rayon::prelude::*;
use std::fmt::Write;

use super::docs::DocPage;
use crate::model::Site;
use crate::resolve::urls::{push_href, push_url_path};

/// The JSON Lines search feed: one doc section per line (url with #anchor, page title,
/// section heading, section path from the top section down to the heading, language, text), a string per page.
pub(super) fn feed_lines(site: &Site, pages: &[DocPage]) -> Vec<String> {
    let base = site.config.base_url.trim_end_matches('/');
    // With an absolute base URL, URLs are absolute: scheme and host + the page's path.
    let origin = base.find("://").map(|i| {
        let host_end = base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j);
        &base[..host_end]
    });
    let chunks: Vec<String> = pages
        .par_iter()
        .map(|p| {
            // What every section of the page shares, escaped once.
            let mut title = String::new();
            push_json_str(&mut title, &p.title);
            let mut path = String::new();
            for (i, t) in p.path.iter().chain([&p.title]).enumerate() {
                if i > 0 {
                    path.push(',');
                }
                push_json_str(&mut path, t);
            }
            let mut lang = String::new();
            push_json_str(&mut lang, &p.lang);
            let mut url = origin.unwrap_or("").to_string();
            push_url_path(&mut url, &p.url);
            let page_url_len = url.len();
            // Room for every line: the section's own strings (the heading twice, the anchor
            // percent-encoded, a little for escapes), the page's, and the names around them.
            let own: usize = p
                .sections
                .iter()
                .map(|s| s.text.len() * 17 / 16 + 2 * s.heading.len() + 3 * s.anchor.len() + 80)
                .sum();
            let mut out = String::with_capacity(
                own + p.sections.len() * (url.len() + title.len() + path.len() + lang.len()),
            );
            for s in &p.sections {
                if s.heading.is_empty() && s.text.is_empty() {
                    continue;
                }
                url.truncate(page_url_len);
                if !s.anchor.is_empty() {
                    url.push('#');
                    push_href(&mut url, &s.anchor);
                }
                out.push_str("{\"url\":");
                push_json_str(&mut out, &url);
                out.push_str(",\"title\":");
                out.push_str(&title);
                out.push_str(",\"heading\":");
                push_json_str(&mut out, &s.heading);
                out.push_str(",\"path\":[");
                out.push_str(&path);
                if !s.heading.is_empty() {
                    out.push(',');
                    push_json_str(&mut out, &s.heading);
                }
                out.push_str("],\"lang\":");
                out.push_str(&lang);
                out.push_str(",\"text\":");
                push_json_str(&mut out, &s.text);
                out.push_str("}\n");
            }
            out
        })
        .collect();
    chunks
}

/// Appends `s` as a JSON string, escaped as serde_json does (`"`, `\\`, control characters).
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let mut run = 0;
    loop {
        let i = run + first_byte(&b[run..], needs_escape);
        if i == b.len() {
            break;
        }
        out.push_str(&s[run..i]);
        let c = b[i];
        let esc = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            _ => "",
        };
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Whether JSON needs byte `c` escaped: below 0x20, `"` or `\\`.
fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// Where the first byte of `b` that `hit` accepts is (`b.len()` when none is): 16 bytes at
/// a time with a fixed-size fold without an early exit, which the compiler turns into a
/// few vector instructions for a simple `hit`, then byte by byte in the 16 that hold it
/// (the last few bytes are checked padded with spaces, which `hit` must not accept, first:
/// most strings end without a hit).
fn first_byte(b: &[u8], hit: impl Fn(u8) -> bool + Copy) -> usize {
    let any = |c: &[u8; 16]| c.iter().fold(false, |m, &x| m | hit(x));
    let mut n = 0;
    for c in b.chunks_exact(16) {
        if c.try_into().is_ok_and(any) {
            break;
        }
        n += 16;
    }
    let rest = &b[n..];
    if rest.len() < 16 {
        let mut padded = [b' '; 16];
        padded[..rest.len()].copy_from_slice(rest);
        if !any(&padded) {
            return b.len();
        }
    }
    n + rest.iter().position(|&c| hit(c)).unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;

    #[test]
    fn json_strings_are_escaped_as_serde_json_does() {
        for s in [
            "",
            "plain text",
            "\"quoted\" and \\ back",
            "tab\there, new\nline, cr\r, bell\u{7}, nul\u{0}, \u{1f} and \u{7f}",
            "æøå “smart” — 12345678 \"\" 12345678\\",
            "exactly8\"",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        // Characters to escape at every position of a chunk and after borrows.
        let alphabet: Vec<char> = "ab \"\\\n\u{0}\u{1f} !#\u{7f}æ€😀".chars().collect();
        let mut rng = TestRng::new(3);
        for _ in 0..20_000 {
            let seed = rng.step();
            let len = (seed >> 59) as usize + 1;
            let s: String = (0..len)
                .map(|k| alphabet[(seed >> (k % 50)) as usize % alphabet.len()])
                .collect();
            let mut out = String::new();
            push_json_str(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }
}
