//! The form schema: what a `form` table in a page's front matter means.
//!
//! [`parse`] turns the table (already JSON, as every front-matter format is) into a
//! [`Form`], reporting every problem as a diagnostic at the line of the offending key.
//! Texts may be a string or a table of languages (`{ nb: "…", nn: "…" }`).

use super::validate;
use crate::diagnostics::{Diagnostics, Pos};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A text in one or more languages (`nb` first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("nb"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.is_empty())
    }
    pub fn has(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }
}

pub const TYPES: &[&str] = &[
    "text",
    "textarea",
    "email",
    "tel",
    "url",
    "number",
    "date",
    "select",
    "radio",
    "checkbox",
    "checkboxes",
    "organisasjonsnummer",
    "fodselsnummer",
    "kontonummer",
    "mobil",
    "postnummer",
    "ip",
    "group",
];

/// Accepted spellings of type names.
fn canonical_type(t: &str) -> Option<&'static str> {
    let t = t.to_lowercase();
    let t = match t.as_str() {
        "fødselsnummer" | "d-nummer" | "dnummer" | "fnr" => "fodselsnummer",
        "orgnr" => "organisasjonsnummer",
        "mobile" | "mobilnummer" => "mobil",
        "e-post" | "epost" => "email",
        "cidr" | "ip-cidr" => "ip",
        "fieldset" => "group",
        other => other,
    };
    TYPES.iter().copied().find(|x| *x == t)
}

/// A `show_if` / `required` condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Equals(String, Value),
    In(String, Vec<Value>),
    Filled(String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

impl Cond {
    pub fn fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Cond::Equals(f, _) | Cond::In(f, _) | Cond::Filled(f) => out.push(f),
            Cond::All(c) | Cond::Any(c) => c.iter().for_each(|c| c.fields(out)),
            Cond::Not(c) => c.fields(out),
        }
    }

    /// The JSON form read by forms.js.
    pub fn to_json(&self) -> Value {
        match self {
            Cond::Equals(f, v) => serde_json::json!({"field": f, "equals": v}),
            Cond::In(f, v) => serde_json::json!({"field": f, "in": v}),
            Cond::Filled(f) => serde_json::json!({"field": f, "filled": true}),
            Cond::All(c) => {
                serde_json::json!({"all": c.iter().map(Cond::to_json).collect::<Vec<_>>()})
            }
            Cond::Any(c) => {
                serde_json::json!({"any": c.iter().map(Cond::to_json).collect::<Vec<_>>()})
            }
            Cond::Not(c) => serde_json::json!({"not": c.to_json()}),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Required {
    No,
    Yes,
    If(Cond),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub label: Text,
    pub ty: &'static str,
    pub required: Required,
    pub help: Text,
    /// The doc section as written, its resolved `href` and the section's title.
    pub docs: Option<DocLink>,
    pub placeholder: Text,
    pub autocomplete: Option<String>,
    pub default: Option<Value>,
    pub pattern: Option<String>,
    pub message: Text,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub options: Vec<Choice>,
    pub show_if: Option<Cond>,
    pub sensitive: bool,
    /// For `group`: its fields; `repeat` makes it a list of items.
    pub fields: Vec<Field>,
    pub repeat: Option<(u64, u64)>,
    /// Label of the add button of a repeatable group.
    pub add_label: Text,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocLink {
    pub dest: String,
    pub href: String,
    pub title: String,
    pub pos: Pos,
    /// The page and heading it resolved to.
    pub target: Option<(crate::model::PageId, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Encoding {
    Json,
    Urlencoded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Submit {
    pub action: Option<String>,
    pub encoding: Encoding,
    pub mailto: Option<String>,
    pub subject: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub id: String,
    pub title: Text,
    pub intro: Text,
    pub docs: Option<DocLink>,
    pub submit: Submit,
    pub success: Text,
    pub button: Text,
    pub fields: Vec<Field>,
    pub pos: Pos,
}

impl Form {
    /// Languages the form has texts for (always `nb`, and `nn` when any text has it).
    pub fn languages(&self) -> Vec<&'static str> {
        let mut nn = self.title.has("nn");
        visit(&self.fields, &mut |f| nn |= f.label.has("nn"));
        if nn { vec!["nb", "nn"] } else { vec!["nb"] }
    }
}

/// Every field, depth first (groups before their fields).
pub fn visit<'a>(fields: &'a [Field], f: &mut dyn FnMut(&'a Field)) {
    for x in fields {
        f(x);
        visit(&x.fields, f);
    }
}

/// Finds the line of a nested key by searching the file's text, starting at `from`.
pub struct Lines<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, start: Pos) -> Self {
        Lines {
            text,
            start: start.line.max(1),
        }
    }

    /// The first line at or after `after` that contains `key` followed by `value`
    /// (`name: tilgang`, `"name": "tilgang"`, `name = "tilgang"`).
    pub fn find(&self, after: usize, key: &str, value: &str) -> Pos {
        for (i, line) in self.text.lines().enumerate() {
            let n = i + 1;
            if n < after.max(self.start) {
                continue;
            }
            if let Some(k) = line.find(key) {
                let rest = line[k + key.len()..].trim_start_matches(['"', '\'', ':', '=', ' ']);
                if value.is_empty() || rest.trim_start_matches(['"', '\'']).starts_with(value) {
                    let col = line[..k].chars().count() + 1;
                    return Pos::new(n, col);
                }
            }
        }
        Pos::new(self.start, 1)
    }
}

pub struct Ctx<'a> {
    pub file: &'a str,
    pub lines: Lines<'a>,
    pub diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    fn err(&mut self, pos: Pos, msg: String) {
        self.diags.error(self.file, pos, msg);
    }
}

fn text(v: Option<&Value>) -> Result<Text, String> {
    let mut t = Text::default();
    match v {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            t.0.insert("nb".into(), s.clone());
        }
        Some(Value::Object(m)) => {
            for (k, v) in m {
                if !matches!(k.as_str(), "nb" | "nn" | "en") {
                    return Err(format!("unknown language `{k}` (nb, nn or en)"));
                }
                match v {
                    Value::String(s) => {
                        t.0.insert(k.clone(), s.clone());
                    }
                    _ => return Err(format!("the `{k}` text must be a string")),
                }
            }
        }
        Some(Value::Number(n)) => {
            t.0.insert("nb".into(), n.to_string());
        }
        Some(_) => return Err("must be a text or a table of languages (nb, nn)".into()),
    }
    Ok(t)
}

fn as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

const FORM_KEYS: &[&str] = &[
    "id", "title", "intro", "docs", "submit", "success", "button", "fields",
];
const FIELD_KEYS: &[&str] = &[
    "name",
    "label",
    "type",
    "required",
    "help",
    "docs",
    "placeholder",
    "autocomplete",
    "default",
    "pattern",
    "message",
    "min",
    "max",
    "min_length",
    "max_length",
    "options",
    "show_if",
    "sensitive",
    "fields",
    "repeat",
    "add_label",
];

/// Parses a `form` table. `page_title` is the default title.
pub fn parse(v: &Value, page_title: &str, cx: &mut Ctx<'_>) -> Option<Form> {
    let start = cx.lines.start;
    let form_pos = Pos::new(start, 1);
    let Some(m) = v.as_object() else {
        cx.err(form_pos, "`form` must be a table".into());
        return None;
    };
    for k in m.keys() {
        if !FORM_KEYS.contains(&k.as_str()) {
            let p = cx.lines.find(start, k, "");
            cx.err(
                p,
                format!("unknown form key `{k}` (known: {})", FORM_KEYS.join(", ")),
            );
        }
    }
    let id = match m.get("id").and_then(Value::as_str) {
        Some(id)
            if !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            id.to_string()
        }
        Some(id) => {
            let p = cx.lines.find(start, "id", id);
            cx.err(
                p,
                format!("form id `{id}` must be lower-case letters, digits and `-`"),
            );
            return None;
        }
        None => {
            cx.err(form_pos, "the form has no `id`".into());
            return None;
        }
    };
    let get_text = |key: &str, cx: &mut Ctx<'_>| match text(m.get(key)) {
        Ok(t) => t,
        Err(e) => {
            let p = cx.lines.find(start, key, "");
            cx.err(p, format!("form `{key}` {e}"));
            Text::default()
        }
    };
    let mut title = get_text("title", cx);
    if title.is_empty() {
        title.0.insert("nb".into(), page_title.to_string());
    }
    let intro = get_text("intro", cx);
    let success = get_text("success", cx);
    let button = get_text("button", cx);
    let docs = match m.get("docs") {
        Some(v) => doc_link(v, start, cx, "form `docs`"),
        None => {
            cx.err(
                form_pos,
                format!(
                    "form `{id}` has no `docs`: name the doc section it implements (e.g. `/seres/kom-i-gang/#brukertilgang`)"
                ),
            );
            None
        }
    };
    let submit = parse_submit(m.get("submit"), cx);
    let mut names = BTreeSet::new();
    let fields = match m.get("fields") {
        Some(Value::Array(a)) if !a.is_empty() => parse_fields(a, start, cx, &mut names),
        _ => {
            cx.err(form_pos, format!("form `{id}` has no `fields`"));
            Vec::new()
        }
    };
    let form = Form {
        id,
        title,
        intro,
        docs,
        submit,
        success,
        button,
        fields,
        pos: form_pos,
    };
    check_conditions(&form.fields, &form.fields, None, cx);
    Some(form)
}

/// A `docs` value: a doc section link, found at the `docs` key after line `start`.
fn doc_link(v: &Value, start: usize, cx: &mut Ctx<'_>, what: &str) -> Option<DocLink> {
    let pos = cx.lines.find(start, "docs", "");
    match v {
        Value::String(s) => Some(DocLink {
            dest: s.clone(),
            href: String::new(),
            title: String::new(),
            pos,
            target: None,
        }),
        _ => {
            cx.err(pos, format!("{what} must be a doc section link"));
            None
        }
    }
}

fn parse_submit(v: Option<&Value>, cx: &mut Ctx<'_>) -> Submit {
    let mut s = Submit {
        action: None,
        encoding: Encoding::Json,
        mailto: None,
        subject: Text::default(),
    };
    let Some(v) = v else { return s };
    let start = cx.lines.start;
    let pos = cx.lines.find(start, "submit", "");
    let Some(m) = v.as_object() else {
        cx.err(pos, "`submit` must be a table".into());
        return s;
    };
    for (k, v) in m {
        match (k.as_str(), v) {
            ("action", Value::String(a)) => {
                if let Some(addr) = a.strip_prefix("mailto:") {
                    s.mailto = Some(addr.to_string());
                } else {
                    s.action = Some(a.clone());
                }
            }
            ("mailto", Value::String(a)) => s.mailto = Some(a.trim_start_matches("mailto:").into()),
            ("encoding", Value::String(e)) if e == "json" => s.encoding = Encoding::Json,
            ("encoding", Value::String(e)) if e == "urlencoded" => {
                s.encoding = Encoding::Urlencoded
            }
            ("subject", v) => match text(Some(v)) {
                Ok(t) => s.subject = t,
                Err(e) => cx.err(pos, format!("submit `subject` {e}")),
            },
            ("encoding", _) => {
                let p = cx.lines.find(pos.line, "encoding", "");
                cx.err(
                    p,
                    "submit `encoding` must be \"json\" or \"urlencoded\"".into(),
                );
            }
            _ => {
                let p = cx.lines.find(pos.line, k, "");
                cx.err(
                    p,
                    format!(
                        "unknown or invalid submit key `{k}` (action, encoding, mailto, subject)"
                    ),
                );
            }
        }
    }
    if let Some(addr) = &s.mailto
        && !validate::epost(addr.split('?').next().unwrap_or(""))
    {
        cx.err(
            pos,
            format!("`mailto` address `{addr}` is not an e-mail address"),
        );
    }
    s
}

fn parse_fields(
    a: &[Value],
    after: usize,
    cx: &mut Ctx<'_>,
    names: &mut BTreeSet<String>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut line = after;
    for v in a {
        if let Some(f) = parse_field(v, &mut line, cx, names) {
            out.push(f);
        }
    }
    out
}

fn parse_field(
    v: &Value,
    line: &mut usize,
    cx: &mut Ctx<'_>,
    names: &mut BTreeSet<String>,
) -> Option<Field> {
    let Some(m) = v.as_object() else {
        let p = Pos::new(*line, 1);
        cx.err(p, "each field must be a table".into());
        return None;
    };
    let Some(name) = m.get("name").and_then(Value::as_str).map(str::to_string) else {
        let p = Pos::new(*line, 1);
        cx.err(p, "a field has no `name`".into());
        return None;
    };
    let pos = cx.lines.find(*line, "name", &name);
    *line = pos.line + 1;
    let start = pos.line;
    let valid_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !name.as_bytes()[0].is_ascii_digit();
    if !valid_name {
        cx.err(
            pos,
            format!("field name `{name}` must be ASCII letters, digits, `_` or `-`, not starting with a digit"),
        );
        // Like an invalid form id: the name is used in ids and attributes, so the field is
        // dropped rather than carried into the markup.
        return None;
    }
    if !names.insert(name.clone()) {
        cx.err(pos, format!("duplicate field name `{name}`"));
    }
    for k in m.keys() {
        if !FIELD_KEYS.contains(&k.as_str()) {
            let p = cx.lines.find(start, k, "");
            cx.err(
                p,
                format!(
                    "unknown field key `{k}` in field `{name}` (known: {})",
                    FIELD_KEYS.join(", ")
                ),
            );
        }
    }
    let raw_ty = m
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or(if m.contains_key("fields") {
            "group"
        } else if m.contains_key("options") {
            "select"
        } else {
            "text"
        });
    let ty = match canonical_type(raw_ty) {
        Some(t) => t,
        None => {
            let p = cx.lines.find(start, "type", raw_ty);
            let hint = crate::resolve::links::suggest(raw_ty, TYPES.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            cx.err(
                p,
                format!("unknown field type `{raw_ty}` in field `{name}`{hint}"),
            );
            "text"
        }
    };
    let t = |key: &str, cx: &mut Ctx<'_>| match text(m.get(key)) {
        Ok(t) => t,
        Err(e) => {
            let p = cx.lines.find(start, key, "");
            cx.err(p, format!("`{key}` of field `{name}` {e}"));
            Text::default()
        }
    };
    let label = t("label", cx);
    let help = t("help", cx);
    let placeholder = t("placeholder", cx);
    let message = t("message", cx);
    let add_label = t("add_label", cx);
    if label.is_empty() {
        cx.err(pos, format!("field `{name}` has no `label`"));
    }
    let num = |key: &str, cx: &mut Ctx<'_>| -> Option<f64> {
        match m.get(key) {
            None => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(_) => {
                let p = cx.lines.find(start, key, "");
                cx.err(p, format!("`{key}` of field `{name}` must be a number"));
                None
            }
        }
    };
    let min = num("min", cx);
    let max = num("max", cx);
    let min_length = num("min_length", cx).map(|n| n.max(0.0) as u64);
    let max_length = num("max_length", cx).map(|n| n.max(0.0) as u64);
    let pattern = match m.get("pattern") {
        None => None,
        Some(Value::String(p)) => {
            if let Err(e) = regex::Regex::new(&format!("^(?:{p})$")) {
                let at = cx.lines.find(start, "pattern", "");
                let first = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                cx.err(at, format!("invalid pattern in field `{name}`: {first}"));
            }
            Some(p.clone())
        }
        Some(_) => {
            let at = cx.lines.find(start, "pattern", "");
            cx.err(at, format!("`pattern` of field `{name}` must be a string"));
            None
        }
    };
    let mut options = Vec::new();
    if let Some(o) = m.get("options") {
        let at = cx.lines.find(start, "options", "");
        match o {
            Value::Array(a) => {
                for it in a {
                    let (value, label) = match it {
                        Value::Object(om) => (
                            om.get("value").and_then(as_string),
                            text(om.get("label")).unwrap_or_default(),
                        ),
                        other => (as_string(other), Text::default()),
                    };
                    match value {
                        Some(v) if !v.is_empty() => {
                            let label = if label.is_empty() {
                                Text([("nb".to_string(), v.clone())].into())
                            } else {
                                label
                            };
                            if options.iter().any(|c: &Choice| c.value == v) {
                                cx.err(at, format!("duplicate option `{v}` in field `{name}`"));
                            }
                            options.push(Choice { value: v, label });
                        }
                        _ => cx.err(
                            at,
                            format!("every option of field `{name}` needs a non-empty `value`"),
                        ),
                    }
                }
            }
            _ => cx.err(at, format!("`options` of field `{name}` must be a list")),
        }
    }
    if matches!(ty, "select" | "radio" | "checkboxes") && options.is_empty() {
        let at = cx.lines.find(start, "options", "");
        cx.err(
            if m.contains_key("options") { at } else { pos },
            format!("field `{name}` of type `{ty}` has no options"),
        );
    }
    let required = match m.get("required") {
        None | Some(Value::Bool(false)) => Required::No,
        Some(Value::Bool(true)) => Required::Yes,
        Some(c) => match cond(c) {
            Ok(c) => Required::If(c),
            Err(e) => {
                let at = cx.lines.find(start, "required", "");
                cx.err(at, format!("`required` of field `{name}`: {e}"));
                Required::No
            }
        },
    };
    let show_if = match m.get("show_if") {
        None => None,
        Some(c) => match cond(c) {
            Ok(c) => Some(c),
            Err(e) => {
                let at = cx.lines.find(start, "show_if", "");
                cx.err(at, format!("`show_if` of field `{name}`: {e}"));
                None
            }
        },
    };
    let docs = m
        .get("docs")
        .and_then(|v| doc_link(v, start, cx, &format!("`docs` of field `{name}`")));
    let mut fields = Vec::new();
    let mut repeat = None;
    if ty == "group" {
        match m.get("fields") {
            Some(Value::Array(a)) if !a.is_empty() => {
                // Names inside a repeatable group are their own namespace.
                let is_repeat = m.contains_key("repeat");
                let mut own = BTreeSet::new();
                let set = if is_repeat { &mut own } else { names };
                fields = parse_fields(a, *line, cx, set);
                if let Some(last) = last_line(&fields) {
                    *line = last + 1;
                }
            }
            _ => cx.err(pos, format!("group `{name}` has no `fields`")),
        }
        if let Some(r) = m.get("repeat") {
            let at = cx.lines.find(start, "repeat", "");
            let get = |k: &str, d: u64| r.get(k).and_then(Value::as_u64).unwrap_or(d);
            let (lo, hi) = match r {
                Value::Bool(true) => (1, 20),
                Value::Object(_) => (get("min", 1), get("max", 20)),
                _ => {
                    cx.err(
                        at,
                        format!("`repeat` of group `{name}` must be {{ min, max }}"),
                    );
                    (1, 20)
                }
            };
            if lo > hi || hi == 0 {
                cx.err(
                    at,
                    format!("`repeat` of group `{name}`: min {lo} is more than max {hi}"),
                );
            }
            repeat = Some((lo, hi.max(1)));
            for f in &fields {
                if f.ty == "group" {
                    cx.err(f.pos, format!("group `{}` inside repeatable group `{name}`: repeatable groups hold plain fields only", f.name));
                }
            }
        }
    } else if m.contains_key("fields") || m.contains_key("repeat") {
        cx.err(
            pos,
            format!("only groups (`type: group`) have `fields` and `repeat`; `{name}` is `{ty}`"),
        );
    }
    let autocomplete = m.get("autocomplete").and_then(as_string);
    let sensitive = m
        .get("sensitive")
        .and_then(Value::as_bool)
        .unwrap_or(ty == "fodselsnummer" || ty == "kontonummer");
    Some(Field {
        name,
        label,
        ty,
        required,
        help,
        docs,
        placeholder,
        autocomplete,
        default: m.get("default").cloned(),
        pattern,
        message,
        min,
        max,
        min_length,
        max_length,
        options,
        show_if,
        sensitive,
        fields,
        repeat,
        add_label,
        pos,
    })
}

fn last_line(fields: &[Field]) -> Option<usize> {
    fields
        .iter()
        .map(|f| last_line(&f.fields).unwrap_or(f.pos.line))
        .max()
}

/// Parses a condition.
pub fn cond(v: &Value) -> Result<Cond, String> {
    let Some(m) = v.as_object() else {
        return Err(
            "a condition is a table: { field, equals | in | filled } or { all | any | not }".into(),
        );
    };
    if let Some(a) = m.get("all").or_else(|| m.get("any")) {
        let list = a
            .as_array()
            .ok_or("`all` and `any` take a list of conditions")?
            .iter()
            .map(cond)
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(if m.contains_key("all") {
            Cond::All(list)
        } else {
            Cond::Any(list)
        });
    }
    if let Some(n) = m.get("not") {
        return Ok(Cond::Not(Box::new(cond(n)?)));
    }
    let field = m
        .get("field")
        .and_then(Value::as_str)
        .ok_or("a condition needs `field` (or `all`, `any`, `not`)")?
        .to_string();
    if let Some(v) = m.get("equals") {
        return Ok(Cond::Equals(field, v.clone()));
    }
    if let Some(v) = m.get("in") {
        let list = v.as_array().ok_or("`in` takes a list of values")?;
        return Ok(Cond::In(field, list.clone()));
    }
    if m.get("filled").is_some() {
        return Ok(Cond::Filled(field));
    }
    Err(format!(
        "the condition on `{field}` needs `equals`, `in` or `filled`"
    ))
}

/// Every field a condition names must exist (in the same repeatable group, or at the top
/// level for top-level fields), and must not be the field itself.
fn check_conditions(top: &[Field], scope: &[Field], group: Option<&str>, cx: &mut Ctx<'_>) {
    let mut scope_names = BTreeMap::new();
    let collect = |fs: &[Field], out: &mut BTreeMap<String, &'static str>| {
        fn go(fs: &[Field], out: &mut BTreeMap<String, &'static str>) {
            for f in fs {
                if f.repeat.is_some() {
                    out.insert(f.name.clone(), f.ty);
                    continue;
                }
                out.insert(f.name.clone(), f.ty);
                go(&f.fields, out);
            }
        }
        go(fs, out)
    };
    collect(scope, &mut scope_names);
    let _ = top;
    fn walk(
        fs: &[Field],
        names: &BTreeMap<String, &'static str>,
        group: Option<&str>,
        top: &[Field],
        cx: &mut Ctx<'_>,
    ) {
        for f in fs {
            let conds = [
                ("show_if", f.show_if.as_ref()),
                (
                    "required",
                    match &f.required {
                        Required::If(c) => Some(c),
                        _ => None,
                    },
                ),
            ];
            for (key, c) in conds {
                let Some(c) = c else { continue };
                let mut refs = Vec::new();
                c.fields(&mut refs);
                for r in refs {
                    if r == f.name {
                        cx.err(
                            f.pos,
                            format!("`{key}` of field `{}` names the field itself", f.name),
                        );
                    } else if !names.contains_key(r) || names.get(r) == Some(&"group") {
                        let where_ = match group {
                            Some(g) => format!(" in repeatable group `{g}`"),
                            None => String::new(),
                        };
                        cx.err(
                            f.pos,
                            format!(
                                "`{key}` of field `{}` names `{r}`, which is not a field{where_}",
                                f.name
                            ),
                        );
                    }
                }
            }
            if f.repeat.is_some() {
                check_conditions(top, &f.fields, Some(&f.name), cx);
            } else {
                walk(&f.fields, names, group, top, cx);
            }
        }
    }
    walk(scope, &scope_names, group, top, cx);
}

/// All fields whose value is submitted at this level, expanding plain groups (which are
/// only fieldsets); repeatable groups stay (their value is a list).
pub fn flat(fields: &[Field]) -> Vec<&Field> {
    let mut out = Vec::new();
    for f in fields {
        if f.ty == "group" && f.repeat.is_none() {
            out.extend(flat(&f.fields));
        } else {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_field_name_is_reported_and_dropped() {
        // Found by fuzz/forms: `retning<fuzz` was reported but still written into ids and
        // attributes of the form markup.
        let v = serde_json::json!({
            "id": "f",
            "fields": [
                { "name": "retning<fuzz", "type": "text" },
                { "name": "ok", "type": "text" }
            ]
        });
        let text = "form:\n  id: f\n  fields:\n    - name: retning<fuzz\n    - name: ok\n";
        let mut diags = Diagnostics::new();
        let mut cx = Ctx {
            file: "a.md",
            lines: Lines::new(text, Pos::new(1, 1)),
            diags: &mut diags,
        };
        let form = parse(&v, "Skjema", &mut cx).expect("the form itself is valid");
        let d = diags.sorted();
        let bad: Vec<_> = d
            .iter()
            .filter(|d| d.message.contains("retning<fuzz"))
            .collect();
        assert_eq!(bad.len(), 1, "{d:?}");
        assert!(
            bad[0]
                .message
                .starts_with("field name `retning<fuzz` must be"),
            "{d:?}"
        );
        assert_eq!((bad[0].line, bad[0].col), (4, 7));
        let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["ok"]);
        let html = super::super::html::form(
            &form,
            &super::super::html::Target {
                lang: "nb",
                action: "mailto:a@example.org",
                css: "/forms.css",
                js: "/forms.js",
                other: None,
            },
            &super::super::messages::Messages::for_lang("nb"),
        );
        assert!(!html.contains("<fuzz"), "{html}");
    }
}
