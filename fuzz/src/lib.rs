//! Helpers shared by the fuzz targets in `fuzz_targets/`: turning bytes into page text,
//! checking diagnostics positions, and a tiny in-memory site to resolve links against.
//!
//! Nothing here touches the file system per input: the theme is the embedded default theme
//! (loaded once) and the site's other pages are parsed once and cloned.

use std::path::Path;
use std::sync::OnceLock;
use veiviser::config::Config;
use veiviser::diagnostics::Diagnostics;
use veiviser::model::{ParsedPage, SourceFile};
use veiviser::render::theme::Theme;

/// The input as page text the way `load` would hand it on: UTF-8 only (load reports
/// anything else), with a leading BOM removed.
pub fn page_text(data: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(data).ok()?;
    Some(s.strip_prefix('\u{FEFF}').unwrap_or(s))
}

/// The lines of `text` as `LineIndex` counts them (LF, CRLF and lone CR all end a line).
pub fn lines(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// Every diagnostic about `path` points into `text`: its line exists and its column is
/// at most one past the end of the longest line (0:0 means the whole file).
pub fn check_diagnostics(diags: &Diagnostics, path: &str, text: &str) {
    let lines = lines(text);
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for d in diags.iter().filter(|d| d.path == path) {
        if d.line == 0 {
            assert_eq!(d.col, 0, "file-level diagnostic with a column: {d}");
            continue;
        }
        assert!(
            d.line <= lines.len(),
            "diagnostic line {} past the end ({} lines): {d}",
            d.line,
            lines.len()
        );
        assert!(
            d.col >= 1 && d.col <= widest + 1,
            "diagnostic column {} outside the text (widest line {widest}): {d}",
            d.col
        );
        assert!(!d.message.is_empty(), "empty diagnostic message at {d}");
    }
}

/// The default config (native: broken links are errors) and the embedded default theme.
pub fn config_and_theme() -> &'static (Config, Theme) {
    static CELL: OnceLock<(Config, Theme)> = OnceLock::new();
    CELL.get_or_init(|| {
        let config = Config::default();
        let mut diags = Diagnostics::new();
        // No such folder: the theme is the embedded default theme, read from memory.
        let theme = Theme::load(
            Path::new("/nonexistent/veiviser-fuzz-site"),
            &config,
            &mut diags,
        )
        .expect("the embedded theme loads");
        assert!(!diags.has_errors(), "embedded theme: {:?}", diags.sorted());
        (config, theme)
    })
}

/// A source file under `content/`.
pub fn source(rel: &str, text: &str) -> SourceFile {
    SourceFile {
        rel: rel.to_string(),
        display: format!("content/{rel}"),
        text: text.to_string(),
    }
}

/// The other pages of the tiny site links are resolved against, parsed once.
pub fn tiny_site() -> &'static [ParsedPage] {
    static CELL: OnceLock<Vec<ParsedPage>> = OnceLock::new();
    CELL.get_or_init(|| {
        let (config, theme) = config_and_theme();
        let files = [
            ("_index.md", "---\ntitle: Hjem\n---\nVelkommen. Se [veiledning](docs/).\n"),
            (
                "docs/_index.md",
                "---\ntitle: Veiledning\nweight: 1\naliases: [/gammel/]\n---\n## Oppsett\n\n{{< children >}}\n",
            ),
            (
                "docs/kom-i-gang.md",
                "---\ntitle: Kom i gang\nweight: 2\ntags: [api]\n---\n## Første steg {#forste}\n\n### Spørsmål og svar\n\nTekst.\n",
            ),
            (
                "docs/bilde/index.md",
                "+++\ntitle = \"Bilde\"\nslug = \"bilder\"\n+++\n# Bilder\n",
            ),
            ("om.md", "{\"title\": \"Om\", \"url\": \"/om-oss/\"}\n\n## Kontakt\n"),
        ];
        files
            .iter()
            .map(|(rel, text)| {
                let (p, d) = veiviser::parse::parse_file(source(rel, text), config, theme);
                assert!(!d.has_errors(), "{rel}: {:?}", d.sorted());
                p
            })
            .collect()
    })
}
