//! The shortcodes `parse` builds in because they need the page's own state or data rather
//! than a template: Hugo's `param` and Learn's `siteparam`, and the Altinn Studio docs'
//! `footnote`/`displayFootnotes` and `link`. A site template of the same name wins (the
//! caller checks). Like the rest of `markdown`, nothing here reads files or other pages.

use super::links::encode_ref;
use super::shortcodes::Shortcode;
use super::{RELREF_SCHEME, State, unwrap_paragraph};
use crate::diagnostics::Pos;
use crate::model::{Deferred, LinkKind, deferred_marker};
use pulldown_cmark::{CowStr, Event, LinkType};
use std::collections::BTreeMap;

/// The Altinn Studio docs' numbered footnotes: each `footnote` shows its number and keeps
/// its text, which the next `displayFootnotes` lists.
#[derive(Default)]
pub(super) struct Footnotes {
    /// The last number given (numbering starts again after a `displayFootnotes`).
    last: usize,
    /// (rendered text, file offset of its `footnote`) of the footnotes not listed yet.
    pending: Vec<(String, usize)>,
}

/// The value of the parameter `key` (`a.b` looks into table `a`) as text, when `params`
/// has it and it is a string, number or boolean.
fn param_text(
    params: Option<&serde_json::Map<String, serde_json::Value>>,
    key: &str,
) -> Option<String> {
    let mut parts = key.split('.');
    let first = parts.next()?;
    // Hugo lower-cases parameter names.
    let find = |m: &serde_json::Map<String, serde_json::Value>, k: &str| {
        m.get(k)
            .or_else(|| {
                m.iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v)
            })
            .cloned()
    };
    let mut v = find(params?, first)?;
    for k in parts {
        v = match &v {
            serde_json::Value::Object(m) => find(m, k)?,
            _ => return None,
        };
    }
    match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl State<'_, '_> {
    /// The Altinn Studio docs' `{{<link "../sti/til/side" [description|title|linkTitle]>}}`: a
    /// link to that page (a path from this file's folder, checked like `relref`) whose text is
    /// the page's description (the default), title or link title — filled in by `render`,
    /// which knows the page ([`crate::model::Deferred`] `link`), falling back to its title.
    pub(super) fn page_link(&mut self, positional: &[String], at: usize) -> String {
        let pos = self.pos(at);
        let Some(path) = positional.first().filter(|p| !p.trim().is_empty()) else {
            self.diags
                .warning(self.display, pos, "`link` needs the path of a page");
            return String::new();
        };
        let shown = match positional.get(1).map(String::as_str) {
            None => "description",
            Some(a @ ("description" | "title" | "linkTitle")) => a,
            Some(other) => {
                self.diags.warning(
                    self.display,
                    pos,
                    format!("`link`: `{other}` is none of description, title, linkTitle; the description is shown"),
                );
                "description"
            }
        };
        let dest = format!("{RELREF_SCHEME}{}", encode_ref(path));
        let href = self.collect_link(&CowStr::from(dest), LinkKind::Link, at, LinkType::Inline);
        let link = self.content.links.len() - 1;
        let i = self.content.deferred.len();
        self.content.deferred.push(Deferred {
            name: "link".to_string(),
            named: [
                ("link".to_string(), link.to_string()),
                ("shown".to_string(), shown.to_string()),
            ]
            .into(),
            positional: vec![path.clone()],
            pos,
        });
        self.block(format!("<a href=\"{href}\">{}</a>", deferred_marker(i)))
    }

    /// `{{<footnote "text">}}`: its number, as a superscript; the text (markdown, inner
    /// content too) is kept for the next `{{<displayFootnotes>}}`, which lists the kept
    /// texts by number and starts the numbering again (unless `noreset`).
    pub(super) fn footnote(
        &mut self,
        name: &str,
        sc: &Shortcode,
        src: &str,
        at: usize,
        depth: usize,
    ) -> String {
        let html = if name == "footnote" {
            let text = sc.args.positional.first().cloned().unwrap_or_else(|| {
                sc.inner
                    .clone()
                    .map(|r| src[r].to_string())
                    .unwrap_or_default()
            });
            // Rendered here, so its links are checked and reported at the shortcode.
            let rendered = self.render_at(&text, at, depth, "in the footnote");
            let inline = unwrap_paragraph(&rendered).to_string();
            self.footnotes.last += 1;
            self.footnotes.pending.push((inline, at));
            format!(
                "<sup class=\"vv-footnote-ref\">{}</sup>",
                self.footnotes.last
            )
        } else {
            if self.footnotes.pending.is_empty() {
                let pos = self.pos(at);
                self.diags.warning(
                    self.display,
                    pos,
                    "`displayFootnotes` with no `footnote` before it: nothing to list",
                );
                return String::new();
            }
            let first = self.footnotes.last + 1 - self.footnotes.pending.len();
            let mut out = String::from("<div class=\"vv-footnotes\">");
            for (i, (text, _)) in self.footnotes.pending.drain(..).enumerate() {
                out.push_str(&format!(
                    "<p class=\"vv-footnotes__entry\"><sup>{}</sup> {text}</p>",
                    first + i
                ));
            }
            out.push_str("</div>");
            if sc.args.positional.first().map(String::as_str) != Some("noreset") {
                self.footnotes.last = 0;
            }
            out
        };
        self.block(html)
    }

    /// At the end of the page: a footnote no `displayFootnotes` listed is reported.
    pub(super) fn unlisted_footnotes(&mut self) {
        if let Some(&(_, at)) = self.footnotes.pending.first() {
            let pos = self.pos(at);
            self.diags.warning(
                self.display,
                pos,
                "`footnote` without a `displayFootnotes` after it: its text is not shown",
            );
        }
    }

    /// Hugo's `{{< param "key" >}}` (the page's parameter, else the site's) and Learn's
    /// `{{% siteparam "key" %}}` (the site's): the value as text, in place.
    pub(super) fn param(
        &mut self,
        name: &str,
        positional: &[String],
        named: &BTreeMap<String, String>,
        pos: Pos,
    ) -> String {
        let key = positional
            .first()
            .or_else(|| named.get("name"))
            .map(|k| k.trim().to_string())
            .unwrap_or_default();
        let value = if key.is_empty() {
            None
        } else if name == "param" {
            param_text(self.opts.page_params, &key)
                .or_else(|| param_text(self.opts.site_params, &key))
        } else {
            param_text(self.opts.site_params, &key)
        };
        let Some(value) = value else {
            let whose = if name == "param" {
                "the page's front matter nor the site's `params`"
            } else {
                "the site's `params`"
            };
            self.diags.warning(
                self.display,
                pos,
                format!("`{name}`: `{key}` is in neither {whose}; nothing is shown"),
            );
            return String::new();
        };
        // As text: escaped the way pulldown-cmark escapes text.
        let mut html = String::with_capacity(value.len());
        pulldown_cmark::html::push_html(&mut html, std::iter::once(Event::Text(value.into())));
        self.block(html)
    }
}

#[cfg(test)]
mod tests {
    use super::param_text;

    #[test]
    fn parameters_are_found_in_any_case_and_inside_tables() {
        let params: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"Versjon": "3.2", "antall": 7, "på": true, "kontakt": {"ePost": "a@b.no"}, "liste": [1]}"#,
        )
        .unwrap();
        let p = Some(&params);
        assert_eq!(param_text(p, "versjon").as_deref(), Some("3.2"));
        assert_eq!(param_text(p, "antall").as_deref(), Some("7"));
        assert_eq!(param_text(p, "på").as_deref(), Some("true"));
        assert_eq!(param_text(p, "kontakt.epost").as_deref(), Some("a@b.no"));
        // Not text: a table, a list, a key inside a value that is no table, nothing.
        assert_eq!(param_text(p, "kontakt"), None);
        assert_eq!(param_text(p, "liste"), None);
        assert_eq!(param_text(p, "versjon.x"), None);
        assert_eq!(param_text(p, "ingen"), None);
        assert_eq!(param_text(None, "versjon"), None);
    }
}
