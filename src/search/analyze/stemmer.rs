//! Snowball Norwegian stemming for bokmål and nynorsk (rust-stemmers; search.js has a port
//! that tests/browser.rs checks against it). The stemmer only removes or shortens suffixes,
//! so a stem is always a prefix of its word: [`stem_len`] gives its length, and skips the
//! stemmer for words that end in none of its suffixes.

use super::letters::letters_or;

/// The Norwegian Snowball stemmer; words with digits are left as they are.
#[derive(Default)]
pub struct Analyzer;

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer
    }

    pub fn stem(&self, word: &str) -> String {
        stem(word)
    }
}

/// The stem of `word` (lower case): Snowball's Norwegian stemmer (bokmål and nynorsk), as
/// rust-stemmers 1.2 and `stem` in search.js. Words with digits or other non-letters are
/// their own stem.
pub fn stem(word: &str) -> String {
    word[..stem_len(word)].to_string()
}

/// The byte length of the stem of `word`: the stemmer only removes or shortens suffixes (it
/// turns `-erte`, `-ert` into `-er`), so a stem is always a prefix of its word.
pub fn stem_len(word: &str) -> usize {
    if !may_have_suffix(word.as_bytes()) {
        return word.len();
    }
    if !letters_or(word, |c| c.is_alphabetic() && !c.is_numeric()) {
        return word.len();
    }
    thread_local! {
        static SNOWBALL: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
    }
    SNOWBALL.with(|s| {
        let stem = s.stem(word);
        // Always a prefix; should a future stemmer change a letter, keep the common prefix.
        if word.starts_with(stem.as_ref()) {
            stem.len()
        } else {
            word.char_indices()
                .zip(stem.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, c), _)| i + c.len_utf8())
        }
    })
}

/// Whether `word` ends in a suffix that the Norwegian Snowball stemmer may remove or change:
/// a suffix of its three steps (rust-stemmers' `A_0`, `A_1`, `A_2`), each ending in one of
/// these. Its steps look for their suffixes at the word's end (step 2 and 3 after step 1,
/// which changes only a word ending in one of its own), so any other word is its own stem
/// and need not be stemmed (about two words in five).
fn may_have_suffix(word: &[u8]) -> bool {
    match word {
        [.., b'a' | b'e' | b's'] => true,
        // -en, -heten; -ar, -er, -heter
        [.., b'e', b'n'] | [.., b'a' | b'e', b'r'] => true,
        // -et, -het; -ert; -ast; -dt, -vt
        [.., b'e' | b'd' | b'v', b't'] | [.., b'e', b'r', b't'] | [.., b'a', b's', b't'] => true,
        // -leg, -eleg; -ig, -eig, -lig, -elig; -lov, -elov, -slov, -hetslov
        [.., b'l', b'e', b'g'] | [.., b'i', b'g'] | [.., b'l', b'o', b'v'] => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::TestRng;

    #[test]
    fn stems_bokmal_and_nynorsk_forms_together() {
        assert_eq!(stem("brannmurer"), stem("brannmur"));
        assert_eq!(stem("søknader"), stem("søknad"));
        assert_eq!(stem("bestillinger"), stem("bestilling"));
        assert_eq!(stem("tilganger"), stem("tilgang"));
        assert_eq!(stem("åpningen"), stem("åpning"));
        assert_eq!(stem("økonomisystemet"), stem("økonomisystem"));
        // nynorsk -ane / -ar plurals
        assert_eq!(stem("søknadene"), stem("søknadane"));
        assert_eq!(stem("tenestene"), stem("tenestar"));
        // a stem is a prefix of its word
        for w in ["spørsmålene", "tjenesteeierstyrte", "forespørsler", "ærlig"] {
            assert!(w.starts_with(&stem(w)), "{w}");
        }
        // words with digits are not stemmed
        assert_eq!(stem("tt02"), "tt02");
    }

    #[test]
    fn stems_are_prefixes_of_their_words() {
        // The index stores a stem as a length into its word (`stem_len`); that needs every
        // stem to be a prefix, on words built from letters (æ ø å included) and the
        // suffixes the algorithm knows.
        let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let letters: Vec<char> = "abdefghijklmnoprstuvyzæøåkseert".chars().collect();
        let suffixes = [
            "", "hetenes", "hetene", "heten", "heter", "endes", "ande", "erte", "ede", "ene",
            "het", "ens", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a", "e", "s", "ks",
            "os", "dt", "vt", "hetslov", "eleg", "elig", "slov", "lig", "els", "lov", "ig",
        ];
        let mut rng = TestRng::new(12345);
        for _ in 0..40_000 {
            let len = 1 + rng.below(9);
            let mut w: String = (0..len)
                .map(|_| letters[rng.below(letters.len())])
                .collect();
            w.push_str(suffixes[rng.below(suffixes.len())]);
            w.push_str(suffixes[rng.below(suffixes.len())]);
            assert!(w.starts_with(snowball.stem(&w).as_ref()), "{w}");
            assert_eq!(stem(&w), snowball.stem(&w), "{w}");
        }
        for w in [
            "år",
            "ærlig",
            "søknadene",
            "tjenesteeierstyrte",
            "brukt",
            "tilganger",
        ] {
            assert_eq!(stem(w), snowball.stem(w), "{w}");
        }
    }

    #[test]
    fn words_without_a_suffix_are_their_own_stem() {
        // Every suffix of the stemmer's steps, with the letters before it varied.
        let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let suffixes = [
            "a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "erte", "en", "heten", "ar",
            "er", "heter", "s", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens",
            "ers", "ets", "et", "het", "ert", "ast", "dt", "vt", "leg", "eleg", "ig", "eig", "lig",
            "elig", "els", "lov", "elov", "slov", "hetslov",
        ];
        let letters: Vec<char> = "abdefghijklmnoprstuvyzæøåé".chars().collect();
        let mut rng = TestRng::new(77);
        let mut kept = 0;
        for _ in 0..100_000 {
            let mut w = rng.string(&letters, 12);
            if rng.below(2) == 0 {
                w.push_str(suffixes[rng.below(suffixes.len())]);
                // And a letter or two after it.
                for _ in 0..rng.below(3) {
                    w.push(letters[rng.below(letters.len())]);
                }
            }
            let stem = snowball.stem(&w);
            if !may_have_suffix(w.as_bytes()) {
                kept += 1;
                assert_eq!(stem, w.as_str(), "{w:?}");
            }
            assert_eq!(&w[..stem_len(&w)], stem, "{w:?}");
        }
        assert!(kept > 20_000, "{kept}");
        for s in suffixes {
            assert!(may_have_suffix(s.as_bytes()), "{s}");
        }
    }
}
