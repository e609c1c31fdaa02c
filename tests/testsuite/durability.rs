//! Nothing lost: a build that is killed, that fills the disk or that meets a read-only
//! output folder leaves the previous output exactly as it was, says what went wrong with
//! the path, and leaves no temporary folders behind once the next run is over.
//!
//! The disk tests mount a small tmpfs (we are root here and in CI). Where `mount` is not
//! permitted they are skipped with a printed reason, except in CI (`CI=true`), where they
//! fail: a skipped durability test must never pass silently there.

use crate::harness::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` with its bytes (empty when `dir` does not exist).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Names in `dir` that belong to an unfinished build (`.public.veiviser-tmp-…`, `-old-…`).
fn strays(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".veiviser-tmp-") || n.contains(".veiviser-old-"))
        .collect();
    v.sort();
    v
}

fn veiviser(root: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_veiviser"));
    c.args(args).current_dir(root);
    c
}

fn small_site() -> Site {
    Site::new()
        .page("content/_index.md", "Hjem", "Velkommen.\n")
        .page("content/a.md", "A", "Første utgave.\n")
}

// ---------------------------------------------------------------------------
// Killed mid-build
// ---------------------------------------------------------------------------

/// Adds 1,000 generated pages: enough that the build is still rendering well after it has
/// created its temporary folder.
fn grow(mut site: Site) -> Site {
    for s in 0..10 {
        site = site.page(
            &format!("content/s{s}/_index.md"),
            &format!("Seksjon {s}"),
            "Oversikt.\n",
        );
        for p in 0..100 {
            let body = format!(
                "## Innledning\n\nSide {p} om tilganger. [Neste](../s{}/p{p}.md)\n\n## Detaljer\n\n{}\n",
                (s + 1) % 10,
                "Mer tekst om skjema og brannmur. ".repeat(40)
            );
            site = site.page(
                &format!("content/s{s}/p{p}.md"),
                &format!("Side {s}.{p}"),
                &body,
            );
        }
    }
    site
}

/// Starts `veiviser build`, waits for its temporary folder to appear and kills it with
/// SIGKILL. Returns the names of the leftovers.
fn build_and_kill(site: &Site) -> Vec<String> {
    let mut child = veiviser(site.root(), &["build"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start veiviser");
    let start = Instant::now();
    loop {
        if !strays(site.root()).is_empty() {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before its temporary folder was seen");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary folder after 120 s"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build should have been killed");
    strays(site.root())
}

/// After the kill the previous output must be intact: in `public/`, or (killed between the
/// two renames of the swap) in the folder that the next run puts back.
fn assert_previous_output_kept(root: &Path, before: &BTreeMap<String, Vec<u8>>) {
    let public = snapshot(&root.join("public"));
    if public.is_empty() {
        let old = strays(root)
            .into_iter()
            .find(|n| n.contains(".veiviser-old-"))
            .expect("public/ is gone and no moved-aside copy exists");
        assert!(
            snapshot(&root.join(old)) == *before,
            "the moved-aside output changed"
        );
    } else {
        assert!(public == *before, "a killed build changed public/");
    }
}

#[cfg(unix)]
#[test]
fn killed_build_keeps_the_previous_output_and_the_next_run_cleans_up() {
    let site = small_site();
    let first = site.build();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let public = site.root().join("public");
    let before = snapshot(&public);

    // Killed mid-build (a build with errors never stages, so this one has none)…
    let site = grow(site);
    let left = build_and_kill(&site);
    assert!(
        left.iter().any(|n| n.starts_with(".public.veiviser-tmp-")),
        "the kill should leave the temporary folder behind: {left:?}"
    );
    assert_previous_output_kept(site.root(), &before);
    // …then the next run fails (a broken link): still the first output, and the killed
    // run's temporary folder is gone.
    let site = site.page("content/brutt.md", "Brutt", "[lenke](borte.md)\n");
    let failed = site.build();
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(
        failed.stderr.contains(
            "content/brutt.md:4:1: error: broken link `borte.md`: no content file borte.md"
        ),
        "{}",
        failed.stderr
    );
    assert!(snapshot(&public) == before, "public/ changed");
    assert_eq!(strays(site.root()), Vec::<String>::new());

    // Killed again, then the next run succeeds: the new site, no leftovers.
    std::fs::remove_file(site.root().join("content/brutt.md")).unwrap();
    build_and_kill(&site);
    assert_previous_output_kept(site.root(), &before);
    let ok = site.build();
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(strays(site.root()), Vec::<String>::new());
    let after = snapshot(&public);
    assert!(after.contains_key("s9/p99/index.html"));
    assert!(!after.contains_key("brutt/index.html"));
}

/// A killed run that had already moved the old output aside (between the two renames of
/// the swap): the next run, even a failing one, puts it back.
#[test]
fn output_moved_aside_by_a_killed_run_is_put_back() {
    let site = small_site();
    assert_eq!(site.build().code, 0);
    let public = site.root().join("public");
    let before = snapshot(&public);
    // 4999999 is above Linux's highest process id: that run is surely gone.
    std::fs::rename(&public, site.root().join(".public.veiviser-old-4999999")).unwrap();
    std::fs::create_dir_all(site.root().join(".public.veiviser-tmp-4999999/a")).unwrap();
    let site = site.page("content/b.md", "B", "[lenke](borte.md)\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        snapshot(&public) == before,
        "the old output was not put back"
    );
    assert_eq!(strays(site.root()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Full disk and read-only output (tmpfs)
// ---------------------------------------------------------------------------

/// A tmpfs mounted for one test; unmounted when dropped (also when the test fails).
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Mounts a tmpfs of `size` at `dir`, or explains why not: `None` means skip (never in CI).
fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output();
    let why = match out {
        Ok(o) if o.status.success() => return Some(Mount(dir.to_path_buf())),
        Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
        Err(e) => format!("cannot run mount: {e}"),
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "cannot mount a tmpfs at {} ({why}); CI must run this test as root with mount permission",
            dir.display()
        );
    }
    eprintln!(
        "skipped: cannot mount a tmpfs at {} ({why}); run as root to test full and read-only disks",
        dir.display()
    );
    None
}

fn remount(dir: &Path, options: &str) {
    let st = Command::new("mount")
        .args(["-o", options])
        .arg(dir)
        .status()
        .unwrap();
    assert!(st.success(), "mount -o {options} {}", dir.display());
}

/// The one `error:` line of a failed write: the output folder, the OS error, the file.
fn assert_write_error(stderr: &str, out: &Path, os_error: &str, writing: &Path) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let head = format!(
        "error: cannot write {}: {os_error} (writing {}",
        out.display(),
        writing.display()
    );
    assert!(
        lines[0].starts_with(&head) && lines[0].ends_with("); the output folder was not changed"),
        "expected `{head}…); the output folder was not changed`, got:\n{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn full_disk_keeps_the_previous_output() {
    let site = small_site();
    let disk_dir = tempfile::tempdir().unwrap();
    let disk = disk_dir.path().join("disk");
    let Some(_mount) = tmpfs(&disk, "1m") else {
        return;
    };
    let out = disk.join("public");
    let out_arg = out.to_str().unwrap();
    let first = site.run(&["build", "--out", out_arg]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&out);

    // A 2 MB attachment does not fit beside the old output.
    let big: Vec<u8> = (0..2 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let site = site
        .bytes("static/stor.bin", &big)
        .page("content/a.md", "A", "Andre utgave.\n");
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_write_error(
        &run.stderr,
        &out,
        "No space left on device (os error 28)",
        &disk.join(".public.veiviser-tmp-"),
    );
    assert!(snapshot(&out) == before, "a full disk changed the output");
    assert_eq!(strays(&disk), Vec::<String>::new());

    // The space is free again: without the attachment the build goes through.
    std::fs::remove_file(site.root().join("static/stor.bin")).unwrap();
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(out.join("a/index.html"))
            .unwrap()
            .contains("Andre utgave.")
    );
    assert_eq!(strays(&disk), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn read_only_file_system_keeps_the_previous_output() {
    let site = small_site();
    let disk_dir = tempfile::tempdir().unwrap();
    let disk = disk_dir.path().join("disk");
    let Some(_mount) = tmpfs(&disk, "4m") else {
        return;
    };
    let out = disk.join("public");
    let out_arg = out.to_str().unwrap();
    let first = site.run(&["build", "--out", out_arg]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&out);
    // Root ignores permission bits: make the whole file system read-only instead.
    remount(&disk, "remount,ro");

    let site = site.page("content/a.md", "A", "Andre utgave.\n");
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_write_error(
        &run.stderr,
        &out,
        "Read-only file system (os error 30)",
        &disk.join(".public.veiviser-tmp-"),
    );
    assert!(snapshot(&out) == before, "the read-only output changed");
    assert_eq!(strays(&disk), Vec::<String>::new());

    remount(&disk, "remount,rw");
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(strays(&disk), Vec::<String>::new());
}

/// The output folder itself read-only (a read-only bind mount), its parent writable: the
/// new output is staged beside it, but it cannot be swapped in.
#[cfg(unix)]
#[test]
fn read_only_output_folder_keeps_the_previous_output() {
    let site = small_site();
    let disk_dir = tempfile::tempdir().unwrap();
    let disk = disk_dir.path().join("disk");
    let Some(_mount) = tmpfs(&disk, "4m") else {
        return;
    };
    let out = disk.join("public");
    let out_arg = out.to_str().unwrap();
    let first = site.run(&["build", "--out", out_arg]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&out);
    let bind = Command::new("mount")
        .arg("--bind")
        .arg(&out)
        .arg(&out)
        .status()
        .unwrap();
    assert!(bind.success(), "mount --bind");
    let _bind = Mount(out.clone());
    remount(&out, "remount,bind,ro");

    let site = site.page("content/a.md", "A", "Andre utgave.\n");
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_write_error(
        &run.stderr,
        &out,
        "Device or resource busy (os error 16)",
        &out,
    );
    assert!(snapshot(&out) == before, "the read-only output changed");
    assert_eq!(strays(&disk), Vec::<String>::new());
}
