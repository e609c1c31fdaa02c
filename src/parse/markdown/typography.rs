//! Hugo's typographer: straight quotes, `--`, `---`, `...`, `<<` and `>>` in text become
//! typographic characters the way goldmark's typographer (on in Hugo) makes them, so a Hugo
//! site reads the same here. Unlike a quote-pairing "smart punctuation", it decides from
//! left to right with a count of the quotes opened so far in the block: a `"` that closes
//! nothing stays straight (`14" skjerm`, `«"»`), and a few English apostrophe rules apply
//! (`'twas`, `I'm`, `'90s`).
//!
//! It sees one text event at a time, with the markdown source around it for the characters
//! before and after. It must not touch code, raw HTML, link destinations, escaped or
//! entity-written characters (the caller leaves those out) or bare URLs in the text.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// `events` (pulldown-cmark's, with their ranges in `md`) with Hugo's typography in their
/// text: not in code blocks or autolinks, and only where the text stands verbatim in `md`.
pub(super) fn typeset<'a, I>(md: &'a str, events: I) -> Typeset<'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    Typeset {
        events,
        md,
        typo: Typographer::default(),
        code: 0,
        autolink: false,
    }
}

/// The iterator [`typeset`] returns.
pub(super) struct Typeset<'a, I> {
    events: I,
    md: &'a str,
    typo: Typographer,
    /// Code blocks open.
    code: usize,
    /// Inside an autolink or e-mail link (its text is its URL).
    autolink: bool,
}

impl<'a, I> Iterator for Typeset<'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.events.next()?;
        let event = match event {
            Event::Text(t) if self.code == 0 && !self.autolink => {
                Event::Text(self.text(t, range.clone()))
            }
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. })
                if matches!(link_type, LinkType::Autolink | LinkType::Email) =>
            {
                self.autolink = true;
                event
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.autolink = false;
                event
            }
            Event::Start(ref tag) if !is_inline(tag.to_end()) => {
                if matches!(tag, Tag::CodeBlock(_)) {
                    self.code += 1;
                }
                let end = self.md[..range.end.min(self.md.len())].trim_end().len();
                self.typo.start_block(end);
                event
            }
            Event::End(tag) if !is_inline(tag) => {
                if tag == TagEnd::CodeBlock {
                    self.code = self.code.saturating_sub(1);
                }
                self.typo.reset();
                event
            }
            e => e,
        };
        Some((event, range))
    }
}

impl<I> Typeset<'_, I> {
    /// A text event's text with Hugo's typography, when it stands verbatim in the source at
    /// `range` (an entity or an escaped character is left as written).
    fn text<'e>(&mut self, text: CowStr<'e>, range: Range<usize>) -> CowStr<'e> {
        let md = self.md;
        if md.get(range.clone()) != Some(&*text) {
            return text;
        }
        // `\"`: pulldown-cmark's text starts after the backslash; that character stays.
        if range.start > 0 && md.as_bytes()[range.start - 1] == b'\\' {
            let Some(first) = text.chars().next() else {
                return text;
            };
            let n = first.len_utf8();
            let rest = self
                .typo
                .apply(CowStr::Borrowed(&text[n..]), md, range.start + n);
            if rest.as_ref() == &text[n..] {
                return text;
            }
            return format!("{first}{rest}").into();
        }
        self.typo.apply(text, md, range.start)
    }
}

/// Whether a tag stands inside a block's text (a new block resets the typographer).
fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The quotes opened and not yet closed in the current block (goldmark counts them per
/// block, not per pair).
#[derive(Debug)]
pub(super) struct Typographer {
    single: u32,
    double: u32,
    /// Where the current block's text ends in the source (its last line has no line break
    /// for the rules that look ahead).
    block_end: usize,
    /// A `--`, `...` or `<<` replaced at the end of the last text reached this far into the
    /// next one (pulldown-cmark splits text at `<`).
    used_to: usize,
}

impl Default for Typographer {
    fn default() -> Self {
        Typographer {
            single: 0,
            double: 0,
            block_end: usize::MAX,
            used_to: 0,
        }
    }
}

impl Typographer {
    /// A block starts whose text ends at `end` in the source: nothing is open.
    pub(super) fn start_block(&mut self, end: usize) {
        self.reset();
        self.block_end = end;
    }

    /// A block ends: nothing is open.
    pub(super) fn reset(&mut self) {
        self.single = 0;
        self.double = 0;
        self.block_end = usize::MAX;
        self.used_to = 0;
    }

    /// `text`, which stands verbatim at `md[at..]`, with its punctuation made typographic.
    pub(super) fn apply<'e>(&mut self, text: CowStr<'e>, md: &str, at: usize) -> CowStr<'e> {
        let s: &str = &text;
        let bytes = s.as_bytes();
        // Characters the last replacement already took are dropped.
        let mut i = self.used_to.saturating_sub(at).min(s.len());
        while !s.is_char_boundary(i) {
            i += 1;
        }
        let mut out: Option<String> = (i > 0).then(String::new);
        let mut copied = i;
        let mut next = Triggers::new(bytes);
        while let Some(at_trigger) = next.from(i) {
            i = at_trigger;
            let b = bytes[i];
            if b == b'h' {
                i += url_len(&s[i..]).unwrap_or(1);
                continue;
            }
            // The rest of the source line from here, as goldmark looks at it (a few
            // characters are all its rules read).
            let line = source_line(md, at + i, self.block_end);
            let (put, used) = match b {
                b'-' if line.starts_with("---") => (Some("\u{2014}"), 3),
                b'-' if line.starts_with("--") => (Some("\u{2013}"), 2),
                b'.' if line.starts_with("...") => (Some("\u{2026}"), 3),
                b'<' if line.starts_with("<<") => (Some("\u{AB}"), 2),
                b'>' if line.starts_with(">>") => (Some("\u{BB}"), 2),
                b'\'' | b'"' => {
                    let before = md[..at + i].chars().next_back().unwrap_or('\n');
                    (self.quote(b as char, before, line), 1)
                }
                _ => (None, 1),
            };
            if let Some(p) = put {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
                o.push_str(&s[copied..i]);
                o.push_str(p);
                copied = (i + used).min(s.len());
                self.used_to = at + i + used;
            }
            i += used;
        }
        match out {
            Some(mut o) => {
                o.push_str(&s[copied..]);
                o.into()
            }
            None => text,
        }
    }

    /// What the quote `q` at the start of `line`, after `before`, becomes (`None`: itself).
    fn quote(&mut self, q: char, before: char, line: &str) -> Option<&'static str> {
        const LEFT_SINGLE: &str = "\u{2018}";
        const RIGHT_SINGLE: &str = "\u{2019}";
        const LEFT_DOUBLE: &str = "\u{201C}";
        const RIGHT_DOUBLE: &str = "\u{201D}";
        let b = line.as_bytes();
        let len = b.len();
        // The line starts with the quote; were the block's end known wrongly, leave it.
        let &first = b.first()?;
        let after = line.chars().nth(1).unwrap_or(' ');
        // Flanking is of the whole run of this quote character (`""` is one run).
        let run = b.iter().take_while(|&&c| c == first).count();
        let after_run = line[run..].chars().next().unwrap_or(' ');
        let can_open = left_flanking(before, after_run);
        let can_close = right_flanking(before, after_run);
        let ascii_punct_or_space = |i: usize| {
            b.get(i)
                .is_some_and(|&c| c.is_ascii_punctuation() || is_ascii_space(c))
        };
        // Before a closing quote: punctuation, then the end, punctuation or a space.
        let maybe_close = can_close
            && can_open
            && len > 1
            && is_punct(after)
            && (len == 2 || ascii_punct_or_space(2));
        let is_close = can_close && !can_open;
        if q == '\'' {
            // A decade: '90s.
            if can_open && !can_close && len > 3 && b[1].is_ascii_digit() && b[2].is_ascii_digit() {
                let end = line.chars().nth(4).unwrap_or(' ');
                if b[3] == b's' && (end.is_whitespace() || is_punct(end)) {
                    return Some(RIGHT_SINGLE);
                }
            }
            // 'twas, 'em, 'n', 'l…
            if len > 1
                && (is_punct(before) || before.is_whitespace())
                && matches!(b[1], b't' | b'e' | b'n' | b'l')
            {
                return Some(RIGHT_SINGLE);
            }
            // Between a letter or digit and a letter: an apostrophe.
            if len > 1 && before.is_alphanumeric() && after.is_alphabetic() {
                return Some(RIGHT_SINGLE);
            }
            if can_open && !can_close {
                let ends_word = |i: usize| len <= i || ascii_punct_or_space(i);
                // I'm, Alice's, don't, you'd; I've, I'll, you're.
                let contraction =
                    (len > 1 && matches!(b[1], b's' | b'm' | b't' | b'd') && ends_word(2))
                        || (len > 2 && matches!(&b[1..3], b"ve" | b"ll" | b"re") && ends_word(3));
                if contraction {
                    return Some(RIGHT_SINGLE);
                }
                self.single += 1;
                return Some(LEFT_SINGLE);
            }
            // Smiths', doin'.
            if len > 2 && !after.is_numeric() {
                return Some(RIGHT_SINGLE);
            }
            if self.single > 0 && (is_close || maybe_close) {
                self.single -= 1;
                return Some(RIGHT_SINGLE);
            }
            return None;
        }
        if can_open && !can_close {
            self.double += 1;
            return Some(LEFT_DOUBLE);
        }
        if self.double > 0 && (is_close || maybe_close) {
            // Monitor 21"": the inch mark stays, the next quote closes.
            if len > 1 && b[1] == b'"' && before.is_numeric() {
                return None;
            }
            self.double -= 1;
            return Some(RIGHT_DOUBLE);
        }
        None
    }
}

/// Finds the next character the typographer may change (or `h`, which may start a URL to
/// pass over) with memchr rather than byte by byte: text is mostly letters.
struct Triggers<'b> {
    bytes: &'b [u8],
    /// Of each kind (`'`, `"` or `-`; `.`, `<` or `>`; `h` when the text has a URL): the
    /// first at or after the index last searched from, `usize::MAX` when there is none.
    found: [usize; 3],
}

impl<'b> Triggers<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        let mut t = Triggers {
            bytes,
            found: [usize::MAX; 3],
        };
        let urls = memchr::memmem::find(bytes, b"://").is_some();
        for kind in 0..if urls { 3 } else { 2 } {
            t.search(kind, 0);
        }
        t
    }

    fn search(&mut self, kind: usize, i: usize) {
        let rest = self.bytes.get(i..).unwrap_or_default();
        let hit = match kind {
            0 => memchr::memchr3(b'\'', b'"', b'-', rest),
            1 => memchr::memchr3(b'.', b'<', b'>', rest),
            _ => memchr::memchr(b'h', rest),
        };
        self.found[kind] = hit.map_or(usize::MAX, |h| i + h);
    }

    /// The first trigger at or after `i` (which never goes back).
    fn from(&mut self, i: usize) -> Option<usize> {
        for kind in 0..3 {
            if self.found[kind] < i {
                self.search(kind, i);
            }
        }
        let first = *self.found.iter().min()?;
        (first != usize::MAX).then_some(first)
    }
}

/// The source from `at` to the end of its line, the line break included unless the block's
/// text ends first (at `end`); at most [`LOOKAHEAD`] bytes of it.
fn source_line(md: &str, at: usize, end: usize) -> &str {
    let at = at.min(md.len());
    let mut end = end.min(md.len()).max(at).min(at + LOOKAHEAD);
    while !md.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &md[at..end];
    match rest.find('\n') {
        Some(n) => &rest[..=n],
        None => rest,
    }
}

/// How far the rules look ahead: a run of quotes and the four characters after one.
const LOOKAHEAD: usize = 24;

/// The length of the bare `http(s)://` URL `s` starts with, as linkify finds it.
fn url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    Some(super::autolink::url_end(s))
}

fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Punctuation as CommonMark's flanking rules see it: ASCII punctuation and symbols, and
/// Unicode punctuation (the blocks a Norwegian or European text uses).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF
            | 0x2010..=0x2027 | 0x2030..=0x205E | 0x2E00..=0x2E7F | 0x3001..=0x3003 | 0x3008..=0x3011)
}

/// CommonMark's left-flanking delimiter run of one character.
fn left_flanking(before: char, after: char) -> bool {
    !after.is_whitespace() && (!is_punct(after) || before.is_whitespace() || is_punct(before))
}

/// CommonMark's right-flanking delimiter run of one character.
fn right_flanking(before: char, after: char) -> bool {
    !before.is_whitespace() && (!is_punct(before) || after.is_whitespace() || is_punct(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typeset(line: &str) -> String {
        let mut t = Typographer::default();
        t.apply(CowStr::Borrowed(line), line, 0).to_string()
    }

    /// Each line typeset alone, against what Hugo 0.111 (goldmark's typographer) made of it
    /// (a one-paragraph page per line, `hugo` with an empty theme).
    #[test]
    fn quotes_dashes_and_ellipses_come_out_as_hugo_makes_them() {
        let cases = [
            ("A \u{201C}attachments\" b.", "A \u{201C}attachments\" b."),
            ("Dialogporten\". x", "Dialogporten\". x"),
            ("14\" screen.", "14\" screen."),
            ("parentReference = \"\"", "parentReference = \"\""),
            ("\u{AB}\"\u{BB} y.", "\u{AB}\"\u{BB} y."),
            ("target=\"_blank\" z.", "target=\"_blank\" z."),
            ("mer 'normal' bruk", "mer ’normal’ bruk"),
            ("\"ENV - \" r.", "“ENV - \" r."),
            ("Velg >> x << y.", "Velg » x « y."),
            ("---------- dash.", "———- dash."),
            ("a -- b --- c ---- d ----- e", "a – b — c —- d —– e"),
            (
                "it's. Rock 'n' roll. the '90s. 'twas 'em",
                "it’s. Rock ’n’ roll. the ’90s. ’twas ’em",
            ),
            ("\"quoted\" and 'single'.", "“quoted” and ‘single’."),
            ("x\"y\"z", "x\"y\"z"),
            ("\"a\" \"b\"", "“a” “b”"),
            ("'a' 'b'", "‘a’ ‘b’"),
            (
                "Alice's I'm don't you'd I've I'll you're",
                "Alice’s I’m don’t you’d I’ve I’ll you’re",
            ),
            ("Smiths' doin' 5'2\"", "Smiths’ doin’ 5'2\""),
            ("\"Monitor 21\"\"", "“Monitor 21\"”"),
            (
                "He said, \"I got no clue,\" and left.",
                "He said, “I got no clue,” and left.",
            ),
            ("wait... more.... end..", "wait… more…. end.."),
            ("\"unclosed", "“unclosed"),
            ("\"'nested'\"", "“’nested'”"),
            ("'\"nested\"'", "‘“nested”’"),
            ("a--b 1-2", "a–b 1-2"),
            ("quote at line end \"", "quote at line end \""),
            ("x'", "x'"),
            ("'x", "‘x"),
            ("l'homme", "l’homme"),
            ("'Hello,' she said.", "‘Hello,’ she said."),
            ("tegnet ' inngår", "tegnet ’ inngår"),
            ("(\"paren\") and [\"brack\"]", "(“paren”) and [“brack”]"),
        ];
        for (input, hugo) in cases {
            assert_eq!(typeset(input), hugo, "typesetting {input:?}");
        }
    }

    #[test]
    fn bare_urls_keep_their_dashes_and_dots() {
        assert_eq!(
            typeset("see https://a--b.no/x...y \"q\" -- ok"),
            "see https://a--b.no/x...y “q” – ok"
        );
    }

    #[test]
    fn the_count_of_open_quotes_is_per_block() {
        let mut t = Typographer::default();
        assert_eq!(t.apply("\"open".into(), "\"open", 0).as_ref(), "“open");
        t.reset();
        assert_eq!(
            t.apply("closed\" x".into(), "closed\" x", 0).as_ref(),
            "closed\" x"
        );
    }

    #[test]
    fn a_blocks_last_line_ends_without_a_line_break() {
        // Hugo sees no line break after the block's text: `'"` closes nothing there.
        let md = "\"'nested'\"\n";
        let mut t = Typographer::default();
        t.start_block(md.len() - 1);
        assert_eq!(t.apply(md[..10].into(), md, 0).as_ref(), "“’nested'”");
    }

    #[test]
    fn a_replacement_may_take_the_start_of_the_next_text() {
        // pulldown-cmark gives `a <`, then `< b`: one `<<`.
        let md = "a << b";
        let mut t = Typographer::default();
        let first = t.apply("a <".into(), md, 0).to_string();
        let second = t.apply("< b".into(), md, 3).to_string();
        assert_eq!(first + &second, "a « b");
    }

    #[test]
    fn the_characters_around_a_text_come_from_its_source() {
        // `*"em"*`: the text `"em"` stands after `*` and before `*`.
        let md = "*\"em\"*";
        let mut t = Typographer::default();
        assert_eq!(t.apply("\"em\"".into(), md, 1).as_ref(), "“em”");
    }
}
