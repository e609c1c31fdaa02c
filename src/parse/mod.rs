//! Parse stage: each markdown file → front matter + rendered content with markers.
//!
//! Runs in parallel over files (rayon); each file is parsed on its own, so this stage never
//! looks at other pages (links and `children` are left as markers for `resolve`/`render`).
//! Problems become diagnostics; no file's problem stops the others.

pub mod frontmatter;
pub mod heading_id;
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

/// Parses one file.
pub fn parse_file(
    source: SourceFile,
    config: &Config,
    host: &dyn ShortcodeHost,
) -> (ParsedPage, Diagnostics) {
    let mut diags = Diagnostics::new();
    let (mut front, body_start) = frontmatter::parse(&source.display, &source.text, &mut diags);
    let lang = match front.lang.as_deref() {
        None => config.language.clone(),
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
        &source.display,
        &source.text,
        body_start,
        &lang,
        host,
        markdown::MarkdownOptions {
            emoji: config.emoji,
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
