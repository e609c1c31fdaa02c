//! The search analyzer (`src/search/analyze/`): tokenizer, Snowball stemmer, stop words,
//! ASCII folding, edit distance and compound splitting learned from the input's own words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veiviser::search::analyze::{
    Analyzer, MAX_TOKEN, Scratch, Splitter, Tok, TokenKind, edit_distance, fold, for_each_token,
    has_special, is_stop, tokenize,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    let analyzer = ANALYZER.get_or_init(Analyzer::new);

    let tokens = tokenize(text);
    // The streaming tokenizer, with a scratch buffer reused from a previous text, gives
    // the same tokens.
    let mut scratch = Scratch::default();
    for_each_token(
        "Forrige tekst-med_deler",
        &mut scratch,
        &mut |_: Tok<'_, '_>, _: TokenKind| {},
    );
    let mut streamed = Vec::new();
    for_each_token(
        text,
        &mut scratch,
        &mut |t: Tok<'_, '_>, kind: TokenKind| streamed.push((t.as_str().to_string(), kind)),
    );
    assert_eq!(streamed.len(), tokens.len());
    for (s, t) in streamed.iter().zip(&tokens) {
        assert_eq!((s.0.as_str(), s.1), (t.text.as_str(), t.kind));
    }

    let mut counts: foldhash::HashMap<String, u32> = Default::default();
    for t in &tokens {
        let n = t.text.chars().count();
        assert!(
            (1..=MAX_TOKEN).contains(&n),
            "token {:?} of {n} chars",
            t.text
        );
        if n == 1 {
            assert!(t.kind == TokenKind::Word && t.text.chars().all(char::is_numeric));
        }
        assert!(
            !t.text.contains(char::is_whitespace),
            "token {:?} has whitespace",
            t.text
        );
        // A stem only removes or shortens suffixes: it is a prefix of its word.
        let stem = analyzer.stem(&t.text);
        assert!(
            t.text.starts_with(&stem),
            "stem {stem:?} not a prefix of {:?}",
            t.text
        );
        let folded = fold(&t.text);
        assert!(
            folded.chars().count() <= n,
            "fold {folded:?} longer than {:?}",
            t.text
        );
        if !has_special(&t.text)
            && !t.text.contains("aa")
            && !t.text.contains("ae")
            && !t.text.contains("oe")
        {
            assert_eq!(folded, t.text, "fold changed a plain word");
        }
        if t.text.chars().all(char::is_alphabetic) && !is_stop(&t.text) {
            *counts.entry(t.text.clone()).or_default() += 1;
        }
    }

    // Edit distance between neighbouring tokens: capped, symmetric, zero for equals.
    for w in tokens.windows(2).take(64) {
        let (a, b) = (w[0].text.as_str(), w[1].text.as_str());
        for max in [0, 1, 2] {
            let d = edit_distance(a, b, max);
            assert!(d <= max + 1);
            assert_eq!(d, edit_distance(b, a, max), "not symmetric: {a:?} {b:?}");
            assert_eq!(edit_distance(a, a, max), 0);
            if a != b {
                assert!(d >= 1);
            }
        }
    }

    // Compound splitting with the input's own vocabulary: parts are pieces of the word.
    let mut vocab: Vec<&str> = counts.keys().map(String::as_str).collect();
    vocab.sort_unstable();
    let n: Vec<u32> = vocab.iter().map(|w| counts[*w]).collect();
    let ids: foldhash::HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &w)| (w, i as u32))
        .collect();
    let word_id = |w: &str| ids.get(w).copied();
    let splitter = Splitter::of_words(&vocab, &n, &word_id);
    for word in counts.keys().take(64) {
        for p in splitter.split(word) {
            assert!(!p.is_empty(), "empty part of {word:?}");
        }
    }
});
