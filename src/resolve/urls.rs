//! Hugo's URL rules: content paths → pretty URLs.
//!
//! Paths are sanitised like Hugo's `UnicodeSanitize` (letters, digits and marks of every
//! script kept; spaces become `-`; most punctuation dropped) and lower-cased like Hugo's
//! default (`disablePathToLower = false`). URLs here are relative to the base path, start and
//! end with `/`, and are not percent-encoded. Pure functions only.

/// Sanitises one path (segments separated by `/`) like Hugo, then lower-cases it.
pub fn sanitize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut hyphen = false;
    for (i, &r) in chars.iter().enumerate() {
        let allowed = matches!(r, '.' | '/' | '_' | '#' | '+' | '~' | '-' | '@')
            || r.is_alphabetic()
            || r.is_numeric()
            || is_mark(r)
            || (r == '%'
                && chars.get(i + 1).is_some_and(|c| c.is_ascii_hexdigit())
                && chars.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit()));
        if allowed {
            if hyphen {
                out.push('-');
                hyphen = false;
            }
            out.extend(r.to_lowercase());
        } else if !out.is_empty() && r.is_whitespace() {
            hyphen = true;
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    // Combining diacritical marks (the common blocks); letters already cover the rest.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// URL of a content folder: `""` → `/`, `"Seres/Kom i gang"` → `/seres/kom-i-gang/`.
pub fn dir_url(dir: &str) -> String {
    let mut url = String::from("/");
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        let s = sanitize(seg);
        if s.is_empty() {
            continue;
        }
        url.push_str(&s);
        url.push('/');
    }
    url
}

/// Splits a content path into (folder, file name).
pub fn split_rel(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    }
}

/// The file name without its markdown extension.
pub fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// Whether a content path is a section's list page (`_index.md`).
pub fn is_section_index(rel: &str) -> bool {
    stem(split_rel(rel).1) == "_index"
}

/// Whether a content path is a leaf bundle (`index.md`).
pub fn is_leaf_index(rel: &str) -> bool {
    stem(split_rel(rel).1) == "index"
}

/// Why a `url` or `slug` cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct UrlError(pub String);

/// The URL Hugo gives a content file, honouring `slug` and `url` front matter.
pub fn page_url(rel: &str, slug: Option<&str>, url: Option<&str>) -> Result<String, UrlError> {
    if let Some(u) = url.filter(|u| !u.trim().is_empty()) {
        return explicit_url(u);
    }
    let (dir, name) = split_rel(rel);
    if is_section_index(rel) || is_leaf_index(rel) {
        return Ok(dir_url(dir));
    }
    let mut out = dir_url(dir);
    let last = match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            // A web server decodes `%2F` and `%2e%2e` before it looks for the file.
            let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
            if decoded.contains(['/', '\\']) || decoded == "." || decoded == ".." {
                return Err(UrlError(format!(
                    "slug `{s}` must be a single path segment"
                )));
            }
            sanitize(s)
        }
        None => sanitize(stem(name)),
    };
    if last.is_empty() || last == "." || last == ".." {
        return Err(UrlError(format!("`{name}` gives an empty URL segment")));
    }
    out.push_str(&last);
    out.push('/');
    Ok(out)
}

/// A `url` front matter value, used as written (Hugo does not lower-case it), but never
/// allowed to leave the output folder.
pub fn explicit_url(u: &str) -> Result<String, UrlError> {
    let mut parts = Vec::new();
    for raw in u.trim().split('/') {
        // URLs here are not percent-encoded (`href`s are encoded when written), and a web
        // server decodes `%2e%2e` and `%2F` before it looks for a file: decode, then check.
        let seg = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
        match seg.as_ref() {
            "" | "." => {}
            ".." => {
                return Err(UrlError(format!(
                    "url `{u}` contains `..`: URLs cannot point outside the site"
                )));
            }
            s if s.contains(['\\', '\0', '/']) => {
                return Err(UrlError(format!(
                    "url `{u}` contains a character that is not allowed (`\\`, NUL or an encoded `/`)"
                )));
            }
            _ => parts.push(seg),
        }
    }
    let mut out = String::from("/");
    for p in &parts {
        out.push_str(p);
        out.push('/');
    }
    // `url: /a/b.html` keeps its file name; `/a/index.html` is the page at `/a/`.
    if out.ends_with("/index.html/") {
        out.truncate(out.len() - "index.html/".len());
    } else if parts.last().is_some_and(|l| l.ends_with(".html")) {
        out.pop();
    }
    Ok(out)
}

/// Files every build writes at the root of the output folder: a page or alias there would
/// replace one of them, or need a folder of the same name.
pub const GENERATED: &[&str] = &["404.html", "sitemap.xml", "robots.txt"];

/// The generated file (see [`GENERATED`]) that a URL clashes with, if any (ignoring case:
/// they are one file on macOS and Windows).
pub fn generated_clash(url: &str) -> Option<&'static str> {
    let first = url.trim_start_matches('/').split('/').next().unwrap_or("");
    GENERATED
        .iter()
        .copied()
        .find(|g| first.eq_ignore_ascii_case(g))
}

/// Normalises `.` and `..` in an absolute path; `None` if it climbs above the root.
pub fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = String::from("/");
    out.push_str(&parts.join("/"));
    if path.ends_with('/') && out.len() > 1 {
        out.push('/');
    }
    Some(out)
}

/// Percent-encodes a URL path or fragment for an `href` (non-ASCII, spaces, quotes…),
/// leaving `/`, `#`, `%` escapes and other URL punctuation alone.
pub fn encode_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_href(&mut out, s);
    out
}

/// Appends [`encode_href`] of `s` to `out`.
pub fn push_href(out: &mut String, s: &str) {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const SET: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^')
        .add(b'\'');
    for chunk in utf8_percent_encode(s, SET) {
        out.push_str(chunk);
    }
}

/// [`encode_href`] of a URL path without a fragment (a page's URL, a file's output path):
/// a `#` or `?` in it is part of the path (Hugo's urlize keeps `#`: `c#-guide`), so they
/// are encoded too; `%` escapes stay as they are.
pub fn encode_url_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_url_path(&mut out, s);
    out
}

/// Appends [`encode_url_path`] of `s` to `out`.
pub fn push_url_path(out: &mut String, s: &str) {
    if !s.contains(['#', '?']) {
        return push_href(out, s);
    }
    for (i, part) in s.split('#').enumerate() {
        if i > 0 {
            out.push_str("%23");
        }
        for (j, piece) in part.split('?').enumerate() {
            if j > 0 {
                out.push_str("%3F");
            }
            push_href(out, piece);
        }
    }
}

/// Percent-encodes a file path (its `/` kept) for a URL: unlike [`encode_href`], every byte
/// that could mean something else in a URL is encoded too (`%`, `#`, `?`, `&`, `+`, `;`, …),
/// so the result always names the file itself.
pub fn encode_path(s: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const SET: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(s, SET).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_keep_a_hash_in_the_path() {
        assert_eq!(encode_url_path("/c#-guide/"), "/c%23-guide/");
        assert_eq!(encode_url_path("/a b/æ?/"), "/a%20b/%C3%A6%3F/");
        assert_eq!(encode_url_path("/50%25/"), "/50%25/");
        assert_eq!(encode_url_path("/plain/"), encode_href("/plain/"));
    }

    #[test]
    fn file_paths_are_encoded_whole() {
        assert_eq!(encode_path("a/b-c_d.e~f.pdf"), "a/b-c_d.e~f.pdf");
        assert_eq!(
            encode_path("a/50% #1?x&y+z;.pdf"),
            "a/50%25%20%231%3Fx%26y%2Bz%3B.pdf"
        );
        assert_eq!(encode_path("mål/Plan.pdf"), "m%C3%A5l/Plan.pdf");
    }

    #[test]
    fn hugo_url_rules() {
        assert_eq!(page_url("_index.md", None, None).unwrap(), "/");
        assert_eq!(
            page_url("seres/kom-i-gang/_index.md", None, None).unwrap(),
            "/seres/kom-i-gang/"
        );
        assert_eq!(page_url("a/b/index.md", None, None).unwrap(), "/a/b/");
        assert_eq!(
            page_url("API/Rest Kall.md", None, None).unwrap(),
            "/api/rest-kall/"
        );
        assert_eq!(
            page_url("betaling/spørsmål-og-svar.md", None, None).unwrap(),
            "/betaling/spørsmål-og-svar/"
        );
        assert_eq!(
            page_url("data.altinn.no/x.md", None, None).unwrap(),
            "/data.altinn.no/x/"
        );
        assert_eq!(
            page_url("a/b.md", Some("Ny Slug"), None).unwrap(),
            "/a/ny-slug/"
        );
        assert_eq!(
            page_url("a/b.md", None, Some("/Egen/Sti")).unwrap(),
            "/Egen/Sti/"
        );
    }

    #[test]
    fn escaping_urls_are_refused() {
        assert!(page_url("a.md", None, Some("../../etc/")).is_err());
        assert!(page_url("a.md", Some("../x"), None).is_err());
        for u in [
            "..%2f..%2fetc",
            "%2e%2e/x",
            "/a/%2E%2E/%2e%2e/b",
            "a%5c..%5cb",
            "x%00",
        ] {
            assert!(page_url("a.md", None, Some(u)).is_err(), "{u}");
        }
        for s in ["..%2fx", "%2e%2e", "a%2Fb", "a%5Cb", "%2E"] {
            assert!(page_url("a.md", Some(s), None).is_err(), "{s}");
        }
        // Encoded characters are decoded: the file is where the server will look.
        assert_eq!(
            page_url("a.md", None, Some("/med%20mellomrom/s%C3%B8k/")).unwrap(),
            "/med mellomrom/søk/"
        );
        assert_eq!(
            page_url("a.md", None, Some("/etc/passwd")).unwrap(),
            "/etc/passwd/"
        );
        assert_eq!(
            page_url("a.md", None, Some("/a/index.html")).unwrap(),
            "/a/"
        );
        assert_eq!(page_url("a.md", None, Some("/index.html")).unwrap(), "/");
        assert_eq!(
            page_url("a.md", None, Some("/a/b.html")).unwrap(),
            "/a/b.html"
        );
    }

    #[test]
    fn generated_files_are_reserved() {
        assert_eq!(generated_clash("/404.html"), Some("404.html"));
        assert_eq!(generated_clash("/Sitemap.xml/"), Some("sitemap.xml"));
        assert_eq!(generated_clash("/robots.txt/x/"), Some("robots.txt"));
        assert_eq!(generated_clash("/404/"), None);
        assert_eq!(generated_clash("/a/404.html"), None);
    }

    #[test]
    fn sanitize_like_hugo() {
        assert_eq!(sanitize("Hva er (dette)?"), "hva-er-dette");
        assert_eq!(sanitize("  mellom  rom "), "mellom-rom");
        assert_eq!(sanitize("C++ & C#"), "c++-c#");
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize_path("/a/b/../c/").as_deref(), Some("/a/c/"));
        assert_eq!(normalize_path("/a/./b").as_deref(), Some("/a/b"));
        assert_eq!(normalize_path("/../a"), None);
    }

    #[test]
    fn encodes_hrefs() {
        assert_eq!(
            encode_href("/sp\u{f8}rsm\u{e5}l/#\u{e5}pning"),
            "/sp%C3%B8rsm%C3%A5l/#%C3%A5pning"
        );
    }
}
