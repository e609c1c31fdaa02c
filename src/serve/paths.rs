//! URL path → file in the built site. Pure and tested: nothing outside the site can be named.
//!
//! The served site lives in memory, keyed by output paths, so a path that escapes cannot be
//! found anyway; this normalisation also refuses `..`, encoded dot segments, backslashes,
//! NUL and invalid UTF-8 up front so such requests are a plain 404.

/// The decoded, normalised path of a request URL without the leading `/` (`a/b/` for
/// `/a/b/?x=1`), or `None` when it tries to leave the site or is malformed.
pub fn normalize(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    let decoded = String::from_utf8(bytes).ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The content type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonl" => "application/jsonl; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "zip" => "application/zip",
        "xsd" => "application/xml; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_paths() {
        assert_eq!(normalize("/").as_deref(), Some(""));
        assert_eq!(normalize("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(normalize("/a/b?x=1#y").as_deref(), Some("a/b"));
        assert_eq!(
            normalize("/sp%C3%B8rsm%C3%A5l/").as_deref(),
            Some("spørsmål/")
        );
        assert_eq!(normalize("/a/./b//c").as_deref(), Some("a/b/c"));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/..%2f..%2fetc",
            "/..\\etc\\passwd",
            "/a%5c..%5cb",
            "/a%00b",
            "/%ff%fe",
            "etc/passwd",
            "//etc/passwd/..",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
        // An absolute path in the URL stays inside the site.
        assert_eq!(normalize("//etc/passwd").as_deref(), Some("etc/passwd"));
    }

    #[test]
    fn types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
    }
}
