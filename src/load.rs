//! Load stage: find and read the site's files.
//!
//! Walks the content folder (markdown → [`SourceFile`], everything else → [`Asset`]) and the
//! static folder (→ assets at the output root). Files are returned sorted by path, so every
//! later stage sees the same order on every run. Unreadable or non-UTF-8 markdown becomes a
//! diagnostic and the file is skipped; only a missing or unwalkable root is a system error.
//! It also reads the files pages insert (`{{% insert "path" %}}`, found by a plain text
//! search: [`crate::parse::include::targets`]), so that parse does no IO, and the word list
//! of `[search] words` for the search stage. This module reads files; it does not interpret
//! them.

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Pos};
use crate::error::{Error, Result};
use crate::model::{Asset, DataFile, SourceFile};
use crate::parse::include::{self, Includes};
use crate::resolve::urls::dir_url;
use std::path::Path;
use std::sync::Arc;
use walkdir::WalkDir;

pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    /// The files pages insert (`{{% insert "path" %}}`), read here for the parse stage.
    pub includes: Includes,
    /// The word list `[search] words` names, for the search stage.
    pub word_list: Option<Arc<DataFile>>,
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
    if !content.is_dir() && !Config::exists_in(root) {
        return Err(Error::NotASite {
            path: root.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    let mut assets = Vec::new();
    let mut includes = Includes::default();
    if content.is_dir() {
        // Markdown files are found first and read afterwards, in parallel: each reader's
        // text is then freed on the thread that parses and indexes (so its memory is reused).
        let mut markdown: Vec<(String, std::path::PathBuf, String)> = Vec::new();
        walk(
            &content,
            &config.content_dir,
            diags,
            |rel, path, display, _| {
                let name = rel.rsplit('/').next().unwrap_or(rel);
                if is_markdown(name) {
                    markdown.push((rel.to_string(), path.to_path_buf(), display.to_string()));
                } else {
                    let (dir, file) = match rel.rfind('/') {
                        Some(i) => (&rel[..i], &rel[i + 1..]),
                        None => ("", rel),
                    };
                    let url = dir_url(dir);
                    // Files a page may list (`attachments`) need their size.
                    let size = crate::model::is_attachments_folder(dir)
                        .then(|| std::fs::metadata(path).ok().map(|m| m.len()))
                        .flatten();
                    assets.push(Asset {
                        src: path.to_path_buf(),
                        display: display.to_string(),
                        out: format!("{}{}", &url[1..], file),
                        size,
                    });
                }
                Ok(())
            },
        )?;
        use rayon::prelude::*;
        let read: Vec<(Option<String>, Diagnostics)> = markdown
            .par_iter()
            .map(|(_, path, display)| {
                let mut d = Diagnostics::new();
                let text = read_markdown(path, display, &mut d);
                (text, d)
            })
            .collect();
        for ((rel, _, display), (text, d)) in markdown.into_iter().zip(read) {
            diags.extend(d);
            if let Some(text) = text {
                // A multilingual Hugo site's file goes to its language's folder.
                let rel = match &config.translations {
                    Some(t) => t.site_path(&rel),
                    None => rel,
                };
                files.push(SourceFile { rel, display, text });
            }
        }
        includes = read_includes(root, &files);
        if let Some(t) = &config.translations {
            translated_files(t, &mut files, &mut assets, diags);
        }
        if files.is_empty() {
            diags.warning(
                &config.content_dir,
                Pos::FILE,
                format!(
                    "no pages in `{}`: the site has only a home page",
                    config.content_dir
                ),
            );
        }
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
        walk(&stat, &config.static_dir, diags, |rel, path, display, _| {
            assets.push(Asset {
                src: path.to_path_buf(),
                display: display.to_string(),
                out: rel.to_string(),
                size: None,
            });
            Ok(())
        })?;
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    assets.sort();
    let word_list = read_word_list(root, config, diags).map(Arc::new);
    Ok(Loaded {
        files,
        assets,
        includes,
        word_list,
    })
}

/// The word list `[search] words` names (relative to the site root), if any. One that
/// cannot be read or is not UTF-8 is an error at the config or in the file, and the build
/// goes on without it (so every other problem is reported too).
fn read_word_list(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<DataFile> {
    let rel = crate::search::word_list_path(config)?;
    let config_file = config.file.as_deref().unwrap_or("veiviser.toml");
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            diags.error(
                config_file,
                Pos::FILE,
                format!("search.words: cannot read the word list `{rel}`: {e}"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(DataFile {
            display: rel.to_string(),
            text: match text.strip_prefix('\u{feff}') {
                Some(t) => t.to_string(),
                None => text,
            },
        }),
        Err(e) => {
            diags.not_utf8(rel, &e, "the word list is not used");
            None
        }
    }
}

/// Reads the files that `files` insert ([`crate::parse::include`]): from the loaded
/// markdown when it is one of them, else from the disk, relative to the site's root (only
/// paths inside it). A file that cannot be read is left out: the page that inserts it gets
/// a warning when it is parsed.
fn read_includes(root: &Path, files: &[SourceFile]) -> Includes {
    let mut wanted: Vec<String> = files
        .iter()
        .filter(|f| f.text.contains("{{"))
        .flat_map(|f| include::targets(&f.text))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut texts = std::collections::BTreeMap::new();
    // An inserted file may insert others (each path is read once).
    while let Some(path) = wanted.pop() {
        if !include::is_safe(&path) || !seen.insert(path.clone()) {
            continue;
        }
        let text = match files.iter().find(|f| f.display == path) {
            Some(f) => Some(f.text.clone()),
            None => std::fs::read_to_string(root.join(&path))
                .ok()
                .map(|t| t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t)),
        };
        if let Some(text) = text {
            wanted.extend(include::targets(&text));
            texts.insert(path, text);
        }
    }
    Includes::new(texts)
}

/// For a multilingual Hugo site: drops a second file of the same page and language (`a.md`
/// and `a.en.md` when English is the default; the first by name stays) with a warning, and
/// copies the content folder's other files (images beside the pages) into every language's
/// folder that has pages, as Hugo publishes a bundle's files with each translation.
fn translated_files(
    t: &crate::translations::Translations,
    files: &mut Vec<SourceFile>,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) {
    files.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.display.cmp(&b.display)));
    let mut kept: Vec<SourceFile> = Vec::with_capacity(files.len());
    for f in files.drain(..) {
        match kept.last() {
            Some(prev) if prev.rel == f.rel => diags.warning(
                &f.display,
                Pos::FILE,
                format!(
                    "`{}` is the same page in the same language: this file is left out",
                    prev.display
                ),
            ),
            _ => kept.push(f),
        }
    }
    *files = kept;
    let mut prefixes: Vec<String> = files
        .iter()
        .map(|f| t.folder_of(&f.rel))
        .filter(|p| !p.is_empty())
        .collect();
    prefixes.sort();
    prefixes.dedup();
    let default_has_folder = !t.prefix(&t.default).is_empty();
    let mut copies = Vec::new();
    for a in assets.iter_mut() {
        for p in &prefixes {
            copies.push(Asset {
                src: a.src.clone(),
                display: a.display.clone(),
                out: format!("{p}{}", a.out),
                size: a.size,
            });
        }
    }
    if default_has_folder {
        // Every language has a folder: the files are only in the folders.
        assets.clear();
    }
    assets.extend(copies);
}

/// Walks `dir`, calling `f(rel, path, display, diags)` for every regular file. Symlinks are
/// followed; loops are reported, not followed forever.
fn walk(
    dir: &Path,
    display_prefix: &str,
    diags: &mut Diagnostics,
    mut f: impl FnMut(&str, &Path, &str, &mut Diagnostics) -> Result<()>,
) -> Result<()> {
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(ignored(&e.file_name().to_string_lossy())
                    // A built site inside (say `static_dir = "."`, or `--out static/x`)
                    // would be copied into the next output, and so on, build after build.
                    || (e.file_type().is_dir() && e.path().join(crate::write::MARKER).exists()))
        });
    // A link to a folder that contains `dir` (the site root, `..`) would walk `dir` again
    // inside itself; walkdir only sees loops below `dir`.
    let canonical_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // Names (NFC) seen so far, to catch two files whose names differ only in their form.
    let mut seen = std::collections::HashSet::<String>::new();
    while let Some(entry) = walker.next() {
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
                if let Some(io) = e.io_error()
                    && e.depth() > 0
                {
                    let is_link = e.path().is_some_and(|p| p.is_symlink());
                    // `ErrorKind::FilesystemLoop` (ELOOP) cannot be named on stable Rust.
                    let message = if format!("{:?}", io.kind()) == "FilesystemLoop" {
                        "symbolic link loop: skipped".to_string()
                    } else if is_link && io.kind() == std::io::ErrorKind::NotFound {
                        "broken symbolic link: its target does not exist; skipped".to_string()
                    } else {
                        format!("cannot read: {io}; skipped")
                    };
                    diags.error(&display, Pos::FILE, message);
                    continue;
                }
                return Err(Error::Walk {
                    path: dir.to_path_buf(),
                    message: e.to_string(),
                });
            }
        };
        let rel_path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.depth() > 0
            && entry.path_is_symlink()
            && entry.file_type().is_dir()
            && entry
                .path()
                .canonicalize()
                .is_ok_and(|target| canonical_dir.starts_with(target))
        {
            walker.skip_current_dir();
            let shown = rel_path.to_string_lossy().replace('\\', "/");
            diags.error(
                &format!("{display_prefix}/{shown}"),
                Pos::FILE,
                format!(
                    "symbolic link loop: it points to a folder that contains `{display_prefix}`; skipped"
                ),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
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
        if !seen.insert(rel.clone()) {
            diags.error(
                &display,
                Pos::FILE,
                "another file has the same name written with other Unicode characters \
                 (NFC and NFD forms of the same letters); rename one of them: skipped",
            );
            continue;
        }
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

/// The text of a markdown file, or `None` with a diagnostic when it cannot be read or is not
/// UTF-8 text.
pub fn read_markdown(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(display, Pos::FILE, format!("cannot read file: {e}"));
            return None;
        }
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        diags.error(
            display,
            Pos::FILE,
            "is UTF-16 text, not UTF-8 (save it as UTF-8); file skipped",
        );
        return None;
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = &bytes[bom..];
    let (good, what) = match std::str::from_utf8(text) {
        Ok(s) => match memchr::memchr(0, text) {
            None if s.contains('\r') => return Some(normalize_line_endings(s)),
            None => {
                // The common case: the file's own bytes become the text, without a copy.
                let mut bytes = bytes;
                bytes.drain(..bom);
                return String::from_utf8(bytes).ok();
            }
            // Valid UTF-8 with NUL bytes: not text anyone wrote as markdown.
            Some(i) => (&text[..i], "is a binary file, not markdown text: NUL byte"),
        },
        Err(e) if text.contains(&0) => (
            &text[..e.valid_up_to()],
            "is a binary file, not markdown text: invalid byte",
        ),
        Err(e) => (
            &text[..e.valid_up_to()],
            "the file is not valid UTF-8 text (save it as UTF-8): invalid byte",
        ),
    };
    // `good` is valid UTF-8: positions count its lines and characters.
    let (pos, _) = crate::diagnostics::end_of_valid_utf8(good);
    diags.error(
        display,
        pos,
        format!("{what} at offset {}; file skipped", bom + good.len()),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Option<String>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, bytes).unwrap();
        let mut d = Diagnostics::new();
        let text = read_markdown(&p, "content/a.md", &mut d);
        (text, d.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn bom_is_stripped_and_lone_cr_becomes_lf() {
        let (text, d) = read(b"\xEF\xBB\xBF---\rtitle: a\r\n---\r");
        assert_eq!(text.as_deref(), Some("---\ntitle: a\r\n---\n"));
        assert!(d.is_empty());
    }

    #[test]
    fn bad_bytes_are_reported_where_they_are() {
        let (text, d) = read(b"\xEF\xBB\xBFtitle\r\nHei p\xE5 deg\n");
        assert_eq!(text, None);
        assert_eq!(
            d,
            [
                "content/a.md:2:6: error: the file is not valid UTF-8 text (save it as UTF-8): invalid byte at offset 15; file skipped"
            ]
        );
        let (_, d) = read(b"ab\n\x89PNG\0");
        assert_eq!(
            d,
            [
                "content/a.md:2:1: error: is a binary file, not markdown text: invalid byte at offset 3; file skipped"
            ]
        );
        let (_, d) = read(b"ab\0cd");
        assert_eq!(
            d,
            [
                "content/a.md:1:3: error: is a binary file, not markdown text: NUL byte at offset 2; file skipped"
            ]
        );
        let (_, d) = read(b"\xFF\xFEa\0b\0");
        assert_eq!(
            d,
            ["content/a.md:1:1: error: is UTF-16 text, not UTF-8 (save it as UTF-8); file skipped"]
        );
    }
}
