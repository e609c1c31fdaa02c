//! URL path normalisation in the preview server (`src/serve/paths.rs`): whatever the
//! request line holds, the result must name a file inside the site — no `..`, no absolute
//! path, no backslash or NUL — and joined onto a root it must stay under that root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::path::{Component, Path};
use veiviser::serve::paths::{content_type, normalize};

/// Everything but unreserved characters is encoded, so decoding gives the segment back.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn check(url: &str) {
    let Some(path) = normalize(url) else {
        return;
    };
    assert!(!path.starts_with('/'), "{url:?} → absolute {path:?}");
    assert!(
        !path.contains('\\') && !path.contains('\0'),
        "{url:?} → {path:?}"
    );
    let trimmed = path.strip_suffix('/').unwrap_or(&path);
    if !trimmed.is_empty() {
        for seg in trimmed.split('/') {
            assert!(
                !seg.is_empty() && seg != "." && seg != "..",
                "{url:?} → {path:?} has segment {seg:?}"
            );
        }
    } else {
        assert!(path.is_empty(), "{url:?} → {path:?}");
    }
    // Joined onto a root (as a file system path would be), it stays under the root.
    let root = Path::new("/srv/site");
    let joined = root.join(&path);
    assert!(
        joined.starts_with(root),
        "{url:?} → {path:?} leaves the root"
    );
    for c in Path::new(&path).components() {
        assert!(
            matches!(c, Component::Normal(_)),
            "{url:?} → {path:?}: component {c:?}"
        );
    }
    // The file the server looks up, and its type, never panic.
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let _ = content_type(&file);
    // Normalising is stable: the path, encoded again, gives itself back.
    let encoded: String = path
        .split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    assert_eq!(
        normalize(&format!("/{encoded}")).as_deref(),
        Some(path.as_str()),
        "{url:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    // The request target as tiny_http hands it over is a `&str`; invalid UTF-8 in the
    // percent-decoded path is refused inside `normalize`.
    let url = String::from_utf8_lossy(data);
    check(&url);
    // The same bytes as a path after `/`, and with a query string.
    check(&format!("/{url}"));
    check(&format!("/{url}?q=1#x"));
});
