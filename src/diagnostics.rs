//! Content diagnostics: problems in the user's files, reported with `path:line:col`.
//!
//! Every pipeline stage pushes diagnostics into a [`Diagnostics`] collector instead of
//! returning early, so one run reports every problem at once. This module only models and
//! formats diagnostics; it never decides policy (error vs warning is decided by the caller,
//! e.g. the link checker reads the link policy from the config) and never does IO.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is. Errors make `build` and `check` exit with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one file. `path` is relative to the site root, with `/` separators.
/// `line` and `col` are 1-based; 0 means "the file as a whole".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// Diagnostics of one cause share a group, named by what they are (`broken links into
    /// /images/, a folder the site does not have`): text output shows a long group's first
    /// few and counts the rest in one line ([`text_lines`]); JSON output lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// One line: control characters in the path or message (a newline in a template
    /// error, a NUL from front matter, a file name with a line break) are written escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            OneLine(&self.path),
            self.line.max(1),
            self.col.max(1),
            self.severity,
            OneLine(&self.message)
        )
    }
}

/// Text with its control characters escaped (`\n`, `\u{0}`).
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.contains(char::is_control) {
            return f.write_str(self.0);
        }
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

/// A collector of diagnostics for one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.report(Severity::Error, path, pos, message);
    }

    pub fn warning(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.report(Severity::Warning, path, pos, message);
    }

    pub fn report(&mut self, severity: Severity, path: &str, pos: Pos, message: impl Into<String>) {
        self.report_in(None, severity, path, pos, message);
    }

    /// [`Diagnostics::report`], in `group` (see [`Diagnostic::group`]) when it is `Some`.
    pub fn report_in(
        &mut self,
        group: Option<String>,
        severity: Severity,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic {
            path: path.to_string(),
            line: pos.line,
            col: pos.col,
            severity,
            message: message.into(),
            group,
        });
    }

    /// Reports a file that is not UTF-8 (`e`) at its first invalid byte, saying what
    /// happens instead (`consequence`: "the word list is not used").
    pub fn not_utf8(&mut self, path: &str, e: &std::string::FromUtf8Error, consequence: &str) {
        let (pos, offset) = end_of_valid_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        self.error(
            path,
            pos,
            format!(
                "the file is not valid UTF-8 text (save it as UTF-8): invalid byte at offset {offset}; {consequence}"
            ),
        );
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Diagnostics sorted by path, line, column, so output never depends on the order in
    /// which parallel stages finished.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort();
        v.dedup();
        v
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// A group with more members than this is shortened in text output …
pub const GROUP_LIMIT: usize = 10;
/// … to this many, followed by one line that counts the rest.
pub const GROUP_SHOWN: usize = 3;

/// The lines of text output for `diags` (sorted): one per diagnostic, except that of a group
/// with more than [`GROUP_LIMIT`] members only the first [`GROUP_SHOWN`] are written, the
/// last of them followed by one line that counts the others and says where to find them.
pub fn text_lines(diags: &[Diagnostic]) -> Vec<String> {
    let mut sizes: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for d in diags {
        if let Some(g) = &d.group {
            *sizes.entry((g, d.severity)).or_insert(0) += 1;
        }
    }
    let mut seen: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        let Some(g) = &d.group else {
            out.push(d.to_string());
            continue;
        };
        let key = (g.as_str(), d.severity);
        let size = sizes[&key];
        let n = seen.entry(key).or_insert(0);
        *n += 1;
        if size <= GROUP_LIMIT || *n < GROUP_SHOWN {
            out.push(d.to_string());
        } else if *n == GROUP_SHOWN {
            out.push(d.to_string());
            out.push(format!(
                "{}: {} more {}: not shown (`veiviser check --format json` lists every one)",
                d.severity,
                size - GROUP_SHOWN,
                OneLine(g)
            ));
        }
    }
    out
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, col: 0 };

    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// Maps byte offsets in a file's text to 1-based line and column (columns count chars).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// Where bytes that are not UTF-8 go wrong: the position just after their valid start
/// `valid` (the bytes before the first invalid one), and its length in bytes.
pub fn end_of_valid_utf8(valid: &[u8]) -> (Pos, usize) {
    let text = std::str::from_utf8(valid).unwrap_or("");
    (LineIndex::new(text).pos(text, text.len()), valid.len())
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        // Between the `\r` and `\n` of a CRLF (parsers report line ends there) is the end
        // of the line, not a column past it.
        if offset > 0
            && text.as_bytes().get(offset) == Some(&b'\n')
            && text.as_bytes()[offset - 1] == b'\r'
        {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        Pos::new(line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lf_crlf_and_lone_cr() {
        let text = "a\nbc\r\nd\re";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos::new(1, 1));
        assert_eq!(idx.pos(text, 3), Pos::new(2, 2));
        assert_eq!(idx.pos(text, 6), Pos::new(3, 1));
        assert_eq!(idx.pos(text, 8), Pos::new(4, 1));
    }

    #[test]
    fn offset_inside_crlf_is_the_end_of_the_line() {
        // Found by fuzz/frontmatter: TOML errors can point at the `\n` of a CRLF.
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 2), Pos::new(1, 3));
        assert_eq!(idx.pos(text, 3), Pos::new(1, 3));
        assert_eq!(idx.pos(text, 4), Pos::new(2, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "æøå x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, "æøå ".len()), Pos::new(1, 5));
    }

    #[test]
    fn display_is_always_one_line() {
        let d = Diagnostic {
            path: "content/a\nb.md".into(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            message: "template error:\n --> x.html:1:4\tnul \u{0} æ".into(),
            group: None,
        };
        assert_eq!(
            d.to_string(),
            "content/a\\nb.md:1:1: error: template error:\\n --> x.html:1:4\\tnul \\u{0} æ"
        );
    }

    #[test]
    fn display_is_path_line_col() {
        let d = Diagnostic {
            path: "content/a.md".into(),
            line: 3,
            col: 7,
            severity: Severity::Warning,
            message: "broken link".into(),
            group: None,
        };
        assert_eq!(d.to_string(), "content/a.md:3:7: warning: broken link");
    }

    #[test]
    fn a_long_group_shows_its_first_few_and_counts_the_rest() {
        let mut d = Diagnostics::new();
        let group = || Some("broken links into /img/".to_string());
        for i in 1..=GROUP_LIMIT + 2 {
            d.report_in(
                group(),
                Severity::Warning,
                "content/a.md",
                Pos::new(i, 1),
                "x",
            );
        }
        d.warning("content/a.md", Pos::new(2, 5), "alone");
        // The same group's errors are a group of their own (and a short one).
        d.report_in(
            group(),
            Severity::Error,
            "content/b.md",
            Pos::new(1, 1),
            "y",
        );
        // A group no longer than the limit is written whole.
        for i in 1..=GROUP_LIMIT {
            d.report_in(
                Some("other".into()),
                Severity::Warning,
                "content/c.md",
                Pos::new(i, 1),
                "z",
            );
        }
        let lines = text_lines(&d.sorted());
        let first: Vec<&str> = lines.iter().take(5).map(String::as_str).collect();
        assert_eq!(
            first,
            [
                "content/a.md:1:1: warning: x",
                "content/a.md:2:1: warning: x",
                "content/a.md:2:5: warning: alone",
                "content/a.md:3:1: warning: x",
                "warning: 9 more broken links into /img/: not shown (`veiviser check --format json` lists every one)",
            ]
        );
        assert_eq!(lines[5], "content/b.md:1:1: error: y");
        assert_eq!(lines.len(), 6 + GROUP_LIMIT);
        assert!(lines[6..].iter().all(|l| l.starts_with("content/c.md:")));
    }
}
