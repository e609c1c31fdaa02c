//! Write stage: put the rendered files on disk atomically.
//!
//! Everything is written to a fresh temporary folder beside the output folder and swapped
//! in with renames only when every file was written, so a failed or killed build leaves the
//! previous output untouched. Leftovers of a killed run are cleaned up by the next one.
//! `--out` is checked first: never the content folder, the site root, a parent of it, or `/`.
//! This is the only stage that writes to disk; it does not change what is written.

use crate::error::{Error, Result};
use crate::model::Asset;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The file that marks a folder as veiviser's output.
pub const MARKER: &str = ".veiviser-output";
const TMP_TAG: &str = ".veiviser-tmp-";
const OLD_TAG: &str = ".veiviser-old-";

/// Absolute, normalised form of a path that may not exist yet.
pub fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Lexically remove `.` and `..`, then canonicalise the longest existing prefix.
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other.as_os_str()),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for r in rest.into_iter().rev() {
        out.push(r);
    }
    out
}

/// Refuses output folders that would destroy the site or the system. An accepted folder is
/// then tidied: leftovers of a killed build beside it are removed, and an output folder it
/// had moved aside is put back, so even a build that then fails leaves the previous output.
pub fn check_out_dir(out: &Path, root: &Path, content: &Path) -> Result<()> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let content_abs = absolute(content);
    let refuse = |reason: &str| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if out_abs == content_abs {
        return refuse("it is the content folder");
    }
    if out_abs.starts_with(&content_abs) {
        return refuse("it is inside the content folder");
    }
    if out_abs == root_abs {
        return refuse("it is the site root");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out_abs
    {
        return refuse("it is the home folder");
    }
    if out_abs.is_file() {
        return refuse("it is a file");
    }
    if out_abs.is_dir() {
        let has_entries = std::fs::read_dir(&out_abs)
            .map_err(|e| Error::read(&out_abs, e))?
            .next()
            .is_some();
        let ours = out_abs.join(MARKER).exists() || out_abs.join("index.html").exists();
        if has_entries && !ours {
            return refuse(
                "it is a non-empty folder that does not look like a built site (no index.html); empty it or choose another folder",
            );
        }
    }
    if let (Some(parent), Some(name)) = (out_abs.parent(), out_abs.file_name()) {
        cleanup_leftovers(parent, &name.to_string_lossy(), &out_abs);
    }
    Ok(())
}

/// Writes `files` and copies `assets` into `out`, replacing its previous content atomically.
pub fn write(out: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<()> {
    let staging = Staging::begin(out)?;
    files
        .par_iter()
        .try_for_each(|f| staging.file(&f.path, &f.bytes))?;
    staging.finish(assets)
}

/// A build's output being written: files go into a temporary folder beside `out` as they
/// are made ([`Staging::file`], callable from many threads), and [`Staging::finish`] swaps
/// the folder in. Dropped without `finish` (an error, or a build with errors), the
/// temporary folder is removed and `out` is untouched.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// The output of an earlier build (it has our marker): files whose bytes are unchanged
    /// are hard-linked from it instead of written again.
    previous: Option<PathBuf>,
    finished: bool,
}

impl Staging {
    /// Cleans up leftovers of killed runs and creates the temporary folder.
    pub fn begin(out: &Path) -> Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| Error::UnsafeOutput {
                path: out.clone(),
                reason: "no parent folder".into(),
            })?
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::Output {
            out: out.clone(),
            path: parent.clone(),
            source: e,
        })?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        cleanup_leftovers(&parent, &name, &out);
        let pid = std::process::id();
        let staging = Staging {
            tmp: parent.join(format!(".{name}{TMP_TAG}{pid}")),
            old: parent.join(format!(".{name}{OLD_TAG}{pid}")),
            previous: out.join(MARKER).is_file().then(|| out.clone()),
            out,
            finished: false,
        };
        std::fs::create_dir_all(&staging.tmp).map_err(|e| staging.fail(&staging.tmp, e))?;
        let marker = staging.tmp.join(MARKER);
        std::fs::write(&marker, b"This folder is written by veiviser build.\n")
            .map_err(|e| staging.fail(&marker, e))?;
        Ok(staging)
    }

    /// A write error, naming the output folder and the file that could not be written.
    fn fail(&self, path: &Path, source: std::io::Error) -> Error {
        Error::Output {
            out: self.out.clone(),
            path: path.to_path_buf(),
            source,
        }
    }

    /// Starts a file that is written piece by piece ([`StagedFile::append`], then
    /// [`StagedFile::close`]), creating its folders as needed.
    pub fn stream(&self, rel: &str) -> Result<StagedFile<'_>> {
        let p = self.tmp.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| self.fail(dir, e))?;
        }
        let file = std::fs::File::create(&p).map_err(|e| self.fail(&p, e))?;
        Ok(StagedFile {
            staging: self,
            writer: std::io::BufWriter::with_capacity(256 * 1024, file),
            path: p,
            error: None,
        })
    }

    /// Writes one file (`rel` is `/`-separated, relative to the output folder), creating
    /// its folders as needed. When the previous output has the same bytes at `rel`, that
    /// file is hard-linked instead (no write; the previous output is ours and is removed
    /// after the swap).
    pub fn file(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let p = self.tmp.join(rel);
        let unchanged = self
            .previous
            .as_ref()
            .map(|prev| prev.join(rel))
            .filter(|old| {
                std::fs::symlink_metadata(old)
                    .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                    && std::fs::read(old).is_ok_and(|b| b == bytes)
            });
        let put = |p: &Path| {
            if let Some(old) = &unchanged
                && std::fs::hard_link(old, p).is_ok()
            {
                return Ok(());
            }
            std::fs::write(p, bytes)
        };
        match put(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = p.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| self.fail(dir, e))?;
                }
                put(&p).map_err(|e| self.fail(&p, e))
            }
            r => r.map_err(|e| self.fail(&p, e)),
        }
    }

    /// Copies the assets (a generated file wins over an asset at the same path; unchanged
    /// assets are hard-linked from the previous output) and swaps the folder in.
    pub fn finish(self, assets: &[Asset]) -> Result<()> {
        self.copy_assets(assets, |_| true)?;
        self.swap()
    }

    /// Copies the assets whose output path `which` accepts, unless a file is already at
    /// their path (a generated file wins over an asset, so assets where generated files are
    /// still to come must wait until those are written).
    pub fn copy_assets(&self, assets: &[Asset], which: impl Fn(&str) -> bool + Sync) -> Result<()> {
        assets
            .par_iter()
            .filter(|a| which(&a.out))
            .try_for_each(|a| {
                let p = self.tmp.join(&a.out);
                if p.exists() {
                    return Ok(());
                }
                if let Some(dir) = p.parent()
                    && !dir.is_dir()
                {
                    std::fs::create_dir_all(dir).map_err(|e| self.fail(dir, e))?;
                }
                if let Some(prev) = &self.previous
                    && reuse_previous(&prev.join(&a.out), &a.src, &p)
                {
                    return Ok(());
                }
                std::fs::copy(&a.src, &p)
                    .map(|_| ())
                    .map_err(|e| self.fail(&p, e))
            })
    }

    /// Swaps the staging folder in: out → old, tmp → out, remove old.
    pub fn swap(mut self) -> Result<()> {
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &self.old).map_err(|e| self.fail(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            if had_old {
                let _ = std::fs::rename(&self.old, &self.out);
            }
            return Err(self.fail(&self.out, e));
        }
        self.finished = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&self.old);
        }
        Ok(())
    }
}

/// A file of the staging folder written piece by piece. The first write error is kept and
/// returned by [`StagedFile::close`] (later pieces are dropped).
pub struct StagedFile<'s> {
    staging: &'s Staging,
    writer: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
    error: Option<std::io::Error>,
}

impl StagedFile<'_> {
    pub fn append(&mut self, bytes: &[u8]) {
        use std::io::Write;
        if self.error.is_none()
            && let Err(e) = self.writer.write_all(bytes)
        {
            self.error = Some(e);
        }
    }

    /// Flushes the file; the first error of any write, naming the file.
    pub fn close(mut self) -> Result<()> {
        use std::io::Write;
        let result = match self.error.take() {
            Some(e) => Err(e),
            None => self.writer.flush(),
        };
        result.map_err(|e| self.staging.fail(&self.path, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Hard-links an asset from the previous output when it is the same size and not older
/// than its source (the previous output is ours and is removed after the swap).
fn reuse_previous(old: &Path, src: &Path, dest: &Path) -> bool {
    let (Ok(o), Ok(s)) = (std::fs::symlink_metadata(old), std::fs::metadata(src)) else {
        return false;
    };
    let newer = matches!((o.modified(), s.modified()), (Ok(om), Ok(sm)) if om >= sm);
    o.is_file() && o.len() == s.len() && newer && std::fs::hard_link(old, dest).is_ok()
}

/// Removes temporary folders of earlier runs that were killed; restores an output folder
/// that a killed run had moved aside but not replaced. Folders of a build that is still
/// running (another `veiviser build` into the same folder) are left alone.
fn cleanup_leftovers(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}{TMP_TAG}");
    let old_prefix = format!(".{name}{OLD_TAG}");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let pid = n.rsplit('-').next().unwrap_or("");
        if (n.starts_with(&tmp_prefix) || n.starts_with(&old_prefix)) && running(pid) {
            continue;
        }
        if n.starts_with(&tmp_prefix) {
            let _ = std::fs::remove_dir_all(e.path());
        } else if n.starts_with(&old_prefix) {
            if !out.exists() {
                let _ = std::fs::rename(e.path(), out);
            } else {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Whether `pid` is another veiviser process that is still running (Linux `/proc`; where
/// that is missing, every leftover counts as a killed run's).
fn running(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        // A killed run had our process id: its folders are leftovers.
        return false;
    }
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .is_ok_and(|comm| comm.trim_end().starts_with("veiviser"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let content = root.join("content");
        std::fs::create_dir_all(&content).unwrap();
        assert!(check_out_dir(&content, &root, &content).is_err());
        assert!(check_out_dir(&root, &root, &content).is_err());
        assert!(check_out_dir(dir.path(), &root, &content).is_err());
        assert!(check_out_dir(Path::new("/"), &root, &content).is_err());
        assert!(check_out_dir(&content.join("x"), &root, &content).is_err());
        assert!(check_out_dir(&root.join("public"), &root, &content).is_ok());
        assert!(check_out_dir(&root.join("a/../content"), &root, &content).is_err());
    }

    #[test]
    fn swaps_atomically_and_cleans_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        };
        write(&out, &[f("index.html", "1"), f("a/index.html", "a")], &[]).unwrap();
        std::fs::create_dir_all(dir.path().join(".public.veiviser-tmp-99999")).unwrap();
        write(&out, &[f("index.html", "2")], &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("a").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["public"]);
    }

    #[test]
    fn check_puts_back_an_output_a_killed_run_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        std::fs::create_dir_all(root.join("content")).unwrap();
        // Killed between its two renames: the old output moved aside, the new one complete.
        // 4999999 is above Linux's highest process id, so that run is surely gone.
        let old = dir.path().join(".public.veiviser-old-4999999");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "gammel").unwrap();
        std::fs::create_dir_all(dir.path().join(".public.veiviser-tmp-4999999")).unwrap();
        check_out_dir(&out, &root, &root.join("content")).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "gammel"
        );
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["public", "site"]);
    }

    #[test]
    fn a_running_build_is_left_alone() {
        assert!(!running("4999999"));
        assert!(!running(&std::process::id().to_string()));
        assert!(!running("x"));
    }
}
