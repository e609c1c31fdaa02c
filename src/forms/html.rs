//! Form markup: Designsystemet structure and class names (`ds-field`, `ds-label`,
//! `ds-input`, `ds-fieldset`, `ds-validation-message`, `ds-error-summary`), with every
//! ARIA attribute written here at build time. Our own hooks are namespaced `vv-form…`
//! (classes) and `data-vv-…` (attributes). Everything from the schema is escaped.

use super::messages::Messages;
use super::schema::{Cond, Field, Form, Required};
use crate::render::nav::escape;
use std::fmt::Write;

pub struct Target<'a> {
    pub lang: &'a str,
    /// The submission URL (already resolved), or a `mailto:` URL.
    pub action: &'a str,
    /// Where forms.css and forms.js live.
    pub css: &'a str,
    pub js: &'a str,
    /// Link to the same form in the other language, if any: (lang, url, label).
    pub other: Option<(&'a str, String, &'a str)>,
}

fn attr(s: &str) -> String {
    escape(s)
}

/// What a `number` field accepts: an optional minus, digits, and decimals after `,` or `.`
/// (forms.js checks the same, `NUMBER` there).
const NUMBER_PATTERN: &str = "-?[0-9]+([.,][0-9]+)?";

/// A `url` field's address starts with `https://`, as its message says (`type="url"` checks
/// the rest; forms.js and schema.json's `pattern` check the same).
const URL_PATTERN: &str = "https://.+";

/// The whole form, with its stylesheet and script tags (for pages, embeds and fragments).
pub fn form(f: &Form, t: &Target<'_>, msg: &Messages) -> String {
    let lang = t.lang;
    let fid = format!("vvf-{}", f.id);
    let mut o = String::with_capacity(8192);
    let _ = writeln!(
        o,
        "<link rel=\"stylesheet\" href=\"{}\"><script src=\"{}\" defer></script>",
        attr(t.css),
        attr(t.js)
    );
    let _ = writeln!(
        o,
        "<div class=\"vv-form-root\" lang=\"{}\" data-vv-form-root>",
        attr(lang)
    );
    if let Some((olang, url, label)) = &t.other {
        let _ = writeln!(
            o,
            "<p class=\"vv-form__lang\"><a class=\"vv-form__lang-link\" href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a></p>",
            attr(url),
            attr(olang),
            attr(olang),
            escape(label)
        );
    }
    let mailto = t.action.starts_with("mailto:");
    let (method, enctype) = if mailto {
        ("post", "text/plain")
    } else {
        ("post", "application/x-www-form-urlencoded")
    };
    let encoding = match f.submit.encoding {
        super::schema::Encoding::Json => "json",
        super::schema::Encoding::Urlencoded => "urlencoded",
    };
    let _ = write!(
        o,
        "<form class=\"vv-form\" id=\"{fid}\" action=\"{}\" method=\"{method}\" enctype=\"{enctype}\" accept-charset=\"utf-8\" aria-labelledby=\"{fid}-title\" data-vv-form=\"{}\" data-vv-encoding=\"{encoding}\" data-vv-lang=\"{}\" data-vv-messages=\"{}\"",
        attr(t.action),
        attr(&f.id),
        attr(lang),
        attr(&msg.to_json()),
    );
    if mailto {
        let _ = write!(
            o,
            " data-vv-mailto=\"{}\" data-vv-subject=\"{}\"",
            attr(mailto_address(t.action)),
            attr(f.submit.subject.get(lang).trim())
        );
    }
    o.push_str(">\n");
    let _ = writeln!(
        o,
        "<h2 class=\"vv-form__title\" id=\"{fid}-title\">{}</h2>",
        escape(f.title.get(lang))
    );
    if let Some(d) = &f.docs {
        let _ = writeln!(
            o,
            "<p class=\"vv-form__docs vv-form__docs--form\"><a class=\"vv-form__docs-link\" href=\"{}\">{}: {}</a></p>",
            attr(&d.href),
            escape(&msg.read_more),
            escape(&d.title)
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"vv-form__required-note\">{}</p>",
        escape(&msg.required_note)
    );
    for field in &f.fields {
        field_html(&mut o, field, &fid, None, lang, msg, &f.fields);
    }
    // The error summary: above the submit button, focused by forms.js.
    let _ = writeln!(
        o,
        "<div class=\"ds-error-summary vv-form__summary\" id=\"{fid}-summary\" tabindex=\"-1\" aria-labelledby=\"{fid}-summary-heading\" data-vv-summary hidden>\n<h2 class=\"ds-error-summary__heading vv-form__summary-heading\" id=\"{fid}-summary-heading\">{}</h2>\n<ul class=\"ds-error-summary__list vv-form__summary-list\" data-vv-summary-list></ul>\n</div>",
        escape(&msg.summary_heading)
    );
    let button = if f.button.is_empty() {
        msg.submit.as_str()
    } else {
        f.button.get(lang)
    };
    let _ = writeln!(
        o,
        "<div class=\"vv-form__actions\"><button class=\"ds-button vv-form__submit\" type=\"submit\" data-vv-submit>{}</button></div>",
        escape(button)
    );
    let _ = writeln!(
        o,
        "<div class=\"vv-form__status\" id=\"{fid}-status\" tabindex=\"-1\" data-vv-status role=\"status\" aria-live=\"polite\"></div>"
    );
    o.push_str("</form>\n");
    // An e-mail form has sent nothing: its receipt says so, and where the e-mail goes.
    let to = mailto_address(t.action);
    let success = match (f.success.is_empty(), mailto) {
        (false, _) => f.success.get(lang).to_string(),
        (true, true) => msg.mailto_to.replace("{to}", to),
        (true, false) => msg.success.clone(),
    };
    let heading = if mailto {
        &msg.receipt_heading_mailto
    } else {
        &msg.receipt_heading
    };
    let _ = writeln!(
        o,
        "<div class=\"vv-form__receipt\" id=\"{fid}-receipt\" tabindex=\"-1\" data-vv-receipt hidden>\n<h2 class=\"vv-form__receipt-heading\">{}</h2>\n<p class=\"vv-form__receipt-text\">{}</p>\n<dl class=\"vv-form__receipt-list\" data-vv-receipt-list></dl>\n</div>",
        escape(heading),
        escape(&success)
    );
    o.push_str("</div>\n");
    o
}

/// A label as it reads inside a sentence: its first letter lower-cased, unless the word is
/// an abbreviation (`IP-område`, `SERES`: a capital follows), as forms.js's `lowerFirst`.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !(second.is_uppercase()) => first
            .to_lowercase()
            .chain(label[first.len_utf8()..].chars())
            .collect(),
        (Some(first), None) => first.to_lowercase().collect(),
        _ => label.to_string(),
    }
}

/// The address of a `mailto:` action (empty for other actions).
fn mailto_address(action: &str) -> &str {
    action
        .strip_prefix("mailto:")
        .and_then(|a| a.split('?').next())
        .unwrap_or("")
}

fn ids(fid: &str, name: &str, idx: Option<(&str, &str)>) -> (String, String) {
    match idx {
        Some((g, i)) => (format!("{fid}-{g}-{i}-{name}"), format!("{g}.{i}.{name}")),
        None => (format!("{fid}-{name}"), name.to_string()),
    }
}

fn docs_link(o: &mut String, f: &Field, msg: &Messages) {
    if let Some(d) = &f.docs {
        let _ = writeln!(
            o,
            "<p class=\"vv-form__docs\"><a class=\"vv-form__docs-link\" href=\"{}\">{}: {}</a></p>",
            attr(&d.href),
            escape(&msg.read_more),
            escape(&d.title)
        );
    }
}

fn condition_attrs(o: &mut String, f: &Field, scope: Option<&str>) {
    if let Some(c) = &f.show_if {
        let _ = write!(o, " data-vv-show-if=\"{}\"", attr(&c.to_json().to_string()));
    }
    if let Required::If(c) = &f.required {
        let _ = write!(
            o,
            " data-vv-required-if=\"{}\"",
            attr(&c.to_json().to_string())
        );
    }
    if let Some(g) = scope {
        let _ = write!(o, " data-vv-scope=\"{}\"", attr(g));
    }
}

fn field_html(
    o: &mut String,
    f: &Field,
    fid: &str,
    idx: Option<(&str, &str)>,
    lang: &str,
    msg: &Messages,
    scope_fields: &[Field],
) {
    let (id, name) = ids(fid, &f.name, idx);
    let label = f.label.get(lang);
    // Native `required` only where it always applies (not on conditional fields, which
    // are all shown when JavaScript is off).
    let required = f.required == Required::Yes && f.show_if.is_none();
    let req_mark = if f.required == Required::Yes {
        format!(
            " <span class=\"vv-form__required\">{}</span>",
            escape(&msg.required_mark)
        )
    } else if f.required != Required::No || f.show_if.is_some() {
        String::new()
    } else {
        format!(
            " <span class=\"vv-form__optional\">{}</span>",
            escape(&msg.optional_mark)
        )
    };
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");
    let has_help = !f.help.is_empty();
    let cond_id = format!("{id}-cond");
    let cond_hint = f.show_if.as_ref().map(|c| {
        msg.only_if
            .replace("{cond}", &describe(c, scope_fields, lang, msg))
    });
    let mut described = Vec::new();
    if has_help {
        described.push(help_id.as_str());
    }
    if cond_hint.is_some() {
        described.push(cond_id.as_str());
    }
    described.push(err_id.as_str());
    let described = described.join(" ");
    let help = |o: &mut String| {
        if let Some(h) = &cond_hint {
            let _ = writeln!(
                o,
                "<div class=\"ds-field__description vv-form__condition\" id=\"{cond_id}\" data-vv-condition-hint>{}</div>",
                escape(h)
            );
        }
        if has_help {
            let _ = writeln!(
                o,
                "<div class=\"ds-field__description vv-form__help\" id=\"{help_id}\">{}</div>",
                escape(f.help.get(lang))
            );
        }
    };
    let error = |o: &mut String| {
        let _ = writeln!(
            o,
            "<div class=\"ds-validation-message vv-form__error\" id=\"{err_id}\" data-vv-error hidden></div>"
        );
    };
    let scope = idx.map(|(g, _)| g);
    if f.ty == "group" {
        if let Some((lo, hi)) = f.repeat {
            repeat_html(o, f, fid, lang, msg, lo, hi);
            return;
        }
        let _ = write!(
            o,
            "<fieldset class=\"ds-fieldset vv-form__group\" id=\"{id}\" data-vv-field=\"{}\"",
            attr(&name)
        );
        condition_attrs(o, f, scope);
        if has_help {
            let _ = write!(o, " aria-describedby=\"{help_id}\"");
        }
        let _ = writeln!(
            o,
            ">\n<legend class=\"ds-fieldset__legend vv-form__legend\">{}</legend>",
            escape(label)
        );
        help(o);
        docs_link(o, f, msg);
        for c in &f.fields {
            field_html(o, c, fid, idx, lang, msg, scope_fields);
        }
        o.push_str("</fieldset>\n");
        return;
    }
    let common = |o: &mut String, f: &Field| {
        let _ = write!(
            o,
            " data-vv-type=\"{}\" data-vv-label=\"{}\"",
            f.ty,
            attr(label)
        );
        if f.sensitive {
            o.push_str(" data-vv-sensitive");
        }
        if f.required == Required::Yes {
            o.push_str(" data-vv-required");
        }
        if !f.message.is_empty() {
            let _ = write!(o, " data-vv-message=\"{}\"", attr(f.message.get(lang)));
        }
        condition_attrs(o, f, scope);
    };
    if matches!(f.ty, "radio" | "checkboxes") {
        let _ = write!(
            o,
            "<fieldset class=\"ds-fieldset vv-form__field vv-form__choices\" id=\"{id}\" data-vv-field=\"{}\" aria-describedby=\"{described}\"",
            attr(&name)
        );
        common(o, f);
        let _ = writeln!(
            o,
            ">\n<legend class=\"ds-fieldset__legend ds-label vv-form__legend\">{}{req_mark}</legend>",
            escape(label)
        );
        help(o);
        let input_ty = if f.ty == "radio" { "radio" } else { "checkbox" };
        let defaults: Vec<String> = match &f.default {
            Some(serde_json::Value::Array(a)) => a.iter().map(value_str).collect(),
            Some(v) => vec![value_str(v)],
            None => vec![],
        };
        for (i, c) in f.options.iter().enumerate() {
            let oid = format!("{id}-{i}");
            let _ = write!(
                o,
                "<div class=\"ds-field vv-form__choice\"><input class=\"ds-input vv-form__check\" type=\"{input_ty}\" id=\"{oid}\" name=\"{}\" value=\"{}\"",
                attr(&name),
                attr(&c.value)
            );
            if required && f.ty == "radio" {
                o.push_str(" required");
            }
            if defaults.contains(&c.value) {
                o.push_str(" checked");
            }
            let _ = writeln!(
                o,
                "><label class=\"ds-label vv-form__choice-label\" for=\"{oid}\">{}</label></div>",
                escape(c.label.get(lang))
            );
        }
        error(o);
        docs_link(o, f, msg);
        o.push_str("</fieldset>\n");
        return;
    }
    let _ = write!(
        o,
        "<div class=\"ds-field vv-form__field\" data-vv-field=\"{}\"",
        attr(&name)
    );
    common(o, f);
    o.push_str(">\n");
    if f.ty == "checkbox" {
        let _ = write!(
            o,
            "<div class=\"vv-form__choice\"><input class=\"ds-input vv-form__check\" type=\"checkbox\" id=\"{id}\" name=\"{}\" value=\"true\" aria-describedby=\"{described}\"",
            attr(&name)
        );
        if required {
            o.push_str(" required");
        }
        if matches!(f.default, Some(serde_json::Value::Bool(true))) {
            o.push_str(" checked");
        }
        let _ = writeln!(
            o,
            "><label class=\"ds-label vv-form__choice-label\" for=\"{id}\">{}{req_mark}</label></div>",
            escape(label)
        );
        help(o);
        error(o);
        docs_link(o, f, msg);
        o.push_str("</div>\n");
        return;
    }
    let _ = writeln!(
        o,
        "<label class=\"ds-label vv-form__label\" for=\"{id}\">{}{req_mark}</label>",
        escape(label)
    );
    help(o);
    let default = f.default.as_ref().map(value_str).unwrap_or_default();
    let mut a = format!(
        " id=\"{id}\" name=\"{}\" aria-describedby=\"{described}\"",
        attr(&name)
    );
    if required {
        a.push_str(" required");
    }
    if let Some(ac) = &f.autocomplete {
        let _ = write!(a, " autocomplete=\"{}\"", attr(ac));
    } else if f.sensitive {
        a.push_str(" autocomplete=\"off\"");
    }
    if !f.placeholder.is_empty() {
        let _ = write!(a, " placeholder=\"{}\"", attr(f.placeholder.get(lang)));
    }
    if let Some(n) = f.min_length {
        let _ = write!(a, " minlength=\"{n}\"");
    }
    if let Some(n) = f.max_length {
        let _ = write!(a, " maxlength=\"{n}\"");
    }
    match f.ty {
        "textarea" => {
            let _ = writeln!(
                o,
                "<textarea class=\"ds-input ds-textarea vv-form__input\" rows=\"4\"{a}>{}</textarea>",
                escape(&default)
            );
        }
        "select" => {
            let _ = writeln!(o, "<select class=\"ds-input ds-select vv-form__input\"{a}>");
            let _ = writeln!(o, "<option value=\"\">{}</option>", escape(&msg.choose));
            for c in &f.options {
                let sel = if c.value == default { " selected" } else { "" };
                let _ = writeln!(
                    o,
                    "<option value=\"{}\"{sel}>{}</option>",
                    attr(&c.value),
                    escape(c.label.get(lang))
                );
            }
            o.push_str("</select>\n");
        }
        ty => {
            let (input_ty, mode, pattern) = match ty {
                "email" => ("email", None, None),
                "tel" => ("tel", None, None),
                "url" => ("url", None, Some(URL_PATTERN)),
                // Not `type="number"`: it reads what it cannot parse (`1e`, `-`) as empty, so
                // a filled field would be told to be filled in, or silently dropped. Text
                // with a keypad for numbers instead (GOV.UK, Designsystemet); a number may
                // have decimals, so `decimal` (digits and a separator), not `numeric`.
                "number" => ("text", Some("decimal"), Some(NUMBER_PATTERN)),
                "date" => ("date", None, None),
                "organisasjonsnummer" => ("text", Some("numeric"), Some("[0-9 ]{9,11}")),
                "fodselsnummer" => ("text", Some("numeric"), Some("[0-9 ]{11,13}")),
                "kontonummer" => ("text", Some("numeric"), Some("[0-9 .]{11,13}")),
                "postnummer" => ("text", Some("numeric"), Some("[0-9]{4}")),
                "mobil" => ("tel", None, Some("(\\+47|0047)?[ ]*[49][0-9 ]{7,10}")),
                _ => ("text", None, None),
            };
            let _ = write!(
                o,
                "<input class=\"ds-input vv-form__input\" type=\"{input_ty}\"{a}"
            );
            if let Some(m) = mode {
                let _ = write!(o, " inputmode=\"{m}\"");
            }
            if let Some(p) = f.pattern.as_deref().or(pattern) {
                let _ = write!(o, " pattern=\"{}\"", attr(p));
            }
            if ty == "number" {
                // `min` and `max` belong to `type="number"` only: forms.js checks these.
                if let Some(n) = f.min {
                    let _ = write!(o, " data-vv-min=\"{n}\"");
                }
                if let Some(n) = f.max {
                    let _ = write!(o, " data-vv-max=\"{n}\"");
                }
            }
            if !default.is_empty() {
                let _ = write!(o, " value=\"{}\"", attr(&default));
            }
            o.push_str(">\n");
        }
    }
    error(o);
    docs_link(o, f, msg);
    o.push_str("</div>\n");
}

fn value_str(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn repeat_html(o: &mut String, f: &Field, fid: &str, lang: &str, msg: &Messages, lo: u64, hi: u64) {
    let id = format!("{fid}-{}", f.name);
    let label = f.label.get(lang);
    let _ = write!(
        o,
        "<fieldset class=\"ds-fieldset vv-form__repeat\" id=\"{id}\" data-vv-repeat=\"{}\" data-vv-min=\"{lo}\" data-vv-max=\"{hi}\" aria-describedby=\"{id}-help {id}-error\"",
        attr(&f.name)
    );
    condition_attrs(o, f, None);
    let _ = writeln!(
        o,
        " data-vv-label=\"{}\">\n<legend class=\"ds-fieldset__legend vv-form__legend\">{}</legend>",
        attr(label),
        escape(label)
    );
    let count = msg
        .repeat_limits
        .replace("{min}", &lo.to_string())
        .replace("{max}", &hi.to_string());
    let help = if f.help.is_empty() {
        count
    } else {
        format!("{} {count}", f.help.get(lang))
    };
    let _ = writeln!(
        o,
        "<div class=\"ds-field__description vv-form__help\" id=\"{id}-help\">{}</div>",
        escape(&help)
    );
    docs_link(o, f, msg);
    let _ = writeln!(o, "<div class=\"vv-form__items\" data-vv-items>");
    for i in 0..lo.max(1) {
        item_html(o, f, fid, &i.to_string(), &(i + 1).to_string(), lang, msg);
    }
    o.push_str("</div>\n");
    // The template new items are made from (`__i__` is the index, `__n__` the number).
    o.push_str("<template data-vv-item-template>\n");
    item_html(o, f, fid, "__i__", "__n__", lang, msg);
    o.push_str("</template>\n");
    let add = if f.add_label.is_empty() {
        msg.add.replace("{label}", &lower_first(label))
    } else {
        f.add_label.get(lang).to_string()
    };
    let _ = writeln!(
        o,
        "<div class=\"ds-validation-message vv-form__error\" id=\"{id}-error\" data-vv-error hidden></div>\n<button class=\"ds-button vv-form__add\" type=\"button\" data-vv-add hidden>{}</button>\n</fieldset>",
        escape(&add)
    );
}

fn item_html(o: &mut String, f: &Field, fid: &str, i: &str, n: &str, lang: &str, msg: &Messages) {
    let label = f.label.get(lang);
    let _ = writeln!(
        o,
        "<fieldset class=\"ds-fieldset vv-form__item\" data-vv-item=\"{i}\">\n<legend class=\"ds-fieldset__legend vv-form__item-legend\">{} {n}</legend>",
        escape(label)
    );
    for c in &f.fields {
        field_html(o, c, fid, Some((&f.name, i)), lang, msg, &f.fields);
    }
    let _ = writeln!(
        o,
        "<button class=\"ds-button vv-form__remove\" type=\"button\" data-vv-remove hidden>{} <span class=\"vv-visually-hidden\">{} {n}</span></button>\n</fieldset>",
        escape(&msg.remove),
        escape(label)
    );
}

/// A condition in words, for readers without JavaScript («Miljø» er «Kursmiljø»).
fn describe(c: &Cond, scope: &[Field], lang: &str, m: &Messages) -> String {
    fn find<'a>(fs: &'a [Field], name: &str) -> Option<&'a Field> {
        fs.iter().find_map(|f| {
            if f.name == name && f.ty != "group" {
                Some(f)
            } else if f.repeat.is_none() {
                find(&f.fields, name)
            } else {
                None
            }
        })
    }
    let label = |n: &str| {
        find(scope, n)
            .map(|f| f.label.get(lang).to_string())
            .unwrap_or_else(|| n.to_string())
    };
    let value = |n: &str, v: &serde_json::Value| {
        let v = value_str(v);
        find(scope, n)
            .and_then(|f| f.options.iter().find(|o| o.value == v))
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or(v)
    };
    let is_box = |n: &str| find(scope, n).is_some_and(|f| f.ty == "checkbox");
    match c {
        Cond::Equals(n, v) if is_box(n) => {
            let on = matches!(v, serde_json::Value::Bool(true))
                || matches!(v, serde_json::Value::String(s) if s == "true");
            if on {
                format!("«{}» {}", label(n), m.cond_checked)
            } else {
                format!("«{}» {} {}", label(n), m.cond_not, m.cond_checked)
            }
        }
        Cond::Equals(n, v) => format!("«{}» {} «{}»", label(n), m.cond_is, value(n, v)),
        Cond::In(n, vs) => format!(
            "«{}» {} {}",
            label(n),
            m.cond_is,
            vs.iter()
                .map(|v| format!("«{}»", value(n, v)))
                .collect::<Vec<_>>()
                .join(&format!(" {} ", m.cond_or))
        ),
        Cond::Filled(n) => format!("«{}» {}", label(n), m.cond_filled),
        Cond::All(cs) => cs
            .iter()
            .map(|c| describe(c, scope, lang, m))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", m.cond_and)),
        Cond::Any(cs) => cs
            .iter()
            .map(|c| describe(c, scope, lang, m))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", m.cond_or)),
        Cond::Not(c) => format!("{} ({})", m.cond_not, describe(c, scope, lang, m)),
    }
}
