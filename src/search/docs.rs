//! Doc sections: each searchable page split at its headings (`<hN id="…">`) into sections
//! with plain text, read from the rendered HTML of the resolved site.

use crate::model::{FrontMatter, PageKind, Site};
use rayon::prelude::*;

/// One searchable page.
#[derive(Debug, Clone)]
pub struct DocPage {
    pub page: usize,
    /// Absolute URL path with the base path (`/docs/a/b/`), not percent-encoded.
    pub url: String,
    pub title: String,
    /// The short title of menus (`linktitle`), when it differs from the title.
    pub linktitle: String,
    pub lang: String,
    pub description: String,
    /// Tags, categories and keywords.
    pub terms: Vec<String>,
    /// Titles of the ancestors, the root (home, or a language's home) excluded.
    pub path: Vec<String>,
    /// Titles of the child pages (a section page is described by what it leads to, like
    /// anchor text).
    pub children: Vec<String>,
    /// The last segment of the URL (`feilsoking`), a weak field: slugs are written by people.
    pub slug: String,
    /// Section 0 is the text before the first heading (may be empty).
    pub sections: Vec<DocSection>,
    /// How much its matches count in ranking, 0 < weight ≤ 1 (see [`weight`]).
    pub weight: f32,
}

#[derive(Debug, Clone, Default)]
pub struct DocSection {
    /// Heading id, "" for the page's lead section.
    pub anchor: String,
    pub heading: String,
    pub level: u8,
    pub text: String,
    /// Text in `<strong>`, `<b>`, `<dt>`, `<th>`: often used as small headings.
    pub emphasis: String,
}

/// The searchable pages of `site` in site order (hidden, draft and taxonomy pages left out).
pub fn collect(site: &Site) -> Vec<DocPage> {
    searchable(site)
        .par_iter()
        .map(|&id| doc_page(site, id))
        .collect()
}

/// The ids of the searchable pages of `site`, in site order.
pub fn searchable(site: &Site) -> Vec<usize> {
    site.pages
        .iter()
        .filter(|p| {
            matches!(p.kind, PageKind::Home | PageKind::Section | PageKind::Page)
                && !p.front.hidden
                && !p.front.draft
        })
        .map(|p| p.id)
        .collect()
}

/// What search reads of page `id`.
pub fn doc_page(site: &Site, id: usize) -> DocPage {
    let p = &site.pages[id];
    // The first ancestor is the page's root: the home page, or its language's.
    let path: Vec<String> = site
        .ancestors(p.id)
        .into_iter()
        .skip(1)
        .map(|a| site.pages[a].nav_title().to_string())
        .collect();
    let mut terms = p.front.tags.clone();
    terms.extend(p.front.categories.iter().cloned());
    terms.extend(p.front.keywords.iter().cloned());
    let slug = p
        .url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".html")
        .to_string();
    DocPage {
        page: p.id,
        url: site.abs_url(&p.url),
        title: p.title.clone(),
        linktitle: p
            .front
            .linktitle
            .clone()
            .filter(|l| *l != p.title)
            .unwrap_or_default(),
        lang: p.lang.clone(),
        description: p.front.description.clone().unwrap_or_default(),
        terms,
        path,
        children: p
            .children
            .iter()
            .map(|&c| &site.pages[c])
            .filter(|c| !c.front.hidden && !c.front.draft)
            .take(40)
            .map(|c| c.nav_title().to_string())
            .collect(),
        slug,
        sections: sections_with(&p.content.html, super::code_blocks(site), &|_| {
            String::new()
        }),
        weight: weight(site, id),
    }
}

/// How much page `id`'s matches count in ranking: the `search_weight` of its front matter
/// when it gives a valid one (above 0, at most 1), the site's release-notes weight for a
/// release note ([`is_release_note`]), else 1. A release note mentions a feature in a few
/// lines; the page that documents it should rank above it on the same words.
pub fn weight(site: &Site, id: usize) -> f32 {
    let p = &site.pages[id];
    if let Some(w) = front_weight(&p.front).and_then(valid_weight) {
        return w;
    }
    if is_release_note(&p.front, &p.title) {
        return super::release_notes_weight(site);
    }
    1.0
}

/// The `search_weight` key of a page's front matter (any letter case), if it has one.
pub fn front_weight(front: &FrontMatter) -> Option<&serde_json::Value> {
    front
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("search_weight"))
        .map(|(_, v)| v)
}

/// A weight above 0 and at most 1.
pub fn valid_weight(v: &serde_json::Value) -> Option<f32> {
    v.as_f64()
        .filter(|w| *w > 0.0 && *w <= 1.0)
        .map(|w| w as f32)
}

/// Whether a page is a release note or a changelog entry: its title is a version number
/// (`18.12`, `v2.1.0`, `Versjon 3.0`, `Release 21.8`), or its front matter `type` says
/// release or changelog (`type: releasenote`).
pub fn is_release_note(front: &FrontMatter, title: &str) -> bool {
    let by_type = front.type_.as_deref().is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("release") || t.contains("changelog")
    });
    by_type || is_version(title)
}

/// `18.12`, `v2.1.0`, `Versjon 3.0`, `Release 21.8`, `Utgave 4.2`: a version number (at
/// least two numbers with full stops between them), perhaps after a word that says so.
fn is_version(title: &str) -> bool {
    let t = title.trim().to_lowercase();
    let mut rest = t.as_str();
    for word in ["version", "versjon", "release", "utgave", "utgivelse"] {
        if let Some(r) = rest.strip_prefix(word) {
            rest = r.trim_start();
            break;
        }
    }
    let rest = rest.strip_prefix('v').unwrap_or(rest);
    let parts: Vec<&str> = rest.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A fingerprint of everything [`doc_page`] reads of page `id` (keep the two in step): equal
/// fingerprints give equal doc pages, so the preview server reuses what it made of a page.
pub fn fingerprint(site: &Site, id: usize) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let p = &site.pages[id];
    let mut h = foldhash::quality::FixedState::with_seed(7).build_hasher();
    p.content.html.hash(&mut h);
    site.abs_url(&p.url).hash(&mut h);
    p.title.hash(&mut h);
    p.front.linktitle.hash(&mut h);
    p.lang.hash(&mut h);
    p.front.description.hash(&mut h);
    p.front.tags.hash(&mut h);
    p.front.categories.hash(&mut h);
    p.front.keywords.hash(&mut h);
    weight(site, id).to_bits().hash(&mut h);
    for (i, a) in site.ancestors(id).into_iter().enumerate() {
        (i == 0).hash(&mut h);
        site.pages[a].nav_title().hash(&mut h);
    }
    0xA5u8.hash(&mut h);
    for &c in &p.children {
        let c = &site.pages[c];
        (c.front.hidden, c.front.draft, c.nav_title()).hash(&mut h);
    }
    h.finish()
}

/// Tags that separate words (a space is put between their texts).
fn is_block_tag(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"li"
            | b"ul"
            | b"ol"
            | b"br"
            | b"tr"
            | b"td"
            | b"th"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"pre"
            | b"blockquote"
            | b"dt"
            | b"dd"
            | b"dl"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"hr"
            | b"details"
            | b"summary"
            | b"section"
            | b"figure"
            | b"figcaption"
            | b"img"
            | b"aside"
            | b"nav"
            | b"header"
            | b"footer"
    )
}

/// Tags whose text is also kept as emphasis (often used as small headings).
fn is_emphasis_tag(name: &[u8]) -> bool {
    matches!(name, b"strong" | b"b" | b"dt" | b"th")
}

/// Splits rendered HTML into sections at headings that have an id.
pub fn sections(html: &str) -> Vec<DocSection> {
    sections_with(html, true, &|_| String::new())
}

/// [`sections`], with the text of code blocks (`<pre>`) or without it (`code`: see
/// [`super::code_blocks`]), and with `deferred(n)` giving the text of deferred shortcode `n`
/// (the `children` lists are left out: the page's children are a field of their own).
pub fn sections_with(
    html: &str,
    code: bool,
    deferred: &dyn Fn(usize) -> String,
) -> Vec<DocSection> {
    let mut out = Vec::new();
    // The section being read: its text grows in these buffers (reused from section to
    // section), then is copied once at its end.
    let mut cur = DocSection::default();
    let mut rest = html;
    let mut emph_depth = 0usize;
    // Inside a heading with an id: (level) — its text goes to the heading.
    let mut in_heading: Option<u8> = None;
    let mut skip_until: Option<&'static [u8]> = None;
    while !rest.is_empty() {
        let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) else {
            push_text(&mut cur, rest, in_heading, emph_depth, deferred);
            break;
        };
        if lt > 0 && skip_until.is_none() {
            push_text(&mut cur, &rest[..lt], in_heading, emph_depth, deferred);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let bare = tag.trim_start_matches('/');
        let mut name_buf = [0u8; 12];
        let name = tag_name(bare, &mut name_buf);
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        if !closing && (name == b"script" || name == b"style") {
            skip_until = Some(if name == b"script" {
                b"script"
            } else {
                b"style"
            });
            continue;
        }
        if !closing && name == b"a" && tag.contains("class=\"footnote-") {
            // A footnote's number and its links back (↩) are no words of the text.
            skip_until = Some(b"a");
            continue;
        }
        if !code && !closing && name == b"pre" {
            // Left out, but it still separates the words around it.
            skip_until = Some(b"pre");
            if in_heading.is_none() && !cur.text.ends_with(' ') && !cur.text.is_empty() {
                cur.text.push(' ');
            }
            continue;
        }
        let level = heading_level(name);
        if let Some(level) = level {
            if !closing {
                if let Some(id) = attr(tag, "id") {
                    out.push(finish(&mut cur));
                    cur.anchor = decode_entities(&id);
                    cur.level = level;
                    in_heading = Some(level);
                    continue;
                }
            } else if in_heading == Some(level) {
                in_heading = None;
                continue;
            }
        }
        if is_emphasis_tag(name) {
            if closing {
                emph_depth = emph_depth.saturating_sub(1);
                if emph_depth == 0 {
                    cur.emphasis.push(' ');
                }
            } else if !tag.ends_with('/') {
                emph_depth += 1;
            }
        }
        if is_block_tag(name)
            && in_heading.is_none()
            && !cur.text.ends_with(' ')
            && !cur.text.is_empty()
        {
            cur.text.push(' ');
        }
    }
    out.push(finish(&mut cur));
    out
}

/// The section `cur` has read (white space at the ends of its texts trimmed), leaving `cur`
/// empty for the next one (its buffers kept).
fn finish(cur: &mut DocSection) -> DocSection {
    let section = DocSection {
        anchor: std::mem::take(&mut cur.anchor),
        heading: cur.heading.trim_end().to_string(),
        level: cur.level,
        text: cur.text.trim_end().to_string(),
        emphasis: cur.emphasis.trim_end().to_string(),
    };
    cur.heading.clear();
    cur.text.clear();
    cur.emphasis.clear();
    cur.level = 0;
    section
}

fn push_text(
    s: &mut DocSection,
    raw: &str,
    in_heading: Option<u8>,
    emph: usize,
    deferred: &dyn Fn(usize) -> String,
) {
    // Most texts have neither entities nor markers: one look for both.
    let plain = memchr::memchr2(b'&', 0xEE, raw.as_bytes()).is_none();
    let mut text = if !plain && raw.contains('&') {
        std::borrow::Cow::Owned(decode_entities(raw))
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    // The markers U+E000–U+E002 are the only characters starting with byte 0xEE here.
    if !plain
        && memchr::memchr(0xEE, text.as_bytes()).is_some()
        && text.contains(['\u{E000}', '\u{E001}', '\u{E002}'])
    {
        text = std::borrow::Cow::Owned(strip_markers(&text, deferred));
    }
    let target = if in_heading.is_some() {
        &mut s.heading
    } else {
        &mut s.text
    };
    push_squashed(target, &text);
    if in_heading.is_none() && emph > 0 {
        push_squashed(&mut s.emphasis, &text);
    }
}

/// Removes link markers and replaces deferred-shortcode markers (`\u{E002}12\u{E001}`) by
/// the text the shortcode shows.
fn strip_markers(text: &str, deferred: &dyn Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut marker: Option<(char, usize)> = None;
    for c in text.chars() {
        match (c, marker) {
            ('\u{E000}' | '\u{E002}', _) => marker = Some((c, 0)),
            ('\u{E001}', Some((open, n))) => {
                if open == '\u{E002}' {
                    out.push(' ');
                    out.push_str(&deferred(n));
                    out.push(' ');
                }
                marker = None;
            }
            (d, Some((open, n))) if d.is_ascii_digit() => {
                marker = Some((open, n * 10 + (d as usize - '0' as usize)));
            }
            _ => {
                marker = None;
                if c != '\u{E001}' {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// The name at the start of `tag` (its ASCII letters and digits) lower-cased, in `buf`;
/// empty if it is longer than any name looked for.
fn tag_name<'b>(tag: &str, buf: &'b mut [u8; 12]) -> &'b [u8] {
    let b = tag.as_bytes();
    let mut n = 0;
    while let Some(&c) = b.get(n)
        && c.is_ascii_alphanumeric()
    {
        let Some(slot) = buf.get_mut(n) else {
            return b"";
        };
        *slot = c.to_ascii_lowercase();
        n += 1;
    }
    &buf[..n]
}

fn heading_level(name: &[u8]) -> Option<u8> {
    let b = name;
    if b.len() == 2 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1]) {
        Some(b[1] - b'0')
    } else {
        None
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + name.len()..];
        let after_trim = after.trim_start();
        if before_ok && let Some(v) = after_trim.strip_prefix('=') {
            let v = v.trim_start();
            let (q, body) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (q, &v[1..]),
                _ => {
                    let end = v
                        .find(|c: char| c.is_whitespace() || c == '/')
                        .unwrap_or(v.len());
                    return Some(v[..end].to_string());
                }
            };
            let end = body.find(q).unwrap_or(body.len());
            return Some(body[..end].to_string());
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// Appends `text` with runs of whitespace collapsed to one space (no leading space).
fn push_squashed(out: &mut String, text: &str) {
    let b = text.as_bytes();
    let n = b.len();
    out.reserve(n);
    // Whether the last character (of `out`, then of `text`) was white space.
    let mut white = out.is_empty() || out.ends_with(' ');
    // The start of the text not copied yet.
    let mut run = 0;
    let mut i = 0;
    while i < n {
        // Eight bytes at a time (the last ones padded): printable ASCII and single spaces
        // are copied as they are; anything else is looked at below, a character at a time.
        let from = i;
        let mut after_white = u64::from(white) << 7;
        loop {
            let (w, len) = load8(b, i);
            let stop = squash_stops(w, after_white);
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            i += len;
            if i >= n {
                break;
            }
            after_white = u64::from(w >> 56 == u64::from(b' ')) << 7;
        }
        if i > from {
            white = b[i - 1] == b' ';
        }
        if i >= n {
            break;
        }
        let c0 = b[i];
        if matches!(c0, b'\t'..=b'\r' | b' ') {
            // A run of ASCII white space: one space, or none after white space.
            let end = b[i..]
                .iter()
                .position(|c| !matches!(c, b'\t'..=b'\r' | b' '))
                .map_or(n, |k| i + k);
            if white || end - i > 1 || c0 != b' ' {
                if run < i {
                    out.push_str(&text[run..i]);
                }
                if !white {
                    out.push(' ');
                }
                run = end;
            }
            white = true;
            i = end;
            continue;
        }
        let (is_white, len) = match c0 {
            0..0x80 => (false, 1),
            // Only these lead bytes start non-ASCII white space (U+0085, U+00A0, U+1680,
            // U+2000–U+205F, U+3000).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            0xC0..0xE0 => (false, 2),
            0xE0..0xF0 => (false, 3),
            _ => (false, 4),
        };
        if !is_white {
            white = false;
        } else if white {
            // A second white space character: dropped.
            out.push_str(&text[run..i]);
            run = i + len;
        } else if c0 != b' ' {
            // Another white space character than a space: a space instead.
            out.push_str(&text[run..i]);
            out.push(' ');
            run = i + len;
            white = true;
        } else {
            white = true;
        }
        i += len;
    }
    if run < n {
        out.push_str(&text[run..]);
    }
}

/// The eight bytes of `b` at `i` as a little-endian word, and how many of them are `b`'s
/// (`i` is below `b.len()`): past its end, the word is padded with `a`s.
#[inline]
fn load8(b: &[u8], i: usize) -> (u64, usize) {
    if let Some(chunk) = b.get(i..i + 8) {
        return (u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])), 8);
    }
    let len = b.len() - i;
    if let Some(last) = b.len().checked_sub(8).and_then(|s| b.get(s..)) {
        // The last eight bytes, shifted down to start at `i`.
        let w = u64::from_le_bytes(last.try_into().unwrap_or([0; 8])) >> (8 * (8 - len));
        return (w | 0x6161_6161_6161_6161 << (8 * len), len);
    }
    let mut pad = [b'a'; 8];
    for (p, &c) in pad.iter_mut().zip(&b[i..]) {
        *p = c;
    }
    (u64::from_le_bytes(pad), len)
}

/// Per byte of `w`, the high bit where [`push_squashed`] must look closer: a control
/// character, a non-ASCII byte, or a space after white space (`after_white`: 0x80 when the
/// character before the first byte is white space, else 0). Exact up to the lowest set bit
/// (the only one used): a bit above may be set without cause.
#[inline]
fn squash_stops(w: u64, after_white: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Below 0x20 and 0x80 or above (a borrow only marks bytes after a byte below 0x20).
    let other = (w.wrapping_sub(LO * 0x20) & !w) | w;
    // At most 0x20: spaces, given that the others stop before.
    let low = w.wrapping_sub(LO * 0x21) & !w & HI;
    let double = low & (low << 8 | after_white);
    (other | double) & HI
}

/// Collapses runs of whitespace into one space and trims.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Decodes the HTML entities pulldown-cmark and authors write.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "shy" => Some('\u{AD}'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "laquo" => Some('«'),
            "raquo" => Some('»'),
            "aring" => Some('å'),
            "Aring" => Some('Å'),
            "aelig" => Some('æ'),
            "AElig" => Some('Æ'),
            "oslash" => Some('ø'),
            "Oslash" => Some('Ø'),
            _ => {
                let num = ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()));
                num.and_then(char::from_u32)
            }
        };
        match decoded {
            Some('\u{AD}') => rest = &rest[end + 1..],
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_titles_are_release_notes() {
        for t in [
            "18.12",
            " 21.8 ",
            "v2.1.0",
            "Versjon 3.0",
            "Release 21.8",
            "utgave 4.2",
        ] {
            assert!(is_version(t), "{t}");
        }
        for t in [
            "Tjenester 3.0",
            "2021",
            "Release notes",
            "1.5 Mappinger",
            "18.",
            ".5",
            "v",
            "Versjon",
            "",
        ] {
            assert!(!is_version(t), "{t}");
        }
    }

    #[test]
    fn weights_come_from_front_matter_then_release_notes() {
        let mut front = FrontMatter::default();
        assert!(!is_release_note(&front, "Oversikt"));
        front.type_ = Some("releasenote".into());
        assert!(is_release_note(&front, "Oversikt"));
        front.type_ = Some("Changelog".into());
        assert!(is_release_note(&front, "Oversikt"));
        front.type_ = None;
        assert!(is_release_note(&front, "22.3"));
        assert_eq!(front_weight(&front), None);
        front
            .params
            .insert("Search_Weight".into(), serde_json::json!(0.25));
        assert_eq!(front_weight(&front).and_then(valid_weight), Some(0.25));
        for bad in [
            serde_json::json!(0),
            serde_json::json!(1.5),
            serde_json::json!("høy"),
        ] {
            assert_eq!(valid_weight(&bad), None, "{bad}");
        }
        assert_eq!(valid_weight(&serde_json::json!(1)), Some(1.0));
    }
    use crate::search::TestRng;

    #[test]
    fn splits_at_headings_with_ids() {
        let html = "<p>Intro &amp; mer</p>\n<h2 id=\"åpning\">Åpning <em>i</em> brannmur</h2>\n<p><strong>Testbrukere</strong><br />Bestill dem.</p><h3>Uten id</h3><p>x</p>";
        let s = sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "Intro & mer");
        assert_eq!(s[1].anchor, "åpning");
        assert_eq!(s[1].heading, "Åpning i brannmur");
        assert_eq!(s[1].level, 2);
        assert_eq!(s[1].text, "Testbrukere Bestill dem. Uten id x");
        assert_eq!(s[1].emphasis, "Testbrukere");
    }

    #[test]
    fn white_space_is_squashed_as_char_by_char() {
        fn reference(out: &mut String, text: &str) {
            let mut white = out.is_empty() || out.ends_with(' ');
            for c in text.chars() {
                if !c.is_whitespace() {
                    out.push(c);
                    white = false;
                } else if !white {
                    out.push(' ');
                    white = true;
                }
            }
        }
        // Every kind of white space; and mostly words and spaces, as most text is.
        let alphabets: [Vec<char>; 2] = [
            "ab. \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2003}\u{202f}\u{3000}æ€\u{1}"
                .chars()
                .collect(),
            "abcdefgh   ,!~\u{7f}\nø".chars().collect(),
        ];
        let mut rng = TestRng::new(11);
        for alphabet in &alphabets {
            for _ in 0..30_000 {
                let text = rng.string(alphabet, 40);
                let start = ["", "x", "x "][rng.below(3)];
                let (mut a, mut b) = (start.to_string(), start.to_string());
                push_squashed(&mut a, &text);
                reference(&mut b, &text);
                assert_eq!(a, b, "{start:?} + {text:?}");
            }
        }
    }

    #[test]
    fn tag_names_are_read_as_by_chars() {
        fn reference(tag: &str) -> String {
            let end = tag
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tag.len());
            if end <= 12 {
                tag[..end].to_ascii_lowercase()
            } else {
                String::new()
            }
        }
        let alphabet: Vec<char> = "aZh29 /=\"'æ€>-".chars().collect();
        let mut rng = TestRng::new(5);
        for _ in 0..30_000 {
            let tag = rng.string(&alphabet, 18);
            let mut buf = [0u8; 12];
            assert_eq!(
                tag_name(&tag, &mut buf),
                reference(&tag).as_bytes(),
                "{tag:?}"
            );
        }
    }

    #[test]
    fn plain_texts_and_texts_with_entities_or_markers() {
        let html = "<p>a &lt; b</p><p>\u{E000}1\u{E001}c &amp; d \u{E002}0\u{E001}</p><h2 id=x>e &gt;</h2>f";
        let s = sections_with(html, true, &|n| format!("kort{n}"));
        assert_eq!(s[0].text, "a < b c & d kort0");
        assert_eq!(s[1].heading, "e >");
        assert_eq!(s[1].text, "f");
    }

    #[test]
    fn drops_markers_and_decodes_entities() {
        let html =
            "<p><a href=\"\u{E000}3\u{E001}\">lenke</a> &#229;r &#xE6; \u{E002}1\u{E001}</p>";
        let s = sections(html);
        assert_eq!(s[0].text, "lenke år æ");
    }

    #[test]
    fn code_blocks_are_kept_or_left_out() {
        let html = "<p>Svaret:</p><pre><code>GetReporteeResult\n  &lt;navn&gt;</code></pre>neste <b>ord</b><h2 id=x>Kode</h2><pre>a</pre>";
        let kept = sections_with(html, true, &|_| String::new());
        assert_eq!(kept[0].text, "Svaret: GetReporteeResult <navn> neste ord");
        assert_eq!(kept[1].text, "a");
        let without = sections_with(html, false, &|_| String::new());
        assert_eq!(without[0].text, "Svaret: neste ord");
        assert_eq!(without[0].emphasis, "ord");
        assert_eq!(without[1].heading, "Kode");
        assert_eq!(without[1].text, "");
    }
}
