//! `veiviser serve` against a real server on port 0: after every kind of edit, the served
//! site equals a fresh full build of the same files, byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Preview {
    child: Child,
    addr: String,
    /// What the server printed on stderr so far (timings and verification lines).
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Preview {
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("VEIVISER_TIMINGS", "1")
        .env("VEIVISER_VERIFY_INCREMENTAL", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start veiviser serve");
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://") {
            break line[i + 7..].trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Preview { child, addr, log }
}

/// A minimal HTTP/1.0 GET: (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, buf[split + 4..].to_vec())
}

fn status(addr: &str) -> serde_json::Value {
    serde_json::from_slice(&get(addr, "/__veiviser/status").2).unwrap()
}

/// Waits until the server has rebuilt after a change: the version moved on, or errors
/// appeared.
fn wait_for(addr: &str, prev_version: u64, expect_errors: bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let s = status(addr);
        let v = s["version"].as_u64().unwrap();
        let errors = s["errors"].as_array().map(|a| a.len()).unwrap_or(0);
        let settled = s["search_pending"] == false;
        if settled
            && ((expect_errors && errors > 0)
                || (!expect_errors && v > prev_version && errors == 0))
        {
            // Let a second burst of events from the same save settle.
            std::thread::sleep(Duration::from_millis(400));
            let again = status(addr);
            if again["version"] == s["version"] {
                return again;
            }
            continue;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no rebuild seen; status {s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const INJECT: &str = "<link rel=\"stylesheet\" href=\"/__veiviser/live.css\"><script src=\"/__veiviser/live.js\" defer></script>";

/// Every file of a fresh `build --base-url /` equals what the server serves, and the server
/// serves nothing more.
fn assert_same_as_full_build(addr: &str, root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["build", "--base-url", "/", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut built: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != ".veiviser-output")
        .collect();
    built.sort();
    let served: Vec<String> = serde_json::from_slice(&get(addr, "/__veiviser/files").2).unwrap();
    assert_eq!(served, built, "served files differ from a full build");
    for rel in &built {
        let want = std::fs::read(site.join(rel)).unwrap();
        let url = format!(
            "/{}",
            percent_encoding::utf8_percent_encode(rel, percent_encoding::CONTROLS)
        );
        let url = url.replace(' ', "%20");
        let (code, _, body) = get(addr, &url);
        assert_eq!(code, 200, "{rel}");
        let body = if rel.ends_with(".html") {
            String::from_utf8(body)
                .unwrap()
                .replacen(INJECT, "", 1)
                .into_bytes()
        } else {
            body
        };
        assert!(body == want, "{rel} differs from the full build");
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn served_site_equals_a_full_build_after_every_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "veiviser.toml",
        "title = \"Forhåndsvisning\"\nbase_url = \"/docs/\"\n",
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Hjem\n---\nVelkommen. Se [a](a/) og [b](/docs/b/).\n",
    );
    write(
        root,
        "content/a.md",
        "---\ntitle: A\nweight: 1\n---\n## Første\nTekst.\n",
    );
    write(
        root,
        "content/b.md",
        "---\ntitle: B\nweight: 2\n---\nMer tekst.\n",
    );
    let p = start(root);
    let addr = p.addr.clone();
    let mut v = status(&addr)["version"].as_u64().unwrap();
    assert_same_as_full_build(&addr, root);

    let mut step = |what: &str, f: &dyn Fn(), errors: bool| {
        let seen = p.log().len();
        f();
        let s = wait_for(&addr, v, errors);
        if !errors {
            v = s["version"].as_u64().unwrap();
            assert_same_as_full_build(&addr, root);
        }
        // The server compared itself with a full build after the rebuild.
        let deadline = Instant::now() + Duration::from_secs(20);
        while !p.log()[seen..].contains("verify:") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = p.log()[seen..].to_string();
        assert!(
            log.contains("verify: incremental build equals a full build")
                && !log.contains("DIFFERS"),
            "{what}: {log}"
        );
        eprintln!("ok: {what}");
        log
    };
    // Which way the server updated for a step (from its timing lines).
    let kinds = |log: &str| -> Vec<String> {
        log.lines()
            .filter_map(|l| l.strip_prefix("serve: "))
            .filter(|l| l.contains(" update in "))
            .filter_map(|l| l.split(' ').next())
            .map(str::to_string)
            .collect()
    };

    let log = step(
        "edit a page",
        &|| {
            write(
                root,
                "content/a.md",
                "---\ntitle: A\nweight: 1\n---\n## Første\nNy tekst her.\n",
            )
        },
        false,
    );
    assert_eq!(kinds(&log), ["Body"], "a body edit renders one page: {log}");
    // A body edit that breaks a link: an error from the fast path, and fixed again.
    let log = step(
        "break a link in a body",
        &|| {
            write(
                root,
                "content/b.md",
                "---\ntitle: B\nweight: 2\n---\nMer tekst. [Se](/docs/a/#finnes-ikke)\n",
            )
        },
        true,
    );
    assert!(kinds(&log).iter().all(|k| k == "Body"), "{log}");
    let log = step(
        "fix the link",
        &|| {
            write(
                root,
                "content/b.md",
                "---\ntitle: B\nweight: 2\n---\nMer tekst. [Se](/docs/a/#første)\n",
            )
        },
        false,
    );
    assert!(kinds(&log).iter().all(|k| k == "Body"), "{log}");
    // A heading edit changes what other pages may link to: resolved again.
    let log = step(
        "rename a heading another page links to",
        &|| {
            write(
                root,
                "content/a.md",
                "---\ntitle: A\nweight: 1\n---\n## Andre\nNy tekst her.\n",
            )
        },
        true,
    );
    assert!(kinds(&log).iter().all(|k| k == "Outline"), "{log}");
    step(
        "put the heading back",
        &|| {
            write(
                root,
                "content/a.md",
                "---\ntitle: A\nweight: 1\n---\n## Første\nNy tekst her.\n",
            )
        },
        false,
    );
    step(
        "create a page",
        &|| {
            write(
                root,
                "content/c/_index.md",
                "---\ntitle: C\n---\nEn seksjon.\n",
            )
        },
        false,
    );
    step(
        "change a title",
        &|| {
            write(
                root,
                "content/b.md",
                "---\ntitle: Bravo\nweight: 2\n---\nMer tekst.\n",
            )
        },
        false,
    );
    step(
        "change a weight",
        &|| {
            write(
                root,
                "content/b.md",
                "---\ntitle: Bravo\nweight: -1\n---\nMer tekst.\n",
            )
        },
        false,
    );
    step(
        "rename a page",
        &|| {
            std::fs::rename(
                root.join("content/c/_index.md"),
                root.join("content/c/index.md"),
            )
            .unwrap()
        },
        false,
    );
    step(
        "delete a page",
        &|| std::fs::remove_dir_all(root.join("content/c")).unwrap(),
        false,
    );
    // Break front matter: the last good site stays served, the error is reported.
    let before = get(&addr, "/a/").2;
    step(
        "break front matter",
        &|| write(root, "content/a.md", "---\ntitle: [A\n---\nNy tekst her.\n"),
        true,
    );
    let s = status(&addr);
    assert_eq!(s["errors"][0]["path"], "content/a.md");
    assert_eq!(s["errors"][0]["line"], 2);
    assert_eq!(
        get(&addr, "/a/").2,
        before,
        "the last good page stays served"
    );
    step(
        "fix front matter",
        &|| {
            write(
                root,
                "content/a.md",
                "---\ntitle: A fikset\nweight: 1\n---\n## Første\nNy tekst her.\n",
            )
        },
        false,
    );
    assert!(status(&addr)["errors"].as_array().unwrap().is_empty());
    step(
        "edit CSS",
        &|| {
            write(
                root,
                "themes/default/static/css/veiviser.css",
                "body { color: #111; }\n",
            )
        },
        false,
    );
    step(
        "edit a template",
        &|| {
            let base = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
            )
            .unwrap();
            write(
                root,
                "themes/default/templates/page.html",
                &base.replacen("{% block", "{# endret #}{% block", 1),
            );
        },
        false,
    );
    step(
        "edit config",
        &|| {
            write(
                root,
                "veiviser.toml",
                "title = \"Nytt navn\"\nbase_url = \"/docs/\"\n",
            )
        },
        false,
    );
}

#[test]
fn preview_is_safe_and_honest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "veiviser.toml", "title = \"T\"\nbase_url = \"/\"\n");
    write(root, "content/_index.md", "---\ntitle: Hjem\n---\nHei\n");
    write(root, "content/bilde.png", "PNG");
    std::fs::write(dir.path().join("hemmelig.txt"), "hemmelig").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("hemmelig.txt"),
        root.join("content/lenke.png"),
    )
    .unwrap();
    let p = start(root);
    let addr = &p.addr;
    let (code, head, body) = get(addr, "/");
    assert_eq!(code, 200);
    assert!(head.contains("Cache-Control: no-store"));
    assert!(head.contains("Content-Type: text/html; charset=utf-8"));
    assert!(String::from_utf8_lossy(&body).contains("/__veiviser/live.js"));
    assert_eq!(get(addr, "/bilde.png").0, 200);
    for bad in [
        "/../hemmelig.txt",
        "/%2e%2e/hemmelig.txt",
        "/%2E%2E%2Fhemmelig.txt",
        "/..%5chemmelig.txt",
        "/lenke.png",
        "//etc/passwd",
        "/etc/passwd",
    ] {
        let (code, _, body) = get(addr, bad);
        assert_eq!(code, 404, "{bad}");
        assert!(
            !String::from_utf8_lossy(&body).contains("hemmelig"),
            "{bad}"
        );
    }
    // HEAD gets headers only.
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "HEAD / HTTP/1.0\r\n\r\n").unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    assert!(
        buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200"),
        "{buf}"
    );
    assert!(
        buf.ends_with("\r\n\r\n"),
        "HEAD must not send a body: {buf:?}"
    );
    // A taken port is a clear error.
    let port = addr.rsplit(':').next().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["serve", "--port", port, "--root"])
        .arg(root)
        .output()
        .unwrap();
    // A usage error, as README's exit codes say.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot listen on 127.0.0.1:") && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn ipv6_loopback_works() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback on this machine");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: Hjem\n---\nHei\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["serve", "--bind", "::1", "--port", "0", "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut r = BufReader::new(child.stdout.take().unwrap());
    while !line.contains("http://") {
        line.clear();
        r.read_line(&mut line).unwrap();
    }
    let addr = line[line.find("http://").unwrap() + 7..]
        .trim()
        .trim_end_matches('/')
        .to_string();
    assert!(addr.starts_with("[::1]:"), "{addr}");
    let code = get(&addr, "/").0;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(code, 200);
}

/// While an editor saves again and again, the search index waits (the status says it is
/// pending, so nothing stale passes for current); once the preview is idle it is rebuilt
/// once, from the last files, reading only the changed page again.
#[test]
fn search_index_catches_up_once_the_preview_is_idle() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "veiviser.toml", "title = \"Søk\"\nbase_url = \"/\"\n");
    write(
        root,
        "content/_index.md",
        "---\ntitle: Hjem\n---\nVelkommen.\n",
    );
    write(root, "content/a.md", "---\ntitle: A\n---\nTekst.\n");
    write(root, "content/b.md", "---\ntitle: B\n---\nMer tekst.\n");
    let p = start(root);
    let addr = p.addr.clone();
    let v0 = status(&addr)["version"].as_u64().unwrap();
    // Six saves 100 ms apart (less than the idle time): the pages follow them, the index
    // waits and says so.
    for i in 0..6 {
        write(
            root,
            "content/a.md",
            &format!("---\ntitle: A\n---\nTekst {i} om brannmur.\n"),
        );
        let written = Instant::now();
        std::thread::sleep(Duration::from_millis(100));
        let s = status(&addr);
        // (Only when asked well within the idle time: a stalled test thread proves nothing.)
        if s["version"].as_u64().unwrap() > v0 && written.elapsed() < Duration::from_millis(350) {
            assert_eq!(
                s["search_pending"], true,
                "the index is behind the pages: {s}"
            );
        }
    }
    let s = wait_for(&addr, v0, false);
    assert_eq!(s["search_pending"], false);
    let log = p.log();
    let builds: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("search index updated"))
        .collect();
    // Not one per save (only a stalled test thread, over 400 ms between saves, lets one in).
    assert!(
        !builds.is_empty() && builds.len() < 6,
        "search builds after six saves:\n{log}"
    );
    let last = builds.last().unwrap();
    assert!(last.contains("(1 pages read again, 2 reused)"), "{log}");
    assert_same_as_full_build(&addr, root);
}

/// Previews a site made of `files` (plus a home page), writes `edit` (path, text), waits for
/// the rebuild and checks that the served site equals a full build before and after;
/// returns the preview's address and the site's folder.
fn preview_follows(
    files: &[(&str, &str)],
    edit: (&str, &str),
) -> (Preview, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "content/_index.md",
        "---\ntitle: Hjem\n---\nVelkommen.\n",
    );
    for (rel, text) in files {
        write(root, rel, text);
    }
    let p = start(root);
    let addr = p.addr.clone();
    let v0 = status(&addr)["version"].as_u64().unwrap();
    assert_same_as_full_build(&addr, root);
    write(root, edit.0, edit.1);
    wait_for(&addr, v0, false);
    assert_same_as_full_build(&addr, root);
    (p, addr, dir)
}

#[test]
fn an_edit_of_the_search_word_list_rebuilds_the_index() {
    // A word list in a folder of its own: its folder is watched, and the index follows.
    preview_follows(
        &[
            (
                "veiviser.toml",
                "title = \"Ord\"\nbase_url = \"/\"\n[search]\nwords = \"data/ord.txt\"\n",
            ),
            ("data/ord.txt", "brannmur\n"),
            (
                "content/a.md",
                "---\ntitle: A\n---\nBestill en brannmuråpning.\n",
            ),
        ],
        ("data/ord.txt", "brannmur\nåpning\n"),
    );
}

#[test]
fn a_file_added_to_a_pages_attachments_is_listed() {
    // The page's text is unchanged; its list of files is not.
    let (_p, addr, _dir) = preview_follows(
        &[
            ("veiviser.toml", "title = \"Filer\"\nbase_url = \"/\"\n"),
            ("content/a.md", "---\ntitle: A\n---\n{{% attachments /%}}\n"),
            ("content/a.files/en.pdf", "1"),
        ],
        ("content/a.files/to.pdf", "2"),
    );
    let (_, _, page) = get(&addr, "/a/");
    assert!(String::from_utf8_lossy(&page).contains(">to.pdf</a>"));
}
