//! Order forms ("bestillingsskjema") built from a schema in a page's front matter.
//!
//! A markdown page whose front matter has a `form` table is a form page: its body is the
//! intro, the table is the schema ([`schema`]). The pipeline calls:
//!
//! 1. [`sources`] before resolve, to keep the text of form pages (for nested key lines);
//! 2. [`resolve`] after resolve: parses every form, checks every `docs` link with the same
//!    link checker as pages ([`crate::resolve::links::Index`]), then adds the form markup to
//!    the form page, an nynorsk variant page when the form has nn texts, "Bestill …" links
//!    at every doc section a form or field points at, and the forms index;
//! 3. [`outputs`] after render: per form and language `embed/index.html`, `fragment.html`
//!    and `schema.json`, plus the catalogue `forms.json`.

pub mod html;
pub mod json_schema;
pub mod messages;
pub mod schema;
pub mod validate;

use crate::diagnostics::{Diagnostics, Pos};
use crate::model::{Content, LinkKind, LinkRef, Page, PageId, PageKind, ParsedPage, Site};
use crate::render::OutputFile;
use crate::render::nav::escape;
use crate::render::theme::Theme;
use crate::resolve::links::{Index, Target};
use crate::resolve::urls::encode_url_path;
use messages::Messages;
use schema::{DocLink, Field, Form};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The text of each form page, by content path (only pages with a `form` table).
pub fn sources(parsed: &[ParsedPage]) -> BTreeMap<String, String> {
    parsed
        .iter()
        .filter(|p| p.front.params.contains_key("form"))
        .map(|p| (p.source.rel.clone(), p.source.text.clone()))
        .collect()
}

/// One language version of a form.
#[derive(Debug, Clone)]
pub struct Variant {
    pub lang: &'static str,
    pub page: PageId,
    /// URL relative to the base path (`/skjema/x/`, `/skjema/x/nn/`).
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct ResolvedForm {
    pub form: Form,
    pub page: PageId,
    pub action: String,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Default)]
pub struct Forms {
    pub forms: Vec<ResolvedForm>,
    /// URL of the forms index page, if there is one.
    pub index_url: Option<String>,
}

/// Parses and checks every form and adds forms, back links and the index to the site.
pub fn resolve(
    site: &mut Site,
    sources: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Forms {
    let mut forms: Vec<(PageId, Form)> = Vec::new();
    for p in &site.pages {
        let Some(v) = p.front.params.get("form") else {
            continue;
        };
        let text = p
            .rel
            .as_deref()
            .and_then(|r| sources.get(r))
            .map(String::as_str)
            .unwrap_or("");
        let start = p
            .front
            .key_lines
            .get("form")
            .copied()
            .unwrap_or(Pos::new(1, 1));
        let mut cx = schema::Ctx {
            file: &p.display,
            lines: schema::Lines::new(text, start),
            diags,
        };
        if let Some(f) = schema::parse(v, &p.title, &mut cx) {
            if let Some((other, _)) = forms.iter().find(|(_, g)| g.id == f.id) {
                diags.error(
                    &p.display,
                    f.pos,
                    format!(
                        "duplicate form id `{}` (also in {})",
                        f.id, site.pages[*other].display
                    ),
                );
                continue;
            }
            forms.push((p.id, f));
        }
    }
    if forms.is_empty() {
        return Forms::default();
    }
    // Check every `docs` link with the site's link checker.
    {
        let index = Index::new(site);
        for (pid, f) in forms.iter_mut() {
            let page = &site.pages[*pid];
            if let Some(d) = f.docs.as_mut() {
                check_doc(&index, site, page, d, diags);
            }
            each_doc(&mut f.fields, &mut |d| {
                check_doc(&index, site, page, d, diags)
            });
        }
    }
    let default_action = site
        .config
        .params
        .get("forms")
        .and_then(|f| f.get("action"))
        .and_then(|a| a.as_str())
        .map(str::to_string);
    let mut out = Forms::default();
    for (pid, form) in forms {
        let page = &site.pages[pid];
        let action = match (&form.submit.mailto, &form.submit.action, &default_action) {
            (Some(m), _, _) => {
                let mut u = format!("mailto:{m}");
                let subject = form.submit.subject.get("nb");
                if !subject.is_empty() && !m.contains('?') {
                    u.push_str("?subject=");
                    u.push_str(
                        &percent_encoding::utf8_percent_encode(
                            subject,
                            percent_encoding::NON_ALPHANUMERIC,
                        )
                        .to_string(),
                    );
                }
                u
            }
            (None, Some(a), _) | (None, None, Some(a)) => a.clone(),
            (None, None, None) => {
                diags.error(
                    &page.display,
                    form.pos,
                    format!(
                        "form `{}` has nowhere to send: set `submit.action` or `submit.mailto`, or `action` under `[forms]` in the config",
                        form.id
                    ),
                );
                String::new()
            }
        };
        let mut variants = vec![Variant {
            lang: if page.lang == "nn" { "nn" } else { "nb" },
            page: pid,
            url: page.url.clone(),
        }];
        if form.languages().contains(&"nn") && page.lang != "nn" {
            let url = format!("{}nn/", page.url);
            if site.by_url.contains_key(&url) {
                diags.error(
                    &page.display,
                    form.pos,
                    format!(
                        "the nynorsk version of form `{}` would be at {url}, which is taken",
                        form.id
                    ),
                );
            } else {
                let id = site.pages.len();
                let mut nn = Page {
                    id,
                    kind: PageKind::Page,
                    rel: None,
                    display: page.display.clone(),
                    front: page.front.clone(),
                    content: Content::default(),
                    url: url.clone(),
                    title: form.title.get("nn").to_string(),
                    lang: "nn".into(),
                    parent: page.parent,
                    children: vec![],
                    hrefs: vec![],
                };
                nn.front.lang = Some("nn".into());
                nn.front.hidden = true;
                nn.front.aliases.clear();
                nn.front.description = None;
                if !form.intro.has("nn") {
                    nn.content.html.clear();
                } else {
                    nn.content.html = format!("<p>{}</p>\n", escape(form.intro.get("nn")));
                }
                site.by_url.insert(url.clone(), id);
                site.pages.push(nn);
                variants.push(Variant {
                    lang: "nn",
                    page: id,
                    url,
                });
            }
        }
        out.forms.push(ResolvedForm {
            form,
            page: pid,
            action,
            variants,
        });
    }
    // The form markup on each form page.
    for rf in &out.forms {
        for v in &rf.variants {
            let markup = form_markup(site, rf, v);
            let page = &mut site.pages[v.page];
            page.content.html.push_str(&markup);
        }
    }
    back_links(site, &out.forms);
    out.index_url = index_page(site, &out.forms);
    out
}

fn each_doc(fields: &mut [Field], f: &mut dyn FnMut(&mut DocLink)) {
    for x in fields {
        if let Some(d) = x.docs.as_mut() {
            f(d);
        }
        each_doc(&mut x.fields, f);
    }
}

fn check_doc(
    index: &Index<'_>,
    site: &Site,
    page: &Page,
    d: &mut DocLink,
    diags: &mut Diagnostics,
) {
    let link = LinkRef {
        dest: d.dest.clone(),
        kind: LinkKind::Link,
        pos: d.pos,
    };
    match index.resolve(page, &link) {
        Ok(Target::Page(id, frag)) => {
            let p = &site.pages[id];
            d.title = match &frag {
                Some(f) => p
                    .content
                    .headings
                    .iter()
                    .find(|h| &h.id == f)
                    .map(|h| h.text.clone())
                    .unwrap_or_else(|| p.title.clone()),
                None => p.title.clone(),
            };
            d.title = d.title.trim_end_matches([':', ' ']).to_string();
            d.href = index.href(&Target::Page(id, frag.clone()));
            d.target = Some((id, frag));
        }
        Ok(_) => diags.error(
            &page.display,
            d.pos,
            format!(
                "`docs` link `{}` must point at a page or a heading on a page",
                d.dest
            ),
        ),
        Err(b) => {
            let mut msg = format!("form `docs`: {}", b.message);
            if let Some(s) = b.suggestion {
                msg.push_str(&format!(" (did you mean `{s}`?)"));
            }
            diags.error(&page.display, d.pos, msg);
        }
    }
}

fn assets(site: &Site) -> (String, String) {
    (site.abs_url("/css/forms.css"), site.abs_url("/js/forms.js"))
}

fn form_markup(site: &Site, rf: &ResolvedForm, v: &Variant) -> String {
    let (css, js) = assets(site);
    let msg = Messages::for_lang(v.lang);
    let other = rf.variants.iter().find(|o| o.lang != v.lang).map(|o| {
        (
            o.lang,
            encode_url_path(&site.abs_url(&o.url)),
            if o.lang == "nn" { "Nynorsk" } else { "Bokmål" },
        )
    });
    let mut action = rf.action.clone();
    if v.lang == "nn" && action.starts_with("mailto:") {
        let subject = rf.form.submit.subject.get("nn");
        if let Some(i) = action.find("?subject=")
            && !subject.is_empty()
        {
            action.truncate(i);
            action.push_str("?subject=");
            action.push_str(
                &percent_encoding::utf8_percent_encode(subject, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
    }
    html::form(
        &rf.form,
        &html::Target {
            lang: v.lang,
            action: &action,
            css: &css,
            js: &js,
            other,
        },
        &msg,
    )
}

/// "Bestill …" links after each heading (or at the top of each page) that a form or one
/// of its fields points at.
fn back_links(site: &mut Site, forms: &[ResolvedForm]) {
    // (page, heading id) → forms (title, url), in form order, without repeats.
    type Section = (PageId, Option<String>);
    let mut at: BTreeMap<Section, Vec<(String, String)>> = BTreeMap::new();
    for rf in forms {
        let v = &rf.variants[0];
        let entry = (
            rf.form.title.get(v.lang).to_string(),
            encode_url_path(&site.abs_url(&v.url)),
        );
        let mut docs: Vec<&DocLink> = rf.form.docs.iter().collect();
        schema::visit(&rf.form.fields, &mut |f| docs.extend(f.docs.iter()));
        for d in docs {
            if let Some(t) = &d.target {
                let list = at.entry(t.clone()).or_default();
                if !list.contains(&entry) {
                    list.push(entry.clone());
                }
            }
        }
    }
    for ((pid, frag), list) in at {
        let lang = site.pages[pid].lang.clone();
        let msg = Messages::for_lang(&lang);
        let mut links = String::from("<ul class=\"vv-form-links\">");
        for (title, url) in &list {
            let text = if title.starts_with(&msg.order) {
                title.clone()
            } else {
                format!("{}: {title}", msg.order)
            };
            let _ = write!(
                links,
                "<li class=\"vv-form-links__item\"><a class=\"vv-form-links__link\" href=\"{}\">{}</a></li>",
                escape(url),
                escape(&text)
            );
        }
        links.push_str("</ul>\n");
        let html = &mut site.pages[pid].content.html;
        let insert_at = match &frag {
            None => Some(0),
            Some(f) => heading_end(html, f),
        };
        match insert_at {
            Some(i) => html.insert_str(i, &links),
            None => html.push_str(&links),
        }
    }
}

/// The byte offset just after the closing tag of the heading with id `id`.
fn heading_end(html: &str, id: &str) -> Option<usize> {
    let needle = format!("id=\"{}\"", escape(id));
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let at = from + i;
        let open = html[..at].rfind('<')?;
        let tag = &html[open + 1..at];
        if tag.len() >= 2 && tag.starts_with('h') && tag.as_bytes()[1].is_ascii_digit() {
            let close = format!("</{}>", &tag[..2]);
            return html[at..].find(&close).map(|j| at + j + close.len());
        }
        from = at + needle.len();
    }
    None
}

/// The forms index: added to the page whose front matter has `forms_index: true`, or a
/// page of its own at `/skjema/`.
fn index_page(site: &mut Site, forms: &[ResolvedForm]) -> Option<String> {
    let existing = site.pages.iter().find(|p| {
        p.front
            .params
            .get("forms_index")
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    });
    let lang = existing
        .map(|p| p.lang.clone())
        .unwrap_or_else(|| site.config.language.clone());
    let msg = Messages::for_lang(&lang);
    // Doc section title (with page title) → its href, and the forms.
    // (title, url, other language versions as (name, url))
    type Entry = (String, String, Vec<(String, String)>);
    // Sections in reading order: the page's place in the site tree, then the heading's
    // place on the page.
    let order = reading_order(site);
    type Key = (usize, usize, String, String);
    let mut groups: BTreeMap<Key, (String, Vec<Entry>)> = BTreeMap::new();
    for rf in forms {
        let (key, href) = match &rf.form.docs {
            Some(d) if d.target.is_some() => {
                let (pid, frag) = d.target.as_ref().expect("checked");
                let p = &site.pages[*pid];
                let heading = frag
                    .as_ref()
                    .and_then(|f| p.content.headings.iter().position(|h| &h.id == f))
                    .map_or(0, |i| i + 1);
                (
                    (order[*pid], heading, p.title.clone(), d.title.clone()),
                    d.href.clone(),
                )
            }
            _ => ((usize::MAX, 0, String::new(), String::new()), String::new()),
        };
        let v = &rf.variants[0];
        let others: Vec<(String, String)> = rf.variants[1..]
            .iter()
            .map(|o| {
                (
                    if o.lang == "nn" { "nynorsk" } else { "bokmål" }.to_string(),
                    encode_url_path(&site.abs_url(&o.url)),
                )
            })
            .collect();
        groups
            .entry(key)
            .or_insert_with(|| (href, Vec::new()))
            .1
            .push((
                rf.form.title.get(v.lang).to_string(),
                encode_url_path(&site.abs_url(&v.url)),
                others,
            ));
    }
    let mut h = String::from("<div class=\"vv-forms-index\">\n");
    for ((_, _, page_title, section), (href, list)) in &groups {
        h.push_str("<section class=\"vv-forms-index__group\">\n");
        let heading = if section == page_title || section.is_empty() {
            page_title.clone()
        } else {
            format!("{page_title}: {section}")
        };
        let _ = writeln!(
            h,
            "<h2 class=\"vv-forms-index__heading\">{}</h2>",
            escape(&heading)
        );
        if !href.is_empty() {
            let _ = writeln!(
                h,
                // `Les mer: <the section's heading>`, as on the forms: a heading does not
                // read well lower-cased inside a sentence (`om for sending av data …`).
                "<p class=\"vv-forms-index__docs\"><a href=\"{}\">{}: {}</a></p>",
                escape(href),
                escape(&msg.read_more),
                escape(section)
            );
        }
        h.push_str("<ul class=\"vv-forms-index__list\">\n");
        for (title, url, others) in list {
            let _ = write!(
                h,
                "<li class=\"vv-forms-index__item\"><a class=\"vv-forms-index__link\" href=\"{}\">{}</a>",
                escape(url),
                escape(title)
            );
            for (name, u) in others {
                let _ = write!(
                    h,
                    " (<a href=\"{}\" lang=\"nn\">{}</a>)",
                    escape(u),
                    escape(name)
                );
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n</section>\n");
    }
    h.push_str("</div>\n");
    if let Some(id) = existing.map(|p| p.id) {
        site.pages[id].content.html.push_str(&h);
        return Some(site.pages[id].url.clone());
    }
    let url = "/skjema/".to_string();
    if site.by_url.contains_key(&url) {
        return None;
    }
    let id = site.pages.len();
    let title = if lang == "en" {
        "Order forms"
    } else {
        "Bestillingsskjema"
    };
    let mut front = crate::model::FrontMatter {
        title: Some(title.into()),
        ..Default::default()
    };
    front.hidden = true;
    site.pages.push(Page {
        id,
        kind: PageKind::Page,
        rel: None,
        display: "(forms index)".into(),
        front,
        content: Content {
            html: h,
            ..Default::default()
        },
        url: url.clone(),
        title: title.into(),
        lang,
        parent: Some(site.home),
        children: vec![],
        hrefs: vec![],
    });
    site.by_url.insert(url.clone(), id);
    Some(url)
}

/// Each page's position in a depth-first walk of the site tree (reading order).
fn reading_order(site: &Site) -> Vec<usize> {
    let mut order = vec![usize::MAX; site.pages.len()];
    let mut stack = vec![site.home];
    let mut n = 0;
    while let Some(id) = stack.pop() {
        if order[id] != usize::MAX {
            continue;
        }
        order[id] = n;
        n += 1;
        stack.extend(site.pages[id].children.iter().rev());
    }
    order
}

/// The files of every form: `embed/index.html`, `fragment.html`, `schema.json` per
/// language version, and the catalogue `forms.json`.
pub fn outputs(
    site: &Site,
    theme: &Theme,
    forms: &Forms,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut out = Vec::new();
    if forms.forms.is_empty() {
        return out;
    }
    let mut catalogue = Vec::new();
    for rf in &forms.forms {
        let mut langs = Vec::new();
        for v in &rf.variants {
            let base = v.url.trim_start_matches('/');
            let markup = form_markup(site, rf, v);
            out.push(OutputFile {
                path: format!("{base}fragment.html"),
                bytes: markup.clone().into_bytes(),
            });
            let mut ctx = tera::Context::new();
            ctx.insert("lang", v.lang);
            ctx.insert("title", rf.form.title.get(v.lang));
            ctx.insert("site_title", &site.config.title);
            ctx.insert("form", &markup);
            match theme.render("form-embed.html", &ctx) {
                Ok(html) => out.push(OutputFile {
                    path: format!("{base}embed/index.html"),
                    bytes: html.into_bytes(),
                }),
                Err(e) => diags.error(
                    "(theme)/form-embed.html",
                    Pos::FILE,
                    format!("template error: {e}"),
                ),
            }
            let schema_url = crate::render::permalink(site, &format!("{}schema.json", v.url));
            let schema = json_schema::schema(&rf.form, v.lang, &schema_url);
            out.push(OutputFile {
                path: format!("{base}schema.json"),
                bytes: pretty(&schema),
            });
            langs.push(serde_json::json!({
                "lang": v.lang,
                "title": rf.form.title.get(v.lang),
                "url": encode_url_path(&site.abs_url(&v.url)),
                "embed": encode_url_path(&site.abs_url(&format!("{}embed/", v.url))),
                "fragment": encode_url_path(&site.abs_url(&format!("{}fragment.html", v.url))),
                "schema": encode_url_path(&site.abs_url(&format!("{}schema.json", v.url))),
            }));
        }
        let docs = rf
            .form
            .docs
            .as_ref()
            .map(|d| serde_json::json!({"url": d.href, "title": d.title}));
        let mut fields = Vec::new();
        schema::visit(&rf.form.fields, &mut |f| {
            fields.push(serde_json::json!({
                "name": f.name,
                "type": f.ty,
                "docs": f.docs.as_ref().map(|d| d.href.clone()),
            }))
        });
        catalogue.push(serde_json::json!({
            "id": rf.form.id,
            "title": rf.form.title.get("nb"),
            "docs": docs,
            "action": rf.action,
            "encoding": match rf.form.submit.encoding { schema::Encoding::Json => "json", schema::Encoding::Urlencoded => "urlencoded" },
            "languages": langs,
            "fields": fields,
        }));
    }
    out.push(OutputFile {
        path: "forms.json".into(),
        bytes: pretty(&serde_json::json!({
            "index": forms.index_url.as_ref().map(|u| encode_url_path(&site.abs_url(u))),
            "forms": catalogue,
        })),
    });
    out
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).unwrap_or_default();
    b.push(b'\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_end_finds_the_closing_tag_of_the_heading() {
        let html = "<p id=\"x\">a</p><h2 id=\"åpning\">Åpning</h2><p>b</p>";
        let i = heading_end(html, "åpning").unwrap();
        assert_eq!(&html[i..], "<p>b</p>");
        assert_eq!(heading_end(html, "x"), None, "only headings count");
        assert_eq!(heading_end(html, "mangler"), None);
    }
}
