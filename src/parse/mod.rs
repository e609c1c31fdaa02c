//! Parse stage: each markdown file → front matter + rendered content with markers.
//!
//! Runs in parallel over files (rayon); each file is parsed on its own, so this stage never
//! looks at other pages (links and `children` are left as markers for `resolve`/`render`).
//! Problems become diagnostics; no file's problem stops the others.

pub mod frontmatter;
pub mod heading_id;
pub mod include;
pub mod markdown;
pub mod shortcodes;

use crate::config::{Config, normalize_lang};
use crate::diagnostics::{Diagnostics, Pos};
use crate::model::{ParsedPage, SourceFile};
use markdown::ShortcodeHost;
use rayon::prelude::*;

/// Parses every file. The result is in the same order as `files`.
pub fn parse_all(
    files: Vec<SourceFile>,
    config: &Config,
    host: &dyn ShortcodeHost,
) -> (Vec<ParsedPage>, Diagnostics) {
    let results: Vec<(ParsedPage, Diagnostics)> = files
        .into_par_iter()
        .map(|f| parse_file(f, config, host))
        .collect();
    let mut diags = Diagnostics::new();
    let mut pages = Vec::with_capacity(results.len());
    for (p, d) in results {
        diags.extend(d);
        pages.push(p);
    }
    (pages, diags)
}

/// Parse results kept between builds by the preview server: a file whose text, config and
/// theme are unchanged is not parsed again.
#[derive(Default)]
pub struct ParseCache {
    /// Fingerprint of the config and theme the cached results were made with.
    key: u64,
    files: std::collections::HashMap<String, (ParsedPage, Diagnostics)>,
    /// Files parsed (not reused) by the last build.
    pub last_parsed: usize,
}

impl ParseCache {
    /// The cached result for a content path.
    pub fn get(&self, rel: &str) -> Option<&(ParsedPage, Diagnostics)> {
        self.files.get(rel)
    }

    /// Stores a result made with the cache's current key.
    pub fn put(&mut self, page: ParsedPage, diags: Diagnostics) {
        self.files.insert(page.source.rel.clone(), (page, diags));
    }

    /// The fingerprint of config and theme the results were made with.
    pub fn key(&self) -> u64 {
        self.key
    }
}

/// Like [`parse_all`], reusing results from `cache` for files whose text is unchanged and
/// storing the new results. `key` fingerprints config and theme; a new key clears the cache.
pub fn parse_all_cached(
    files: Vec<SourceFile>,
    config: &Config,
    host: &dyn ShortcodeHost,
    cache: &mut ParseCache,
    key: u64,
) -> (Vec<ParsedPage>, Diagnostics) {
    if cache.key != key {
        cache.files.clear();
        cache.key = key;
    }
    let mut old = std::mem::take(&mut cache.files);
    let work: Vec<(SourceFile, Option<(ParsedPage, Diagnostics)>)> = files
        .into_iter()
        .map(|f| {
            let cached = old.remove(&f.rel);
            (f, cached)
        })
        .collect();
    drop(old);
    // Each result is copied once: the cache keeps the original (with its text, to find
    // changes), the site gets a copy without the text it no longer needs.
    let results: Vec<(ParsedPage, ParsedPage, Diagnostics, bool)> = work
        .into_par_iter()
        .map(|(f, cached)| {
            let (p, d, fresh) = match cached {
                Some((p, d)) if p.source.text == f.text => (p, d, false),
                _ => {
                    let (p, d) = parse_file(f, config, host);
                    (p, d, true)
                }
            };
            (p.for_site(), p, d, fresh)
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut pages = Vec::with_capacity(results.len());
    cache.last_parsed = 0;
    for (site_copy, p, d, fresh) in results {
        cache.last_parsed += usize::from(fresh);
        diags.extend(d.clone());
        pages.push(site_copy);
        cache.files.insert(p.source.rel.clone(), (p, d));
    }
    (pages, diags)
}

impl ParsedPage {
    /// A copy for the site: without the file's text, which only forms read after parse.
    pub fn for_site(&self) -> ParsedPage {
        let text = if self.front.params.contains_key("form") {
            self.source.text.clone()
        } else {
            String::new()
        };
        ParsedPage {
            source: SourceFile {
                rel: self.source.rel.clone(),
                display: self.source.display.clone(),
                text,
            },
            front: self.front.clone(),
            content: self.content.clone(),
        }
    }
}

/// Parses one file.
pub fn parse_file(
    source: SourceFile,
    config: &Config,
    host: &dyn ShortcodeHost,
) -> (ParsedPage, Diagnostics) {
    let mut diags = Diagnostics::new();
    let text = without_reserved(&source.display, &source.text, &mut diags);
    let (mut front, body_start) = frontmatter::parse(&source.display, &text, &mut diags);
    let lang = match front.lang.as_deref() {
        None => crate::config::file_name_lang(&source.display, config)
            .map_or_else(|| config.language.clone(), str::to_string),
        Some(l) => match normalize_lang(l) {
            Some(l) => l.to_string(),
            None => {
                let pos = front.key_lines.get("lang").copied().unwrap_or(Pos::FILE);
                diags.warning(
                    &source.display,
                    pos,
                    format!(
                        "language `{l}` is not supported (nb, nn, en); using {}",
                        config.language
                    ),
                );
                config.language.clone()
            }
        },
    };
    front.lang = Some(lang.clone());
    let content = markdown::render(
        (&source.display, &source.rel),
        &text,
        body_start,
        &lang,
        host,
        markdown::MarkdownOptions {
            emoji: config.emoji,
            page_params: Some(&front.params),
            site_params: Some(&config.params),
        },
        &mut diags,
    );
    (
        ParsedPage {
            source,
            front,
            content,
        },
        diags,
    )
}

/// The private-use characters U+E000–U+E003 mark links and shortcodes in the HTML that
/// parse hands on (see [`crate::model::link_marker`]); in a file they would be taken for
/// marks (and could make a shortcode contain itself). They are replaced by U+FFFD, which
/// is as long in UTF-8, so every position stays right, with a warning.
fn without_reserved<'t>(
    display: &str,
    text: &'t str,
    diags: &mut Diagnostics,
) -> std::borrow::Cow<'t, str> {
    let b = text.as_bytes();
    let reserved =
        |i: usize| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x80..=0x83));
    let Some(first) = memchr::memchr_iter(0xEE, b).find(|&i| reserved(i)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let c = text[first..].chars().next().unwrap_or_default();
    diags.warning(
        display,
        crate::diagnostics::LineIndex::new(text).pos(text, first),
        format!(
            "character U+{:04X} is reserved by veiviser for its own marks; replaced by U+FFFD",
            c as u32
        ),
    );
    std::borrow::Cow::Owned(
        text.replace(['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}'], "\u{FFFD}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_are_replaced_in_place() {
        let mut d = Diagnostics::new();
        let text = "a\nb \u{E003}0\u{E001} \u{E000}";
        let out = without_reserved("a.md", text, &mut d);
        assert_eq!(out, "a\nb \u{FFFD}0\u{FFFD} \u{FFFD}");
        assert_eq!(out.len(), text.len());
        assert_eq!(
            d.sorted()[0].to_string(),
            "a.md:2:3: warning: character U+E003 is reserved by veiviser for its own marks; replaced by U+FFFD"
        );
        let mut d = Diagnostics::new();
        assert!(matches!(
            without_reserved("a.md", "æøå \u{E100}", &mut d),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(d.is_empty());
    }
}
