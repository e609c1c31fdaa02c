//! The shortcode scanner (`src/parse/shortcodes.rs`): must never panic, and every range it
//! returns must lie inside the source, on char boundaries, with each level's segments
//! covering their range contiguously and in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use veiviser::parse::shortcodes::{MAX_NESTING, Segment, scan};

fn boundary(src: &str, r: &Range<usize>) {
    assert!(
        r.start <= r.end && r.end <= src.len(),
        "range {r:?} outside 0..{}",
        src.len()
    );
    assert!(
        src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
        "range {r:?} not on char boundaries"
    );
}

/// Checks `segs` cover `within` contiguously, recursing into paired shortcodes.
fn check(src: &str, segs: &[Segment], within: Range<usize>, depth: usize) {
    assert!(depth <= MAX_NESTING + 1, "tree deeper than MAX_NESTING");
    let mut at = within.start;
    for seg in segs {
        let span = seg.span();
        boundary(src, &span);
        assert_eq!(
            span.start, at,
            "gap or overlap before {seg:?} (expected start {at})"
        );
        at = span.end;
        match seg {
            Segment::Text(r) => assert!(!r.is_empty(), "empty text segment {r:?}"),
            Segment::Literal { span, text } => {
                assert!(!span.is_empty());
                assert!(text.len() <= span.len(), "literal longer than its tag");
            }
            Segment::Shortcode(sc) => {
                boundary(src, &sc.open);
                assert_eq!(sc.open.start, sc.span.start);
                assert!(sc.open.end <= sc.span.end);
                assert!(!sc.name.is_empty(), "shortcode without a name");
                let tag = &src[sc.open.clone()];
                assert!(
                    tag.starts_with("{{<") || tag.starts_with("{{%"),
                    "open tag {tag:?} is not a tag"
                );
                match &sc.inner {
                    None => {
                        assert_eq!(sc.open, sc.span);
                        assert!(sc.children.is_empty());
                    }
                    Some(inner) => {
                        boundary(src, inner);
                        assert!(sc.open.end <= inner.start && inner.end <= sc.span.end);
                        check(src, &sc.children, inner.clone(), depth + 1);
                    }
                }
            }
        }
    }
    assert_eq!(at, within.end, "segments end at {at}, not {}", within.end);
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    // Which names must be closed comes from the theme; vary it with the input.
    let strict = data.len().is_multiple_of(2);
    let needs_closing = |name: &str| {
        matches!(name, "notice" | "expandlarge" | "tabs" | "tab") || (strict && name.len() < 3)
    };
    let (segments, errors) = scan(src, &needs_closing);
    check(src, &segments, 0..src.len(), 0);
    let mut last = 0;
    for e in &errors {
        assert!(
            e.offset <= src.len() && src.is_char_boundary(e.offset),
            "{e}"
        );
        assert!(e.offset >= last, "errors not sorted by offset");
        assert!(!e.message.is_empty());
        last = e.offset;
    }
});
