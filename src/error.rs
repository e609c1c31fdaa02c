//! System failures: IO and other problems outside the user's content.
//!
//! These are typed errors that name the path involved. Content problems are never errors of
//! this kind; they are [`crate::diagnostics::Diagnostic`]s.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing the output folder failed (disk full, read-only, …); nothing was swapped in.
    #[error("cannot write {out}: {source} (writing {path}); the output folder was not changed")]
    Output {
        out: PathBuf,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The new output is in place, but something the previous build had not written could
    /// not be moved into it: what is left of the previous output is kept at `kept`.
    #[error(
        "the new output is in {out}, but moving what an earlier build had not written into it failed: {source}; what was not moved is kept, with the previous output, at {kept}"
    )]
    KeptAside {
        out: PathBuf,
        kept: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Neither a config file nor a content folder: not a site.
    #[error(
        "{path} is not a site: it has no config file (veiviser.toml, hugo.toml or config.toml) and no content folder; run `veiviser init` to make one, or pass the site's folder with --root"
    )]
    NotASite { path: PathBuf },
    #[error("cannot walk {path}: {message}")]
    Walk { path: PathBuf, message: String },
    #[error("refusing to use {path} as the output folder: {reason}")]
    UnsafeOutput { path: PathBuf, reason: String },
    #[error("the site root {path} does not exist or is not a folder")]
    NoRoot { path: PathBuf },
    #[error("theme error in {name}: {message}")]
    Theme { name: String, message: String },
    #[error(
        "cannot listen on {addr}: {message} (is another server using the port? choose another with --port; 0 picks a free one)"
    )]
    Listen { addr: String, message: String },
    #[error("cannot watch for changes: {message}")]
    Watch { message: String },
    #[error("folder {path} already exists and is not empty")]
    NotEmpty { path: PathBuf },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}
