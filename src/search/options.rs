//! The site's search settings: `[search]` in veiviser.toml or `[params.veiviser.search]` in a
//! Hugo config (on/off, download budget, synonyms, word list, release-note weight, code
//! blocks), read and checked once, with a diagnostic at the setting for each bad value.

use super::docs;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use serde_json::Value;

/// Default budget for the bytes a first query downloads (estimated at build time).
pub const DEFAULT_BUDGET_KIB: usize = 150;

/// Default weight of release notes in ranking: their matches count half (see
/// [`docs::weight`]).
pub const DEFAULT_RELEASE_NOTES_WEIGHT: f32 = 0.5;

/// Options from `[search]` in veiviser.toml or `[params.veiviser.search]` in a Hugo config:
///
/// ```toml
/// [search]
/// enabled = true          # false: no index, no feed
/// budget_kib = 150        # warn when a first query would download more
/// release_notes_weight = 0.5  # how much release notes count in ranking (1: like others)
/// code_blocks = true      # false: code blocks (`<pre>`) are left out of search
/// synonyms = [            # groups of words or phrases that mean the same
///   "TUL = tjenesteutviklingsløsning",
///   "bil, kjøretøy, motorvogn",
/// ]
/// ```
///
/// `release_notes_weight` and `code_blocks` are checked here but read where they are used,
/// page by page ([`release_notes_weight`], [`code_blocks`]).
#[derive(Debug, Clone)]
pub struct Options {
    pub enabled: bool,
    /// Groups of words or phrases that mean the same (`TUL = tjenesteutviklingsløsning`).
    pub synonyms: Vec<Vec<String>>,
    pub budget_kib: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            enabled: true,
            synonyms: Vec::new(),
            budget_kib: DEFAULT_BUDGET_KIB,
        }
    }
}

/// Reads the options, reporting wrong values.
/// The site's search options table: `[search]` of veiviser.toml (copied to params.search by
/// the config); in a Hugo config `[params.veiviser.search]` (a Hugo theme may use
/// params.search for its own things).
fn options_table(site: &Site) -> Option<&Value> {
    options_table_of(&site.config)
}

fn options_table_of(config: &crate::config::Config) -> Option<&Value> {
    let params = &config.params;
    match config.source {
        crate::config::ConfigSource::Hugo => params.get("veiviser").and_then(|v| v.get("search")),
        _ => params.get("search"),
    }
}

/// The word list `[search] words` names (a path relative to the site root), unless search
/// is off; the load stage reads it ([`super::words`] reads the words).
pub fn word_list_path(config: &crate::config::Config) -> Option<&str> {
    let t = options_table_of(config)?;
    if t.get("enabled").and_then(Value::as_bool) == Some(false) {
        return None;
    }
    t.get("words")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// `release_notes_weight` of the search options when valid (checked by [`options`]).
pub fn release_notes_weight(site: &Site) -> f32 {
    options_table(site)
        .and_then(|t| t.get("release_notes_weight"))
        .and_then(docs::valid_weight)
        .unwrap_or(DEFAULT_RELEASE_NOTES_WEIGHT)
}

/// `code_blocks` of the search options (true unless set to false): whether the text of code
/// blocks (`<pre>`) is in the index, the snippets and the feed. A site whose code samples
/// are long (generated schemas, whole responses) may leave them out: they make the index
/// and the feed larger and the build slower, and their words (element and field names)
/// are then found only where the prose names them.
pub fn code_blocks(site: &Site) -> bool {
    options_table(site)
        .and_then(|t| t.get("code_blocks"))
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

pub fn options(site: &Site, diags: &mut Diagnostics) -> Options {
    let mut o = Options::default();
    let table = options_table(site);
    let file = site
        .config
        .file
        .clone()
        .unwrap_or_else(|| "veiviser.toml".into());
    let Some(Value::Object(t)) = table else {
        return o;
    };
    let at = |key: &str| site.config.key_pos("search", key);
    if let Some(v) = t.get("enabled") {
        match v.as_bool() {
            Some(b) => o.enabled = b,
            None => diags.error(&file, at("enabled"), "search.enabled must be true or false"),
        }
    }
    if let Some(v) = t.get("release_notes_weight")
        && docs::valid_weight(v).is_none()
    {
        diags.error(
            &file,
            at("release_notes_weight"),
            "search.release_notes_weight must be a number above 0 and at most 1 (1: release notes rank like other pages)",
        );
    }
    if t.get("words")
        .is_some_and(|v| v.as_str().is_none_or(|p| p.trim().is_empty()))
    {
        diags.error(
            &file,
            at("words"),
            "search.words must be the path of a word list file, relative to the site root (\"ord.txt\")",
        );
    }
    if t.get("code_blocks").is_some_and(|v| !v.is_boolean()) {
        diags.error(
            &file,
            at("code_blocks"),
            "search.code_blocks must be true or false",
        );
    }
    if let Some(v) = t.get("budget_kib") {
        match v.as_u64() {
            Some(n) if n > 0 => o.budget_kib = n as usize,
            _ => diags.error(
                &file,
                at("budget_kib"),
                "search.budget_kib must be a positive whole number",
            ),
        }
    }
    if let Some(v) = t.get("synonyms") {
        match v.as_array() {
            Some(list) => {
                for item in list {
                    match item.as_str().map(parse_synonym_line) {
                        Some(Some(group)) => o.synonyms.push(group),
                        Some(None) => {}
                        None => diags.error(
                            &file,
                            at("synonyms"),
                            "search.synonyms must be a list of strings like \"TUL = tjenesteutviklingsløsning\"",
                        ),
                    }
                }
            }
            None => diags.error(
                &file,
                at("synonyms"),
                "search.synonyms must be a list of strings like \"TUL = tjenesteutviklingsløsning\"",
            ),
        }
    }
    o
}

/// `"TUL = tjenesteutviklingsløsning"` or `"bil, kjøretøy, motorvogn"` → the group.
pub fn parse_synonym_line(line: &str) -> Option<Vec<String>> {
    let group: Vec<String> = line
        .split(['=', ','])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (group.len() >= 2).then_some(group)
}

/// Whether the site has search (`[search] enabled`, on by default).
pub fn enabled(site: &Site) -> bool {
    options(site, &mut Diagnostics::new()).enabled
}
