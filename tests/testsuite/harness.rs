#![allow(dead_code)]
//! A chainable harness over tiny fixture sites (in the spirit of mdBook's `BookTest`):
//! write a few files into a temporary site, run the real `veiviser` binary, then assert on
//! exit code, diagnostics and output files.
//!
//! ```ignore
//! Site::new()
//!     .page("content/a.md", "---\ntitle: A\n---\nHei")
//!     .build()
//!     .ok()
//!     .file_contains("public/a/index.html", "Hei");
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    dir: tempfile::TempDir,
    config: Option<String>,
}

pub struct Run {
    pub root: PathBuf,
    pub code: i32,
    pub stderr: String,
    pub stdout: String,
}

impl Site {
    /// A new site with a `veiviser.toml` (so broken links are errors).
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("tempdir"),
            config: Some("title = \"Test\"\nbase_url = \"/\"\n".into()),
        }
    }

    /// A site configured by a Hugo `config.toml` instead.
    pub fn hugo(config: &str) -> Site {
        Site::without_config().file("config.toml", config)
    }

    /// A site with no configuration file (add one with [`Site::file`]).
    pub fn without_config() -> Site {
        Site {
            dir: tempfile::tempdir().expect("tempdir"),
            config: None,
        }
    }

    pub fn config(mut self, toml: &str) -> Site {
        self.config = Some(toml.to_string());
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) relative to the site root.
    pub fn file(self, rel: &str, text: &str) -> Site {
        self.bytes(rel, text.as_bytes())
    }

    /// A markdown page with a title and a body.
    pub fn page(self, rel: &str, title: &str, body: &str) -> Site {
        let text = format!("---\ntitle: \"{title}\"\n---\n{body}");
        self.file(rel, &text)
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Site {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        self
    }

    /// Writes the configuration now (for tests that call the library, not the binary).
    pub fn write_config_for_tests(&self) {
        self.write_config();
    }

    fn write_config(&self) {
        if let Some(c) = &self.config {
            std::fs::write(self.dir.path().join("veiviser.toml"), c).unwrap();
        }
    }

    /// Runs `veiviser ARGS…` in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        self.write_config();
        let out = Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run veiviser");
        let run = Run {
            root: self.dir.path().to_path_buf(),
            code: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "veiviser panicked:\n{}",
            run.stderr
        );
        run
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }
}

impl Run {
    /// Exit code 0, no errors.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success, got:\n{}", self.stderr);
        self
    }

    /// Exit code 1 (content errors).
    pub fn fails(self) -> Run {
        assert_eq!(
            self.code, 1,
            "expected content errors (exit 1), got {}:\n{}",
            self.code, self.stderr
        );
        self
    }

    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "exit code, stderr:\n{}", self.stderr);
        self
    }

    /// A diagnostic line `path:line:col: severity: …message…` exists.
    pub fn diag(self, location: &str, severity: &str, message: &str) -> Run {
        let found = self
            .stderr
            .lines()
            .any(|l| l.starts_with(&format!("{location}: {severity}:")) && l.contains(message));
        assert!(
            found,
            "expected `{location}: {severity}: …{message}…` in:\n{}",
            self.stderr
        );
        self
    }

    /// Some diagnostic line contains `message`.
    pub fn stderr_contains(self, message: &str) -> Run {
        assert!(
            self.stderr.contains(message),
            "expected `{message}` in:\n{}",
            self.stderr
        );
        self
    }

    pub fn no_diagnostics(self) -> Run {
        let diags: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.contains(": warning:") || l.contains(": error:"))
            .collect();
        assert!(
            diags.is_empty(),
            "expected no diagnostics, got:\n{}",
            self.stderr
        );
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}\nstderr:\n{}", self.stderr))
    }

    pub fn exists(self, rel: &str) -> Run {
        assert!(
            self.root.join(rel).exists(),
            "{rel} should exist; stderr:\n{}",
            self.stderr
        );
        self
    }

    pub fn missing(self, rel: &str) -> Run {
        assert!(!self.root.join(rel).exists(), "{rel} should not exist");
        self
    }

    pub fn file_contains(self, rel: &str, needle: &str) -> Run {
        let text = self.read(rel);
        assert!(
            text.contains(needle),
            "{rel} should contain `{needle}`:\n{text}"
        );
        self
    }

    pub fn file_lacks(self, rel: &str, needle: &str) -> Run {
        let text = self.read(rel);
        assert!(
            !text.contains(needle),
            "{rel} should not contain `{needle}`"
        );
        self
    }

    /// The positions of `needles` in the file are in this order.
    pub fn in_order(self, rel: &str, needles: &[&str]) -> Run {
        let text = self.read(rel);
        let mut last = 0;
        for n in needles {
            let i = text[last..]
                .find(n)
                .unwrap_or_else(|| panic!("`{n}` not found in order in {rel}:\n{text}"));
            last += i + n.len();
        }
        self
    }
}
