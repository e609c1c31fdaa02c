//! Hugo shortcode scanner.
//!
//! Finds Hugo shortcodes in markdown source text — `{{< name args >}}`,
//! `{{% name args %}}`, their closing tags (`{{< /name >}}`), self-closing
//! tags (`{{< name args />}}`) and the comment/escape form
//! (`{{</* name args */>}}`) — and returns a tree of [`Segment`]s whose byte
//! ranges index into the source, plus [`ScanError`]s with byte offsets (the
//! caller converts offsets to `line:col`).
//!
//! What this module must NOT do: render or expand shortcodes, process
//! markdown, or do any IO. It depends on `std` only. It must never panic,
//! whatever the input (unbalanced braces, unclosed quotes, arbitrary UTF-8,
//! huge nesting): all slicing is char-boundary safe.
//!
//! Design (linear time): one pass finds every `{{<` / `{{%` with a cheap
//! word-at-a-time byte search and lexes each tag once; a second pass matches
//! opening and closing tags with a stack (plus a per-name index, so orphan
//! closing tags never rescan the stack); a third pass builds the tree
//! iteratively. Like Hugo, fenced code blocks are *not* skipped, and `{{` not
//! followed by `<` or `%` is ordinary text.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// Maximum nesting depth of paired shortcodes in the returned tree. Pairs
/// nested deeper than this are reported once and left as plain text, so the
/// tree can be walked (and dropped) recursively without risking stack overflow.
pub const MAX_NESTING: usize = 128;

/// Arguments of a shortcode tag, in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// Positional arguments (`{{< vimeo 12345 "two words" >}}`), unquoted.
    pub positional: Vec<String>,
    /// Named arguments (`key="value"`), in source order, unquoted.
    pub named: Vec<(String, String)>,
}

impl Args {
    /// Value of the named argument `key`; if it is given more than once the
    /// last one wins (as in Hugo).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// True when the tag has no arguments at all.
    pub fn is_empty(&self) -> bool {
        self.positional.is_empty() && self.named.is_empty()
    }
}

/// One shortcode occurrence (standalone, self-closing or paired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    /// Shortcode name, e.g. `notice` (may contain `/`, `-`, `_`, `.`).
    pub name: String,
    /// Arguments of the opening tag.
    pub args: Args,
    /// `true` for the `{{% %}}` form (inner content is markdown), `false` for
    /// `{{< >}}`.
    pub markdown: bool,
    /// Byte range of the opening tag, e.g. `{{% notice info %}}`.
    pub open: Range<usize>,
    /// Byte range of the whole shortcode including the closing tag
    /// (`== open` for standalone and self-closing shortcodes).
    pub span: Range<usize>,
    /// Byte range of the inner text between opening and closing tag (`None`
    /// for standalone and self-closing shortcodes).
    pub inner: Option<Range<usize>>,
    /// Segments covering `inner` (nested shortcodes and text); offsets are
    /// relative to the whole source. Empty when `inner` is `None`.
    pub children: Vec<Segment>,
}

/// A piece of the scanned text. Segments of one level cover their range
/// (the whole source, or a shortcode's `inner`) contiguously, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Ordinary text (also malformed or unmatched tags, kept verbatim).
    Text(Range<usize>),
    /// The comment/escape form `{{</* x */>}}`; `text` is the tag without the
    /// comment markers, e.g. `{{< x >}}`, to be emitted literally.
    Literal {
        /// Byte range of the whole escaped tag in the source.
        span: Range<usize>,
        /// The tag text with `/*` and `*/` removed.
        text: String,
    },
    /// A recognised shortcode.
    Shortcode(Shortcode),
}

impl Segment {
    /// Byte range of this segment in the source.
    pub fn span(&self) -> Range<usize> {
        match self {
            Segment::Text(r) => r.clone(),
            Segment::Literal { span, .. } => span.clone(),
            Segment::Shortcode(sc) => sc.span.clone(),
        }
    }
}

/// A problem found while scanning, at a byte offset into the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset (always on a char boundary, `<= src.len()`).
    pub offset: usize,
    /// Human-readable description.
    pub message: String,
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ScanError {}

/// Scans `src` for Hugo shortcodes.
///
/// `needs_closing(name)` says whether shortcode `name` must be paired with a
/// closing tag (e.g. `notice`); an opener of such a name without one is
/// reported as "unclosed" and treated as standalone.
///
/// An opener is paired when a closing tag of the same name follows at the same
/// nesting level before the enclosing pair closes; otherwise it is standalone.
/// Errors are returned sorted by offset; scanning always continues.
pub fn scan(src: &str, needs_closing: &dyn Fn(&str) -> bool) -> (Vec<Segment>, Vec<ScanError>) {
    let mut lexer = Lexer::new(src);
    let tags = lexer.collect_tags();
    let mut errors = lexer.errors;
    if tags.is_empty() {
        errors.sort_by_key(|e| e.offset);
        let segments = if src.is_empty() {
            Vec::new()
        } else {
            vec![Segment::Text(0..src.len())]
        };
        return (segments, errors);
    }
    let states = match_tags(&tags, needs_closing, &mut errors);
    let segments = build_tree(src.len(), tags, &states, &mut errors);
    errors.sort_by_key(|e| e.offset);
    (segments, errors)
}

// ---------------------------------------------------------------------------
// Pass 1: lexing tags
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Delims {
    open: &'static str,
    close: &'static str,
    other_close: &'static str,
    markdown: bool,
}

const ANGLE: Delims = Delims {
    open: "{{<",
    close: ">}}",
    other_close: "%}}",
    markdown: false,
};

const PERCENT: Delims = Delims {
    open: "{{%",
    close: "%}}",
    other_close: ">}}",
    markdown: true,
};

#[derive(Debug)]
enum TagKind {
    Open,
    SelfClosing,
    Close,
    /// Comment/escape form, with the text to emit.
    Literal(String),
}

#[derive(Debug)]
struct Tag<'a> {
    kind: TagKind,
    name: &'a str,
    args: Args,
    markdown: bool,
    range: Range<usize>,
}

struct Lexer<'a> {
    src: &'a str,
    errors: Vec<ScanError>,
    /// Smallest offset from which the `*/>}}` (index 0) / `*/%}}` (index 1)
    /// comment closer was not found; later searches fail at once (linear).
    comment_fail: [usize; 2],
}

fn starts_tag(r: &str) -> bool {
    r.starts_with("{{<") || r.starts_with("{{%")
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Position of the first `needle` byte in `hay`, scanning 8 bytes at a time.
fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut base = 0;
    for chunk in hay.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        if x.wrapping_sub(LO) & !x & HI != 0 {
            break;
        }
        base += 8;
    }
    hay.get(base..)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + base)
}

/// Offset of the next `{{<` or `{{%` at or after `from`.
fn find_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let j = i + find_byte(bytes.get(i..)?, b'{')?;
        if bytes.get(j + 1) == Some(&b'{') && matches!(bytes.get(j + 2), Some(b'<' | b'%')) {
            return Some(j);
        }
        i = j + 1;
    }
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            src,
            errors: Vec::new(),
            comment_fail: [usize::MAX; 2],
        }
    }

    fn rest(&self, at: usize) -> &'a str {
        self.src.get(at..).unwrap_or("")
    }

    fn slice(&self, r: Range<usize>) -> &'a str {
        self.src.get(r).unwrap_or("")
    }

    fn error(&mut self, offset: usize, message: String) {
        self.errors.push(ScanError { offset, message });
    }

    fn skip_ws(&self, mut at: usize) -> usize {
        while let Some(c) = self.rest(at).chars().next() {
            if !c.is_whitespace() {
                break;
            }
            at += c.len_utf8();
        }
        at
    }

    fn collect_tags(&mut self) -> Vec<Tag<'a>> {
        let bytes = self.src.as_bytes();
        let mut tags = Vec::new();
        let mut pos = 0;
        while let Some(start) = find_candidate(bytes, pos) {
            match self.lex_tag(start) {
                Some(tag) => {
                    pos = tag.range.end;
                    tags.push(tag);
                }
                // Malformed: the error is recorded, the text stays text;
                // resume right after `{{` so later tags are still found.
                None => pos = start + 2,
            }
        }
        tags
    }

    /// Shortcode name starting at `at`; `/` is allowed between name chars.
    fn scan_name(&self, start: usize) -> usize {
        let mut at = start;
        let mut chars = self.rest(start).chars().peekable();
        while let Some(c) = chars.next() {
            let ok = is_name_char(c)
                || (c == '/' && at > start && chars.peek().is_some_and(|&n| is_name_char(n)));
            if !ok {
                break;
            }
            at += c.len_utf8();
        }
        at
    }

    /// End of a bare word starting at `start` (at least one char is taken).
    /// Keys and positional words also stop at `=` and quotes; values do not.
    fn scan_word(&self, start: usize, value: bool) -> usize {
        let mut at = start;
        let mut first = true;
        while let Some(c) = self.rest(at).chars().next() {
            if !first {
                let r = self.rest(at);
                if c.is_whitespace()
                    || r.starts_with(">}}")
                    || r.starts_with("%}}")
                    || r.starts_with("/>}}")
                    || r.starts_with("/%}}")
                    || starts_tag(r)
                    || (!value && matches!(c, '=' | '"' | '`'))
                {
                    break;
                }
            }
            first = false;
            at += c.len_utf8();
        }
        at
    }

    /// Double-quoted string whose opening quote is at `q`; returns the
    /// unescaped value and the offset after the closing quote. Strings may
    /// span lines but not contain `{{<` / `{{%`: that keeps every tag within
    /// the text before the next tag (linear time) and makes an unclosed quote
    /// stop at the next shortcode instead of swallowing the rest of the file.
    fn lex_quoted(&mut self, q: usize, name: &str) -> Option<(String, usize)> {
        let bytes = self.src.as_bytes();
        let mut out = String::new();
        let mut i = q + 1;
        while let Some(p) = bytes
            .get(i..)
            .and_then(|b| b.iter().position(|&x| matches!(x, b'"' | b'\\' | b'{')))
        {
            let j = i + p;
            out.push_str(self.slice(i..j));
            match bytes.get(j) {
                Some(b'"') => return Some((out, j + 1)),
                Some(b'{') => {
                    if starts_tag(self.rest(j)) {
                        break;
                    }
                    out.push('{');
                    i = j + 1;
                    continue;
                }
                _ => {}
            }
            match bytes.get(j + 1) {
                Some(b'"') => {
                    out.push('"');
                    i = j + 2;
                }
                Some(b'\\') => {
                    out.push('\\');
                    i = j + 2;
                }
                Some(_) => {
                    out.push('\\');
                    i = j + 1;
                }
                None => break,
            }
        }
        self.error(
            q,
            format!("unclosed double quote in arguments of shortcode `{name}`"),
        );
        None
    }

    /// Backtick raw string whose opening backtick is at `q` (no escapes; may
    /// span lines; like quoted strings it may not contain `{{<` / `{{%`).
    fn lex_raw(&mut self, q: usize, name: &str) -> Option<(String, usize)> {
        let bytes = self.src.as_bytes();
        let mut i = q + 1;
        while let Some(p) = bytes
            .get(i..)
            .and_then(|b| b.iter().position(|&x| x == b'`' || x == b'{'))
        {
            let j = i + p;
            if bytes.get(j) == Some(&b'`') {
                return Some((self.slice(q + 1..j).to_owned(), j + 1));
            }
            if starts_tag(self.rest(j)) {
                break;
            }
            i = j + 1;
        }
        self.error(
            q,
            format!("unclosed backtick string in arguments of shortcode `{name}`"),
        );
        None
    }

    /// `{{</* ... */>}}` starting at `start`.
    fn lex_comment(&mut self, start: usize, d: Delims) -> Option<Tag<'a>> {
        let idx = usize::from(d.markdown);
        let needle = if d.markdown { "*/%}}" } else { "*/>}}" };
        let from = start + 5;
        if from < self.comment_fail[idx] {
            if let Some(p) = self.rest(from).find(needle) {
                let inner = self.slice(from..from + p);
                return Some(Tag {
                    kind: TagKind::Literal(format!("{}{}{}", d.open, inner, d.close)),
                    name: "",
                    args: Args::default(),
                    markdown: d.markdown,
                    range: start..from + p + needle.len(),
                });
            }
            self.comment_fail[idx] = from;
        }
        self.error(
            start,
            format!(
                "unterminated shortcode comment `{}/*`: missing `*/{}`",
                d.open, d.close
            ),
        );
        None
    }

    /// Lexes the tag starting at `start` (which begins with `{{<` or `{{%`).
    /// Returns `None` for malformed tags, after recording exactly one error
    /// (argument errors found before the fatal one are dropped as noise).
    fn lex_tag(&mut self, start: usize) -> Option<Tag<'a>> {
        let before = self.errors.len();
        let tag = self.lex_tag_inner(start);
        if tag.is_none() && self.errors.len() > before + 1 {
            let fatal = self.errors.pop();
            self.errors.truncate(before);
            self.errors.extend(fatal);
        }
        tag
    }

    fn lex_tag_inner(&mut self, start: usize) -> Option<Tag<'a>> {
        let d = if self.src.as_bytes().get(start + 2) == Some(&b'%') {
            PERCENT
        } else {
            ANGLE
        };
        let mut at = start + 3;
        if self.rest(at).starts_with("/*") {
            return self.lex_comment(start, d);
        }
        at = self.skip_ws(at);
        let closing = self.rest(at).starts_with('/');
        if closing {
            at = self.skip_ws(at + 1);
        }
        let name_start = at;
        at = self.scan_name(at);
        let name = self.slice(name_start..at);
        // The tag as far as its name, for messages: `{{< notice`, `{{% /x`.
        let head = || {
            let sep = if closing { " /" } else { " " };
            format!("{}{}{}", d.open, sep, name).trim_end().to_owned()
        };
        let unterminated = || {
            format!(
                "unterminated shortcode tag `{}`: missing `{}`",
                head(),
                d.close
            )
        };

        let r = self.rest(at);
        if name.is_empty() {
            if r.trim_start().is_empty() || starts_tag(r.trim_start()) {
                self.error(start, unterminated());
            } else {
                self.error(start, format!("missing shortcode name after `{}`", d.open));
            }
            return None;
        }
        match r.chars().next() {
            Some(c)
                if !(c.is_whitespace()
                    || c == '/'
                    || r.starts_with(">}}")
                    || r.starts_with("%}}")
                    || starts_tag(r)) =>
            {
                self.error(
                    at,
                    format!("invalid character `{c}` after shortcode name `{name}`"),
                );
                return None;
            }
            _ => {}
        }

        let mut args = Args::default();
        let mut self_closing = false;
        let mut mixed_reported = false;
        let end = loop {
            at = self.skip_ws(at);
            let r = self.rest(at);
            if r.is_empty() || starts_tag(r) {
                self.error(start, unterminated());
                return None;
            }
            if r.starts_with(d.close) {
                break at + d.close.len();
            }
            if r.starts_with(d.other_close) {
                self.mismatched_close(at, &head(), d);
                return None;
            }
            if r.starts_with('/') {
                let after = self.skip_ws(at + 1);
                let r2 = self.rest(after);
                if r2.starts_with(d.close) {
                    self_closing = true;
                    break after + d.close.len();
                }
                if r2.starts_with(d.other_close) {
                    self.mismatched_close(after, &head(), d);
                    return None;
                }
            }
            let arg_start = at;
            let (key, value) = match r.as_bytes().first() {
                Some(b'"') => {
                    let (v, next) = self.lex_quoted(at, name)?;
                    at = next;
                    (None, v)
                }
                Some(b'`') => {
                    let (v, next) = self.lex_raw(at, name)?;
                    at = next;
                    (None, v)
                }
                Some(b'=') => {
                    self.error(
                        at,
                        format!("unexpected `=` in arguments of shortcode `{name}`"),
                    );
                    at += 1;
                    continue;
                }
                _ => {
                    let word_end = self.scan_word(at, false);
                    let word = self.slice(at..word_end);
                    let after = self.skip_ws(word_end);
                    if self.rest(after).starts_with('=') {
                        let v = self.skip_ws(after + 1);
                        let rv = self.rest(v);
                        let value = if rv.is_empty()
                            || starts_tag(rv)
                            || rv.starts_with(">}}")
                            || rv.starts_with("%}}")
                            || rv.starts_with("/>}}")
                            || rv.starts_with("/%}}")
                        {
                            self.error(
                                arg_start,
                                format!(
                                    "missing value for argument `{word}` of shortcode `{name}`"
                                ),
                            );
                            at = v;
                            String::new()
                        } else if rv.starts_with('"') {
                            let (s, next) = self.lex_quoted(v, name)?;
                            at = next;
                            s
                        } else if rv.starts_with('`') {
                            let (s, next) = self.lex_raw(v, name)?;
                            at = next;
                            s
                        } else {
                            at = self.scan_word(v, true);
                            self.slice(v..at).to_owned()
                        };
                        (Some(word.to_owned()), value)
                    } else {
                        at = word_end;
                        (None, word.to_owned())
                    }
                }
            };
            let mixes = match key {
                Some(_) => !args.positional.is_empty(),
                None => !args.named.is_empty(),
            };
            if mixes && !mixed_reported {
                mixed_reported = true;
                self.error(
                    arg_start,
                    format!("shortcode `{name}` mixes positional and named arguments"),
                );
            }
            match key {
                Some(k) => args.named.push((k, value)),
                None => args.positional.push(value),
            }
        };

        let kind = if closing {
            if self_closing || !args.is_empty() {
                self.error(
                    start,
                    format!(
                        "closing tag `{} /{} {}` must not have arguments",
                        d.open, name, d.close
                    ),
                );
            }
            TagKind::Close
        } else if self_closing {
            TagKind::SelfClosing
        } else {
            TagKind::Open
        };
        Some(Tag {
            kind,
            name,
            args,
            markdown: d.markdown,
            range: start..end,
        })
    }

    fn mismatched_close(&mut self, at: usize, head: &str, d: Delims) {
        self.error(
            at,
            format!(
                "shortcode tag `{}` opened with `{}` must end with `{}`, found `{}`",
                head, d.open, d.close, d.other_close
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// Pass 2: matching opening and closing tags
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not decided yet (only transiently), or a self-closing/literal tag.
    Pending,
    /// Opening tag paired with the closing tag at this index.
    Opens(usize),
    /// Closing tag paired with the opening tag at this index.
    Closes(usize),
    /// Opening tag without a closing tag.
    Standalone,
    /// Orphan closing tag, left as plain text.
    Text,
}

fn delims_of(markdown: bool) -> Delims {
    if markdown { PERCENT } else { ANGLE }
}

fn make_standalone(
    tag: &Tag<'_>,
    state: &mut State,
    needs_closing: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ScanError>,
) {
    *state = State::Standalone;
    if needs_closing(tag.name) {
        let d = delims_of(tag.markdown);
        errors.push(ScanError {
            offset: tag.range.start,
            message: format!(
                "unclosed shortcode `{}`: no matching `{} /{} {}`",
                tag.name, d.open, tag.name, d.close
            ),
        });
    }
}

fn match_tags(
    tags: &[Tag<'_>],
    needs_closing: &dyn Fn(&str) -> bool,
    errors: &mut Vec<ScanError>,
) -> Vec<State> {
    let mut states = vec![State::Pending; tags.len()];
    // Indices (into `tags`) of currently open tags.
    let mut stack: Vec<usize> = Vec::new();
    // For each name, the stack positions holding an opener of that name.
    let mut open_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    // name -> name of the enclosing shortcode whose closing tag implicitly
    // made it standalone (for a better mis-nesting message).
    let mut misnested: HashMap<&str, &str> = HashMap::new();

    for (i, tag) in tags.iter().enumerate() {
        match tag.kind {
            TagKind::Open => {
                open_by_name.entry(tag.name).or_default().push(stack.len());
                stack.push(i);
            }
            TagKind::Close => {
                let found = open_by_name.get(tag.name).and_then(|v| v.last().copied());
                let Some(pos) = found else {
                    states[i] = State::Text;
                    let d = delims_of(tag.markdown);
                    let mut message = format!(
                        "closing tag `{} /{} {}` has no matching opening tag",
                        d.open, tag.name, d.close
                    );
                    if let Some(outer) = misnested.remove(tag.name) {
                        message.push_str(&format!(
                            ": `{}` was opened inside `{}`, which was closed first (mis-nested shortcodes)",
                            tag.name, outer
                        ));
                    }
                    errors.push(ScanError {
                        offset: tag.range.start,
                        message,
                    });
                    continue;
                };
                while stack.len() > pos + 1 {
                    let Some(j) = stack.pop() else { break };
                    let inner = &tags[j];
                    if let Some(v) = open_by_name.get_mut(inner.name) {
                        v.pop();
                    }
                    misnested.insert(inner.name, tag.name);
                    make_standalone(inner, &mut states[j], needs_closing, errors);
                }
                if let Some(j) = stack.pop() {
                    if let Some(v) = open_by_name.get_mut(tag.name) {
                        v.pop();
                    }
                    states[j] = State::Opens(i);
                    states[i] = State::Closes(j);
                }
            }
            TagKind::SelfClosing | TagKind::Literal(_) => {}
        }
    }
    while let Some(j) = stack.pop() {
        make_standalone(&tags[j], &mut states[j], needs_closing, errors);
    }
    states
}

// ---------------------------------------------------------------------------
// Pass 3: building the tree (iteratively; depth is bounded by MAX_NESTING)
// ---------------------------------------------------------------------------

struct Frame {
    tag_index: usize,
    shortcode: Shortcode,
    children: Vec<Segment>,
}

fn current<'v>(frames: &'v mut [Frame], root: &'v mut Vec<Segment>) -> &'v mut Vec<Segment> {
    match frames.last_mut() {
        Some(f) => &mut f.children,
        None => root,
    }
}

fn push_text(out: &mut Vec<Segment>, from: usize, to: usize) {
    if to > from {
        out.push(Segment::Text(from..to));
    }
}

fn build_tree(
    src_len: usize,
    tags: Vec<Tag<'_>>,
    states: &[State],
    errors: &mut Vec<ScanError>,
) -> Vec<Segment> {
    let mut root = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut cursor = 0;
    let mut depth_reported = false;

    for (i, tag) in tags.into_iter().enumerate() {
        let state = states.get(i).copied().unwrap_or(State::Text);
        let Tag {
            kind,
            name,
            args,
            markdown,
            range,
        } = tag;
        let make = |args: Args| Shortcode {
            name: name.to_owned(),
            args,
            markdown,
            open: range.clone(),
            span: range.clone(),
            inner: None,
            children: Vec::new(),
        };
        match (kind, state) {
            (TagKind::Literal(text), _) => {
                let out = current(&mut frames, &mut root);
                push_text(out, cursor, range.start);
                out.push(Segment::Literal {
                    span: range.clone(),
                    text,
                });
            }
            (TagKind::SelfClosing, _) | (TagKind::Open, State::Standalone) => {
                let out = current(&mut frames, &mut root);
                push_text(out, cursor, range.start);
                out.push(Segment::Shortcode(make(args)));
            }
            (TagKind::Open, State::Opens(_)) => {
                if frames.len() >= MAX_NESTING {
                    // Too deep: opener stays text; its closing tag then does
                    // not match the innermost frame and stays text too.
                    if !depth_reported {
                        depth_reported = true;
                        errors.push(ScanError {
                            offset: range.start,
                            message: format!(
                                "shortcodes nested more than {MAX_NESTING} levels deep; deeper tags are left as text"
                            ),
                        });
                    }
                    continue;
                }
                push_text(current(&mut frames, &mut root), cursor, range.start);
                frames.push(Frame {
                    tag_index: i,
                    shortcode: make(args),
                    children: Vec::new(),
                });
            }
            (TagKind::Close, State::Closes(j)) => {
                if frames.last().map(|f| f.tag_index) != Some(j) {
                    continue; // the opener was too deep: keep as text
                }
                push_text(current(&mut frames, &mut root), cursor, range.start);
                let Some(frame) = frames.pop() else { continue };
                let mut sc = frame.shortcode;
                sc.inner = Some(sc.open.end..range.start);
                sc.span = sc.open.start..range.end;
                sc.children = frame.children;
                current(&mut frames, &mut root).push(Segment::Shortcode(sc));
            }
            // Orphan closing tags stay part of the text.
            _ => continue,
        }
        cursor = range.end;
    }
    push_text(current(&mut frames, &mut root), cursor, src_len);
    // Defensive: unreachable because every `Opens` has its `Closes`.
    while let Some(frame) = frames.pop() {
        let out = current(&mut frames, &mut root);
        out.push(Segment::Shortcode(frame.shortcode));
        out.extend(frame.children);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &str) -> bool {
        false
    }

    fn needs(name: &str) -> bool {
        matches!(name, "notice" | "panel" | "expand" | "b")
    }

    fn sc(seg: &Segment) -> &Shortcode {
        match seg {
            Segment::Shortcode(s) => s,
            other => panic!("expected shortcode, got {other:?}"),
        }
    }

    fn scan_ok(src: &str) -> Vec<Segment> {
        let (segs, errs) = scan(src, &needs);
        assert!(errs.is_empty(), "unexpected errors for {src:?}: {errs:?}");
        check_invariants(src, &segs, 0..src.len());
        segs
    }

    fn scan_err(src: &str) -> (Vec<Segment>, Vec<ScanError>) {
        let (segs, errs) = scan(src, &needs);
        check_invariants(src, &segs, 0..src.len());
        check_errors(src, &errs);
        (segs, errs)
    }

    fn check_errors(src: &str, errs: &[ScanError]) {
        for e in errs {
            assert!(e.offset <= src.len() && src.is_char_boundary(e.offset));
            assert!(!e.message.is_empty());
        }
        assert!(errs.windows(2).all(|w| w[0].offset <= w[1].offset));
    }

    fn check_invariants(src: &str, segs: &[Segment], range: Range<usize>) {
        let mut pos = range.start;
        let mut prev_text = false;
        for seg in segs {
            let span = seg.span();
            assert_eq!(span.start, pos, "gap/overlap in {src:?}: {segs:?}");
            assert!(span.start < span.end, "empty segment in {src:?}");
            assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
            match seg {
                Segment::Text(_) => {
                    assert!(!prev_text, "adjacent text segments in {src:?}");
                    prev_text = true;
                }
                Segment::Literal { span, text } => {
                    prev_text = false;
                    let raw = &src[span.clone()];
                    assert!(raw.starts_with("{{</*") || raw.starts_with("{{%/*"));
                    assert!(text.starts_with("{{<") || text.starts_with("{{%"));
                    assert_eq!(text.len() + 4, raw.len());
                }
                Segment::Shortcode(s) => {
                    prev_text = false;
                    assert_eq!(s.span.start, s.open.start);
                    assert!(s.open.end <= s.span.end);
                    let open = &src[s.open.clone()];
                    assert!(open.starts_with("{{<") || open.starts_with("{{%"));
                    assert!(open.ends_with(">}}") || open.ends_with("%}}"));
                    assert!(!s.name.is_empty());
                    match &s.inner {
                        Some(inner) => {
                            assert_eq!(inner.start, s.open.end);
                            assert!(inner.end < s.span.end);
                            let close = &src[inner.end..s.span.end];
                            assert!(close.starts_with("{{") && close.ends_with("}}"));
                            assert!(close.contains(&*s.name));
                            check_invariants(src, &s.children, inner.clone());
                        }
                        None => {
                            assert_eq!(s.span, s.open);
                            assert!(s.children.is_empty());
                        }
                    }
                }
            }
            pos = span.end;
        }
        assert_eq!(pos, range.end, "segments do not cover {range:?} in {src:?}");
    }

    fn messages(errs: &[ScanError]) -> Vec<(usize, &str)> {
        errs.iter()
            .map(|e| (e.offset, e.message.as_str()))
            .collect()
    }

    #[test]
    fn empty_and_plain_text() {
        assert!(scan_ok("").is_empty());
        assert_eq!(scan_ok("hello"), vec![Segment::Text(0..5)]);
        let go = "Use {{ .Title }} and {{- range .Pages }}{{ end -}} {{{ x }}} {{";
        assert_eq!(scan_ok(go), vec![Segment::Text(0..go.len())]);
        assert_eq!(scan_ok("{"), vec![Segment::Text(0..1)]);
        assert_eq!(scan_ok("{{"), vec![Segment::Text(0..2)]);
    }

    #[test]
    fn standalone_angle_with_all_arg_kinds() {
        let src = "x {{< name arg1 \"arg two\" key=\"value\" key2=`raw` >}} y";
        let (segs, errs) = scan(src, &never);
        check_invariants(src, &segs, 0..src.len());
        assert_eq!(
            messages(&errs),
            vec![(26, "shortcode `name` mixes positional and named arguments")]
        );
        assert_eq!(segs.len(), 3);
        let s = sc(&segs[1]);
        assert_eq!(s.name, "name");
        assert!(!s.markdown);
        assert_eq!(s.args.positional, vec!["arg1", "arg two"]);
        assert_eq!(
            s.args.named,
            vec![
                ("key".to_owned(), "value".to_owned()),
                ("key2".to_owned(), "raw".to_owned())
            ]
        );
        assert_eq!(s.open, 2..src.len() - 2);
        assert_eq!(s.span, s.open);
        assert_eq!(s.inner, None);
        assert_eq!(segs[0], Segment::Text(0..2));
        assert_eq!(segs[2], Segment::Text(src.len() - 2..src.len()));
    }

    #[test]
    fn whitespace_optional() {
        for src in [
            "{{<name>}}",
            "{{< name >}}",
            "{{<  name\n>}}",
            "{{%name%}}",
            "{{% name %}}",
        ] {
            let segs = scan_ok(src);
            assert_eq!(segs.len(), 1, "{src}");
            let s = sc(&segs[0]);
            assert_eq!(s.name, "name");
            assert!(s.args.is_empty());
            assert_eq!(s.markdown, src.contains('%'));
        }
    }

    #[test]
    fn paired_percent_with_markdown_inner() {
        let src = "{{% notice warning %}}\nTekst med **fet**.\n{{% /notice %}}\n";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 2);
        let s = sc(&segs[0]);
        assert_eq!(s.name, "notice");
        assert!(s.markdown);
        assert_eq!(s.args.positional, vec!["warning"]);
        assert_eq!(s.open, 0..22);
        let close_start = src.find("{{% /notice").unwrap();
        assert_eq!(s.inner, Some(22..close_start));
        assert_eq!(s.span, 0..src.len() - 1);
        assert_eq!(s.children, vec![Segment::Text(22..close_start)]);
        assert_eq!(segs[1], Segment::Text(src.len() - 1..src.len()));
    }

    #[test]
    fn empty_inner() {
        let segs = scan_ok("{{< a >}}{{< /a >}}");
        let s = sc(&segs[0]);
        assert_eq!(s.inner, Some(9..9));
        assert!(s.children.is_empty());
        assert_eq!(s.span, 0..19);
    }

    #[test]
    fn closing_tag_may_use_other_delimiter() {
        let src = "{{<mermaid align=\"left\">}} graph LR; A-->B {{% /mermaid %}}";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 1);
        let s = sc(&segs[0]);
        assert_eq!(s.name, "mermaid");
        assert!(!s.markdown);
        assert_eq!(s.args.get("align"), Some("left"));
        assert_eq!(s.span, 0..src.len());
        let inner = s.inner.clone().unwrap();
        assert_eq!(&src[inner], " graph LR; A-->B ");
    }

    #[test]
    fn self_closing() {
        let src = "{{<children description=\"true\" depth=\"2\" />}}{{< x/>}}{{% y / %}}";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 3);
        let s = sc(&segs[0]);
        assert_eq!(s.name, "children");
        assert_eq!(s.args.get("depth"), Some("2"));
        assert_eq!(s.args.get("description"), Some("true"));
        assert_eq!(s.inner, None);
        assert_eq!(sc(&segs[1]).name, "x");
        assert_eq!(sc(&segs[2]).name, "y");
        // A self-closing tag of a name that needs closing is fine.
        scan_ok("{{% notice info /%}}");
    }

    #[test]
    fn self_closing_is_not_paired_with_later_closer() {
        let (segs, errs) = scan_err("{{< x />}} t {{< /x >}}");
        assert_eq!(
            messages(&errs),
            vec![(13, "closing tag `{{< /x >}}` has no matching opening tag")]
        );
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1], Segment::Text(10..23));
    }

    #[test]
    fn standalone_vs_paired_detection() {
        let src = "{{< children >}}\n[Se her]({{< ref \"/api/rest/_index.md\" >}}) og {{< relref \"a.md#anker\" >}}\n{{< vimeo 12345678 >}}";
        let segs = scan_ok(src);
        let names: Vec<_> = segs
            .iter()
            .filter_map(|s| match s {
                Segment::Shortcode(s) => Some((s.name.as_str(), s.inner.is_some())),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("children", false),
                ("ref", false),
                ("relref", false),
                ("vimeo", false)
            ]
        );
        let r = sc(&segs[2]);
        assert_eq!(r.args.positional, vec!["/api/rest/_index.md"]);
        assert_eq!(sc(&segs[6]).args.positional, vec!["12345678"]);
    }

    #[test]
    fn nested_same_name() {
        let src = "{{% notice %}} a {{% notice %}} b {{% /notice %}} c {{% /notice %}}";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 1);
        let outer = sc(&segs[0]);
        assert_eq!(outer.span, 0..src.len());
        assert_eq!(outer.children.len(), 3);
        let inner = sc(&outer.children[1]);
        assert_eq!(inner.name, "notice");
        assert_eq!(&src[inner.span.clone()], "{{% notice %}} b {{% /notice %}}");
        assert_eq!(&src[inner.inner.clone().unwrap()], " b ");
    }

    #[test]
    fn nested_different_names_and_standalone_inside() {
        let src = "{{% panel theme=\"warning\" header=\"Merk\" %}}x {{< ref a >}} {{% expand t %}}y{{% /expand %}}{{% /panel %}}";
        let segs = scan_ok(src);
        let panel = sc(&segs[0]);
        assert_eq!(panel.args.get("theme"), Some("warning"));
        assert_eq!(panel.args.get("header"), Some("Merk"));
        let kinds: Vec<_> = panel
            .children
            .iter()
            .map(|c| match c {
                Segment::Text(_) => "text",
                Segment::Literal { .. } => "literal",
                Segment::Shortcode(s) => s.name.as_str(),
            })
            .collect();
        assert_eq!(kinds, vec!["text", "ref", "text", "expand"]);
        assert!(sc(&panel.children[3]).inner.is_some());
    }

    #[test]
    fn unclosed_needs_closing() {
        let src = "a {{% notice info %}} b {{< ref x >}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![(
                2,
                "unclosed shortcode `notice`: no matching `{{% /notice %}}`"
            )]
        );
        assert_eq!(segs.len(), 4);
        assert_eq!(sc(&segs[1]).inner, None);
        assert_eq!(sc(&segs[3]).name, "ref");
        // Names that do not need closing are simply standalone.
        scan_ok("{{% small %}} b");
    }

    #[test]
    fn unclosed_inside_paired() {
        let src = "{{% panel %}}{{% notice %}}x{{% /panel %}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![(
                13,
                "unclosed shortcode `notice`: no matching `{{% /notice %}}`"
            )]
        );
        let panel = sc(&segs[0]);
        assert_eq!(panel.span, 0..src.len());
        assert_eq!(sc(&panel.children[0]).inner, None);
        assert_eq!(panel.children[1], Segment::Text(27..28));
    }

    #[test]
    fn orphan_closing_tag_is_text() {
        let src = "a {{< /x >}} b {{% /y %}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(segs, vec![Segment::Text(0..src.len())]);
        assert_eq!(
            messages(&errs),
            vec![
                (2, "closing tag `{{< /x >}}` has no matching opening tag"),
                (15, "closing tag `{{% /y %}}` has no matching opening tag"),
            ]
        );
    }

    #[test]
    fn mis_nesting() {
        let src = "{{% a %}}{{% b %}}{{% /a %}}{{% /b %}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![
                (9, "unclosed shortcode `b`: no matching `{{% /b %}}`"),
                (
                    28,
                    "closing tag `{{% /b %}}` has no matching opening tag: `b` was opened inside `a`, which was closed first (mis-nested shortcodes)"
                ),
            ]
        );
        assert_eq!(segs.len(), 2);
        let a = sc(&segs[0]);
        assert_eq!(a.span, 0..28);
        assert_eq!(sc(&a.children[0]).name, "b");
        assert_eq!(segs[1], Segment::Text(28..38));
    }

    #[test]
    fn escape_form() {
        let src = "Skriv {{</* notice info \"x\" */>}} eller {{%/* name */%}}.";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 5);
        assert_eq!(
            segs[1],
            Segment::Literal {
                span: 6..33,
                text: "{{< notice info \"x\" >}}".to_owned()
            }
        );
        match &segs[3] {
            Segment::Literal { text, .. } => assert_eq!(text, "{{% name %}}"),
            other => panic!("{other:?}"),
        }
        // Comment contents are not scanned.
        let segs = scan_ok("{{</* a */>}}x{{</* /a */>}}");
        assert_eq!(segs.len(), 3);
        // Inside a paired shortcode.
        let segs = scan_ok("{{% notice %}}{{</* notice */>}}{{% /notice %}}");
        assert!(matches!(sc(&segs[0]).children[0], Segment::Literal { .. }));
    }

    #[test]
    fn unterminated_comment() {
        let src = "a {{</* x */%}} {{< ok >}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![(2, "unterminated shortcode comment `{{</*`: missing `*/>}}`")]
        );
        assert_eq!(segs.len(), 2);
        assert_eq!(sc(&segs[1]).name, "ok");
    }

    #[test]
    fn unterminated_tag() {
        let src = "abc {{< notice";
        let (segs, errs) = scan_err(src);
        assert_eq!(segs, vec![Segment::Text(0..src.len())]);
        assert_eq!(
            messages(&errs),
            vec![(4, "unterminated shortcode tag `{{< notice`: missing `>}}`")]
        );
        let (_, errs) = scan_err("{{%");
        assert_eq!(
            messages(&errs),
            vec![(0, "unterminated shortcode tag `{{%`: missing `%}}`")]
        );
        let (_, errs) = scan_err("{{< /x  ");
        assert_eq!(
            messages(&errs),
            vec![(0, "unterminated shortcode tag `{{< /x`: missing `>}}`")]
        );
        // Stops at the next tag, which is still recognised.
        let src = "{{< a b\n\n{{< c >}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![(0, "unterminated shortcode tag `{{< a`: missing `>}}`")]
        );
        assert_eq!(segs.len(), 2);
        assert_eq!(sc(&segs[1]).name, "c");
    }

    #[test]
    fn unclosed_quotes() {
        let src = "x {{< a \"abc >}} y";
        let (segs, errs) = scan_err(src);
        assert_eq!(segs, vec![Segment::Text(0..src.len())]);
        assert_eq!(
            messages(&errs),
            vec![(8, "unclosed double quote in arguments of shortcode `a`")]
        );
        let src = "{{< a k=`abc >}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(segs, vec![Segment::Text(0..src.len())]);
        assert_eq!(
            messages(&errs),
            vec![(8, "unclosed backtick string in arguments of shortcode `a`")]
        );
        let (_, errs) = scan_err("{{< a \"x\\\" >}}");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].offset, 6);
        let (_, errs) = scan_err("{{< a \"x\\");
        assert_eq!(errs.len(), 1);
        // Argument errors of a tag that turns out malformed are not reported.
        let (segs, errs) = scan_err("{{< a k= p = \"q >}}");
        assert_eq!(segs.len(), 1);
        assert_eq!(
            messages(&errs),
            vec![(13, "unclosed double quote in arguments of shortcode `a`")]
        );
    }

    #[test]
    fn quoted_escapes_and_raw_strings() {
        let src = r#"{{< a "say \"hi\"" "back\\slash" "keep \n" k=`raw \" ` >}}"#;
        let (segs, errs) = scan(src, &never);
        check_invariants(src, &segs, 0..src.len());
        assert_eq!(errs.len(), 1); // mixed
        let s = sc(&segs[0]);
        assert_eq!(
            s.args.positional,
            vec!["say \"hi\"", "back\\slash", "keep \\n"]
        );
        assert_eq!(s.args.get("k"), Some("raw \\\" "));
        // Raw strings and quoted strings may span lines and contain closers
        // and Go template braces, but not shortcode openers.
        let src = "{{< a `line1\nline2 {{ .X }} %}}` \"q\r\n>}}{{\" >}}";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 1);
        let s = sc(&segs[0]);
        assert_eq!(
            s.args.positional,
            vec!["line1\nline2 {{ .X }} %}}", "q\r\n>}}{{"]
        );
        let src = "{{< a \"x {{< c >}}\" >}}";
        let (segs, errs) = scan_err(src);
        assert_eq!(
            messages(&errs),
            vec![(6, "unclosed double quote in arguments of shortcode `a`")]
        );
        assert_eq!(sc(&segs[1]).name, "c");
        let (segs, errs) = scan_err("{{< a `x {{% c %}}` >}}");
        assert_eq!(
            messages(&errs),
            vec![(6, "unclosed backtick string in arguments of shortcode `a`")]
        );
        assert_eq!(sc(&segs[1]).name, "c");
    }

    #[test]
    fn named_args_forms() {
        let src = "{{% expandlarge id=\"x\" header=\"Overskrift med æøå\" url=https://a.b/c?d=e n = 3 %}}x{{% /expandlarge %}}";
        let segs = scan_ok(src);
        let s = sc(&segs[0]);
        assert_eq!(
            s.args.named,
            vec![
                ("id".to_owned(), "x".to_owned()),
                ("header".to_owned(), "Overskrift med æøå".to_owned()),
                ("url".to_owned(), "https://a.b/c?d=e".to_owned()),
                ("n".to_owned(), "3".to_owned()),
            ]
        );
        let segs = scan_ok("{{< a k=1 k=2 >}}");
        assert_eq!(sc(&segs[0]).args.get("k"), Some("2"));
        assert_eq!(sc(&segs[0]).args.get("nope"), None);
    }

    #[test]
    fn positional_forms() {
        let src = "{{% expiring-notice \"2024-01-01\" %}}x{{% /expiring-notice %}}";
        let segs = scan_ok(src);
        let s = sc(&segs[0]);
        assert_eq!(s.name, "expiring-notice");
        assert_eq!(s.args.positional, vec!["2024-01-01"]);
        let segs = scan_ok("{{< a 1.5 -x æøå 😀 b/c >}}");
        assert_eq!(
            sc(&segs[0]).args.positional,
            vec!["1.5", "-x", "æøå", "😀", "b/c"]
        );
    }

    #[test]
    fn argument_errors() {
        let (segs, errs) = scan_err("{{< a k= >}}");
        assert_eq!(
            messages(&errs),
            vec![(6, "missing value for argument `k` of shortcode `a`")]
        );
        assert_eq!(
            sc(&segs[0]).args.named,
            vec![("k".to_owned(), String::new())]
        );
        let (segs, errs) = scan_err("{{< a =x >}}");
        assert_eq!(
            messages(&errs),
            vec![(6, "unexpected `=` in arguments of shortcode `a`")]
        );
        assert_eq!(sc(&segs[0]).args.positional, vec!["x"]);
        let (segs, errs) = scan_err("{{< a k=v p >}}");
        assert_eq!(
            messages(&errs),
            vec![(10, "shortcode `a` mixes positional and named arguments")]
        );
        let s = sc(&segs[0]);
        assert_eq!(s.args.positional, vec!["p"]);
        assert_eq!(s.args.get("k"), Some("v"));
    }

    #[test]
    fn tag_errors() {
        let (segs, errs) = scan_err("{{< >}} {{<\"x\">}}");
        assert_eq!(segs.len(), 1);
        assert_eq!(
            messages(&errs),
            vec![
                (0, "missing shortcode name after `{{<`"),
                (8, "missing shortcode name after `{{<`"),
            ]
        );
        let (segs, errs) = scan_err("{{< a@b >}}");
        assert_eq!(segs.len(), 1);
        assert_eq!(
            messages(&errs),
            vec![(5, "invalid character `@` after shortcode name `a`")]
        );
        let (segs, errs) = scan_err("{{< a x %}} {{% b /> }} %}}");
        assert!(matches!(segs[0], Segment::Text(_)));
        assert_eq!(
            messages(&errs)[0],
            (
                8,
                "shortcode tag `{{< a` opened with `{{<` must end with `>}}`, found `%}}`"
            )
        );
        let (segs, errs) = scan_err("{{< a >}}{{< /a b >}}");
        assert_eq!(
            messages(&errs),
            vec![(9, "closing tag `{{< /a >}}` must not have arguments")]
        );
        assert!(sc(&segs[0]).inner.is_some());
    }

    #[test]
    fn names_with_slash_and_dots() {
        let segs = scan_ok("{{< foo/bar x >}}{{< a.inline >}}{{< /a.inline >}}{{< n/>}}");
        assert_eq!(sc(&segs[0]).name, "foo/bar");
        assert_eq!(sc(&segs[1]).name, "a.inline");
        assert!(sc(&segs[1]).inner.is_some());
        assert_eq!(sc(&segs[2]).name, "n");
        let (segs, errs) = scan_err("{{</ x >}}");
        assert_eq!(segs, vec![Segment::Text(0..10)]);
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn unicode_around_tags() {
        let src = "æøå😀{{< ref \"ø\" >}}€\u{a0}{{%/* x */%}}ü";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 5);
        assert_eq!(segs[0], Segment::Text(0.."æøå😀".len()));
        assert_eq!(sc(&segs[1]).args.positional, vec!["ø"]);
        let (_, errs) = scan_err("ü{{< ü");
        assert_eq!(
            messages(&errs),
            vec![(2, "unterminated shortcode tag `{{< ü`: missing `>}}`")]
        );
        let (_, errs) = scan_err("😀{{< a \"ø");
        assert_eq!(errs[0].offset, 10);
    }

    #[test]
    fn crlf_text() {
        let src = "a\r\n{{% notice\r\n  info %}}\r\nb\r\n{{% /notice %}}\r\n";
        let segs = scan_ok(src);
        assert_eq!(segs.len(), 3);
        let s = sc(&segs[1]);
        assert_eq!(s.args.positional, vec!["info"]);
        assert_eq!(&src[s.inner.clone().unwrap()], "\r\nb\r\n");
    }

    #[test]
    fn shortcodes_inside_code_fences_are_scanned() {
        let segs = scan_ok("```\n{{< x >}}\n```\n");
        assert_eq!(sc(&segs[1]).name, "x");
    }

    #[test]
    fn deep_nesting_is_capped() {
        let n = 10_000;
        let src = "{{< a >}}".repeat(n) + &"{{< /a >}}".repeat(n);
        let (segs, errs) = scan(&src, &never);
        check_invariants(&src, &segs, 0..src.len());
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("nested more than"));
        assert_eq!(errs[0].offset, MAX_NESTING * 9);
        let mut depth = 0;
        let mut level = &segs;
        while let Some(Segment::Shortcode(s)) = level.first() {
            depth += 1;
            level = &s.children;
        }
        assert_eq!(depth, MAX_NESTING);
        // Unclosed openers do not nest, however many there are.
        let src = "{{% notice %}}".repeat(n);
        let (segs, errs) = scan(&src, &needs);
        check_invariants(&src, &segs, 0..src.len());
        assert_eq!(segs.len(), n);
        assert_eq!(errs.len(), n);
        assert!(
            errs.iter()
                .all(|e| e.message.starts_with("unclosed shortcode"))
        );
        // Many standalone shortcodes before paired ones do not count as nesting.
        let src = "{{< ref x >}}{{% b %}}y{{% /b %}}".repeat(n);
        let (segs, errs) = scan(&src, &needs);
        assert!(errs.is_empty());
        assert_eq!(segs.len(), 2 * n);
        assert!(
            segs.iter()
                .skip(1)
                .step_by(2)
                .all(|s| sc(s).inner.is_some())
        );
    }

    #[test]
    fn display_and_helpers() {
        let e = ScanError {
            offset: 3,
            message: "m".into(),
        };
        assert_eq!(e.to_string(), "byte 3: m");
        assert_eq!(Segment::Text(1..2).span(), 1..2);
        assert_eq!(find_byte(b"0123456789{", b'{'), Some(10));
        assert_eq!(find_byte(b"01234567", b'{'), None);
        assert_eq!(find_byte(b"", b'{'), None);
        assert_eq!(find_byte("ææææ{".as_bytes(), b'{'), Some(8));
    }

    /// xorshift64* pseudo-random generator (no external crates).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "{{<",
        "{{%",
        ">}}",
        "%}}",
        "{{",
        "}}",
        "{",
        "}",
        "<",
        ">",
        "%",
        "/",
        "/*",
        "*/",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "\"",
        "`",
        "\\",
        "=",
        "notice",
        "a",
        "b",
        "x-y",
        "ref",
        "info",
        "æ",
        "ø",
        "😀",
        "\u{a0}",
        "text ",
        "{{< a >}}",
        "{{< /a >}}",
        "{{% b %}}",
        "{{% /b %}}",
        "{{</* a */>}}",
        "{{< c />}}",
        "k=\"v\"",
        "1.5",
    ];

    fn random_input(rng: &mut Rng) -> String {
        let len = rng.below(40);
        (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }

    fn mangle(rng: &mut Rng, base: &str) -> String {
        let mut chars: Vec<char> = base.chars().collect();
        for _ in 0..rng.below(6) {
            if chars.is_empty() {
                break;
            }
            let at = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(at);
                }
                1 => {
                    let c = ['{', '}', '<', '>', '%', '"', '`', '/', '*', '\\', ' ', 'é']
                        [rng.below(12)];
                    chars.insert(at, c);
                }
                _ => {
                    let c = chars[at];
                    chars.insert(at, c);
                }
            }
        }
        chars.into_iter().collect()
    }

    fn check_any(src: &str) {
        let (segs, errs) = scan(src, &needs);
        check_invariants(src, &segs, 0..src.len());
        check_errors(src, &errs);
        if !src.contains("{{<") && !src.contains("{{%") {
            assert!(errs.is_empty());
            if src.is_empty() {
                assert!(segs.is_empty());
            } else {
                assert_eq!(segs, vec![Segment::Text(0..src.len())]);
            }
        }
    }

    #[test]
    fn property_random_inputs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let src = random_input(&mut rng);
            check_any(&src);
        }
    }

    #[test]
    fn property_mangled_real_snippets() {
        let bases = [
            "{{% notice warning %}}\nTekst **x** [l](../a/).\n{{% /notice %}}\n",
            "{{<children description=\"true\" depth=\"2\" />}}\n{{< children >}}",
            "[S]({{< ref \"/api/rest/_index.md\" >}}) og {{< relref \"a.md#anker\" >}}",
            "{{% expandlarge id=\"x\" header=\"Ø æ å\" %}} … {{% /expandlarge %}}",
            "{{<mermaid align=\"left\">}} graph LR; A-->B {{< /mermaid >}}",
            "{{% panel theme=\"warning\" header=\"M\" %}}…{{% /panel %}}",
            "{{% a %}}{{% b %}}{{% /a %}}{{% /b %}}",
            "{{</* name args */>}} {{%/* n */%}} {{< k=`r\nr` \"q\\\"\" >}}",
        ];
        let mut rng = Rng(42);
        for base in bases {
            check_any(base);
            for _ in 0..3_000 {
                check_any(&mangle(&mut rng, base));
            }
        }
    }

    #[test]
    fn pathological_inputs_are_linear() {
        let n = 20_000;
        let inputs = [
            "{{< a >}}".repeat(n) + &"{{< /b >}}".repeat(n),
            "{{< a \"".repeat(n),
            "{{< a \"\\\"".repeat(n),
            "{{< a `".repeat(n),
            "{{</* ".repeat(n),
            "{{%/* */>}}".repeat(n),
            "{{< a".repeat(n),
            "{{< x \"{{< y ".repeat(n),
            "{{% notice %}}".repeat(n),
            "{{< /notice >}}".repeat(n),
            "{".repeat(n * 10),
            "{{{{{{<".repeat(n),
            "{{< a k=".repeat(n),
        ];
        for src in &inputs {
            let started = std::time::Instant::now();
            let (segs, errs) = scan(src, &needs);
            let elapsed = started.elapsed();
            check_invariants(src, &segs, 0..src.len());
            check_errors(src, &errs);
            assert!(
                elapsed < std::time::Duration::from_secs(3),
                "too slow ({elapsed:?}) on {:?}…",
                &src[..20]
            );
        }
    }
}
