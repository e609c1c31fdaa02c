//! Load stage: find and read the site's files.
//!
//! Walks the content folder (markdown → [`SourceFile`], everything else → [`Asset`]) and the
//! static folder (→ assets at the output root). Files are returned sorted by path, so every
//! later stage sees the same order on every run. Unreadable or non-UTF-8 markdown becomes a
//! diagnostic and the file is skipped; only a missing or unwalkable root is a system error.
//! This module reads files; it does not interpret them.

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Pos};
use crate::error::{Error, Result};
use crate::model::{Asset, SourceFile};
use crate::resolve::urls::dir_url;
use std::path::Path;
use walkdir::WalkDir;

pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Result<Loaded> {
    if !root.is_dir() {
        return Err(Error::NoRoot {
            path: root.to_path_buf(),
        });
    }
    let content = config.content_root(root);
    let mut files = Vec::new();
    let mut assets = Vec::new();
    if content.is_dir() {
        walk(
            &content,
            &config.content_dir,
            diags,
            |rel, path, display, diags| {
                let name = rel.rsplit('/').next().unwrap_or(rel);
                if is_markdown(name) {
                    if let Some(text) = read_markdown(path, display, diags)? {
                        files.push(SourceFile {
                            rel: rel.to_string(),
                            display: display.to_string(),
                            text,
                        });
                    }
                } else {
                    let (dir, file) = match rel.rfind('/') {
                        Some(i) => (&rel[..i], &rel[i + 1..]),
                        None => ("", rel),
                    };
                    let url = dir_url(dir);
                    assets.push(Asset {
                        src: path.to_path_buf(),
                        out: format!("{}{}", &url[1..], file),
                    });
                }
                Ok(())
            },
        )?;
    } else {
        diags.warning(
            &config.content_dir,
            Pos::FILE,
            format!(
                "no content folder `{}`: the site has only a home page",
                config.content_dir
            ),
        );
    }
    let stat = root.join(&config.static_dir);
    if stat.is_dir() {
        walk(&stat, &config.static_dir, diags, |rel, path, _, _| {
            assets.push(Asset {
                src: path.to_path_buf(),
                out: rel.to_string(),
            });
            Ok(())
        })?;
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    assets.sort();
    Ok(Loaded { files, assets })
}

/// Walks `dir`, calling `f(rel, path, display, diags)` for every regular file. Symlinks are
/// followed; loops are reported, not followed forever.
fn walk(
    dir: &Path,
    display_prefix: &str,
    diags: &mut Diagnostics,
    mut f: impl FnMut(&str, &Path, &str, &mut Diagnostics) -> Result<()>,
) -> Result<()> {
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| {
                        p.strip_prefix(dir)
                            .unwrap_or(p)
                            .to_string_lossy()
                            .replace('\\', "/")
                    })
                    .unwrap_or_default();
                let display = format!("{display_prefix}/{p}");
                if e.loop_ancestor().is_some() {
                    diags.error(&display, Pos::FILE, "symbolic link loop: skipped");
                    continue;
                }
                if e.io_error().is_some() && e.depth() > 0 {
                    diags.error(&display, Pos::FILE, format!("cannot read: {e}"));
                    continue;
                }
                return Err(Error::Walk {
                    path: dir.to_path_buf(),
                    message: e.to_string(),
                });
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(rel) = rel_path.to_str() else {
            diags.error(
                &format!("{display_prefix}/{}", rel_path.to_string_lossy()),
                Pos::FILE,
                "file name is not valid UTF-8: skipped",
            );
            continue;
        };
        let rel = rel.replace('\\', "/");
        let rel = nfc(&rel);
        let display = format!("{display_prefix}/{rel}");
        f(&rel, entry.path(), &display, diags)?;
    }
    Ok(())
}

/// File names on macOS arrive NFD-normalised; URLs and lookups use NFC.
fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// A lone CR (old Mac line ending) becomes LF; both are one byte, so offsets and
/// positions are unchanged. CRLF is left alone (markdown and front matter handle it).
fn normalize_line_endings(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '\r' && b.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

fn read_markdown(path: &Path, display: &str, diags: &mut Diagnostics) -> Result<Option<String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(display, Pos::FILE, format!("cannot read file: {e}"));
            return Ok(None);
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Some(normalize_line_endings(s))),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = std::str::from_utf8(good)
                .map(|s| s.rsplit('\n').next().unwrap_or("").chars().count() + 1)
                .unwrap_or(1);
            let what = if bytes.contains(&0) {
                "is a binary file, not markdown text"
            } else {
                "is not valid UTF-8 text (save it as UTF-8)"
            };
            diags.error(
                display,
                Pos::new(line, col),
                format!(
                    "{what}: invalid byte at offset {}; file skipped",
                    e.valid_up_to()
                ),
            );
            Ok(None)
        }
    }
}
