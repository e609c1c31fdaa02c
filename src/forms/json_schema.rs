//! `schema.json`: a form as plain JSON Schema 2020-12, describing the JSON submission.
//!
//! Conditions become `if`/`then`/`else`: a field whose `show_if` is false must be absent,
//! a conditionally required field is required when its condition holds. Norwegian types get
//! a `pattern` (any validator checks the shape) and a `format` naming the checksum rule
//! (`organisasjonsnummer`, `fodselsnummer`, `kontonummer`, `mobil`, `postnummer`,
//! `ip-cidr`) that a backend can register with the functions in `forms::validate`.

use super::schema::{Cond, Field, Form, Required};
use serde_json::{Map, Value, json};

/// A field with the conditions it inherits from plain groups around it.
struct Flat<'a> {
    field: &'a Field,
    show_if: Option<Cond>,
}

fn flatten<'a>(fields: &'a [Field], inherited: Option<&Cond>, out: &mut Vec<Flat<'a>>) {
    for f in fields {
        let c = match (inherited, &f.show_if) {
            (Some(a), Some(b)) => Some(Cond::All(vec![a.clone(), b.clone()])),
            (Some(a), None) => Some(a.clone()),
            (None, b) => b.clone(),
        };
        if f.ty == "group" && f.repeat.is_none() {
            flatten(&f.fields, c.as_ref(), out);
        } else {
            out.push(Flat {
                field: f,
                show_if: c,
            });
        }
    }
}

pub fn schema(form: &Form, lang: &str, id_url: &str) -> Value {
    let mut s = object_schema(&form.fields, lang);
    let m = s.as_object_mut().expect("object");
    let mut head = Map::new();
    head.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    head.insert("$id".into(), json!(id_url));
    head.insert("title".into(), json!(form.title.get(lang)));
    head.extend(std::mem::take(m));
    Value::Object(head)
}

fn object_schema(fields: &[Field], lang: &str) -> Value {
    let mut flat = Vec::new();
    flatten(fields, None, &mut flat);
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut all_of = Vec::new();
    for Flat { field: f, show_if } in &flat {
        props.insert(f.name.clone(), field_schema(f, lang, fields));
        let req = match &f.required {
            _ if f.repeat.is_some_and(|(lo, _)| lo >= 1) => Some(None),
            Required::Yes => Some(None),
            Required::If(c) => Some(Some(c)),
            Required::No => None,
        };
        match (show_if, req) {
            (None, Some(None)) => required.push(json!(f.name)),
            (None, Some(Some(c))) => all_of.push(json!({
                "if": cond(c, fields),
                "then": {"required": [f.name]},
            })),
            (None, None) => {}
            (Some(s), req) => {
                let then = match req {
                    Some(None) => json!({"required": [f.name]}),
                    Some(Some(c)) => json!({"if": cond(c, fields), "then": {"required": [f.name]}}),
                    None => json!(true),
                };
                all_of.push(json!({
                    "if": cond(s, fields),
                    "then": then,
                    "else": {"not": {"required": [f.name]}},
                }));
            }
        }
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    out.insert("additionalProperties".into(), json!(false));
    if !all_of.is_empty() {
        out.insert("allOf".into(), Value::Array(all_of));
    }
    Value::Object(out)
}

/// Finds the named field (for conditions: its type decides how `equals` reads).
fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    let mut flat = Vec::new();
    flatten(fields, None, &mut flat);
    flat.into_iter().map(|f| f.field).find(|f| f.name == name)
}

/// A value as the field submits it: numbers for `number`, booleans for `checkbox`.
fn typed(f: Option<&Field>, v: &Value) -> Value {
    match (f.map(|f| f.ty), v) {
        (Some("number"), Value::String(s)) => {
            s.parse::<f64>().map(|n| json!(n)).unwrap_or(v.clone())
        }
        (Some("checkbox"), Value::String(s)) => json!(s == "true" || s == "on"),
        (Some("number" | "checkbox"), _) => v.clone(),
        (_, Value::Number(n)) => json!(n.to_string()),
        (_, Value::Bool(b)) if f.map(|f| f.ty) != Some("checkbox") => json!(b.to_string()),
        _ => v.clone(),
    }
}

pub fn cond(c: &Cond, scope: &[Field]) -> Value {
    match c {
        Cond::Equals(name, v) => {
            let f = find(scope, name);
            let v = typed(f, v);
            if f.is_some_and(|f| f.ty == "checkboxes") {
                json!({"properties": {name: {"contains": {"const": v}}}, "required": [name]})
            } else {
                json!({"properties": {name: {"const": v}}, "required": [name]})
            }
        }
        Cond::In(name, vs) => {
            let f = find(scope, name);
            let vs: Vec<Value> = vs.iter().map(|v| typed(f, v)).collect();
            if f.is_some_and(|f| f.ty == "checkboxes") {
                json!({"properties": {name: {"contains": {"enum": vs}}}, "required": [name]})
            } else {
                json!({"properties": {name: {"enum": vs}}, "required": [name]})
            }
        }
        Cond::Filled(name) => json!({"required": [name]}),
        Cond::All(cs) => json!({"allOf": cs.iter().map(|c| cond(c, scope)).collect::<Vec<_>>()}),
        Cond::Any(cs) => json!({"anyOf": cs.iter().map(|c| cond(c, scope)).collect::<Vec<_>>()}),
        Cond::Not(c) => json!({"not": cond(c, scope)}),
    }
}

/// The `pattern` and `format` of a Norwegian type (on the value with spaces removed).
pub fn type_rule(ty: &str) -> Option<(&'static str, &'static str)> {
    Some(match ty {
        "organisasjonsnummer" => ("^[0-9]{9}$", "organisasjonsnummer"),
        "fodselsnummer" => ("^[0-9]{11}$", "fodselsnummer"),
        "kontonummer" => ("^[0-9]{11}$", "kontonummer"),
        "mobil" => ("^(\\+47|0047)?[49][0-9]{7}$", "mobil"),
        "postnummer" => ("^[0-9]{4}$", "postnummer"),
        "ip" => ("^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$", "ip-cidr"),
        _ => return None,
    })
}

fn field_schema(f: &Field, lang: &str, _scope: &[Field]) -> Value {
    let mut m = Map::new();
    m.insert("title".into(), json!(f.label.get(lang)));
    if !f.help.is_empty() {
        m.insert("description".into(), json!(f.help.get(lang)));
    }
    let required = f.required == Required::Yes;
    match f.ty {
        "group" => {
            let (lo, hi) = f.repeat.unwrap_or((1, 1));
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), object_schema(&f.fields, lang));
            m.insert("minItems".into(), json!(lo));
            m.insert("maxItems".into(), json!(hi));
        }
        "number" => {
            m.insert("type".into(), json!("number"));
            if let Some(v) = f.min {
                m.insert("minimum".into(), json!(v));
            }
            if let Some(v) = f.max {
                m.insert("maximum".into(), json!(v));
            }
        }
        "checkbox" => {
            m.insert("type".into(), json!("boolean"));
            if required {
                m.insert("const".into(), json!(true));
            }
        }
        "checkboxes" => {
            m.insert("type".into(), json!("array"));
            m.insert(
                "items".into(),
                json!({"enum": f.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>()}),
            );
            m.insert("uniqueItems".into(), json!(true));
            m.insert("minItems".into(), json!(1));
        }
        "select" | "radio" => {
            m.insert("type".into(), json!("string"));
            m.insert(
                "enum".into(),
                json!(
                    f.options
                        .iter()
                        .map(|o| o.value.clone())
                        .collect::<Vec<_>>()
                ),
            );
        }
        ty => {
            m.insert("type".into(), json!("string"));
            m.insert("minLength".into(), json!(f.min_length.unwrap_or(1).max(1)));
            if let Some(n) = f.max_length {
                m.insert("maxLength".into(), json!(n));
            }
            if let Some((p, fmt)) = type_rule(ty) {
                m.insert("pattern".into(), json!(p));
                m.insert("format".into(), json!(fmt));
            }
            match ty {
                "email" => {
                    m.insert("format".into(), json!("email"));
                }
                "url" => {
                    m.insert("format".into(), json!("uri"));
                    // The message says `https://`, and forms.js checks it.
                    m.insert("pattern".into(), json!("^https://"));
                }
                "date" => {
                    m.insert("format".into(), json!("date"));
                }
                _ => {}
            }
            if let Some(p) = &f.pattern {
                m.insert("pattern".into(), json!(format!("^(?:{p})$")));
            }
        }
    }
    Value::Object(m)
}
