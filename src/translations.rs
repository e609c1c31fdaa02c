//! Hugo's multilingual mode, read as one tree: translations by file name.
//!
//! A Hugo config with two or more `[languages]` builds one site per language: a content
//! file names its language (`side.nb.md`, `_index.en.md`; a file without a code is in the
//! default language), and every language but the default one lives under `/<code>/` (the
//! default one too with `defaultContentLanguageInSubdir`). Links in such sites are written
//! for those URLs (`/nb/app/…`), so veiviser gives the pages the same ones: each file gets
//! a *site path*, its content path under its language's folder without the code
//! (`app/side.nb.md` → `nb/app/side.md`), and the rest of the build works on site paths
//! as on any other content path. Each language's folder is a tree of its own in the
//! navigation ([`Translations::home_path`]); search holds all languages (DESIGN §4: one
//! index).
//!
//! Pure functions over paths; nothing here reads files.

/// The languages of a multilingual Hugo config.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Translations {
    /// The configured language codes, lower case, by their `weight`, then code.
    pub codes: Vec<String>,
    /// `defaultContentLanguage` (one of `codes`).
    pub default: String,
    /// `defaultContentLanguageInSubdir`: the default language under `/<code>/` too.
    pub default_in_subdir: bool,
}

impl Translations {
    /// The language code a content file's name gives (`a/side.nb.md` → `nb`) and the path
    /// without it (`a/side.md`); `None` for a name without a configured code.
    pub fn code_of<'a>(&'a self, rel: &str) -> Option<(&'a str, String)> {
        let (dir, name) = match rel.rfind('/') {
            Some(i) => (&rel[..=i], &rel[i + 1..]),
            None => ("", rel),
        };
        let (stem, ext) = [".md", ".markdown"].iter().find_map(|ext| {
            let cut = name.len().checked_sub(ext.len())?;
            name[cut..]
                .eq_ignore_ascii_case(ext)
                .then(|| (&name[..cut], &name[cut..]))
        })?;
        let (base, code) = stem.rsplit_once('.')?;
        if base.is_empty() {
            return None;
        }
        let code = self.codes.iter().find(|c| c.eq_ignore_ascii_case(code))?;
        Some((code, format!("{dir}{base}{ext}")))
    }

    /// The folder of a language's pages in site paths: `""` for the default language
    /// (unless it is in a subfolder too), else `"<code>/"`.
    pub fn prefix(&self, code: &str) -> String {
        if code == self.default && !self.default_in_subdir {
            String::new()
        } else {
            format!("{code}/")
        }
    }

    /// The site path of a content file: `app/side.nb.md` → `nb/app/side.md`; a file
    /// without a code is in the default language (`app/side.md` → `app/side.md`).
    pub fn site_path(&self, rel: &str) -> String {
        self.site_path_in(rel, &self.default)
    }

    /// Like [`Translations::site_path`], but a path without a code is in `code` (a link
    /// from a page in that language to `side.md` means the page in the same language).
    pub fn site_path_in(&self, rel: &str, code: &str) -> String {
        match self.code_of(rel) {
            Some((c, plain)) => format!("{}{plain}", self.prefix(c)),
            None => format!("{}{rel}", self.prefix(code)),
        }
    }

    /// The language of a site path (`nb/app/side.md` → `nb`) and the path within the
    /// language (`app/side.md`).
    pub fn split_site_path<'p>(&self, site_path: &'p str) -> (&str, &'p str) {
        for code in &self.codes {
            if code == &self.default && !self.default_in_subdir {
                continue;
            }
            if let Some(rest) = site_path
                .strip_prefix(code.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                return (code, rest);
            }
        }
        (&self.default, site_path)
    }

    /// The language folder of a site path (`nb/app/side.md` → `nb/`; `""` in the default
    /// language's, unless it has a folder).
    pub fn folder_of(&self, site_path: &str) -> String {
        self.prefix(self.split_site_path(site_path).0)
    }

    /// The site path of a language's home page (`nb/_index.md`), or `None` for the default
    /// language's, which is the site's home (unless it is in a subfolder).
    pub fn home_path(&self, code: &str) -> Option<String> {
        let prefix = self.prefix(code);
        (!prefix.is_empty()).then(|| format!("{prefix}_index.md"))
    }

    /// Whether a site path is the home page of a language in its own folder.
    pub fn is_home_path(&self, site_path: &str) -> bool {
        self.codes
            .iter()
            .any(|c| self.home_path(c).is_some_and(|h| h == site_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn studio() -> Translations {
        Translations {
            codes: vec!["en".into(), "nb".into()],
            default: "en".into(),
            default_in_subdir: false,
        }
    }

    #[test]
    fn file_names_give_the_language_and_the_site_path() {
        let t = studio();
        assert_eq!(
            t.code_of("app/_index.nb.md"),
            Some(("nb", "app/_index.md".into()))
        );
        assert_eq!(t.code_of("side.EN.md"), Some(("en", "side.md".into())));
        assert_eq!(t.code_of("a/side.de.md"), None);
        assert_eq!(t.code_of("a/side.md"), None);
        assert_eq!(t.code_of("a/.nb.md"), None);
        assert_eq!(t.code_of("v1.2/side.md"), None);
        assert_eq!(t.code_of("bilde.nb.png"), None);
        assert_eq!(t.site_path("app/_index.nb.md"), "nb/app/_index.md");
        assert_eq!(t.site_path("app/_index.en.md"), "app/_index.md");
        assert_eq!(t.site_path("app/side.md"), "app/side.md");
        assert_eq!(t.site_path("_index.nb.md"), "nb/_index.md");
        assert_eq!(t.site_path_in("app/side.md", "nb"), "nb/app/side.md");
        assert_eq!(t.site_path_in("app/side.en.md", "nb"), "app/side.md");
    }

    #[test]
    fn the_default_language_may_have_a_folder_too() {
        let mut t = studio();
        assert_eq!(t.home_path("en"), None);
        assert_eq!(t.home_path("nb").as_deref(), Some("nb/_index.md"));
        assert!(t.is_home_path("nb/_index.md"));
        assert!(!t.is_home_path("_index.md"));
        assert_eq!(t.split_site_path("nb/app/side.md"), ("nb", "app/side.md"));
        assert_eq!(t.split_site_path("app/side.md"), ("en", "app/side.md"));
        assert_eq!(t.folder_of("nb/app/side.md"), "nb/");
        assert_eq!(t.folder_of("app/side.md"), "");
        t.default_in_subdir = true;
        assert_eq!(t.site_path("side.md"), "en/side.md");
        assert_eq!(t.home_path("en").as_deref(), Some("en/_index.md"));
        assert_eq!(t.split_site_path("en/side.md"), ("en", "side.md"));
    }
}
