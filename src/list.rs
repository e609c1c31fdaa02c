//! `veiviser list`: what each content file became — its URL, kind, language and title — as
//! CSV (like `hugo list all`) or JSON, for scripts: mapping search results back to files,
//! finding the file behind a URL, comparing with Hugo's output.
//!
//! Reads the resolved site (load → parse → resolve, as `check` does); writes nothing and
//! renders nothing. Only pages that come from a file are listed (generated sections, taxonomy
//! pages and the home page without `_index.md` have none), in the order of their paths.

use crate::diagnostics::Diagnostics;
use crate::error::Result;
use crate::model::{Page, PageKind, Site};
use crate::pipeline::{BuildOptions, resolve_site};

/// One content file and the page it became.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Listed {
    /// The file, relative to the content folder (`app/side.nb.md`).
    pub path: String,
    /// Hugo's kind: `home`, `section`, `page`, `taxonomy` or `term`.
    pub kind: &'static str,
    pub lang: String,
    pub title: String,
    /// The page's URL path, with the site's base path (`/docs/nb/app/side/`).
    pub url: String,
    pub draft: bool,
}

/// The site's pages that come from files, by path, and the diagnostics of reading them.
pub fn list(opts: &BuildOptions) -> Result<(Vec<Listed>, Diagnostics)> {
    let resolved = resolve_site(opts, None)?;
    Ok((listed(&resolved.site), resolved.diagnostics))
}

/// The pages of `site` that come from files, by path.
pub fn listed(site: &Site) -> Vec<Listed> {
    let mut rows: Vec<Listed> = site
        .pages
        .iter()
        .filter_map(|p| {
            let path = p.file_path(&site.config.content_dir)?;
            Some(Listed {
                path: path.to_string(),
                kind: kind_name(p),
                lang: p.lang.clone(),
                title: p.title.clone(),
                url: site.abs_url(&p.url),
                draft: p.front.draft,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.url.cmp(&b.url)));
    rows
}

/// Hugo's name of a page's kind. A language's home is a section without a parent here; Hugo
/// calls it home.
fn kind_name(p: &Page) -> &'static str {
    match p.kind {
        PageKind::Home => "home",
        PageKind::Section if p.parent.is_none() => "home",
        PageKind::Section => "section",
        PageKind::Page => "page",
        PageKind::Taxonomy => "taxonomy",
        PageKind::Term => "term",
    }
}

/// The rows as CSV (RFC 4180: a header line, fields quoted where they need it).
pub fn csv(rows: &[Listed]) -> String {
    let mut out = String::from("path,kind,lang,title,url,draft\n");
    for r in rows {
        let fields = [
            r.path.as_str(),
            r.kind,
            &r.lang,
            &r.title,
            &r.url,
            if r.draft { "true" } else { "false" },
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, f);
        }
        out.push('\n');
    }
    out
}

fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// The rows as a JSON array of objects (the keys of the CSV header).
pub fn json(rows: &[Listed]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str) -> Listed {
        Listed {
            path: "a.md".into(),
            kind: "page",
            lang: "nb".into(),
            title: title.into(),
            url: "/a/".into(),
            draft: false,
        }
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let out = csv(&[
            row("Plain"),
            row("Ja, nei"),
            row("«Sitat» \"x\""),
            row("to\nlinjer"),
        ]);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[0], "path,kind,lang,title,url,draft");
        assert_eq!(lines[1], "a.md,page,nb,Plain,/a/,false");
        assert_eq!(lines[2], "a.md,page,nb,\"Ja, nei\",/a/,false");
        assert_eq!(lines[3], "a.md,page,nb,\"«Sitat» \"\"x\"\"\",/a/,false");
        assert_eq!(lines[4], "a.md,page,nb,\"to");
        assert_eq!(lines[5], "linjer\",/a/,false");
    }

    #[test]
    fn json_has_the_csv_columns() {
        let v: serde_json::Value = serde_json::from_str(&json(&[row("T")])).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{
                "path": "a.md", "kind": "page", "lang": "nb", "title": "T", "url": "/a/", "draft": false
            }])
        );
    }
}
