//! The word list of `[search] words`: words that compound splitting may take as parts besides
//! the site's own. A site whose compounds' parts seldom stand alone in its text (it writes
//! `brannmuråpning`, never `brannmur`) finds those compounds by their parts all the same.
//!
//! Format: UTF-8 text, one word per line. Blank lines and lines starting with `#` are
//! skipped; a line's first word counts and the rest of the line is ignored (a frequency
//! list's count, hunspell's `/flags`). Words are read as the index reads text (lower-cased,
//! composed), and words that cannot be parts are left out: not one alphabetic word, shorter
//! than [`analyze::MIN_PART`] letters, or stop words. The index takes of them only the words
//! that occur inside a word of the site (see `index::lexicon::stem_and_split`), so a list of
//! all the language's word forms costs little more than the words a site needs. This module
//! reads no files (the load stage does) and knows nothing of the index.

use super::analyze;
use crate::diagnostics::{Diagnostics, LineIndex};
use crate::model::DataFile;
use rayon::prelude::*;
use std::borrow::Cow;

/// The words of `file` that may be compound parts and that `keep` accepts, in the file's
/// order (a word may come twice). A file of which most lines hold no alphabetic word gets a
/// warning (at its first such line): it is probably not a word list.
pub fn read<'f>(
    file: &'f DataFile,
    keep: &(dyn Fn(&str) -> bool + Sync),
    diags: &mut Diagnostics,
) -> Vec<Cow<'f, str>> {
    // Blocks of whole lines, read in parallel; a list of all of a language's word forms has
    // about a million lines, of which a site needs a few thousand.
    let text = file.text.as_str();
    let mut blocks = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + BLOCK).min(text.len());
        end = match text.as_bytes()[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end + i + 1,
            None => text.len(),
        };
        blocks.push(at..end);
        at = end;
    }
    let read: Vec<Block> = blocks
        .into_par_iter()
        .map(|range| {
            let mut b = Block::default();
            let mut line_at = range.start;
            for line in text[range].split_inclusive('\n') {
                let start = line_at;
                line_at += line.len();
                let t = line.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                b.lines += 1;
                // The first word: up to ASCII white space or `/` (hunspell's flags).
                let end = t
                    .bytes()
                    .position(|c| c.is_ascii_whitespace() || c == b'/')
                    .unwrap_or(t.len());
                let first = &t[..end];
                match part_word(first, keep) {
                    Read::Part(w) => b.words.push(w),
                    Read::Skipped => {}
                    Read::NoWord => {
                        b.bad += 1;
                        b.first_bad
                            .get_or_insert((start + (line.len() - t.len()), first));
                    }
                }
            }
            b
        })
        .collect();
    let lines: usize = read.iter().map(|b| b.lines).sum();
    let bad: usize = read.iter().map(|b| b.bad).sum();
    if let Some((at, raw)) = read.iter().find_map(|b| b.first_bad)
        && bad * 2 > lines
    {
        diags.warning(
            &file.display,
            LineIndex::new(text).pos(text, at),
            format!(
                "{bad} of {lines} lines of the search word list hold no word (this one: `{raw}`); expected one word per line"
            ),
        );
    }
    read.into_iter().flat_map(|b| b.words).collect()
}

/// Bytes of the word list read as one piece.
const BLOCK: usize = 64 * 1024;

/// What a block of lines of the word list gave.
#[derive(Default)]
struct Block<'f> {
    words: Vec<Cow<'f, str>>,
    lines: usize,
    bad: usize,
    /// The first line that is no word: its byte offset and its first word.
    first_bad: Option<(usize, &'f str)>,
}

/// What a line of the word list gave.
enum Read<'f> {
    /// A word that may be a compound part, and that `keep` accepts.
    Part(Cow<'f, str>),
    /// A word that is no part (too short, a stop word) or that `keep` refuses.
    Skipped,
    /// Not one alphabetic word.
    NoWord,
}

/// `raw` as the index reads it.
fn part_word<'f>(raw: &'f str, keep: &(dyn Fn(&str) -> bool + Sync)) -> Read<'f> {
    // Most words of a Norwegian list are lower-case letters, ASCII or Latin-1 (æ ø å é …):
    // the index reads them as they are, and most are in no word of the site (`keep`, a
    // cheap test, first).
    let b = raw.as_bytes();
    let mut i = 0;
    let mut plain = !b.is_empty();
    while i < b.len() {
        match b[i] {
            b'a'..=b'z' => i += 1,
            0xC3 if matches!(b.get(i + 1), Some(0x9F..=0xB6 | 0xB8..=0xBF)) => i += 2,
            _ => {
                plain = false;
                break;
            }
        }
    }
    let w: Cow<str> = if plain {
        if !keep(raw) {
            return Read::Skipped;
        }
        Cow::Borrowed(raw)
    } else {
        let mut tokens = analyze::tokenize(raw).into_iter();
        let Some(t) = tokens.next() else {
            return Read::NoWord;
        };
        if tokens.next().is_some()
            || t.kind != analyze::TokenKind::Word
            || !analyze::is_alphabetic(&t.text)
        {
            return Read::NoWord;
        }
        if !keep(&t.text) {
            return Read::Skipped;
        }
        Cow::Owned(t.text)
    };
    if analyze::has_chars(&w, analyze::MIN_PART) && !analyze::is_stop(&w) {
        Read::Part(w)
    } else {
        Read::Skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(file: &DataFile, diags: &mut Diagnostics) -> Vec<String> {
        read(file, &|_| true, diags)
            .into_iter()
            .map(|w| w.into_owned())
            .collect()
    }

    fn file(text: &str) -> DataFile {
        DataFile {
            display: "ord.txt".into(),
            text: text.into(),
        }
    }

    #[test]
    fn one_word_per_line_lower_cased() {
        let mut d = Diagnostics::new();
        let words = read_all(
            &file(
                "# norske ord\nBrannmur\n\nåpning 1234\nsertifikat/AB\nbrannmur\n  Tjeneste\t9\n",
            ),
            &mut d,
        );
        assert_eq!(
            words,
            ["brannmur", "åpning", "sertifikat", "brannmur", "tjeneste"]
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn words_that_cannot_be_parts_are_left_out() {
        let mut d = Diagnostics::new();
        // Too short, a stop word, digits, a joined word, decomposed å (read composed).
        let words = read_all(
            &file(
                "ku\nhvordan\nA4\ne-post\n2024\na\u{30a}pning\nbrannmur\nkonto\nskjema\ntilgang\nbruker\n",
            ),
            &mut d,
        );
        assert_eq!(
            words,
            ["åpning", "brannmur", "konto", "skjema", "tilgang", "bruker"]
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn random_lines_are_read_as_the_index_reads_their_first_word() {
        let pieces = [
            "a", "b", "s", "e", "ø", "å", "Å", "É", "ß", "ke", "ning", "2", "-", ".", "#", "/",
            " ", "\t", "\r", "\u{30a}", "\u{a0}", "x", "Q",
        ];
        let mut rng = crate::search::TestRng::new(11);
        for _ in 0..300 {
            let lines: Vec<String> = (0..rng.below(12))
                .map(|_| {
                    (0..rng.below(9))
                        .map(|_| pieces[rng.below(pieces.len())])
                        .collect()
                })
                .collect();
            let text = lines.join("\n");
            let got = read_all(&file(&text), &mut Diagnostics::new());
            // The plain way: the first word of each line through the tokenizer.
            let want: Vec<String> = text
                .split('\n')
                .filter_map(|line| {
                    let t = line.trim_start();
                    if t.is_empty() || t.starts_with('#') {
                        return None;
                    }
                    let first = t
                        .split(|c: char| c.is_ascii_whitespace() || c == '/')
                        .next()?;
                    let tokens = analyze::tokenize(first);
                    let [tok] = &tokens[..] else {
                        return None;
                    };
                    (tok.kind == analyze::TokenKind::Word
                        && analyze::is_alphabetic(&tok.text)
                        && analyze::has_chars(&tok.text, analyze::MIN_PART)
                        && !analyze::is_stop(&tok.text))
                    .then(|| tok.text.clone())
                })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_file_that_is_no_word_list_gets_a_warning_at_its_first_bad_line() {
        let mut d = Diagnostics::new();
        let words = read_all(&file("ord;antall\nbrannmur;3\nkonto;4\nskjema\n"), &mut d);
        assert_eq!(words, ["skjema"]);
        let all = d.sorted();
        assert_eq!(all.len(), 1, "{all:?}");
        let text = format!("{}", all[0]);
        assert!(text.starts_with("ord.txt:1:1: warning"), "{text}");
        assert!(text.contains("3 of 4 lines"), "{text}");
        assert!(text.contains("`ord;antall`"), "{text}");
    }
}
