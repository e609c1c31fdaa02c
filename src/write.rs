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

/// The file that marks a folder as veiviser's output. After its first line it lists the
/// files the build wrote (`/`-separated, one per line): the next build replaces those and
/// keeps whatever else was put in the folder (a `.git`, a `CNAME`).
pub const MARKER: &str = ".veiviser-output";
const MARKER_HEADER: &str = "This folder is written by veiviser build.\n";
const MARKER_LIST: &str =
    "The files it wrote (anything else put here is kept by the next build):\n";
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

/// Refuses output folders that would destroy the site or the system: the file system root,
/// the site root or a folder that contains it, an input folder (`inputs`: what it is called
/// and where it is, such as the content and static folders) or a folder inside or around one,
/// the home folder, a file, and a non-empty folder that veiviser did not write (no
/// [`MARKER`]). An accepted folder is then tidied: leftovers of a killed build beside it are
/// removed, and an output folder it had moved aside is put back, so even a build that then
/// fails leaves the previous output.
pub fn check_out_dir(out: &Path, root: &Path, inputs: &[Input]) -> Result<()> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let refuse = |reason: &str| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if out_abs == root_abs {
        return refuse("it is the site root");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site root");
    }
    for input in inputs {
        let (name, dir_abs) = (input.name, absolute(&input.dir));
        if out_abs == dir_abs {
            return refuse(&format!("it is the {name}"));
        }
        if out_abs.starts_with(&dir_abs) && !input.output_inside {
            return refuse(&format!("it is inside the {name}"));
        }
        if dir_abs.starts_with(&out_abs) {
            return refuse(&format!("it contains the {name}"));
        }
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
        if has_entries && !out_abs.join(MARKER).exists() {
            return refuse(&format!(
                "it is a folder that veiviser did not write (it has no {MARKER} file) and it is not empty; \
                 veiviser replaces only its own output, so that nothing of yours is lost: \
                 empty or remove it (say, a site Hugo built there), or choose another folder"
            ));
        }
    }
    if let (Some(parent), Some(name)) = (out_abs.parent(), out_abs.file_name()) {
        cleanup_leftovers(parent, &name.to_string_lossy(), &out_abs);
    }
    Ok(())
}

/// A folder the build reads, which the output folder must not be ([`check_out_dir`]).
pub struct Input {
    /// What it is called in messages (`content folder`).
    pub name: &'static str,
    pub dir: PathBuf,
    /// Whether the output may be a folder inside it.
    pub output_inside: bool,
}

impl Input {
    pub fn new(name: &'static str, dir: PathBuf) -> Input {
        Input {
            name,
            dir,
            output_inside: false,
        }
    }

    /// The output may be inside it (it is not the folder itself, nor around it).
    pub fn output_inside(self) -> Input {
        Input {
            output_inside: true,
            ..self
        }
    }
}

/// Writes `files` and copies `assets` into `out`, replacing its previous content atomically
/// (see [`Staging::swap`] for what is kept of it).
pub fn write(out: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<Vec<String>> {
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
        std::fs::write(&marker, MARKER_HEADER).map_err(|e| staging.fail(&marker, e))?;
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

    /// A failed copy of `src` to `dest`: the source's fault when it cannot be read (named as
    /// such, not as a write error of the output), else the output's.
    fn copy_failed(&self, src: &Path, dest: &Path, e: std::io::Error) -> Error {
        match std::fs::File::open(src) {
            Err(read) => Error::read(src, read),
            Ok(_) => self.fail(dest, e),
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
    pub fn finish(self, assets: &[Asset]) -> Result<Vec<String>> {
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
                    .map_err(|e| self.copy_failed(&a.src, &p, e))
            })
    }

    /// Swaps the staging folder in: out → old, tmp → out, then moves what the previous build
    /// did not write (by its marker's list) from old into the new output, and removes old.
    /// Returns the paths of such files that this build wrote over (its file wins).
    ///
    /// The list of what this build wrote goes into the marker first. A previous output whose
    /// marker has no list (written by an earlier veiviser) is all its own. Should a move fail,
    /// what is left of the previous output is kept beside the new one ([`Error::KeptAside`]).
    pub fn swap(mut self) -> Result<Vec<String>> {
        let marker = self.tmp.join(MARKER);
        let mut list = format!("{MARKER_HEADER}{MARKER_LIST}");
        for f in files_under(&self.tmp).into_iter().filter(|f| f != MARKER) {
            list.push_str(&f);
            list.push('\n');
        }
        std::fs::write(&marker, list).map_err(|e| self.fail(&marker, e))?;
        let had_old = self.out.exists();
        let earlier = had_old.then(|| written_by(&self.out)).flatten();
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
        let mut replaced = Vec::new();
        if let Some(listed) = earlier
            && let Err(e) = carry_over(&self.old, &self.out, &listed, &mut replaced)
        {
            // Out of the way of the next build's clean-up, which removes old folders.
            let kept = self.old.with_file_name(
                self.old
                    .file_name()
                    .map(|n| n.to_string_lossy().replace(OLD_TAG, ".veiviser-kept-"))
                    .unwrap_or_default(),
            );
            let kept = match std::fs::rename(&self.old, &kept) {
                Ok(()) => kept,
                Err(_) => self.old.clone(),
            };
            return Err(Error::KeptAside {
                out: self.out.clone(),
                kept,
                source: e,
            });
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&self.old);
        }
        Ok(replaced)
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

/// The files under `dir` (and symbolic links), `/`-separated relative paths, sorted. A name
/// that is not UTF-8 is left out (the next build then keeps that file as not its own).
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_str()?;
            Some(rel.replace('\\', "/"))
        })
        .filter(|f| !f.contains('\n'))
        .collect();
    files.sort();
    files
}

/// What the build that wrote the output folder `out` wrote, by its marker: its files, and
/// every folder above them. `None` when the marker has no list.
fn written_by(out: &Path) -> Option<Written> {
    let text = std::fs::read_to_string(out.join(MARKER)).ok()?;
    let rest = text
        .strip_prefix(MARKER_HEADER)?
        .strip_prefix(MARKER_LIST)?;
    let mut w = Written::default();
    for f in rest.lines().filter(|l| !l.is_empty()) {
        let mut dir = f;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if !w.dirs.insert(parent.to_string()) {
                break;
            }
            dir = parent;
        }
        w.files.insert(f.to_string());
    }
    Some(w)
}

/// The files an earlier build wrote and the folders above them.
#[derive(Default)]
struct Written {
    files: std::collections::HashSet<String>,
    dirs: std::collections::HashSet<String>,
}

/// Moves what `listed` does not name from the previous output `old` into the new output
/// `new`, at the same place: a whole folder when nothing in it was the build's. Where the new
/// output has something at that place already, the old entry is not moved and its path goes
/// to `replaced`.
fn carry_over(
    old: &Path,
    new: &Path,
    listed: &Written,
    replaced: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(old.join(&rel))?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let r = rel.join(entry.file_name());
            let key = r.to_str().map(|k| k.replace('\\', "/"));
            if key.as_deref() == Some(MARKER) {
                continue;
            }
            let is_dir = entry.file_type()?.is_dir();
            let target = new.join(&r);
            let target_is_dir = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir());
            let ours = key.as_ref().is_some_and(|k| {
                if is_dir {
                    listed.dirs.contains(k)
                } else {
                    listed.files.contains(k)
                }
            });
            if is_dir && (ours || target_is_dir) {
                // Something in it was the build's, or the new output has the folder: look
                // inside.
                stack.push(r);
                continue;
            }
            if ours {
                continue;
            }
            // Not the earlier build's: it stays, unless the new output has that path (or a
            // file where one of its folders would go).
            if std::fs::symlink_metadata(&target).is_ok() || blocked(new, &r) {
                replaced.push(key.unwrap_or_else(|| r.to_string_lossy().into_owned()));
                continue;
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(old.join(&r), &target)?;
        }
    }
    replaced.sort();
    Ok(())
}

/// Whether a folder on the way to `rel` in `new` is a file (so nothing can go there).
fn blocked(new: &Path, rel: &Path) -> bool {
    let mut p = new.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        p.push(c);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if !m.is_dir() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
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
        let inputs = [
            Input::new("content folder", content.clone()),
            Input::new("static folder", root.join("static")).output_inside(),
        ];
        let refused = |out: &Path| match check_out_dir(out, &root, &inputs) {
            Err(Error::UnsafeOutput { reason, .. }) => reason,
            other => panic!("{} accepted: {other:?}", out.display()),
        };
        assert_eq!(refused(&content), "it is the content folder");
        assert_eq!(refused(&root), "it is the site root");
        assert_eq!(refused(dir.path()), "it contains the site root");
        assert_eq!(refused(Path::new("/")), "it is the file system root");
        assert_eq!(
            refused(&content.join("x")),
            "it is inside the content folder"
        );
        assert_eq!(
            refused(&root.join("a/../content")),
            "it is the content folder"
        );
        // An input folder that does not exist yet is refused as well.
        assert_eq!(refused(&root.join("static")), "it is the static folder");
        // Inside it is allowed: the load stage skips a built site there.
        assert!(check_out_dir(&root.join("static/x"), &root, &inputs).is_ok());
        assert!(check_out_dir(&root.join("public"), &root, &inputs).is_ok());
        // A non-empty folder is replaced only when veiviser wrote it, whatever is in it.
        let hugo = root.join("hugo-public");
        std::fs::create_dir_all(&hugo).unwrap();
        std::fs::write(hugo.join("index.html"), "Hugo").unwrap();
        assert!(refused(&hugo).contains("did not write"));
        std::fs::write(hugo.join(MARKER), MARKER_HEADER).unwrap();
        assert!(check_out_dir(&hugo, &root, &inputs).is_ok());
    }

    /// The names in a folder, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn file(path: &str, body: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_marker_lists_what_the_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            &[file("index.html", "1"), file("a/b/index.html", "b")],
            &[],
        )
        .unwrap();
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert_eq!(
            marker,
            format!("{MARKER_HEADER}{MARKER_LIST}a/b/index.html\nindex.html\n")
        );
        let w = written_by(&out).unwrap();
        assert!(
            w.files.contains("a/b/index.html") && w.dirs.contains("a") && w.dirs.contains("a/b")
        );
    }

    #[test]
    fn what_an_earlier_build_did_not_write_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            file("index.html", "1"),
            file("gammel/index.html", "g"),
            file("a/index.html", "a"),
            file("b/index.html", "b"),
        ];
        write(&out, &first, &[]).unwrap();
        // Put there by hand: a git checkout, a file at the top, one beside the build's files,
        // one in a folder the next build no longer writes, and one where the next build
        // writes a file of its own.
        std::fs::create_dir_all(out.join(".git/objects")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        std::fs::write(out.join("a/notat.txt"), "mitt").unwrap();
        std::fs::write(out.join("gammel/notat.txt"), "mitt").unwrap();
        std::fs::write(out.join("robots.txt"), "for hand").unwrap();
        let second = [
            file("index.html", "2"),
            file("a/index.html", "a"),
            file("robots.txt", "ny"),
        ];
        let replaced = write(&out, &second, &[]).unwrap();
        assert_eq!(replaced, vec!["robots.txt".to_string()]);
        let read = |p: &str| std::fs::read_to_string(out.join(p)).ok();
        assert_eq!(read("index.html").as_deref(), Some("2"));
        assert_eq!(read(".git/HEAD").as_deref(), Some("ref"));
        assert!(out.join(".git/objects").is_dir());
        assert_eq!(read("CNAME").as_deref(), Some("example.org"));
        assert_eq!(read("a/notat.txt").as_deref(), Some("mitt"));
        assert_eq!(read("gammel/notat.txt").as_deref(), Some("mitt"));
        assert_eq!(read("robots.txt").as_deref(), Some("ny"));
        // What the earlier build wrote and this one did not is gone.
        assert!(!out.join("gammel/index.html").exists());
        assert!(!out.join("b").exists());
        // What was kept stays not the build's: kept again by the build after.
        write(&out, &[file("index.html", "3")], &[]).unwrap();
        assert_eq!(read("CNAME").as_deref(), Some("example.org"));
        assert_eq!(read("a/notat.txt").as_deref(), Some("mitt"));
        assert!(!out.join("a/index.html").exists());
        // Nothing is left beside the output folder.
        assert_eq!(names_in(dir.path()), ["public"]);
    }

    #[test]
    fn an_output_of_an_earlier_veiviser_without_a_list_is_all_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(MARKER), MARKER_HEADER).unwrap();
        std::fs::write(out.join("gammel.html"), "g").unwrap();
        write(&out, &[file("index.html", "1")], &[]).unwrap();
        assert!(!out.join("gammel.html").exists());
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
        assert_eq!(names_in(dir.path()), ["public"]);
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
        check_out_dir(
            &out,
            &root,
            &[Input::new("content folder", root.join("content"))],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "gammel"
        );
        assert_eq!(names_in(dir.path()), ["public", "site"]);
    }

    #[test]
    fn a_copy_names_the_source_when_it_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&dir.path().join("public")).unwrap();
        let gone = dir.path().join("static/borte.png");
        let err = std::io::Error::from(std::io::ErrorKind::NotFound);
        match staging.copy_failed(&gone, &staging.tmp.join("borte.png"), err) {
            Error::Read { path, .. } => assert_eq!(path, gone),
            other => panic!("{other:?}"),
        }
        // A readable source: the output is at fault.
        let here = dir.path().join("her.png");
        std::fs::write(&here, "png").unwrap();
        let err = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            staging.copy_failed(&here, &staging.tmp.join("her.png"), err),
            Error::Output { .. }
        ));
    }

    #[test]
    fn a_running_build_is_left_alone() {
        assert!(!running("4999999"));
        assert!(!running(&std::process::id().to_string()));
        assert!(!running("x"));
    }
}
