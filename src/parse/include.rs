//! Files inserted into a page: Hugo's `{{% insert "content/shared/del.md" "arg" %}}` and
//! `{{% include … %}}` idiom (a theme shortcode doing `readFile`, replacing `{0}`, `{1}`… with
//! the other arguments, and `markdownify`), which the Altinn Studio docs use to share text
//! between pages.
//!
//! The load stage finds the files pages insert ([`targets`]) and reads them ([`Includes`]);
//! the parse stage renders them in place (`markdown.rs`) with their front matter left out
//! ([`body`]) and the arguments filled in ([`fill`]). Pure functions; the reading is load's.

use std::collections::BTreeMap;

/// Names of the shortcodes that insert a file.
pub const NAMES: [&str; 2] = ["insert", "include"];

/// The texts of the files pages insert, by their path as written (relative to the site's
/// root, as Hugo's `readFile`; a leading `/` is left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Includes(BTreeMap<String, String>);

impl Includes {
    pub fn new(files: BTreeMap<String, String>) -> Includes {
        Includes(files)
    }

    /// The text of an inserted file, by its path as written in the shortcode.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(normalize(path)).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A fingerprint of every inserted file's path and text (part of the parse cache's key);
    /// 0 when there are none.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        if self.0.is_empty() {
            return 0;
        }
        let mut h = std::hash::DefaultHasher::new();
        self.0.hash(&mut h);
        h.finish()
    }
}

/// A path as the map holds it: without a leading `/` or `./`.
pub fn normalize(path: &str) -> &str {
    let p = path.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    p.trim_start_matches('/')
}

/// The paths of the files that `text` inserts (`{{% insert "path" … %}}`,
/// `{{< include path >}}`), normalized, in order of appearance.
pub fn targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i + 2;
        from = start;
        if !matches!(b.get(start), Some(b'%' | b'<')) {
            continue;
        }
        let rest = text[start + 1..].trim_start();
        let Some(name) = NAMES.iter().find(|n| {
            rest.starts_with(**n)
                && rest[n.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        }) else {
            continue;
        };
        let arg = rest[name.len()..].trim_start();
        let path = match arg.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next(),
            None => arg
                .split(|c: char| c.is_whitespace() || c == '%' || c == '>')
                .next(),
        };
        if let Some(p) = path.map(normalize).filter(|p| !p.is_empty()) {
            out.push(p.to_string());
        }
    }
    out
}

/// Whether a path may be read: relative, inside the site (no `..`), not empty.
pub fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path.split('/').all(|seg| seg != "..")
}

/// The text of an inserted file without its front matter (Hugo's `readFile` keeps it, and
/// `markdownify` then shows it as text; the partials of the Altinn Studio docs have
/// `hidden: true` and `headless: true` there).
pub fn body(text: &str) -> &str {
    let mut d = crate::diagnostics::Diagnostics::new();
    let (_, start) = super::frontmatter::parse("", text, &mut d);
    &text[start.min(text.len())..]
}

/// `text` with `{0}`, `{1}`… replaced by `args[1]`, `args[2]`… (`args[0]` is the path).
pub fn fill(text: &str, args: &[String]) -> String {
    let mut out = text.to_string();
    for (i, arg) in args.iter().enumerate().skip(1) {
        out = out.replace(&format!("{{{}}}", i - 1), arg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_found_in_both_forms() {
        let text = "Før.\n{{% insert \"content/shared/a.nb.md\" \"x\" %}}\n{{<include /content/b.md>}}\n{{< insertx \"c.md\" >}} {{% notice %}}\n{{%insert \"./d.md\"%}}";
        assert_eq!(
            targets(text),
            ["content/shared/a.nb.md", "content/b.md", "d.md"]
        );
        assert!(targets("{{ insert \"a.md\" }} {{% insert %}}").is_empty());
    }

    #[test]
    fn only_paths_inside_the_site_are_read() {
        assert!(is_safe("content/a.md"));
        assert!(!is_safe("../a.md"));
        assert!(!is_safe("content/../../a.md"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe("C:/x.md"));
        assert!(!is_safe(""));
    }

    #[test]
    fn front_matter_is_left_out_and_arguments_filled_in() {
        let text = "---\nhidden: true\nheadless: true\n---\nHei {0}, {1} og {0}. {2}\n";
        let args = ["p".to_string(), "Ola".to_string(), "Kari".to_string()];
        assert_eq!(fill(body(text), &args), "Hei Ola, Kari og Ola. {2}\n");
        assert_eq!(body("Bare tekst.\n"), "Bare tekst.\n");
        let includes = Includes::new(BTreeMap::from([("content/a.md".into(), "A".into())]));
        assert_eq!(includes.get("/content/a.md"), Some("A"));
        assert_eq!(includes.get("./content/a.md"), Some("A"));
        assert_eq!(includes.get("content/b.md"), None);
    }
}
