//! Norwegian text analysis shared by the index (Rust) and the client (`search.js`, which
//! mirrors every function here that a query needs: tokenizer, stop words, stemmer, fold).
//!
//! - [`tokenize`]: Unicode words (æ/ø/å and every other letter kept), lower-cased, NFC;
//!   `api-nøkkel` gives `api`, `nøkkel` and the joined `apinøkkel`; `22.3` stays whole.
//! - [`stem`]: Snowball Norwegian for nb and nn (rust-stemmers; search.js has a port that
//!   tests/browser.rs checks against it). It only removes or shortens suffixes, so a stem is
//!   always a prefix of its word.
//! - [`fold`]: the ASCII skeleton (`spørsmål`, `sporsmaal`, `sporsmal` → `sporsmal`), used as
//!   a lower-ranked alternative and as the sort key of the index.
//! - [`is_stop`]: Snowball's Norwegian stop words (bokmål and nynorsk) plus a few English
//!   ones; stop words are indexed but dropped from queries that have other words.
//! - [`Splitter`]: compound splitting learned from the corpus's own vocabulary.
//! - [`edit_distance`]: the typo tolerance's distance, as search.js computes it.
//!
//! Each has a file of its own (`tokenizer.rs`, `stop_words.rs`, `stemmer.rs`, `folding.rs`,
//! `compounds.rs`, `distance.rs`); `letters.rs` holds the letter checks they share. None of
//! them reads anything but its arguments.

mod compounds;
mod distance;
mod folding;
mod letters;
mod stemmer;
mod stop_words;
mod tokenizer;

pub(crate) use compounds::{FNV_SEED, fnv_step};
pub use compounds::{MIN_COMPOUND, MIN_PART, SplitPart, Splitter, is_part_word};
pub use distance::edit_distance;
pub use folding::{fold, fold_char, fold_cow, has_special};
pub use letters::{has_chars, is_alphabetic};
pub use stemmer::{Analyzer, stem, stem_len};
pub use stop_words::{STOP_WORDS, is_stop};
pub use tokenizer::{MAX_TOKEN, Scratch, Sink, Tok, Token, TokenKind, for_each_token, tokenize};
