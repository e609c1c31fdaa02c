//! Classifies file-system changes into what the preview must do about them.
//!
//! A pure function over paths relative to the site root, so it is unit-tested without a
//! watcher. Editors' temporary and backup files, the output folder and tool folders are
//! ignored; a change to anything but stylesheets needs a rebuild and a page reload; when only
//! stylesheets changed, the browser swaps them without reloading.

/// What a batch of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Rebuild, then reload open pages.
    Reload,
    /// Rebuild, then swap stylesheets in open pages (no navigation).
    Css,
}

/// What one changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Content,
    Theme,
    Stylesheet,
    Static,
    Config,
    Ignored,
}

/// The folders that matter, relative to the site root.
#[derive(Debug, Clone)]
pub struct Layout {
    pub content_dir: String,
    pub static_dir: String,
    /// Other files the config names (the search word list), relative to the root: a change
    /// to one is a change of the config.
    pub data_files: Vec<String>,
}

const CONFIG_FILES: &[&str] = &[
    "veiviser.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// Whether a file name is an editor's temporary or backup file.
pub fn is_editor_noise(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".crdownload")
        || name == "4913"
        || name == ".DS_Store"
        || (name.starts_with('.') && name.contains(".sw"))
}

pub fn kind(rel: &str, layout: &Layout) -> Kind {
    let rel = rel.trim_start_matches("./");
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if is_editor_noise(name) {
        return Kind::Ignored;
    }
    let first = rel.split('/').next().unwrap_or("");
    if rel
        .split('/')
        .any(|s| s.starts_with('.') && s.len() > 1 && s != "..")
        && !rel.starts_with(&format!("{}/", layout.content_dir))
    {
        return Kind::Ignored;
    }
    if CONFIG_FILES.contains(&rel) || layout.data_files.iter().any(|f| f == rel) {
        return Kind::Config;
    }
    let is_css = name.ends_with(".css");
    if first == "themes" {
        return if is_css {
            Kind::Stylesheet
        } else {
            Kind::Theme
        };
    }
    if rel == layout.content_dir || rel.starts_with(&format!("{}/", layout.content_dir)) {
        return Kind::Content;
    }
    if rel == layout.static_dir || rel.starts_with(&format!("{}/", layout.static_dir)) {
        return if is_css {
            Kind::Stylesheet
        } else {
            Kind::Static
        };
    }
    Kind::Ignored
}

/// What a batch of changed paths needs, or `None` when nothing relevant changed.
pub fn classify<'a>(paths: impl IntoIterator<Item = &'a str>, layout: &Layout) -> Option<Action> {
    let mut action = None;
    for p in paths {
        match kind(p, layout) {
            Kind::Ignored => {}
            Kind::Stylesheet => {
                if action.is_none() {
                    action = Some(Action::Css);
                }
            }
            _ => action = Some(Action::Reload),
        }
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            content_dir: "content".into(),
            static_dir: "static".into(),
            data_files: vec!["data/ord.txt".into()],
        }
    }

    #[test]
    fn kinds() {
        let l = layout();
        assert_eq!(kind("content/a.md", &l), Kind::Content);
        assert_eq!(kind("content/bilder/x.png", &l), Kind::Content);
        assert_eq!(kind("content/ny-mappe", &l), Kind::Content);
        assert_eq!(kind("themes/default/templates/page.html", &l), Kind::Theme);
        assert_eq!(
            kind("themes/default/static/css/veiviser.css", &l),
            Kind::Stylesheet
        );
        assert_eq!(kind("static/egen.css", &l), Kind::Stylesheet);
        assert_eq!(kind("static/logo.svg", &l), Kind::Static);
        assert_eq!(kind("veiviser.toml", &l), Kind::Config);
        // The search word list the config names, and only it.
        assert_eq!(kind("data/ord.txt", &l), Kind::Config);
        assert_eq!(kind("./data/ord.txt", &l), Kind::Config);
        assert_eq!(kind("data/annet.txt", &l), Kind::Ignored);
        assert_eq!(kind("config.toml", &l), Kind::Config);
        assert_eq!(kind("hugo.yaml", &l), Kind::Config);
        assert_eq!(kind("config.json", &l), Kind::Config);
    }

    #[test]
    fn noise_is_ignored() {
        let l = layout();
        for p in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/.#a.md",
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "README.md",
        ] {
            assert_eq!(kind(p, &l), Kind::Ignored, "{p}");
        }
    }

    #[test]
    fn batches() {
        let l = layout();
        assert_eq!(classify(["content/a.md"], &l), Some(Action::Reload));
        assert_eq!(
            classify(["static/a.css", "themes/default/static/css/b.css"], &l),
            Some(Action::Css)
        );
        assert_eq!(
            classify(["static/a.css", "content/a.md"], &l),
            Some(Action::Reload)
        );
        assert_eq!(classify(["content/a.md.swp", "public/x.html"], &l), None);
        // An editor's atomic save: write temp, rename over the page.
        assert_eq!(
            classify(["content/.a.md.tmp", "content/a.md"], &l),
            Some(Action::Reload)
        );
    }
}
