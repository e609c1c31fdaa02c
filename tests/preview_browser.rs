//! Live preview in real Chromium: `veiviser serve` on a scratch copy of the browser fixture
//! site, driven by `tests/browser/serve.mjs` (edit → new content without user action; error
//! overlay appears and disappears; CSS swapped without a navigation). Fails, never skips,
//! when Chromium or the node packages are missing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn live_reload_overlay_and_css_swap_in_chromium() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let browser = repo.join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: apt-get install -y chromium (./test.sh does this)"
    );
    if !browser.join("node_modules/playwright-core").is_dir() {
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&browser)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "npm ci in tests/browser failed");
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo.join("tests/fixtures/browser-site"), &root);
    // The site's own copy of the stylesheet, so the test can edit it.
    let css = root.join("themes/default/static/css/veiviser.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::copy(repo.join("themes/default/static/css/veiviser.css"), &css).unwrap();

    let mut server = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    while !line.contains("http://") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve exited early");
    }
    let url = line[line.find("http://").unwrap()..].trim().to_string();
    let result = Command::new("node")
        .arg(browser.join("serve.mjs"))
        .args(["--url", &url, "--root"])
        .arg(&root)
        .output()
        .expect("run node");
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "serve.mjs failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(stdout.matches("ok: ").count(), 4, "{stdout}");
}
