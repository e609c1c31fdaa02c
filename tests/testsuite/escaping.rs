//! Escaping audit: user text with `<script>alert(1)</script>`, `"`, `'`, `&` and `</script>`
//! in every place it reaches HTML text, attributes, JSON or JavaScript.
//!
//! Every HTML file of the built site is tokenised: each `<` must start a well-formed tag,
//! attribute values must be quoted entities-only text, no inline `<script>` and no `on…`
//! attribute may exist. Then the text of each place (title, h1, nav, breadcrumbs, prev/next,
//! section lists, meta description, tags, TOC, alias pages, form labels, help texts, options,
//! error messages, …) is decoded and compared with the exact input. Every JSON file must parse
//! and give back the exact strings. The search snippets are made by the site's real search
//! client (in Node), the preview's status JSON by a real `veiviser serve`, and a browser
//! test opens the pages, the mailto submission and the preview overlay in Chromium and fails
//! on any dialog (`alert`).

use super::harness::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The payload: markup, both quotes, an ampersand and a closing script tag.
const P: &str = "X<script>alert(1)</script>\"'&</script>";

/// A YAML single-quoted scalar.
fn yq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A TOML basic string.
fn tq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn t(prefix: &str) -> String {
    format!("{prefix} {P}")
}

// --------------------------------------------------------------------------- HTML checks

/// Decodes the character references our output uses (named basics and numeric).
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            panic!("a bare `&` in {s:?}");
        };
        let name = &rest[1..end];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            n if n.starts_with("#x") || n.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&n[2..], 16).expect("hex reference"))
                    .expect("a character")
            }
            n if n.starts_with('#') => {
                char::from_u32(n[1..].parse().expect("decimal reference")).expect("a character")
            }
            other => panic!("unknown entity &{other}; in {s:?}"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every `&` starts a character reference.
fn assert_entities_only(rel: &str, what: &str, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest.find(';').unwrap_or(usize::MAX);
        let name = if end <= 10 { &rest[..end] } else { "" };
        let ok = (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()))
            || (name.starts_with('#') && name.len() > 1);
        assert!(ok, "{rel}: a bare `&` in {what}: {s:?}");
    }
}

struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    len: usize,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':'
}

fn is_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-')
}

/// Parses the tag at the start of `s` (which starts with `<`), strictly: attribute names
/// are plain names, values are quoted or simple unquoted tokens, and between attributes
/// there is white space.
fn parse_tag(s: &str) -> Result<Tag, String> {
    let b = s.as_bytes();
    let mut j = 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
        j += 1;
    }
    if j == start || !b[start].is_ascii_alphabetic() {
        return Err("not a tag name".into());
    }
    let name = s[start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        let ws = j;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        match b.get(j) {
            None => return Err("unterminated tag".into()),
            Some(b'>') => {
                return Ok(Tag {
                    name,
                    closing,
                    attrs,
                    len: j + 1,
                });
            }
            Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                return Ok(Tag {
                    name,
                    closing,
                    attrs,
                    len: j + 2,
                });
            }
            Some(_) if closing => return Err("attributes on an end tag".into()),
            Some(&c) if is_name_start(c) && j > ws => {}
            Some(_) => {
                return Err(format!(
                    "unexpected {:?} where an attribute should start",
                    &s[j..(j + 20).min(s.len())]
                ));
            }
        }
        let n0 = j;
        while j < b.len() && is_name(b[j]) {
            j += 1;
        }
        let aname = s[n0..j].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(j) == Some(&b'=') {
            j += 1;
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = s[j + 1..]
                        .find(q as char)
                        .ok_or("unterminated attribute value")?;
                    value = s[j + 1..j + 1 + end].to_string();
                    j += end + 2;
                }
                _ => {
                    let v0 = j;
                    while j < b.len()
                        && !b[j].is_ascii_whitespace()
                        && !matches!(b[j], b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                    {
                        j += 1;
                    }
                    if j == v0 {
                        return Err(format!("empty unquoted value of {aname}"));
                    }
                    value = s[v0..j].to_string();
                }
            }
            if !matches!(b.get(j), Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/') {
                return Err(format!(
                    "attribute {aname} not followed by white space or `>`"
                ));
            }
        }
        attrs.push((aname, value));
    }
}

/// The strict structure check of one HTML file.
fn check_html(rel: &str, html: &str) {
    let context = |at: usize| {
        let from = html[..at]
            .char_indices()
            .rev()
            .nth(80)
            .map_or(0, |(i, _)| i);
        let to = html[at..]
            .char_indices()
            .nth(120)
            .map_or(html.len(), |(i, _)| at + i);
        html[from..to].to_string()
    };
    assert!(
        !html.contains("<script>alert"),
        "{rel}: the payload is in the page unescaped"
    );
    let mut i = 0;
    let mut text_from = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        assert_entities_only(rel, "text", &html[text_from..at]);
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = at + rest.find("-->").expect("comment end") + 3;
            text_from = i;
            continue;
        }
        if rest.starts_with("<!DOCTYPE")
            || rest.starts_with("<!doctype")
            || rest.starts_with("<?xml")
        {
            i = at + rest.find('>').expect("declaration end") + 1;
            text_from = i;
            continue;
        }
        let tag = parse_tag(rest)
            .unwrap_or_else(|e| panic!("{rel}: malformed markup ({e}) at:\n{}", context(at)));
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "{rel}: an event handler attribute `{name}` at:\n{}",
                context(at)
            );
            assert!(
                !value.contains('<') && !value.contains('>'),
                "{rel}: unescaped markup in attribute {name}={value:?}"
            );
            assert_entities_only(rel, &format!("attribute {name}"), value);
            let v = decode(value).to_ascii_lowercase();
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction") {
                assert!(
                    !v.trim_start().starts_with("javascript:"),
                    "{rel}: a javascript: URL in {name}"
                );
            }
        }
        i = at + tag.len;
        text_from = i;
        if tag.closing {
            continue;
        }
        match tag.name.as_str() {
            "script" => {
                let ty = tag
                    .attrs
                    .iter()
                    .find(|(n, _)| n == "type")
                    .map(|(_, v)| v.as_str());
                let end = html[i..]
                    .find("</script>")
                    .expect("end of a script element");
                let body = &html[i..i + end];
                if matches!(ty, Some("application/ld+json" | "application/json")) {
                    // Inline JSON (JSON-LD) must parse and must not end or open markup.
                    let lower = body.to_ascii_lowercase();
                    assert!(
                        !lower.contains("</") && !lower.contains("<!--"),
                        "{rel}: markup in inline JSON: {body}"
                    );
                    serde_json::from_str::<serde_json::Value>(body)
                        .unwrap_or_else(|e| panic!("{rel}: inline JSON does not parse: {e}"));
                } else {
                    assert!(
                        tag.attrs.iter().any(|(n, _)| n == "src") && body.is_empty(),
                        "{rel}: an inline script at:\n{}",
                        context(at)
                    );
                }
                i += end;
                text_from = i;
            }
            "style" => panic!("{rel}: an inline style element"),
            "title" | "textarea" => {
                let close = format!("</{}>", tag.name);
                let end = html[i..].find(&close).expect("end of a raw text element");
                assert!(
                    !html[i..i + end].contains('<'),
                    "{rel}: markup inside <{}>: {}",
                    tag.name,
                    &html[i..i + end]
                );
            }
            _ => {}
        }
    }
    assert_entities_only(rel, "text", &html[text_from..]);
}

/// The decoded texts of every element whose class list starts with `class`.
fn texts(html: &str, class: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let a = html[i..].find(&format!("class=\"{class}\""));
        let b = html[i..].find(&format!("class=\"{class} "));
        let pos = match (a, b) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => match a.or(b) {
                Some(p) => p,
                None => return out,
            },
        };
        let at = i + pos;
        let open = html[..at].rfind('<').unwrap();
        let name: String = html[open + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let body = at + html[at..].find('>').unwrap() + 1;
        let end = body
            + html[body..]
                .find(&format!("</{name}>"))
                .unwrap_or_else(|| panic!("no </{name}> after class {class}"));
        out.push(decode(&strip_tags(&html[body..end])));
        i = body;
    }
}

/// The decoded values of every attribute `name`.
fn attrs(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = html[i..].find(&needle) {
        let start = i + p + needle.len();
        let end = start + html[start..].find('"').unwrap();
        out.push(decode(&html[start..end]));
        i = end;
    }
    out
}

fn inner(html: &str, open: &str, close: &str) -> String {
    let s = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let e = s + html[s..].find(close).unwrap();
    decode(&strip_tags(&html[s..e]))
}

#[track_caller]
fn has(list: &[String], want: &str, what: &str) {
    assert!(
        list.iter().any(|x| x == want),
        "{what}: {want:?} not among {list:#?}"
    );
}

// --------------------------------------------------------------------------- the site

fn payload_site() -> Site {
    let site = Site::new()
        .config(&format!(
            "title = {}\nbase_url = \"/\"\nedit_url = {}\n",
            tq(&t("Nettsted")),
            tq("https://example.org/rediger/\"'<x>&/")
        ))
        .file(
            "content/_index.md",
            &format!(
                "---\ntitle: {}\ndescription: {}\n---\nForside.\n",
                yq(&t("Hjem")),
                yq(&t("Forside"))
            ),
        )
        .file(
            "content/seksjon/_index.md",
            &format!(
                "---\ntitle: {}\ndescription: {}\nweight: 1\n---\n\
                 {{{{< children description=\"true\" >}}}}\n\n\
                 {{{{% notice info {} %}}}}Notis.{{{{% /notice %}}}}\n\n\
                 {{{{% expand {} %}}}}Mer.{{{{% /expand %}}}}\n\n\
                 {{{{% panel header={} %}}}}Panel.{{{{% /panel %}}}}\n",
                yq(&t("Seksjon")),
                yq(&t("Seksjonsbeskrivelse")),
                tq(&t("Notis")),
                tq(&t("Utvid")),
                tq(&t("Panel")),
            ),
        )
        .file(
            "content/seksjon/a.md",
            &format!(
                "---\ntitle: {}\ndescription: {}\nweight: 1\ntoc: true\ntags: [{}]\n\
                 categories: [{}]\nkeywords: [{}]\naliases: ['/gammel/']\n---\n\
                 ## Overskrift `{P}` slutt {{#payload}}\n\nTekst med `{P}` i kode om alertsaker.\n\n\
                 ## Bestilling\n\nHer bestiller du.\n\n## Tredje \\<b\\> & \"q\" 'a'\n\nSlutt.\n",
                yq(&t("Side A")),
                yq(&t("Beskrivelse A")),
                yq(&t("tag")),
                yq(&t("kat")),
                yq(&t("nøkkelord")),
            ),
        )
        .file(
            "content/seksjon/b.md",
            &format!("---\ntitle: {}\nweight: 2\n---\nB.\n", yq(&t("Side B"))),
        )
        .file(
            "content/seksjon/c.md",
            &format!(
                "---\ntitle: C\nlinktitle: {}\nweight: 3\n---\nC.\n",
                yq(&t("Kort C"))
            ),
        )
        .file(
            "content/skjemaer.md",
            "---\ntitle: Skjemaer\nforms_index: true\nweight: 9\n---\nAlle skjema.\n",
        );
    site.file("content/seksjon/skjema.md", &form_page())
}

fn form_page() -> String {
    let q = |p: &str| yq(&t(p));
    let v = yq(&format!("v{P}"));
    format!(
        r#"---
title: {title}
weight: 4
form:
  id: xss
  title: {{ nb: {ftitle}, nn: {nntitle} }}
  intro: {{ nn: {nnintro} }}
  docs: /seksjon/a/#payload
  submit:
    mailto: post@example.org
    subject: {subject}
  success: {success}
  button: {button}
  fields:
    - name: navn
      label: {navn}
      help: {help}
      placeholder: {placeholder}
      default: {default}
      message: {message}
      docs: /seksjon/a/#bestilling
      required: true
    - name: kode
      label: {kode}
      pattern: "[0-9]+"
      message: {kodefeil}
    - name: valg
      label: {valg}
      type: select
      options:
        - {{ value: {v}, label: {opsjon} }}
        - {{ value: b, label: B }}
    - name: radio
      label: {radio}
      type: radio
      options:
        - {{ value: {v}, label: {ropsjon} }}
    - name: bokser
      label: {bokser}
      type: checkboxes
      options:
        - {{ value: {v}, label: {bopsjon} }}
        - {{ value: to, label: To }}
    - name: vis
      label: {vis}
      show_if: {{ field: valg, equals: {v} }}
    - name: tekst
      label: {tekst}
      type: textarea
      default: {tdefault}
    - name: gruppe
      label: {gruppe}
      type: group
      repeat: {{ min: 1, max: 3 }}
      add_label: {add}
      fields:
        - {{ name: ip, label: {ip}, type: ip }}
---
Intro.
"#,
        title = q("Skjema"),
        ftitle = q("Skjematittel"),
        nntitle = q("Nynorsktittel"),
        nnintro = q("Nynorskintro"),
        subject = q("Emne"),
        success = q("Takk"),
        button = q("Send"),
        navn = q("Navn"),
        help = q("Hjelp"),
        placeholder = q("Plass"),
        default = q("Standard"),
        message = q("Feilmelding"),
        valg = q("Valg"),
        kode = q("Kode"),
        kodefeil = q("Kodefeil"),
        opsjon = q("Opsjon"),
        radio = q("Radio"),
        ropsjon = q("Ropsjon"),
        bokser = q("Bokser"),
        bopsjon = q("Bopsjon"),
        vis = q("Vis"),
        tekst = q("Tekst"),
        tdefault = q("Tekststandard"),
        gruppe = q("Gruppe"),
        add = q("Legg til"),
        ip = q("IP"),
    )
}

/// Builds the payload site and returns (root, output files).
fn build_payload_site() -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = payload_site();
    let run = site.build().ok();
    let out = run.root.join("public");
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    (site, files)
}

fn html<'a>(files: &'a BTreeMap<String, Vec<u8>>, rel: &str) -> &'a str {
    std::str::from_utf8(files.get(rel).unwrap_or_else(|| {
        panic!(
            "no {rel} among {:?}",
            files
                .keys()
                .filter(|k| k.ends_with(".html"))
                .collect::<Vec<_>>()
        )
    }))
    .unwrap()
}

/// The output file whose path starts with `prefix` and ends with `suffix`.
fn find<'a>(files: &'a BTreeMap<String, Vec<u8>>, prefix: &str, suffix: &str) -> &'a str {
    let rel = files
        .keys()
        .find(|k| k.starts_with(prefix) && k.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}…{suffix}"));
    html(files, rel)
}

// --------------------------------------------------------------------------- tests

#[test]
fn every_html_file_is_well_formed_with_the_payload_everywhere() {
    let (_site, files) = build_payload_site();
    let mut checked = 0;
    for (rel, bytes) in &files {
        if rel.ends_with(".html") || rel.ends_with(".xml") {
            check_html(rel, std::str::from_utf8(bytes).unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} HTML files");
    // The sitemap's URLs are plain.
    let sitemap = html(&files, "sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1) {
        let url = decode(&loc[..loc.find("</loc>").unwrap()]);
        assert!(!url.contains(['<', '>', '"', ' ']), "sitemap URL {url:?}");
    }
}

#[test]
fn titles_descriptions_and_navigation_round_trip() {
    let (_site, files) = build_payload_site();
    let a = html(&files, "seksjon/a/index.html");
    assert_eq!(
        inner(a, "<title>", "</title>"),
        format!("{} – {}", t("Side A"), t("Nettsted"))
    );
    assert_eq!(texts(a, "vv-article__title"), [t("Side A")]);
    assert_eq!(texts(a, "vv-lead"), [t("Beskrivelse A")]);
    has(
        &attrs(a, "content"),
        &t("Beskrivelse A"),
        "meta description",
    );
    assert_eq!(texts(a, "vv-header__name"), [t("Nettsted")]);
    assert_eq!(texts(a, "vv-footer__home"), [t("Nettsted")]);
    // Navigation, with the short title where there is one.
    let nav = texts(a, "vv-nav__link");
    for want in [
        t("Seksjon"),
        t("Side A"),
        t("Side B"),
        t("Kort C"),
        t("Skjema"),
    ] {
        has(&nav, &want, "sidebar");
    }
    assert_eq!(
        texts(a, "vv-breadcrumbs__link"),
        [t("Hjem"), t("Seksjon")],
        "breadcrumbs"
    );
    assert_eq!(texts(a, "vv-breadcrumbs__current"), [t("Side A")]);
    assert_eq!(
        texts(a, "vv-pager__title"),
        [t("Seksjon"), t("Side B")],
        "prev/next"
    );
    let c = html(&files, "seksjon/c/index.html");
    has(&texts(c, "vv-pager__title"), &t("Side B"), "prev of C");
    // Tags and categories: on the page, the taxonomy list and the term page.
    has(&texts(a, "vv-tag"), &t("tag"), "tag link");
    has(
        &texts(a, "vv-tag vv-tag--category"),
        &t("kat"),
        "category link",
    );
    has(
        &texts(html(&files, "tags/index.html"), "vv-terms__name"),
        &t("tag"),
        "tags list",
    );
    let term = find(&files, "tags/tag-", "index.html");
    assert_eq!(texts(term, "vv-article__title"), [t("tag")]);
    assert_eq!(
        inner(term, "<title>", "</title>"),
        format!("{} – {}", t("tag"), t("Nettsted"))
    );
    has(
        &texts(term, "vv-link-list__link"),
        &t("Side A"),
        "term's pages",
    );
    // Section list, home cards, the children shortcode.
    let s = html(&files, "seksjon/index.html");
    has(
        &texts(s, "vv-link-list__link"),
        &t("Side A"),
        "section list",
    );
    has(
        &texts(s, "vv-link-list__text"),
        &t("Beskrivelse A"),
        "section list text",
    );
    has(
        &texts(s, "vv-children__link"),
        &t("Side A"),
        "children shortcode",
    );
    has(
        &texts(s, "vv-children__description"),
        &t("Beskrivelse A"),
        "children shortcode description",
    );
    has(&texts(s, "vv-notice__label"), &t("Notis"), "notice title");
    has(&texts(s, "vv-expand__summary"), &t("Utvid"), "expand title");
    has(&texts(s, "vv-panel__header"), &t("Panel"), "panel header");
    let home = html(&files, "index.html");
    assert_eq!(texts(home, "vv-article__title vv-hero__title"), [t("Hjem")]);
    has(&texts(home, "vv-card__link"), &t("Seksjon"), "home cards");
    has(
        &texts(home, "vv-card__text"),
        &t("Seksjonsbeskrivelse"),
        "home card text",
    );
    // The alias page.
    let alias = html(&files, "gammel/index.html");
    assert_eq!(
        inner(alias, "<title>", "</title>"),
        format!("Siden er flyttet – {}", t("Side A"))
    );
    let text = inner(alias, "<p>", "</p>");
    assert!(text.ends_with(&format!(" {}.", t("Side A"))), "{text}");
    // The edit link keeps its URL exactly.
    has(
        &attrs(a, "href"),
        "https://example.org/rediger/\"'<x>&/seksjon/a.md",
        "edit link",
    );
    // The 404 page and the search page carry the same navigation.
    has(
        &texts(html(&files, "404.html"), "vv-nav__link"),
        &t("Side A"),
        "404 nav",
    );
    has(
        &texts(html(&files, "sok/index.html"), "vv-nav__link"),
        &t("Side A"),
        "search page nav",
    );
}

#[test]
fn headings_and_table_of_contents_round_trip() {
    let (_site, files) = build_payload_site();
    let a = html(&files, "seksjon/a/index.html");
    let toc = {
        let s = a.find("<nav class=\"vv-toc\"").expect("a TOC");
        let e = s + a[s..].find("</nav>").unwrap();
        let mut links = Vec::new();
        for part in a[s..e].split("<a href=\"").skip(1) {
            let text = &part[part.find('>').unwrap() + 1..part.find("</a>").unwrap()];
            links.push(decode(&strip_tags(text)));
        }
        links
    };
    let heading = format!("Overskrift {P} slutt");
    assert_eq!(toc[0], heading);
    assert_eq!(toc[1], "Bestilling");
    // The TOC says what the heading says (the typographer may change quotes in both).
    let h2s: Vec<String> = a
        .split("<h2 id=\"")
        .skip(1)
        .map(|p| {
            decode(&strip_tags(
                &p[p.find('>').unwrap() + 1..p.find("</h2>").unwrap()],
            ))
        })
        .collect();
    assert_eq!(toc, h2s);
    assert!(
        toc[2].contains("<b>") && toc[2].contains('&'),
        "{:?}",
        toc[2]
    );
    // The body's code keeps the payload as text.
    assert!(
        a.contains("<code>X&lt;script&gt;alert(1)&lt;/script&gt;"),
        "code span"
    );
}

#[test]
fn form_texts_round_trip() {
    let (_site, files) = build_payload_site();
    for (rel, nn) in [
        ("seksjon/skjema/index.html", false),
        ("seksjon/skjema/embed/index.html", false),
        ("seksjon/skjema/fragment.html", false),
        ("seksjon/skjema/nn/index.html", true),
    ] {
        let f = html(&files, rel);
        let what = |x: &str| format!("{rel}: {x}");
        let title = if nn {
            t("Nynorsktittel")
        } else {
            t("Skjematittel")
        };
        assert_eq!(
            texts(f, "vv-form__title"),
            std::slice::from_ref(&title),
            "{rel}"
        );
        if rel.contains("embed") {
            assert_eq!(
                inner(f, "<title>", "</title>"),
                format!("{title} – {}", t("Nettsted"))
            );
        }
        let labels = texts(f, "ds-label vv-form__label");
        assert!(
            labels.iter().any(|l| l.starts_with(&t("Navn"))),
            "{}: {labels:?}",
            what("label")
        );
        let legends = texts(f, "ds-fieldset__legend ds-label vv-form__legend");
        assert!(
            legends.iter().any(|l| l.starts_with(&t("Radio"))),
            "{legends:?}"
        );
        assert_eq!(
            texts(f, "ds-field__description vv-form__help")[0],
            t("Hjelp")
        );
        has(&attrs(f, "placeholder"), &t("Plass"), &what("placeholder"));
        has(&attrs(f, "value"), &t("Standard"), &what("default value"));
        has(
            &attrs(f, "data-vv-message"),
            &t("Feilmelding"),
            &what("error message"),
        );
        let data_labels = attrs(f, "data-vv-label");
        for l in [
            "Navn", "Valg", "Radio", "Bokser", "Vis", "Tekst", "Gruppe", "IP",
        ] {
            has(&data_labels, &t(l), &what("data-vv-label"));
        }
        // Option values and labels.
        has(&attrs(f, "value"), &format!("v{P}"), &what("option value"));
        let options: Vec<String> = f
            .split("<option value=\"")
            .skip(1)
            .map(|p| decode(&p[p.find('>').unwrap() + 1..p.find("</option>").unwrap()]))
            .collect();
        has(&options, &t("Opsjon"), &what("option label"));
        let choices = texts(f, "ds-label vv-form__choice-label");
        has(&choices, &t("Ropsjon"), &what("radio label"));
        has(&choices, &t("Bopsjon"), &what("checkbox label"));
        assert_eq!(
            inner(f, "rows=\"4\"", "</textarea>")
                .trim_start_matches(|c| c != '>')
                .trim_start_matches('>'),
            t("Tekststandard")
        );
        // Conditions are JSON in an attribute: decoded, they parse and keep the value.
        let cond: serde_json::Value =
            serde_json::from_str(&attrs(f, "data-vv-show-if")[0]).expect("condition JSON");
        assert_eq!(cond["equals"], format!("v{P}"));
        let hint = texts(f, "ds-field__description vv-form__condition");
        assert!(
            hint[0].contains(&format!("«{}»", t("Valg")))
                && hint[0].contains(&format!("«{}»", t("Opsjon"))),
            "{hint:?}"
        );
        let messages: serde_json::Value =
            serde_json::from_str(&attrs(f, "data-vv-messages")[0]).expect("messages JSON");
        assert!(messages["submit"].is_string());
        // Repeatable group: legend, add button, the template's copy.
        has(
            &texts(f, "ds-button vv-form__add"),
            &t("Legg til"),
            &what("add label"),
        );
        assert!(
            texts(f, "ds-fieldset__legend vv-form__item-legend")
                .iter()
                .all(|l| l.starts_with(&t("Gruppe"))),
            "item legends"
        );
        assert_eq!(texts(f, "ds-button vv-form__submit"), [t("Send")]);
        assert_eq!(texts(f, "vv-form__receipt-text"), [t("Takk")]);
        let docs = texts(f, "vv-form__docs-link");
        assert!(
            docs[0].ends_with(&format!(": Overskrift {P} slutt"))
                && docs[1].ends_with(": Bestilling"),
            "{docs:?}"
        );
        // mailto: the address and the subject, for forms.js and for the no-JavaScript POST.
        assert_eq!(attrs(f, "data-vv-mailto"), ["post@example.org"]);
        assert_eq!(attrs(f, "data-vv-subject"), [t("Emne")]);
        let action = &attrs(f, "action")
            .into_iter()
            .find(|a| a.starts_with("mailto:"))
            .expect("a mailto action");
        let subject = action.split("subject=").nth(1).expect("a subject");
        assert!(
            !subject.contains(['<', '>', '"', '\'', '&', ' ']),
            "{action}"
        );
        assert_eq!(
            percent_encoding::percent_decode_str(subject)
                .decode_utf8()
                .unwrap(),
            t("Emne")
        );
        if nn {
            assert_eq!(
                inner(f, "<div class=\"vv-content\">", "</p>").trim(),
                t("Nynorskintro"),
                "nynorsk intro"
            );
        }
    }
    // The "Bestill" link on the doc section and the forms index.
    let a = html(&files, "seksjon/a/index.html");
    // One after each doc section the form (or one of its fields) points at.
    assert_eq!(
        texts(a, "vv-form-links__link"),
        [
            format!("Bestill: {}", t("Skjematittel")),
            format!("Bestill: {}", t("Skjematittel"))
        ]
    );
    let index = html(&files, "skjemaer/index.html");
    has(
        &texts(index, "vv-forms-index__link"),
        &t("Skjematittel"),
        "forms index",
    );
    assert_eq!(
        texts(index, "vv-forms-index__heading"),
        [format!("{}: Overskrift {P} slutt", t("Side A"))],
        "forms index heading"
    );
}

#[test]
fn json_outputs_parse_and_keep_the_exact_strings() {
    let (_site, files) = build_payload_site();
    let mut strings = Vec::new();
    fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    for (rel, bytes) in &files {
        let text = std::str::from_utf8(bytes).unwrap_or("");
        if rel.ends_with(".json") {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
            collect(&v, &mut strings);
        } else if rel.ends_with(".jsonl") {
            for (n, line) in text.lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{rel}:{}: not JSON: {e}", n + 1));
                collect(&v, &mut strings);
            }
        }
    }
    for want in [
        t("Side A"),
        t("Seksjon"),
        format!("Overskrift {P} slutt"),
        t("Skjematittel"),
        t("Navn"),
        format!("v{P}"),
    ] {
        has(&strings, &want, "strings of the JSON files");
    }
    assert!(
        strings
            .iter()
            .any(|s| s.contains(&format!("Tekst med {P} i kode"))),
        "the section text keeps the code"
    );
    // The feed: one object per line, with the exact title, heading and path.
    let feed = std::str::from_utf8(&files["search/sections.jsonl"]).unwrap();
    let hit = feed
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["heading"] == format!("Overskrift {P} slutt"))
        .expect("the heading's doc section in the feed");
    assert_eq!(hit["title"], t("Side A"));
    assert_eq!(hit["path"][0], t("Seksjon"));
}

#[test]
fn search_snippets_are_escaped_html() {
    let (site, _files) = build_payload_site();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search-query.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(site.root().join("public"))
        .args(["alertsaker", "script", "Side A"])
        .output()
        .expect("node (Node.js 20 or newer) is needed for the search tests");
    assert!(
        out.status.success(),
        "search-query.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut snippets = 0;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for r in v["results"].as_array().unwrap() {
            let snippet = r["snippet"].as_str().unwrap();
            // Only <mark> elements; the rest is escaped text.
            let without = snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(!without.contains(['<', '>']), "snippet {snippet:?}");
            assert_entities_only("search", "snippet", &without);
            let text = decode(&without);
            if text.contains("Tekst med") {
                snippets += 1;
                assert!(text.contains(&format!("Tekst med {P} i kode")), "{text:?}");
            }
            // Titles and headings are plain text for textContent: exact.
            let title = r["title"].as_str().unwrap();
            assert!(
                title == t("Side A") || !title.contains('<') || title.contains(P),
                "{title:?}"
            );
        }
    }
    assert!(snippets > 0, "no snippet with the payload found");
}

#[test]
fn preview_status_json_keeps_diagnostics_exact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    use super::serve_faults::{errors, get, start, status, wait_status, write};
    write(root, "veiviser.toml", "title = \"T\"\nbase_url = \"/\"\n");
    write(root, "content/_index.md", "---\ntitle: Hjem\n---\nHei\n");
    write(root, "content/a.md", "---\ntitle: A\n---\nGod.\n");
    let p = start(root);
    let addr = p.addr.clone();
    // A broken link whose target, and the source line around it, carry the payload.
    let line = format!("Se [lenken](/mangler/{P}) her.");
    write(
        root,
        "content/a.md",
        &format!("---\ntitle: A\n---\nForan {P}\n{line}\nEtter.\n"),
    );
    let s = wait_status(&addr, "the broken link's error", &|s| errors(s) > 0);
    let e = &s["errors"][0];
    assert_eq!(e["path"], "content/a.md");
    assert_eq!(e["line"], 5);
    let message = e["message"].as_str().unwrap();
    assert!(message.contains(&format!("/mangler/{P}")), "{message}");
    let context: Vec<(u64, String)> = e["context"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_u64().unwrap(), c[1].as_str().unwrap().to_string()))
        .collect();
    assert!(context.contains(&(5, line.clone())), "{context:?}");
    assert!(context.contains(&(4, format!("Foran {P}"))), "{context:?}");
    // The status is served as JSON, never sniffed as HTML.
    let (code, head, body) = get(&addr, "/__veiviser/status");
    assert_eq!(code, 200);
    assert!(head.contains("Content-Type: application/json"), "{head}");
    assert!(head.contains("X-Content-Type-Options: nosniff"), "{head}");
    let again: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(again["errors"][0]["message"], message);
    // The last good page is still served, and well-formed.
    let (code, _, page) = get(&addr, "/a/");
    assert_eq!(code, 200);
    check_html("preview /a/", &String::from_utf8(page).unwrap());
    let _ = status(&addr);
    // The overlay builds its DOM from text: nothing in the client parses HTML.
    let live =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve/live.js"))
            .unwrap();
    for bad in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!live.contains(bad), "live.js uses {bad}");
    }
}

/// File names are user text too: a page without a title is named after its file, and the
/// edit link and asset links carry the name.
#[cfg(unix)]
#[test]
fn file_names_with_markup_characters() {
    let name = "Fil \"'<b>&";
    let site = Site::new()
        .config("title = \"T\"\nbase_url = \"/\"\nedit_url = \"https://example.org/e/\"\n")
        .file(
            "content/_index.md",
            "---\ntitle: Hjem\n---\nSe [vedlegget](Vedlegg%20%22'%3Cb%3E&.txt).\n",
        )
        .file(
            &format!("content/{name}.md"),
            "---\ndescription: d\n---\nUten tittel.\n",
        )
        .file("content/Vedlegg \"'<b>&.txt", "vedlegg");
    let run = site.build().ok();
    let out = run.root.join("public");
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = e
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.ends_with(".html") || rel.ends_with(".xml") {
            check_html(&rel, &std::fs::read_to_string(e.path()).unwrap());
        }
    }
    let home = run.read("public/index.html");
    has(
        &texts(&home, "vv-nav__link"),
        name,
        "nav text from the file name",
    );
    let link = attrs(&home, "href")
        .into_iter()
        .find(|h| h.contains("Vedlegg"))
        .expect("the attachment link");
    assert_eq!(
        percent_encoding::percent_decode_str(&link)
            .decode_utf8()
            .unwrap(),
        "/Vedlegg \"'<b>&.txt"
    );
    let page_rel = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("fil"))
        .expect("the page's folder");
    let page = run.read(&format!("public/{page_rel}/index.html"));
    assert_eq!(texts(&page, "vv-article__title"), [name]);
    let edit = attrs(&page, "href")
        .into_iter()
        .find(|h| h.starts_with("https://example.org/e/"))
        .expect("an edit link");
    assert_eq!(
        percent_encoding::percent_decode_str(&edit)
            .decode_utf8()
            .unwrap(),
        format!("https://example.org/e/{name}.md")
    );
}

/// The checks above catch what they are meant to catch.
#[test]
fn the_markup_checker_catches_breakouts() {
    let good = "<!DOCTYPE html><html lang=\"nb\"><head><title>a &amp; b</title>\
                <script src=\"/x.js\" defer></script>\
                <script type=\"application/ld+json\">{\"a\": \"<\\/script>\"}</script></head><body hidden>\
                <p class=\"a b\" data-x='y'>X&lt;script&gt;&#39;</p><br/><img alt=\"\" src=x></body></html>";
    check_html("good", good);
    for bad in [
        "<p>X<script>alert(1)</script></p>",
        "<a title=\"X\"'&lt;\">x</a>",
        "<a title=\"x\" onmouseover=\"alert(1)\">x</a>",
        "<a title=\"x\"onmouseover=\"alert(1)\">x</a>",
        "<p>a & b</p>",
        "<p title=\"a & b\">x</p>",
        "<title>a<b</title>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<p title=\"<b>\">x</p>",
        "<script src=\"/x.js\">alert(1)</script>",
        "<p>1 < 2</p>",
        "<script type=\"application/ld+json\">{\"a\": \"</script><script>alert(1)//\"}</script>",
        "<script type=\"application/ld+json\">{\"a\": </script>",
    ] {
        let caught = std::panic::catch_unwind(|| check_html("bad", bad)).is_err();
        assert!(caught, "not caught: {bad}");
    }
    assert_eq!(
        decode("X&lt;script&gt;&quot;&#39;&amp;&#x27;&#60;"),
        "X<script>\"'&'<"
    );
}

/// Text may contain the private-use characters the pipeline uses as link and shortcode
/// markers (U+E000–U+E002). They must never be filled in like markers: that put the page's
/// link targets and deferred shortcode HTML into the text, and inside an attribute broke out
/// of it (`title="t<ul class="vv-children">…`).
#[test]
fn marker_characters_in_text_stay_text() {
    let site = Site::new()
        .file("content/_index.md", "---\ntitle: Hjem\n---\nHei\n")
        .file(
            "content/s/_index.md",
            "---\ntitle: \"S \u{E000}0\u{E001}\"\n---\n{{< children >}}\n\n\
             Tekst \u{E000}0\u{E001} og \u{E002}0\u{E001}.\n\n\
             [lenke](/b/ \"t\u{E002}0\u{E001}\")\n",
        )
        .file("content/s/barn.md", "---\ntitle: Barn\n---\nB\n")
        .file("content/b.md", "---\ntitle: B\n---\nB\n");
    let run = site.build().ok();
    let page = run.read("public/s/index.html");
    check_html("s/index.html", &page);
    let body = inner(&page, "<div class=\"vv-content\">", "</div>");
    // Kept, or replaced by U+FFFD with a warning; never filled in like a marker.
    assert!(
        body.contains("Tekst \u{E000}0\u{E001} og \u{E002}0\u{E001}.")
            || body.contains("Tekst \u{FFFD}0\u{FFFD} og \u{FFFD}0\u{FFFD}."),
        "the marker characters were filled in: {body}"
    );
    let title = attrs(&page, "title");
    assert!(
        title == ["t\u{E002}0\u{E001}"] || title == ["t\u{FFFD}0\u{FFFD}"],
        "{title:?}"
    );
}

// --------------------------------------------------------------------------- in a browser

/// The browser part: opens the payload site's pages in Chromium (through the browser tests'
/// `lib.mjs`), submits the form in mailto mode, and opens the preview with a broken page;
/// fails on any dialog.
const BROWSER_SCRIPT: &str = r#"
import { openBrowser, withSite } from 'LIB';
const [site, preview, payload] = process.argv.slice(2);
const P = payload;
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); else console.log('ok: ' + what); };
const browser = await openBrowser();
try {
  await withSite(site, async (s) => {
    const page = await browser.newPage();
    const dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    page.on('pageerror', (e) => problems.push('page error: ' + e));
    for (const path of ['/', '/seksjon/', '/seksjon/a/', '/seksjon/c/', '/tags/', '/seksjon/skjema/', '/seksjon/skjema/nn/', '/seksjon/skjema/embed/', '/skjemaer/', '/404.html', '/sok/?q=alertsaker', '/sok/?q=' + encodeURIComponent('<img src=x onerror=alert(2)>' + P)]) {
      await page.goto(s.url(path));
      await page.waitForLoadState('load');
      check((await page.$$('script:not([src])')).length === 0, `${path}: no inline script in the DOM`);
    }
    const evil = '<img src=x onerror=alert(2)>' + P;
    await page.goto(s.url('/sok/?q=' + encodeURIComponent(evil)));
    await page.waitForFunction((q) => document.querySelector('[data-vv-search-page] [data-vv-search-status]').textContent.includes(q), evil, { timeout: 15000 })
      .then(() => check(true, 'the search page shows the query as text'), () => check(false, 'the search page shows the query as text'));
    check(await page.inputValue('#vv-results-input') === evil, 'the search field holds the exact query');
    await page.goto(s.url('/seksjon/a/'));
    check(await page.title() === `Side A ${P} – Nettsted ${P}`, 'document title is the exact text');
    check(await page.textContent('h1') === `Side A ${P}`, 'h1 is the exact text');
    // The search box: suggestions for a word of the payload's page.
    await page.fill('#vv-search-input', 'alertsaker');
    await page.waitForSelector('.vv-search__option', { timeout: 15000 });
    const snip = await page.$$eval('.vv-search__option-snippet *', (els) => els.map((e) => e.tagName));
    check(snip.every((t) => t === 'MARK'), 'suggestion snippets hold only <mark>: ' + snip.join(','));
    await page.goto(s.url('/sok/?q=alertsaker'));
    await page.waitForSelector('.vv-results__item', { timeout: 15000 });
    const res = await page.$$eval('.vv-results__snippet *', (els) => els.map((e) => e.tagName));
    check(res.every((t) => t === 'MARK'), 'result snippets hold only <mark>');
    // The form in mailto mode: the body holds the exact labels and values.
    await page.goto(s.url('/seksjon/skjema/'));
    await page.evaluate(() => { window.location.assign = () => {}; });
    // Validation messages carry labels and the schema's own message as text.
    await page.fill('#vvf-xss-navn', '');
    await page.fill('#vvf-xss-kode', 'abc');
    await page.click('.vv-form__submit');
    await page.waitForSelector('#vvf-xss-kode-error:not([hidden])', { timeout: 15000 });
    check(await page.textContent('#vvf-xss-kode-error') === `Kodefeil ${P}`, 'the schema\'s error message is exact text');
    const required = await page.textContent('#vvf-xss-navn-error');
    check(required.includes(P), 'the required message holds the label as text: ' + JSON.stringify(required));
    const summary = await page.$$eval('[data-vv-summary-list] a', (els) => els.map((e) => e.textContent));
    check(summary.includes(`Kodefeil ${P}`) && summary.includes(required), 'the error summary holds the same texts');
    check(!(await page.$('.vv-form-root script:not([src])')) && !(await page.$('[data-vv-summary-list] *:not(li):not(a)')), 'no markup from messages');
    await page.fill('#vvf-xss-kode', '123');
    await page.fill('#vvf-xss-navn', `Ola ${P}`);
    await page.selectOption('#vvf-xss-valg', `v${P}`);
    await page.check('#vvf-xss-radio-0');
    await page.check('#vvf-xss-bokser-0');
    await page.fill('#vvf-xss-vis', `Vist ${P}`);
    await page.fill('#vvf-xss-tekst', `Linje ${P}`);
    await page.click('.vv-form__submit');
    await page.waitForSelector('form[data-vv-mailto-url]', { state: 'attached', timeout: 15000 });
    const url = await page.getAttribute('form[data-vv-form=xss]', 'data-vv-mailto-url');
    check(url.startsWith('mailto:post@example.org?subject='), 'mailto address');
    const q = new URLSearchParams(url.slice(url.indexOf('?') + 1).replace(/\+/g, '%2B'));
    check(q.get('subject') === `Emne ${P}`, 'mailto subject is exact: ' + q.get('subject'));
    const body = q.get('body').split('\r\n');
    const want = [`Navn ${P}: Ola ${P}`, `Kode ${P}: 123`, `Valg ${P}: Opsjon ${P}`, `Radio ${P}: Ropsjon ${P}`, `Bokser ${P}: Bopsjon ${P}`, `Vis ${P}: Vist ${P}`, `Tekst ${P}: Linje ${P}`];
    for (const w of want) check(body.includes(w), 'mailto body line ' + JSON.stringify(w.slice(0, 8)) + (body.includes(w) ? '' : ' in ' + JSON.stringify(body)));
    const receipt = await page.$$eval('[data-vv-receipt-list] dd', (els) => els.map((e) => e.textContent));
    check(receipt.includes(`Ola ${P}`), 'receipt shows the value as text');
    check(dialogs.length === 0, 'no dialog opened: ' + dialogs.join(' | '));
    await page.close();
  });
  // The preview's overlay with the payload in the message and the source lines.
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(new URL('/a/', preview).toString());
  await page.waitForSelector('#vv-live-overlay', { timeout: 15000 });
  const overlay = await page.textContent('#vv-live-overlay');
  check(overlay.includes(`/mangler/${P}`), 'overlay message holds the exact link');
  check(overlay.includes(`Foran ${P}`), 'overlay source lines hold the exact text');
  check((await page.$$('#vv-live-overlay *')).length > 0 && !(await page.$('#vv-live-overlay script')), 'overlay parsed nothing as HTML');
  check(dialogs.length === 0, 'no dialog in the preview');
} finally {
  await browser.close();
}
if (problems.length) { console.error('FAIL:\n' + problems.join('\n')); process.exit(1); }
"#;

#[test]
fn in_a_browser_the_payload_stays_text() {
    let (site, _files) = build_payload_site();
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/lib.mjs");
    // The preview with a broken page.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    use super::serve_faults::{errors, start, wait_status, write};
    write(root, "veiviser.toml", "title = \"T\"\nbase_url = \"/\"\n");
    write(root, "content/_index.md", "---\ntitle: Hjem\n---\nHei\n");
    write(root, "content/a.md", "---\ntitle: A\n---\nGod.\n");
    let p = start(root);
    write(
        root,
        "content/a.md",
        &format!("---\ntitle: A\n---\nForan {P}\nSe [lenken](/mangler/{P}) her.\n"),
    );
    wait_status(&p.addr, "the error", &|s| errors(s) > 0);
    let script: PathBuf = dir.path().join("escaping.mjs");
    let url = url_of_file(&lib);
    std::fs::write(&script, BROWSER_SCRIPT.replace("LIB", &url)).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(site.root().join("public"))
        .arg(format!("http://{}/", p.addr))
        .arg(P)
        .output()
        .expect("node (Node.js 20 or newer) is needed for the browser checks");
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "browser escaping checks failed (they need Chromium and tests/browser/node_modules; \
         ./test.sh installs them):\n--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn url_of_file(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    format!(
        "file://{}{}",
        if s.starts_with('/') { "" } else { "/" },
        percent_encoding::utf8_percent_encode(&s, percent_encoding::CONTROLS)
            .to_string()
            .replace(' ', "%20")
    )
}
