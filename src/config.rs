//! Site configuration: `veiviser.toml`, or the keys of a Hugo config (`hugo.toml`, `.yaml`,
//! `.json`, or `config.*`) that map onto ours.
//!
//! Loading never fails on content problems: a malformed or unknown key becomes a diagnostic
//! and a default is used, so the rest of the run still reports everything else. Only an
//! unreadable file is a system error. This module does not look at content files.

use crate::diagnostics::{Diagnostics, LineIndex, Pos, Severity};
use crate::error::{Error, Result};
pub use crate::translations::Translations;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where the configuration came from. It decides the default link policy: existing Hugo
/// sites get warnings for broken links, native sites get errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigSource {
    Veiviser,
    Hugo,
    /// No config file at all: treated like a new veiviser site.
    Default,
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub source: ConfigSource,
    /// The config file, relative to the root, for diagnostics (`veiviser.toml`).
    pub file: Option<String>,
    /// The config file's text, to find where a key is ([`Config::key_pos`]).
    #[serde(skip)]
    pub text: Option<std::sync::Arc<str>>,
    pub title: String,
    /// Absolute base URL as configured (`https://altinn.github.io/docs/`), or a path (`/`).
    pub base_url: String,
    /// Path part of the base URL, always starting and ending with `/` (`/docs/`).
    pub base_path: String,
    /// The base path the config file gives, kept when `--base-url` overrides `base_path`:
    /// links written with it still resolve.
    pub configured_base_path: String,
    /// Default language of pages: `nb`, `nn` or `en`.
    pub language: String,
    pub theme: String,
    /// Prefix for "Rediger denne siden" links; the page's content path is appended.
    pub edit_url: Option<String>,
    pub content_dir: String,
    pub static_dir: String,
    /// The output folder when `--out` is not given, relative to the root (Hugo's
    /// `publishDir`; `public` otherwise).
    pub publish_dir: String,
    /// Severity of broken internal links and anchors.
    pub link_severity: Severity,
    pub toc_start: u8,
    pub toc_end: u8,
    /// Show the whole section tree in the sidebar when the site has at most this many
    /// pages; bigger sites show only the branch that leads to the current page.
    pub nav_full_tree_limit: usize,
    /// Replace `:emoji:` codes (Hugo's `enableEmoji`).
    pub emoji: bool,
    /// Extra values visible to templates as `site.params`.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Hugo's multilingual mode (`[languages]` with two or more): translations by file
    /// name, each language under its own folder ([`Translations`]).
    pub translations: Option<Translations>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: ConfigSource::Default,
            file: None,
            text: None,
            title: "Veiviser".into(),
            base_url: "/".into(),
            base_path: "/".into(),
            configured_base_path: "/".into(),
            language: "nb".into(),
            theme: "default".into(),
            edit_url: None,
            content_dir: "content".into(),
            static_dir: "static".into(),
            publish_dir: "public".into(),
            link_severity: Severity::Error,
            toc_start: 2,
            toc_end: 2,
            nav_full_tree_limit: 300,
            emoji: false,
            params: Default::default(),
            translations: None,
        }
    }
}

/// What is wrong with a base URL, if anything: it must be a path (`/`, `/docs/`) or an
/// `http://` or `https://` address with a host, without white space, `?` or `#`.
pub fn base_url_problem(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "`{url}` has white space in it; write a space as %20"
        ));
    }
    if url.contains(['?', '#']) {
        return Some(format!(
            "`{url}` may not have a query (`?`) or a fragment (`#`)"
        ));
    }
    if url.is_empty() || url.starts_with('/') {
        return None;
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => None,
        Some(_) => Some(format!(
            "`{url}` has no host name (https://example.org/docs/)"
        )),
        None => Some(format!(
            "`{url}` must be a path (/ or /docs/) or an address starting with https:// or http://"
        )),
    }
}

/// The config files veiviser reads, the first found, and whether each is Hugo's; Hugo's own
/// order: `hugo.*` before `config.*`, TOML before YAML before JSON.
const CONFIG_FILES: &[(&str, bool)] = &[
    ("veiviser.toml", false),
    ("hugo.toml", true),
    ("hugo.yaml", true),
    ("hugo.yml", true),
    ("hugo.json", true),
    ("config.toml", true),
    ("config.yaml", true),
    ("config.yml", true),
    ("config.json", true),
];

const VEIVISER_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "edit_url",
    "content_dir",
    "static_dir",
    "links",
    "toc",
    "nav",
    "params",
    "emoji",
    "search",
    "forms",
];

impl Config {
    /// Loads the configuration of the site at `root`. `veiviser.toml` wins over Hugo files.
    /// Whether `root` has a config file veiviser reads.
    pub fn exists_in(root: &Path) -> bool {
        CONFIG_FILES
            .iter()
            .any(|(name, _)| root.join(name).is_file())
    }

    pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Config> {
        for &(name, hugo) in CONFIG_FILES {
            let path = root.join(name);
            if path.is_file() {
                let bytes = std::fs::read(&path).map_err(|e| Error::read(&path, e))?;
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        // A content problem, not a system failure: report it where it is.
                        diags.not_utf8(name, &e, "using the default configuration");
                        return Ok(Config::default());
                    }
                };
                return Ok(if hugo {
                    Self::from_hugo(name, &text, diags)
                } else {
                    Self::from_veiviser(name, &text, diags)
                });
            }
        }
        // Hugo's config folder (`config/_default/hugo.toml` and per-environment overrides).
        for name in ["config/_default", "config/production"] {
            if root.join(name).is_dir() {
                diags.warning(
                    name,
                    Pos::FILE,
                    "Hugo's config folder is not read; using defaults (write a veiviser.toml, or a hugo.toml at the site root)",
                );
                break;
            }
        }
        Ok(Config::default())
    }

    /// A Hugo config in TOML, YAML or JSON (by `file`'s extension) as a TOML table.
    fn parse_hugo(file: &str, text: &str, diags: &mut Diagnostics) -> Option<toml::Table> {
        use crate::parse::frontmatter::{Format, error_offset, parse_data};
        let format = match file.rsplit('.').next() {
            Some("yaml" | "yml") => Format::Yaml,
            Some("json") => Format::Json,
            _ => return Self::parse_toml(file, text, diags),
        };
        let what = if format == Format::Yaml {
            "YAML"
        } else {
            "JSON"
        };
        match parse_data(format, text) {
            Ok(serde_json::Value::Object(m)) => Some(
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                    .collect(),
            ),
            // An empty file.
            Ok(serde_json::Value::Null) => Some(toml::Table::new()),
            Ok(_) => {
                diags.error(
                    file,
                    Pos::FILE,
                    format!("invalid {what}: a config must be a map of keys to values"),
                );
                None
            }
            Err((off, msg)) => {
                let pos = off
                    .map(|o| LineIndex::new(text).pos(text, error_offset(text, o)))
                    .unwrap_or(Pos::FILE);
                diags.error(file, pos, format!("invalid {what}: {msg}"));
                None
            }
        }
    }

    fn parse_toml(file: &str, text: &str, diags: &mut Diagnostics) -> Option<toml::Table> {
        match text.parse::<toml::Table>() {
            Ok(t) => Some(t),
            Err(e) => {
                let pos = e
                    .span()
                    .map(|s| LineIndex::new(text).pos(text, s.start))
                    .unwrap_or(Pos::FILE);
                diags.error(file, pos, format!("invalid TOML: {}", e.message()));
                None
            }
        }
    }

    pub fn from_veiviser(file: &str, text: &str, diags: &mut Diagnostics) -> Config {
        let mut c = Config {
            source: ConfigSource::Veiviser,
            file: Some(file.into()),
            text: Some(text.into()),
            ..Config::default()
        };
        let Some(t) = Self::parse_toml(file, text, diags) else {
            return c;
        };
        let lines = LineIndex::new(text);
        let key_pos = |key: &str| -> Pos {
            text.find(key)
                .map(|o| lines.pos(text, o))
                .unwrap_or(Pos::FILE)
        };
        for key in t.keys() {
            if !VEIVISER_KEYS.contains(&key.as_str()) {
                diags.warning(
                    file,
                    key_pos(key),
                    format!("unknown config key `{key}` ignored"),
                );
            }
        }
        let mut s = |key: &str| -> Option<String> {
            match t.get(key) {
                None => None,
                Some(toml::Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    diags.error(file, key_pos(key), format!("`{key}` must be a string"));
                    None
                }
            }
        };
        if let Some(v) = s("title") {
            c.title = v;
        }
        let mut bad_base_url = None;
        if let Some(v) = s("base_url") {
            match base_url_problem(&v) {
                None => c.set_base_url(&v),
                Some(p) => bad_base_url = Some(p),
            }
        }
        if let Some(v) = s("language") {
            c.language = v;
        }
        if let Some(v) = s("theme") {
            c.theme = v;
        }
        c.edit_url = s("edit_url");
        if let Some(v) = s("content_dir") {
            c.content_dir = v;
        }
        if let Some(v) = s("static_dir") {
            c.static_dir = v;
        }
        if let Some(p) = bad_base_url {
            diags.error(file, key_pos("base_url"), format!("base_url: {p}"));
        }
        for (table, keys) in [
            ("links", &["policy"][..]),
            ("toc", &["start_level", "end_level"]),
            ("nav", &["full_tree_limit"]),
        ] {
            if let Some(t) = t.get(table).and_then(|v| v.as_table()) {
                for key in t.keys().filter(|k| !keys.contains(&k.as_str())) {
                    diags.warning(
                        file,
                        key_pos(key),
                        format!(
                            "unknown key `{key}` in [{table}] ignored (known: {})",
                            keys.join(", ")
                        ),
                    );
                }
            }
        }
        if let Some(links) = t.get("links").and_then(|v| v.as_table()) {
            match links.get("policy").and_then(|v| v.as_str()) {
                Some("error") | None => c.link_severity = Severity::Error,
                Some("warning") => c.link_severity = Severity::Warning,
                Some(other) => diags.error(
                    file,
                    key_pos("policy"),
                    format!("links.policy must be \"error\" or \"warning\", not \"{other}\""),
                ),
            }
        }
        if let Some(toc) = t.get("toc").and_then(|v| v.as_table()) {
            c.read_toc_levels(
                toc,
                "start_level",
                "end_level",
                file,
                &key_pos("toc"),
                diags,
            );
        }
        if let Some(v) = t
            .get("nav")
            .and_then(|v| v.as_table())
            .and_then(|nav| nav.get("full_tree_limit"))
        {
            match v.as_integer().and_then(|n| usize::try_from(n).ok()) {
                Some(n) => c.nav_full_tree_limit = n,
                None => diags.error(
                    file,
                    key_pos("full_tree_limit"),
                    format!(
                        "nav.full_tree_limit must be a whole number of pages, 0 or more, not {v}"
                    ),
                ),
            }
        }
        if let Some(p) = t.get("params") {
            c.params = toml_to_json_map(p);
        }
        match t.get("emoji") {
            None => {}
            Some(toml::Value::Boolean(b)) => c.emoji = *b,
            Some(v) => diags.error(
                file,
                key_pos("emoji"),
                format!("emoji must be true or false, not {v}"),
            ),
        }
        // `[forms]` (form defaults such as the submission endpoint) is read by the forms
        // stage from `site.params.forms`; the top-level table wins over `[params.forms]`.
        if let Some(forms) = t.get("forms") {
            if forms.as_table().is_some() {
                c.params.insert("forms".into(), toml_to_json(forms));
            } else {
                diags.error(file, key_pos("forms"), "`forms` must be a table: [forms]");
            }
        }
        // `[search]` (synonyms, budget) is read by the search stage from `site.params.search`.
        if let Some(search) = t.get("search") {
            if search.as_table().is_some() {
                c.params.insert("search".into(), toml_to_json(search));
            } else {
                diags.error(
                    file,
                    key_pos("search"),
                    "`search` must be a table: [search]",
                );
            }
        }
        c.check_language(file, key_pos("language"), diags);
        c
    }

    pub fn from_hugo(file: &str, text: &str, diags: &mut Diagnostics) -> Config {
        let mut c = Config {
            source: ConfigSource::Hugo,
            file: Some(file.into()),
            text: Some(text.into()),
            link_severity: Severity::Warning,
            ..Config::default()
        };
        let Some(t) = Self::parse_hugo(file, text, diags) else {
            return c;
        };
        let lines = LineIndex::new(text);
        let key_pos = |key: &str| -> Pos {
            text.find(key)
                .map(|o| lines.pos(text, o))
                .unwrap_or(Pos::FILE)
        };
        let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
        if let Some(v) = get("title") {
            c.title = v;
        }
        if let Some(v) = get("baseURL").or_else(|| get("baseurl")) {
            // Hugo takes any string: a site that builds with Hugo builds here too, told.
            if let Some(p) = base_url_problem(&v) {
                let key = if t.contains_key("baseURL") {
                    "baseURL"
                } else {
                    "baseurl"
                };
                diags.warning(file, key_pos(key), format!("{key}: {p}; used as written"));
            }
            c.set_base_url(&v);
        }
        if let Some(v) = get("defaultContentLanguage").or_else(|| get("languageCode")) {
            c.language = v.to_lowercase();
        }
        c.emoji = t
            .get("enableEmoji")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if let Some(v) = get("contentDir") {
            c.content_dir = v;
        }
        if let Some(v) = get("staticDir") {
            c.static_dir = v;
        }
        if let Some(v) = get("publishDir").filter(|v| !v.trim().is_empty()) {
            c.publish_dir = v;
        }
        if let Some(theme) = get("theme") {
            diags.warning(
                file,
                key_pos("theme"),
                format!(
                    "Hugo theme `{theme}` is not supported; using veiviser's default theme (nor are the theme's static files copied: put those the content links to under `{}/`)",
                    c.static_dir
                ),
            );
        }
        // Hugo's multilingual mode: translations by file name, each language under its
        // own folder (see `translations`).
        if let Some(langs) = t.get("languages").and_then(|v| v.as_table())
            && langs.len() > 1
        {
            let mut codes: Vec<(i64, String)> = langs
                .iter()
                .map(|(code, v)| {
                    let weight = v.get("weight").and_then(|w| w.as_integer()).unwrap_or(0);
                    // Hugo: weight 0 (or none) sorts last.
                    let weight = if weight == 0 { i64::MAX } else { weight };
                    (weight, code.to_lowercase())
                })
                .collect();
            codes.sort();
            let codes: Vec<String> = codes.into_iter().map(|(_, c)| c).collect();
            // Hugo's default for defaultContentLanguage is `en`.
            let given = get("defaultContentLanguage");
            let wanted = given.clone().unwrap_or_else(|| "en".into()).to_lowercase();
            let default = if codes.contains(&wanted) {
                wanted
            } else {
                let what = match given {
                    Some(_) => format!("defaultContentLanguage `{wanted}`"),
                    None => "no defaultContentLanguage, and Hugo's default `en`".to_string(),
                };
                diags.warning(
                    file,
                    key_pos("languages"),
                    format!(
                        "{what} is not one of `[languages]` ({}): using `{}`, the first by weight",
                        codes.join(", "),
                        codes[0]
                    ),
                );
                codes[0].clone()
            };
            for (code, v) in langs {
                if v.get("contentDir").is_some() {
                    diags.warning(
                        file,
                        key_pos(&format!("languages.{code}")),
                        format!(
                            "`contentDir` of language `{code}` is not supported: veiviser reads translations by file name (`page.{code}.md`) in the one content folder"
                        ),
                    );
                }
            }
            c.language = default.clone();
            c.translations = Some(Translations {
                codes,
                default,
                default_in_subdir: t
                    .get("defaultContentLanguageInSubdir")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
            });
        }
        if let Some(params) = t.get("params") {
            c.params = toml_to_json_map(params);
            if let Some(edit) = params
                .get("editURL")
                .or_else(|| params.get("editUrl"))
                .and_then(|v| v.as_str())
            {
                c.edit_url = Some(edit.to_string());
            }
        }
        if let Some(toc) = t
            .get("markup")
            .and_then(|m| m.get("tableOfContents"))
            .and_then(|v| v.as_table())
        {
            c.read_toc_levels(
                toc,
                "startLevel",
                "endLevel",
                file,
                &key_pos("tableOfContents"),
                diags,
            );
        }
        // veiviser-specific overrides may live under [params.veiviser].
        if let Some(policy) = t
            .get("params")
            .and_then(|p| p.get("veiviser"))
            .and_then(|v| v.get("link_policy"))
            .and_then(|v| v.as_str())
        {
            c.link_severity = if policy == "error" {
                Severity::Error
            } else {
                Severity::Warning
            };
        }
        c.check_language(file, key_pos("languageCode"), diags);
        c
    }

    fn read_toc_levels(
        &mut self,
        t: &toml::Table,
        start: &str,
        end: &str,
        file: &str,
        pos: &Pos,
        diags: &mut Diagnostics,
    ) {
        for key in [start, end] {
            if let Some(v) = t.get(key)
                && v.as_integer().is_none()
            {
                diags.error(
                    file,
                    *pos,
                    format!("table of contents level `{key}` must be a whole number from 1 to 6, not {v}"),
                );
                return;
            }
        }
        let s = t.get(start).and_then(|v| v.as_integer()).unwrap_or(2);
        let e = t.get(end).and_then(|v| v.as_integer()).unwrap_or(s.max(2));
        if !(1..=6).contains(&s) || !(1..=6).contains(&e) || s > e {
            diags.error(
                file,
                *pos,
                format!("table of contents levels must satisfy 1 <= {start} <= {end} <= 6"),
            );
            return;
        }
        self.toc_start = s as u8;
        self.toc_end = e as u8;
    }

    fn check_language(&mut self, file: &str, pos: Pos, diags: &mut Diagnostics) {
        let lang = normalize_lang(&self.language);
        match lang {
            Some(l) => self.language = l.to_string(),
            None => {
                diags.warning(
                    file,
                    pos,
                    format!(
                        "language `{}` has no UI strings; using nb (supported: nb, nn, en)",
                        self.language
                    ),
                );
                self.language = "nb".into();
            }
        }
    }

    /// Sets the base URL and derives the base path from it.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.to_string();
        let path = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
            }
            None => url,
        };
        let mut p = path.trim().to_string();
        if !p.starts_with('/') {
            p.insert(0, '/');
        }
        if !p.ends_with('/') {
            p.push('/');
        }
        self.base_path = p;
    }

    /// Overrides the base URL (e.g. `--base-url /`), remembering the configured base path.
    pub fn override_base_url(&mut self, url: &str) {
        self.configured_base_path = self.base_path.clone();
        self.set_base_url(url);
    }

    /// Where `key` of the table whose name ends with `table` (`search`: `[search]`,
    /// `[params.veiviser.search]`) is in the config file, for a diagnostic: the first line
    /// that sets it after that table's header, else the first that sets it anywhere, else
    /// the whole file.
    pub fn key_pos(&self, table: &str, key: &str) -> Pos {
        let Some(text) = self.text.as_deref() else {
            return Pos::FILE;
        };
        let sets = |line: &str| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        };
        let header = |line: &str| {
            let l = line.trim();
            l.starts_with('[')
                && l.trim_matches(['[', ']'])
                    .rsplit('.')
                    .next()
                    .is_some_and(|last| last.trim() == table)
        };
        let mut offset = 0;
        let mut in_table = false;
        let mut first = None;
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with('[') {
                in_table = header(line);
            } else if sets(line) {
                let at = offset + (line.len() - line.trim_start().len());
                if in_table {
                    return LineIndex::new(text).pos(text, at);
                }
                first.get_or_insert(at);
            }
            offset += line.len();
        }
        first.map_or(Pos::FILE, |at| LineIndex::new(text).pos(text, at))
    }

    /// The output folder when `--out` is not given.
    pub fn default_out(&self, root: &Path) -> PathBuf {
        root.join(&self.publish_dir)
    }

    /// Where content lives.
    pub fn content_root(&self, root: &Path) -> PathBuf {
        root.join(&self.content_dir)
    }

    /// The folders a build reads, by what they are called in messages: never an output
    /// folder ([`crate::write::check_out_dir`]). The output may be inside the static folder
    /// (the load stage skips a built site there), not inside the others.
    pub fn input_dirs(&self, root: &Path) -> Vec<crate::write::Input> {
        use crate::write::Input;
        vec![
            Input::new("content folder", self.content_root(root)),
            Input::new("static folder", root.join(&self.static_dir)).output_inside(),
            Input::new("themes folder", root.join("themes")),
        ]
    }

    /// The language folder of a page by its site path (`nb/app/side.md` → `nb/`; a page
    /// without a file is in the default language's): `""` but in a multilingual Hugo site.
    pub fn language_folder(&self, site_path: Option<&str>) -> String {
        match (&self.translations, site_path) {
            (Some(t), Some(rel)) => t.folder_of(rel),
            (Some(t), None) => t.prefix(&t.default),
            (None, _) => String::new(),
        }
    }
}

/// The language a Hugo translation file's name gives (`side.en.md` → `en`), when the code
/// is one of the configured languages ([`Config::translations`]) and one of the three
/// languages.
pub fn file_name_lang(path: &str, config: &Config) -> Option<&'static str> {
    let (code, _) = config.translations.as_ref()?.code_of(path)?;
    normalize_lang(code)
}

/// Maps language codes to the three UI languages: `nb-NO`, `no` → `nb`; `nn-NO` → `nn`;
/// `en-US` → `en`.
pub fn normalize_lang(code: &str) -> Option<&'static str> {
    let c = code.to_ascii_lowercase();
    let primary = c.split(['-', '_']).next().unwrap_or("");
    match primary {
        "nb" | "no" | "nob" => Some("nb"),
        "nn" | "nno" => Some("nn"),
        "en" | "eng" => Some("en"),
        _ => None,
    }
}

pub fn toml_to_json_map(v: &toml::Value) -> serde_json::Map<String, serde_json::Value> {
    match toml_to_json(v) {
        serde_json::Value::Object(m) => m,
        _ => Default::default(),
    }
}

/// A JSON value as TOML; `None` for null (TOML has none), which leaves the key out.
fn json_to_toml(v: &serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        J::String(s) => toml::Value::String(s.clone()),
        J::Array(a) => toml::Value::Array(a.iter().filter_map(json_to_toml).collect()),
        J::Object(m) => toml::Value::Table(
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                .collect(),
        ),
    })
}

pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_lang_reads_only_configured_languages() {
        let mut c = Config::default();
        assert_eq!(file_name_lang("content/side.en.md", &c), None);
        c.translations = Some(Translations {
            codes: vec!["nb".into(), "en".into(), "de".into()],
            default: "nb".into(),
            default_in_subdir: false,
        });
        assert_eq!(file_name_lang("content/side.en.md", &c), Some("en"));
        assert_eq!(file_name_lang("content/a/_index.nb.md", &c), Some("nb"));
        assert_eq!(
            file_name_lang("content/a/index.en.markdown", &c),
            Some("en")
        );
        // Not one of the three languages, not configured, or no code at all.
        assert_eq!(file_name_lang("content/side.de.md", &c), None);
        assert_eq!(file_name_lang("content/side.nn.md", &c), None);
        assert_eq!(file_name_lang("content/side.md", &c), None);
        assert_eq!(file_name_lang("content/v1.2/side.md", &c), None);
        assert_eq!(file_name_lang("content/bilde.en.png", &c), None);
    }

    #[test]
    fn hugo_languages_are_read_by_weight_with_the_default() {
        let mut d = Diagnostics::new();
        let c = Config::from_hugo(
            "config.toml",
            "title = \"T\"\ndefaultContentLanguage = \"NB\"\ndefaultContentLanguageInSubdir = true\n[languages.en]\nweight = 2\n[languages.nb]\nweight = 1\n[languages.nn]\n",
            &mut d,
        );
        assert!(d.is_empty(), "{:?}", d.sorted());
        let t = c.translations.expect("multilingual");
        assert_eq!(t.codes, ["nb", "en", "nn"], "by weight, no weight last");
        assert_eq!((t.default.as_str(), t.default_in_subdir), ("nb", true));
        assert_eq!(c.language, "nb");
        // Hugo's default language `en` when none is given; not one of them: a warning.
        let mut d = Diagnostics::new();
        let c = Config::from_hugo(
            "config.toml",
            "[languages.nb]\nweight = 1\n[languages.nn]\nweight = 2\ncontentDir = \"content/nn\"\n",
            &mut d,
        );
        assert_eq!(c.translations.map(|t| t.default).as_deref(), Some("nb"));
        let messages: Vec<String> = d.sorted().into_iter().map(|x| x.message).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("Hugo's default `en`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`contentDir` of language `nn`"))
        );
    }

    #[test]
    fn hugo_config_maps_keys_and_warns_on_theme() {
        let mut d = Diagnostics::new();
        let c = Config::from_hugo(
            "config.toml",
            "baseURL = \"https://x.no/docs/\"\ntitle = \"T\"\nlanguageCode = \"nb\"\ntheme = \"learn\"\n[params]\neditURL = \"https://e/\"\n[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n",
            &mut d,
        );
        assert_eq!(c.base_path, "/docs/");
        assert_eq!(c.title, "T");
        assert_eq!(c.edit_url.as_deref(), Some("https://e/"));
        assert_eq!((c.toc_start, c.toc_end), (2, 3));
        assert_eq!(c.link_severity, Severity::Warning);
        let all: Vec<_> = d.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].line, 4);
        assert!(all[0].message.contains("learn"));
    }

    #[test]
    fn veiviser_config_errors_have_lines() {
        let mut d = Diagnostics::new();
        Config::from_veiviser("veiviser.toml", "title = \"a\"\nbase_url = \n", &mut d);
        let all = d.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].line, 2);
    }

    #[test]
    fn forms_table_is_kept_for_the_forms_stage() {
        let mut d = Diagnostics::new();
        let c = Config::from_veiviser(
            "veiviser.toml",
            "[forms]\naction = \"https://x.no/bestilling\"\n",
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(c.params["forms"]["action"], "https://x.no/bestilling");
    }

    #[test]
    fn base_path_from_url_or_path() {
        let mut c = Config::default();
        c.set_base_url("https://a.no");
        assert_eq!(c.base_path, "/");
        c.set_base_url("/docs");
        assert_eq!(c.base_path, "/docs/");
    }

    #[test]
    fn base_urls_are_paths_or_http_addresses() {
        for ok in [
            "/",
            "/docs/",
            "",
            "https://a.no",
            "https://a.no/docs/",
            "http://localhost:1313/",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "http://",
            "https:///docs/",
            "ftp://x/y/",
            "not a url",
            "docs/",
            "https://a.no/a b/",
            "/?x=1",
            "/#a",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad}");
        }
    }

    fn problems(toml: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        Config::from_veiviser("veiviser.toml", toml, &mut d);
        d.sorted()
            .into_iter()
            .map(|x| format!("{}:{}: {}", x.line, x.col, x.message))
            .collect()
    }

    #[test]
    fn wrong_values_and_unknown_keys_in_tables_are_told() {
        assert_eq!(
            problems(
                "base_url = \"ftp://x/\"\nemoji = \"yes\"\n[nav]\nfull_tree_limit = -1\n[toc]\nstart_level = \"2\"\nstart_levle = 3\n"
            ),
            [
                "1:1: base_url: `ftp://x/` must be a path (/ or /docs/) or an address starting with https:// or http://",
                "2:1: emoji must be true or false, not \"yes\"",
                "4:1: nav.full_tree_limit must be a whole number of pages, 0 or more, not -1",
                "5:2: table of contents level `start_level` must be a whole number from 1 to 6, not \"2\"",
                "7:1: unknown key `start_levle` in [toc] ignored (known: start_level, end_level)",
            ]
        );
        assert!(
            problems(
                "emoji = true\n[nav]\nfull_tree_limit = 0\n[toc]\nstart_level = 2\nend_level = 3\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_hugo_base_url_that_is_no_url_is_used_with_a_warning() {
        let mut d = Diagnostics::new();
        let c = Config::from_hugo("config.toml", "baseURL = \"ftp://x/docs/\"\n", &mut d);
        assert_eq!(c.base_path, "/docs/");
        assert_eq!(d.sorted().len(), 1);
        assert!(!d.has_errors());
    }

    #[test]
    fn languages_normalize() {
        assert_eq!(normalize_lang("nb-NO"), Some("nb"));
        assert_eq!(normalize_lang("nn"), Some("nn"));
        assert_eq!(normalize_lang("de"), None);
    }
}
