//! The form schema loader and condition language (`src/forms/`): a page with a `form`
//! table is parsed, its schema read (`schema::parse`, conditions with `schema::cond`), its
//! JSON Schema and markup generated for every language, then the whole forms stage runs on
//! a tiny site (`forms::resolve` checks `docs` links, `forms::outputs` writes embeds).
//! The Norwegian validators run on every line of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veiviser::diagnostics::{Diagnostics, Pos};
use veiviser::forms::{self, html, json_schema, messages::Messages, schema, validate};
use veiviser::resolve::{ResolveOptions, resolve};

const REL: &str = "docs/skjema.md";
const DISPLAY: &str = "content/docs/skjema.md";

/// Schema text (labels, help, options…) must never reach the markup unescaped. The
/// dictionary offers `<fuzz` and ` fuzz="` to try.
fn check_escaped(html: &str) {
    assert!(
        !html.contains("<fuzz"),
        "unescaped tag from the schema in the form markup"
    );
    assert!(
        !html.contains(" fuzz=\""),
        "unescaped attribute from the schema in the form markup"
    );
}

fn check_form(form: &schema::Form) {
    let langs = form.languages();
    assert!(langs.contains(&"nb"));
    let mut names = Vec::new();
    schema::visit(&form.fields, &mut |f| {
        assert!(schema::TYPES.contains(&f.ty), "unknown type {}", f.ty);
        names.push(f.name.as_str());
        if let Some(c) = &f.show_if {
            let mut fields = Vec::new();
            c.fields(&mut fields);
            serde_json::to_string(&c.to_json()).expect("condition serialises");
            serde_json::to_string(&json_schema::cond(c, &form.fields)).expect("cond serialises");
        }
    });
    for lang in langs {
        let js = json_schema::schema(form, lang, "https://example.org/docs/skjema/schema.json");
        serde_json::to_string(&js).expect("JSON Schema serialises");
        let msg = Messages::for_lang(lang);
        let markup = html::form(
            form,
            &html::Target {
                lang,
                action: "mailto:post@example.org",
                css: "/css/forms.css",
                js: "/js/forms.js",
                other: None,
            },
            &msg,
        );
        check_escaped(&markup);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = veiviser_fuzz::page_text(data) else {
        return;
    };

    // The condition language on its own, when the input is JSON.
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(c) = schema::cond(&v) {
            serde_json::to_string(&c.to_json()).expect("condition serialises");
        }
        let mut diags = Diagnostics::new();
        let mut cx = schema::Ctx {
            file: DISPLAY,
            lines: schema::Lines::new(text, Pos::new(1, 1)),
            diags: &mut diags,
        };
        if let Some(form) = schema::parse(&v, "Skjema", &mut cx) {
            check_form(&form);
        }
    }

    // Norwegian validators.
    for line in text.lines().take(64) {
        let line = &line[..line.floor_char_boundary(256)];
        let _ = validate::compact(line);
        for ty in schema::TYPES {
            if let Some(f) = validate::for_type(ty) {
                let _ = f(line);
            }
        }
    }

    // A page with front matter: the schema loader directly …
    let mut diags = Diagnostics::new();
    let (front, body_start) = veiviser::parse::frontmatter::parse(DISPLAY, text, &mut diags);
    // The body is markdown, where raw HTML is the writer's own.
    let body_has_html = text[body_start..].contains("fuzz");
    let Some(v) = front.params.get("form") else {
        return;
    };
    let start = front
        .key_lines
        .get("form")
        .copied()
        .unwrap_or(Pos::new(1, 1));
    let mut cx = schema::Ctx {
        file: DISPLAY,
        lines: schema::Lines::new(text, start),
        diags: &mut diags,
    };
    if let Some(form) = schema::parse(v, "Skjema", &mut cx) {
        check_form(&form);
    }
    veiviser_fuzz::check_diagnostics(&diags, DISPLAY, text);

    // … and the whole forms stage on a tiny site.
    let (config, theme) = veiviser_fuzz::config_and_theme();
    let (page, _) = veiviser::parse::parse_file(veiviser_fuzz::source(REL, text), config, theme);
    let mut parsed = veiviser_fuzz::tiny_site().to_vec();
    parsed.push(page);
    parsed.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
    let sources = forms::sources(&parsed);
    let mut diags = Diagnostics::new();
    let mut site = resolve(
        config.clone(),
        parsed,
        Vec::new(),
        ResolveOptions {
            drafts: true,
            strict: false,
        },
        &mut diags,
    );
    let resolved = forms::resolve(&mut site, &sources, &mut diags);
    for rf in &resolved.forms {
        assert!(rf.page < site.pages.len());
        assert!(!rf.variants.is_empty(), "a form without a language version");
    }
    let files = forms::outputs(&site, theme, &resolved, &mut diags);
    for f in &files {
        assert!(
            !f.path.starts_with('/') && !f.path.split('/').any(|s| s == ".."),
            "{}",
            f.path
        );
        if f.path.ends_with(".html") && !body_has_html {
            check_escaped(&String::from_utf8_lossy(&f.bytes));
        }
    }
    veiviser_fuzz::check_diagnostics(&diags, DISPLAY, text);
});
