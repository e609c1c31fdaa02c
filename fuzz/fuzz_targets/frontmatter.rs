//! Front matter splitting and parsing (`src/parse/frontmatter.rs`): YAML, TOML and JSON
//! headers, the lenient YAML repair, error positions mapped to file lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veiviser::diagnostics::Diagnostics;
use veiviser::parse::frontmatter::{parse, split};

const PATH: &str = "content/fuzz.md";

fuzz_target!(|data: &[u8]| {
    let Some(text) = veiviser_fuzz::page_text(data) else {
        return;
    };
    let split = split(text);
    match &split {
        Ok(s) => {
            assert!(
                s.header.start <= s.header.end
                    && s.header.end <= s.body_start
                    && s.body_start <= text.len(),
                "split out of order: {s:?} (len {})",
                text.len()
            );
            for off in [s.header.start, s.header.end, s.body_start] {
                assert!(
                    text.is_char_boundary(off),
                    "split not on a char boundary: {s:?}"
                );
            }
            if s.format.is_none() {
                assert_eq!((s.header.clone(), s.body_start), (0..0, 0));
            }
        }
        Err(off) => assert!(*off <= text.len() && text.is_char_boundary(*off)),
    }

    let mut diags = Diagnostics::new();
    let (front, body_start) = parse(PATH, text, &mut diags);
    assert!(body_start <= text.len() && text.is_char_boundary(body_start));
    match &split {
        Ok(s) => assert_eq!(
            body_start, s.body_start,
            "parse and split disagree on the body"
        ),
        Err(_) => {
            assert_eq!(body_start, text.len());
            assert!(diags.has_errors(), "an unclosed header must be an error");
        }
    }
    veiviser_fuzz::check_diagnostics(&diags, PATH, text);
    let lines = veiviser_fuzz::lines(text).len();
    for (key, pos) in &front.key_lines {
        assert!(
            pos.line <= lines,
            "key `{key}` on line {} of {lines}",
            pos.line
        );
    }
    // Whatever was read must serialise (it is handed to templates and the search feed).
    serde_json::to_string(&front).expect("front matter serialises");

    // Deterministic: the same text gives the same result.
    let mut again = Diagnostics::new();
    let (front2, body2) = parse(PATH, text, &mut again);
    assert_eq!(body_start, body2);
    assert_eq!(format!("{front:?}"), format!("{front2:?}"));
    assert_eq!(diags.sorted(), again.sorted());
});
