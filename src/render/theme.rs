//! The theme: Tera templates, shortcode templates, UI strings and static files.
//!
//! The default theme (`themes/default/`) is embedded in the binary. A site may override any
//! of its files with a file at the same path under `<root>/themes/<theme>/`. Templates are
//! compiled once per build. Problems in a site's own theme files are diagnostics; a broken
//! embedded theme is a system error (a bug). This module renders nothing on its own beyond
//! single shortcode calls.

use crate::config::{Config, ConfigSource};
use crate::diagnostics::{Diagnostics, Pos};
use crate::error::{Error, Result};
use crate::parse::markdown::{ShortcodeCall, ShortcodeHost};
use include_dir::{Dir, include_dir};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// UI strings: language → key → text.
pub type Strings = BTreeMap<String, BTreeMap<String, String>>;

pub struct Theme {
    pub tera: tera::Tera,
    /// A hash of every theme file, to know when cached parse results (which contain
    /// rendered shortcodes) are stale.
    pub fingerprint: u64,
    pub strings: Strings,
    /// `strings_for` of each language, converted to a template value once.
    string_values: BTreeMap<String, tera::Value>,
    /// Files copied to the output root: (relative path, bytes).
    pub static_files: Vec<(String, Vec<u8>)>,
    shortcodes: BTreeSet<String>,
    paired: BTreeSet<String>,
    base_path: String,
}

/// Every file of the theme: embedded defaults overlaid with the site's own.
fn theme_files(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> Result<BTreeMap<String, (Vec<u8>, bool)>> {
    let mut files = BTreeMap::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        if dir.join("layouts").is_dir() && !dir.join("templates").is_dir() {
            diags.warning(
                &format!("themes/{}", config.theme),
                Pos::FILE,
                "this is a Hugo theme; veiviser uses its default theme instead",
            );
        } else {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Walk {
                    path: dir.clone(),
                    message: e.to_string(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes =
                    std::fs::read(entry.path()).map_err(|e| Error::read(entry.path(), e))?;
                files.insert(rel, (bytes, true));
            }
        }
    } else if config.theme != "default" && config.source != ConfigSource::Hugo {
        diags.warning(
            config.file.as_deref().unwrap_or("veiviser.toml"),
            Pos::FILE,
            format!(
                "theme `{}` not found under themes/; using the default theme",
                config.theme
            ),
        );
    }
    Ok(files)
}

fn collect_embedded(dir: &Dir<'_>, out: &mut BTreeMap<String, (Vec<u8>, bool)>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            (f.contents().to_vec(), false),
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

impl Theme {
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Result<Theme> {
        let files = theme_files(root, config, diags)?;
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            files.hash(&mut h);
            h.finish()
        };
        let mut tera = new_tera();
        let mut strings = Strings::new();
        let mut static_files = Vec::new();
        let mut shortcodes = BTreeSet::new();
        let mut paired = BTreeSet::new();
        let mut templates = Vec::new();
        let theme_dir = format!("themes/{}", config.theme);
        for (rel, (bytes, from_site)) in &files {
            let shown = if *from_site {
                format!("{theme_dir}/{rel}")
            } else {
                format!("(built-in theme)/{rel}")
            };
            if let Some(s) = rel.strip_prefix("static/") {
                static_files.push((s.to_string(), bytes.clone()));
                continue;
            }
            let is_template = rel.starts_with("templates/") || rel.starts_with("shortcodes/");
            if !is_template && rel != "i18n.toml" {
                continue;
            }
            let Ok(text) = String::from_utf8(bytes.clone()) else {
                diags.error(&shown, Pos::FILE, "theme file is not UTF-8 text");
                continue;
            };
            if rel == "i18n.toml" {
                match toml::from_str::<Strings>(&text) {
                    Ok(s) => strings = s,
                    Err(e) => theme_problem(*from_site, &shown, &e.to_string(), diags)?,
                }
                continue;
            }
            let name = rel.strip_prefix("templates/").unwrap_or(rel).to_string();
            if let Some(sc) = rel
                .strip_prefix("shortcodes/")
                .and_then(|s| s.strip_suffix(".html"))
            {
                shortcodes.insert(sc.to_string());
                // A template that uses `inner` needs a closing tag, unless it says
                // `optional-inner` (then both forms are accepted).
                if text.contains("inner") && !text.contains("optional-inner") {
                    paired.insert(sc.to_string());
                }
            }
            templates.push((name, text, shown, *from_site));
        }
        let all: Vec<(String, String)> = templates
            .iter()
            .map(|(n, t, _, _)| (n.clone(), t.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            // Find which template failed by adding them one by one to a scratch instance.
            // Each of the site's own templates is checked together with the built-in ones
            // (alone, a template that extends or includes another always fails).
            let mut builtin = BTreeMap::new();
            collect_embedded(&DEFAULT_THEME, &mut builtin);
            let builtin: Vec<(String, String)> = builtin
                .iter()
                .filter(|(r, _)| r.starts_with("templates/") || r.starts_with("shortcodes/"))
                .map(|(r, (b, _))| {
                    (
                        r.strip_prefix("templates/").unwrap_or(r).to_string(),
                        String::from_utf8_lossy(b).into_owned(),
                    )
                })
                .collect();
            let mut reported = false;
            for (name, text, shown, _) in templates.iter().filter(|t| t.3) {
                let mut t = new_tera();
                let set = builtin
                    .iter()
                    .filter(|(n, _)| n != name)
                    .cloned()
                    .chain([(name.clone(), text.clone())]);
                if let Err(e) = t.add_raw_templates(set) {
                    theme_problem(true, shown, &error_chain(&e), diags)?;
                    reported = true;
                }
            }
            if !reported {
                return Err(Error::Theme {
                    name: config.theme.clone(),
                    message: e.to_string(),
                });
            }
            // Fall back to the embedded theme alone.
            let mut fallback = BTreeMap::new();
            collect_embedded(&DEFAULT_THEME, &mut fallback);
            tera = new_tera();
            let all: Vec<(String, String)> = fallback
                .iter()
                .filter(|(r, _)| r.starts_with("templates/") || r.starts_with("shortcodes/"))
                .map(|(r, (b, _))| {
                    (
                        r.strip_prefix("templates/").unwrap_or(r).to_string(),
                        String::from_utf8_lossy(b).into_owned(),
                    )
                })
                .collect();
            tera.add_raw_templates(all).map_err(|e| Error::Theme {
                name: "default".into(),
                message: e.to_string(),
            })?;
        }
        for lang in ["nb", "nn", "en"] {
            if !strings.contains_key(lang) {
                diags.warning(
                    &format!("{theme_dir}/i18n.toml"),
                    Pos::FILE,
                    format!("no UI strings for `{lang}`"),
                );
            }
        }
        let mut theme = Theme {
            tera,
            fingerprint,
            string_values: BTreeMap::new(),
            strings,
            static_files,
            shortcodes,
            paired,
            base_path: config.base_path.clone(),
        };
        for lang in ["nb", "nn", "en"] {
            let v = tera::Value::from_serializable(&theme.strings_for(lang));
            theme.string_values.insert(lang.to_string(), v);
        }
        Ok(theme)
    }

    /// UI strings for a language, falling back to bokmål for missing keys.
    pub fn strings_for(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get("nb").cloned().unwrap_or_default();
        if let Some(s) = self.strings.get(lang) {
            out.extend(s.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }

    /// The UI strings of `lang` as a template value (cheap to clone).
    pub fn strings_value(&self, lang: &str) -> tera::Value {
        match self.string_values.get(lang) {
            Some(v) => v.clone(),
            None => tera::Value::from_serializable(&self.strings_for(lang)),
        }
    }

    pub fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
    ) -> std::result::Result<String, String> {
        self.tera.render(template, ctx).map_err(|e| error_chain(&e))
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

fn theme_problem(from_site: bool, shown: &str, msg: &str, diags: &mut Diagnostics) -> Result<()> {
    if from_site {
        diags.error(shown, Pos::FILE, format!("template error: {msg}"));
        Ok(())
    } else {
        Err(Error::Theme {
            name: "default".into(),
            message: format!("{shown}: {msg}"),
        })
    }
}

/// A Tera instance as every theme's templates are compiled: HTML and XML escaped, and the
/// filters veiviser adds.
fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("markdownify", markdownify);
    tera.register_filter("markdown_text", markdown_text);
    tera
}

/// Hugo's `markdownify` for shortcode arguments (`figure`'s `caption`): inline markdown
/// to HTML with Hugo's typography, without the paragraph around one line. Links in it are checked with the rest of
/// the shortcode's HTML.
fn markdownify(text: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let mut html = String::with_capacity(text.as_str().len() + 16);
    pulldown_cmark::html::push_html(
        &mut html,
        crate::parse::markdown::typeset_events(text.as_str()),
    );
    tera::Value::safe_string(crate::parse::markdown::unwrap_paragraph(&html))
}

/// The text of inline markdown, without its markup (`figure`'s `alt` from its caption, as
/// Hugo's `markdownify | plainify`); escaped where it is written, like any value.
fn markdown_text(text: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> String {
    use pulldown_cmark::Event;
    let mut out = String::with_capacity(text.as_str().len());
    for e in crate::parse::markdown::typeset_events(text.as_str()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A Tera error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(cause) = src {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        src = cause.source();
    }
    s
}

#[derive(Serialize)]
struct ShortcodePage<'a> {
    lang: &'a str,
}

#[derive(Serialize)]
struct ShortcodeSite<'a> {
    base_path: &'a str,
}

impl ShortcodeHost for Theme {
    fn has(&self, name: &str) -> bool {
        self.shortcodes.contains(name)
    }

    fn needs_closing(&self, name: &str) -> bool {
        self.paired.contains(name)
    }

    fn ui(&self, lang: &str, key: &str) -> Option<String> {
        [lang, "nb"]
            .iter()
            .find_map(|l| self.strings.get(*l)?.get(key).cloned())
    }

    fn render(&self, call: &ShortcodeCall<'_>) -> std::result::Result<String, String> {
        let mut ctx = tera::Context::new();
        ctx.insert("args", call.positional);
        ctx.insert("named", call.named);
        ctx.insert("inner", call.inner_html);
        ctx.insert("inner_raw", call.inner_raw);
        ctx.insert("attachments", call.attachments);
        ctx.insert_value("t", self.strings_value(call.lang));
        ctx.insert("page", &ShortcodePage { lang: call.lang });
        ctx.insert(
            "site",
            &ShortcodeSite {
                base_path: &self.base_path,
            },
        );
        Theme::render(self, &format!("shortcodes/{}.html", call.name), &ctx)
    }
}
