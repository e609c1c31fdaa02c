//! Front matter: split a page into its YAML (`---`), TOML (`+++`) or JSON (`{`) header and
//! markdown body, parse the header with gray_matter's engines and map the keys veiviser knows
//! onto [`FrontMatter`].
//!
//! Errors point at the true line in the file (not the line inside the header). Unknown keys
//! are kept in `params`. This module never touches the body text beyond finding where it
//! starts, and never does IO.

use crate::diagnostics::{Diagnostics, LineIndex, Pos};
use crate::model::FrontMatter;
use gray_matter::engine::Engine;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

/// Where the header and body are in the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Option<Format>,
    /// Byte range of the header's inner text (without delimiters).
    pub header: std::ops::Range<usize>,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter block. Returns `Err(offset)` for an opening delimiter that is
/// never closed.
pub fn split(text: &str) -> Result<Split, usize> {
    let none = Split {
        format: None,
        header: 0..0,
        body_start: 0,
    };
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_line_end].trim_end_matches(['\n', '\r']);
    let (format, delim) = match first.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ if text.starts_with('{') => return split_json(text),
        _ => return Ok(none),
    };
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == delim {
            return Ok(Split {
                format: Some(format),
                header: first_line_end..pos,
                body_start: end,
            });
        }
        pos = end;
    }
    Err(0)
}

/// JSON front matter: a JSON object at the very start, ending at its matching brace.
fn split_json(text: &str) -> Result<Split, usize> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escape = false;
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match b {
                _ if escape => escape = false,
                b'\\' => escape = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let mut body = i + 1;
                    let rest = &text[body..];
                    let nl = rest.find('\n').map(|j| j + 1).unwrap_or(rest.len());
                    if rest[..nl].trim().is_empty() {
                        body += nl;
                    }
                    return Ok(Split {
                        format: Some(Format::Json),
                        header: 0..i + 1,
                        body_start: body,
                    });
                }
            }
            _ => {}
        }
    }
    Err(0)
}

/// Parses the front matter of `text` (a whole file). Returns the front matter and the
/// offset where the body starts. Problems are pushed to `diags` under `path`.
pub fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> (FrontMatter, usize) {
    // Only needed to report a problem: built on first use.
    let line_index = std::cell::OnceCell::new();
    let lines = Lazy(&line_index, text);
    let split = match split(text) {
        Ok(s) => s,
        Err(off) => {
            diags.error(
                path,
                lines.pos(text, off),
                "front matter is not closed: the opening delimiter has no closing line",
            );
            return (FrontMatter::default(), text.len());
        }
    };
    let Some(format) = split.format else {
        return (FrontMatter::default(), 0);
    };
    let header = &text[split.header.clone()];
    if format == Format::Yaml
        && let Some(off) = yaml_alias_bomb(header)
    {
        diags.error(
            path,
            lines.pos(text, split.header.start + off),
            format!(
                "invalid YAML front matter: its aliases expand to more than {MAX_YAML_VALUES} values"
            ),
        );
        return (FrontMatter::default(), split.body_start);
    }
    let parsed = match parse_value(format, header) {
        Err(err) if format == Format::Yaml => match repair_yaml(header) {
            Some((v, what)) => {
                let pos = err
                    .0
                    .map(|o| lines.pos(text, split.header.start + o.min(header.len())))
                    .unwrap_or_else(|| lines.pos(text, split.header.start));
                diags.warning(
                    path,
                    pos,
                    format!(
                        "invalid YAML front matter ({}); read leniently like Hugo: {what}",
                        err.1
                    ),
                );
                Ok(v)
            }
            None => Err(err),
        },
        other => other,
    };
    let value = match parsed {
        Ok(v) => v,
        Err((off, msg)) => {
            let off = off.map(|o| error_offset(header, o));
            let pos = match off {
                Some(o) => lines.pos(text, split.header.start + o.min(header.len())),
                None => lines.pos(text, split.header.start),
            };
            diags.error(
                path,
                pos,
                format!("invalid {} front matter: {msg}", name(format)),
            );
            return (FrontMatter::default(), split.body_start);
        }
    };
    let map = match value {
        Value::Object(m) => m,
        Value::Null => Default::default(),
        _ => {
            diags.error(
                path,
                lines.pos(text, split.header.start),
                "front matter must be a map of keys to values",
            );
            return (FrontMatter::default(), split.body_start);
        }
    };
    let key_lines = key_lines(text, split.header.clone(), format);
    (map_keys(path, map, key_lines, diags), split.body_start)
}

fn name(f: Format) -> &'static str {
    match f {
        Format::Yaml => "YAML",
        Format::Toml => "TOML",
        Format::Json => "JSON",
    }
}

/// Parses with gray_matter's engine; on failure, asks the underlying parser for the error's
/// position (gray_matter's errors carry only a message). Returns the offset inside the header.
fn parse_value(format: Format, header: &str) -> Result<Value, (Option<usize>, String)> {
    let pod = match format {
        Format::Yaml => gray_matter::engine::YAML::parse(header),
        Format::Toml => gray_matter::engine::TOML::parse(header),
        Format::Json => gray_matter::engine::JSON::parse(header),
    };
    match pod {
        Ok(pod) => pod
            .deserialize::<Value>()
            .map_err(|e| (None, e.to_string())),
        Err(_) => Err(locate_error(format, header)),
    }
}

/// Where to report an error found at byte `off` of `text`: there, but an error found only
/// at the end (an unclosed `[`, `{` or quote) goes to the start of the last line with text,
/// where the writer left it open.
pub fn error_offset(text: &str, off: usize) -> usize {
    let end = text.trim_end().len();
    if off >= end {
        text[..end].rfind('\n').map_or(0, |i| i + 1)
    } else {
        off
    }
}

/// A whole YAML or JSON data file (a Hugo config) as a JSON value; on error, its offset in
/// `text` (when known) and a message. YAML whose aliases expand too far is an error, as in
/// front matter.
pub fn parse_data(format: Format, text: &str) -> Result<Value, (Option<usize>, String)> {
    if format == Format::Yaml
        && let Some(off) = yaml_alias_bomb(text)
    {
        return Err((
            Some(off),
            format!("its aliases expand to more than {MAX_YAML_VALUES} values"),
        ));
    }
    parse_value(format, text)
}

/// Most values YAML aliases may expand to. A few nested anchors can otherwise expand to
/// gigabytes (a "billion laughs"); real front matter has dozens of values.
const MAX_YAML_VALUES: usize = 100_000;

/// The offset in `header` of the alias that makes the YAML expand past [`MAX_YAML_VALUES`]
/// values, if one does. Linear: an alias adds the size its anchor already has.
fn yaml_alias_bomb(header: &str) -> Option<usize> {
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;
    if !header.contains('*') {
        return None;
    }
    #[derive(Default)]
    struct Count {
        /// Open sequences and maps: (anchor id, values so far).
        open: Vec<(usize, usize)>,
        /// Size of each anchored node.
        sizes: std::collections::HashMap<usize, usize>,
        total: usize,
        over: Option<Marker>,
    }
    impl Count {
        fn add(&mut self, anchor: usize, n: usize, mark: Marker) {
            if anchor > 0 {
                self.sizes.insert(anchor, n);
            }
            let sum = match self.open.last_mut() {
                Some(top) => &mut top.1,
                None => &mut self.total,
            };
            *sum = sum.saturating_add(n);
            if *sum > MAX_YAML_VALUES && self.over.is_none() {
                self.over = Some(mark);
            }
        }
    }
    impl MarkedEventReceiver for Count {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            match ev {
                Event::SequenceStart(a, _) | Event::MappingStart(a, _) => self.open.push((a, 1)),
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((a, n)) = self.open.pop() {
                        self.add(a, n, mark);
                    }
                }
                Event::Scalar(_, _, a, _) => self.add(a, 1, mark),
                Event::Alias(a) => {
                    let n = self.sizes.get(&a).copied().unwrap_or(1);
                    self.add(0, n, mark);
                }
                _ => {}
            }
        }
    }
    let mut count = Count::default();
    // A syntax error is reported by the normal parse.
    let _ = Parser::new_from_str(header).load(&mut count, false);
    let m = count.over?;
    Some(line_col_offset(
        header,
        &LineIndex::new(""),
        m.line(),
        m.col(),
    ))
}

/// Hugo's YAML reader accepts two things that strict YAML rejects and that real sites
/// contain: a top-level key given twice (the last wins) and continuation lines of a quoted
/// string that are not indented. Repairs those and re-parses; `None` if that does not help.
fn repair_yaml(header: &str) -> Option<(Value, &'static str)> {
    let mut text = header.to_string();
    let mut what = "";
    for _ in 0..64 {
        match yaml_rust2::YamlLoader::load_from_str(&text) {
            Ok(_) => {
                return parse_value(Format::Yaml, &text).ok().map(|v| (v, what));
            }
            Err(e) => {
                let info = e.info();
                if info.contains("duplicated key") {
                    text = drop_duplicate_keys(&text)?;
                    what = "the last of the duplicated keys is used";
                } else if info.contains("indentation") {
                    // The marker is the line where the quoted value starts (1-based):
                    // indent the lines after it up to the closing quote.
                    let start = e.marker().line();
                    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
                    let quote = lines
                        .get(start.checked_sub(1)?)?
                        .chars()
                        .nth(e.marker().col())?;
                    let mut changed = false;
                    for l in lines.iter_mut().skip(start) {
                        if !l.starts_with([' ', '\t']) {
                            l.insert_str(0, "  ");
                            changed = true;
                        }
                        if l.contains(quote) {
                            break;
                        }
                    }
                    if !changed {
                        return None;
                    }
                    text = lines.join("\n");
                    what = "continuation lines of a quoted value were not indented";
                } else {
                    return None;
                }
            }
        }
    }
    None
}

/// Removes all but the last occurrence of each duplicated top-level key (with its block).
fn drop_duplicate_keys(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let key_of = |l: &str| -> Option<String> {
        if l.starts_with([' ', '\t', '-', '#']) {
            return None;
        }
        l.find(':').map(|i| l[..i].trim().to_string())
    };
    let mut blocks: Vec<(Option<String>, Vec<&str>)> = Vec::new();
    for l in &lines {
        match key_of(l) {
            Some(k) => blocks.push((Some(k), vec![l])),
            None => match blocks.last_mut() {
                Some(b) => b.1.push(l),
                None => blocks.push((None, vec![l])),
            },
        }
    }
    let mut keep = vec![true; blocks.len()];
    let mut changed = false;
    for i in 0..blocks.len() {
        if let Some(k) = &blocks[i].0
            && blocks[i + 1..].iter().any(|b| b.0.as_ref() == Some(k))
        {
            keep[i] = false;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let out: Vec<&str> = blocks
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .flat_map(|(b, _)| b.1.iter().copied())
        .collect();
    Some(out.join("\n"))
}

fn locate_error(format: Format, header: &str) -> (Option<usize>, String) {
    match format {
        Format::Yaml => match yaml_rust2::YamlLoader::load_from_str(header) {
            Err(e) => {
                let m = e.marker();
                let lines = LineIndex::new(header);
                // yaml-rust2 lines are 1-based, columns 0-based.
                let off = line_col_offset(header, &lines, m.line(), m.col());
                (Some(off), e.info().to_string())
            }
            Ok(_) => (None, "could not be read".into()),
        },
        Format::Toml => match header.parse::<toml::Table>() {
            Err(e) => (e.span().map(|s| s.start), e.message().trim().to_string()),
            Ok(_) => (None, "could not be read".into()),
        },
        Format::Json => match serde_json::from_str::<Value>(header) {
            Err(e) => {
                let lines = LineIndex::new(header);
                let off = line_col_offset(header, &lines, e.line(), e.column().saturating_sub(1));
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                (Some(off), msg)
            }
            Ok(_) => (None, "could not be read".into()),
        },
    }
}

/// Byte offset of 1-based `line`, 0-based char `col` in `text`.
fn line_col_offset(text: &str, _lines: &LineIndex, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(col)
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
}

/// The line of each top-level key, found by scanning the header text.
fn key_lines(
    text: &str,
    header: std::ops::Range<usize>,
    format: Format,
) -> std::collections::BTreeMap<String, Pos> {
    let mut out = std::collections::BTreeMap::new();
    let first_line = text[..header.start].matches('\n').count() + 1;
    for (line_no, line) in (first_line..).zip(text[header.clone()].split_inclusive('\n')) {
        let l = line.trim_start_matches([' ', '\t', '"']);
        let indent = line.len() - line.trim_start().len();
        if indent == 0 || format == Format::Json {
            let end = l.find([':', '=', '"', ' ']).unwrap_or(l.len());
            let key = l[..end].trim().to_ascii_lowercase();
            if !key.is_empty() && !out.contains_key(&key) {
                out.insert(key, Pos::new(line_no, 1));
            }
        }
    }
    out
}

/// A [`LineIndex`] built the first time a position is asked for.
struct Lazy<'a>(&'a std::cell::OnceCell<LineIndex>, &'a str);

impl Lazy<'_> {
    fn pos(&self, text: &str, offset: usize) -> Pos {
        self.0
            .get_or_init(|| LineIndex::new(self.1))
            .pos(text, offset)
    }
}

fn map_keys(
    path: &str,
    map: serde_json::Map<String, Value>,
    key_lines: std::collections::BTreeMap<String, Pos>,
    diags: &mut Diagnostics,
) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let (mut unlisted, mut no_output) = (false, false);
    let at = |k: &str| key_lines.get(k).copied().unwrap_or(Pos::FILE);
    for (key, value) in map {
        let lk = key.to_ascii_lowercase();
        let pos = at(&lk);
        let mut string = |v: &Value| -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Null => None,
                other => {
                    diags.error(
                        path,
                        pos,
                        format!(
                            "front matter `{key}` must be a string, not {}",
                            describe(other)
                        ),
                    );
                    None
                }
            }
        };
        match lk.as_str() {
            "title" => fm.title = string(&value),
            "linktitle" => fm.linktitle = string(&value),
            "description" => fm.description = string(&value),
            "type" => fm.type_ = string(&value),
            "layout" => fm.layout = string(&value),
            "date" => {
                // An empty date is no date (Hugo's zero time), not a wrong one.
                fm.date = string(&value).filter(|d| !d.trim().is_empty()).filter(|d| {
                    let ok = is_date(d);
                    if !ok {
                        diags.error(
                            path,
                            pos,
                            format!(
                                "front matter `date` must be a date like 2024-05-31 or \
                                 2024-05-31T12:00:00+02:00, not `{d}`"
                            ),
                        );
                    }
                    ok
                })
            }
            "slug" => fm.slug = string(&value),
            "url" => fm.url = string(&value),
            "lang" => fm.lang = string(&value),
            "weight" => match &value {
                Value::Number(n) if n.is_i64() => fm.weight = n.as_i64().unwrap_or(0),
                Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                    fm.weight = n.as_f64().unwrap_or(0.0) as i64
                }
                Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                    fm.weight = s.trim().parse().unwrap_or(0)
                }
                Value::Null => {}
                other => diags.error(
                    path,
                    pos,
                    format!(
                        "front matter `weight` must be a whole number, not {}",
                        describe(other)
                    ),
                ),
            },
            "draft" | "hidden" | "toc" => {
                let b = match &value {
                    Value::Bool(b) => Some(*b),
                    Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
                    Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
                    Value::Null => None,
                    other => {
                        let msg = format!(
                            "front matter `{key}` must be true or false, not {}",
                            describe(other)
                        );
                        if lk == "draft" {
                            diags.error(path, pos, msg);
                        } else {
                            // `toc` and `hidden` are theme parameters in Hugo, which ignores
                            // their type; an existing site must still build.
                            diags.warning(path, pos, format!("{msg}; ignored"));
                        }
                        None
                    }
                };
                match lk.as_str() {
                    "draft" => fm.draft = b.unwrap_or(false),
                    "hidden" => fm.hidden = b.unwrap_or(false),
                    _ => fm.toc = b,
                }
            }
            "aliases" | "tags" | "categories" | "keywords" => {
                let list = match &value {
                    Value::Array(items) => {
                        let mut out = Vec::new();
                        for item in items {
                            match item {
                                Value::String(s) => out.push(s.clone()),
                                Value::Number(n) => out.push(n.to_string()),
                                Value::Null => {}
                                other => diags.error(
                                    path,
                                    pos,
                                    format!(
                                        "front matter `{key}` must be a list of strings, found {}",
                                        describe(other)
                                    ),
                                ),
                            }
                        }
                        out
                    }
                    Value::String(s) if lk == "keywords" => s
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                    Value::String(s) => vec![s.clone()],
                    Value::Null => vec![],
                    other => {
                        diags.error(
                            path,
                            pos,
                            format!(
                                "front matter `{key}` must be a list of strings, not {}",
                                describe(other)
                            ),
                        );
                        vec![]
                    }
                };
                let list: Vec<String> = list
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                match lk.as_str() {
                    "aliases" => fm.aliases = list,
                    "tags" => fm.tags = list,
                    "categories" => fm.categories = list,
                    _ => fm.keywords = list,
                }
            }
            // Hugo's build options: `list: never` leaves the page out of every list (as
            // `hidden` does here), `render: never` writes no file for it; `headless: true`
            // is both. `publishResources` is accepted (resources are always copied).
            "headless" => match &value {
                Value::Bool(true) => (unlisted, no_output) = (true, true),
                Value::Bool(false) | Value::Null => {}
                other => diags.warning(
                    path,
                    pos,
                    format!(
                        "front matter `headless` must be true or false, not {}; ignored",
                        describe(other)
                    ),
                ),
            },
            "build" | "_build" => match &value {
                Value::Object(opts) => {
                    for (k, v) in opts {
                        // The option's value as a word: `true` is always, `false` never.
                        let word = match v {
                            Value::Bool(b) => Some(if *b { "always" } else { "never" }),
                            Value::String(s) => ["always", "never", "local", "link"]
                                .into_iter()
                                .find(|w| s.eq_ignore_ascii_case(w)),
                            _ => None,
                        };
                        match (k.to_ascii_lowercase().as_str(), word) {
                            ("list", Some(w)) => unlisted |= w == "never",
                            // `link`: no file, but a permalink; both mean no output here.
                            ("render", Some(w)) => no_output |= w == "never" || w == "link",
                            ("publishresources", Some(_)) => {}
                            _ => diags.warning(
                                path,
                                pos,
                                format!(
                                    "front matter `{key}.{k}` = {} is not a build option veiviser knows (list, render, publishResources: always/never/local/link); ignored",
                                    describe(v)
                                ),
                            ),
                        }
                    }
                }
                other => diags.warning(
                    path,
                    pos,
                    format!(
                        "front matter `{key}` must be a map (list, render, publishResources), not {}; ignored",
                        describe(other)
                    ),
                ),
            },
            _ => {
                fm.params.insert(key, value);
            }
        }
    }
    if unlisted || no_output {
        fm.hidden = true;
    }
    fm.no_output = no_output;
    fm.key_lines = key_lines;
    fm
}

/// Whether `s` is a date Hugo reads: `YYYY-MM-DD` with a real month and day, optionally
/// followed by a time (`T` or a space, then digits).
fn is_date(s: &str) -> bool {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (month, day) = (num(5..7), num(8..10));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T' | b't' | b' ') => b.get(11).is_some_and(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// What a value is, for a message: its kind, and a number itself (`weight: 1.5` is not a
/// whole number, which "a number" would not tell).
fn describe(v: &Value) -> std::borrow::Cow<'static, str> {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) => format!("the number {n}").into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (FrontMatter, usize, Vec<crate::diagnostics::Diagnostic>) {
        let mut d = Diagnostics::new();
        let (fm, body) = parse("a.md", text, &mut d);
        (fm, body, d.sorted())
    }

    #[test]
    fn yaml_keys_map() {
        let (fm, body, d) = run("---\ntitle: Hei\nweight: 3\ntags: [a, b]\ncustom: 1\n---\nBody");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("Hei"));
        assert_eq!(fm.weight, 3);
        assert_eq!(fm.tags, vec!["a", "b"]);
        assert!(fm.params.contains_key("custom"));
        assert_eq!(
            &"---\ntitle: Hei\nweight: 3\ntags: [a, b]\ncustom: 1\n---\nBody"[body..],
            "Body"
        );
    }

    #[test]
    fn hugo_build_options_and_headless() {
        let flags = |text: &str| {
            let (fm, _, d) = run(text);
            (fm.hidden, fm.no_output, d.len())
        };
        // list: never is hidden; render: never (or link) writes nothing and is hidden too.
        assert_eq!(
            flags("---\n_build:\n  list: never\n  render: always\n  publishResources: true\n---\n"),
            (true, false, 0)
        );
        assert_eq!(
            flags("---\nbuild:\n  render: never\n---\n"),
            (true, true, 0)
        );
        assert_eq!(
            flags("---\nbuild:\n  render: link\n  list: local\n---\n"),
            (true, true, 0)
        );
        assert_eq!(
            flags("+++\n[_build]\nlist = false\n+++\n"),
            (true, false, 0)
        );
        assert_eq!(flags("---\nheadless: true\n---\n"), (true, true, 0));
        assert_eq!(
            flags("---\nheadless: false\nbuild:\n  list: always\n---\n"),
            (false, false, 0)
        );
        // The order of keys does not matter: `hidden: false` after `list: never`.
        assert_eq!(
            flags("---\n_build:\n  list: never\nhidden: false\n---\n"),
            (true, false, 0)
        );
        // Unknown options and wrong shapes are warnings at their line, and ignored.
        let (fm, _, d) =
            run("---\ntitle: T\nbuild:\n  list: sometimes\nheadless: yes please\n---\n");
        assert!(!fm.hidden && !fm.no_output);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].line, d[1].line), (3, 5), "{d:?}");
        assert!(d[0].message.contains("`build.list`"), "{d:?}");
        assert!(!fm.params.contains_key("build") && !fm.params.contains_key("headless"));
    }

    #[test]
    fn toml_and_json() {
        let (fm, _, d) = run("+++\ntitle = \"T\"\ndraft = true\n+++\nx");
        assert!(d.is_empty());
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert!(fm.draft);
        let (fm, body, d) = run("{\n  \"title\": \"J\",\n  \"weight\": 2\n}\nbody");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("J"));
        assert_eq!(fm.weight, 2);
        assert_eq!(body, "{\n  \"title\": \"J\",\n  \"weight\": 2\n}\n".len());
    }

    #[test]
    fn yaml_error_has_file_line() {
        let (_, _, d) = run("---\ntitle: ok\ndescription: \"unclosed\nweight: 2\n---\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].line >= 3, "{:?}", d[0]);
        assert!(d[0].message.starts_with("invalid YAML front matter"));
    }

    #[test]
    fn toml_error_has_file_line() {
        let (_, _, d) = run("+++\ntitle = \"ok\"\nweight = = 2\n+++\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3, "{:?}", d[0]);
    }

    #[test]
    fn json_error_has_file_line() {
        let (_, _, d) = run("{\n  \"title\": \"a\",\n  \"weight\": ,\n}\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3, "{:?}", d[0]);
    }

    #[test]
    fn wrong_types_are_reported_at_their_key() {
        let (_, _, d) = run("---\ntitle: a\nweight: tung\ndraft: kanskje\ntoc: true;\n---\n");
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].line, 3);
        assert_eq!(d[1].line, 4);
        assert_eq!(d[2].line, 5);
        assert_eq!(d[2].severity, crate::diagnostics::Severity::Warning);
    }

    #[test]
    fn hugo_tolerated_yaml_is_read_with_a_warning() {
        let (fm, _, d) = run("---\ntitle: a\naliases:\n - /x\nweight: 2\naliases:\n- /y/\n---\n");
        assert_eq!(fm.aliases, vec!["/y/"]);
        assert_eq!(fm.weight, 2);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::diagnostics::Severity::Warning);
        let (fm, _, d) =
            run("---\ntitle: T\ndescription: \"linje en\nlinje to.\"\ntoc: false\n---\n");
        assert_eq!(fm.description.as_deref(), Some("linje en linje to."));
        assert_eq!(fm.toc, Some(false));
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn dates_are_checked() {
        for ok in [
            "2024-05-31",
            "2024-05-31T12:00:00+02:00",
            "2024-05-31 12:00",
            "2024-01-02T10:00:00Z",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "garbage",
            "2024-13-01",
            "2024-05-32",
            "31.05.2024",
            "2024-05-31x",
            "ææææææææææææ",
            "2024-05-31T",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        let (fm, _, d) = run("---\ntitle: a\ndate: ''\n---\n");
        assert_eq!((fm.date, d.len()), (None, 0));
        let (fm, _, d) = run("---\ntitle: a\ndate: i går\n---\n");
        assert_eq!(fm.date, None);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].line, d[0].severity),
            (3, crate::diagnostics::Severity::Error)
        );
    }

    #[test]
    fn yaml_alias_bombs_are_refused_quickly() {
        let mut text = String::from("---\ntitle: Latter\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        text.push_str("---\nTekst\n");
        let (fm, body, d) = run(&text);
        assert!(fm.title.is_none());
        assert_eq!(&text[body..], "Tekst\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            "a.md:7:55: error: invalid YAML front matter: its aliases expand to more than 100000 values"
        );
        // Ordinary aliases are fine.
        let (fm, _, d) =
            run("---\ntitle: &t Hei\nlinktitle: *t\ntags: &l [a, b]\nkeywords: *l\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.linktitle.as_deref(), Some("Hei"));
        assert_eq!(fm.keywords, ["a", "b"]);
    }

    #[test]
    fn unclosed_front_matter() {
        let (_, _, d) = run("---\ntitle: a\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("not closed"));
    }

    #[test]
    fn crlf_front_matter() {
        let (fm, _, d) = run("---\r\ntitle: Hei\r\n---\r\nBody");
        assert!(d.is_empty());
        assert_eq!(fm.title.as_deref(), Some("Hei"));
    }

    #[test]
    fn toml_error_at_a_crlf_is_inside_its_line() {
        // Found by fuzz/frontmatter: the TOML error pointed at the `\n` of a CRLF, one
        // column past the end of the line.
        let text = "+++\ntitle = \"TO\n\" 80## Receiptx = 1\r\nx = 1\r\n\n+++\nTeks$\n";
        let (_, _, d) = run(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (3, 20), "{d:?}");
    }

    #[test]
    fn no_front_matter() {
        let (fm, body, d) = run("# Bare tekst\n");
        assert!(d.is_empty());
        assert_eq!(body, 0);
        assert!(fm.title.is_none());
    }
}
