//! `veiviser serve` under faults, against a real server on port 0: files that vanish while a
//! rebuild reads them, the content folder renamed away and back, a thousand files changed at
//! once, clients that hang up mid-response, slow-loris connections and a process that runs
//! out of file descriptors. After each, the server must still be up, must answer other
//! clients quickly, and must serve exactly what a fresh `build --base-url /` of the same
//! files writes (plus the injected reload tags).
//!
//! Nothing here depends on tight timings: every wait polls for a condition with a generous
//! deadline.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INJECT: &str = "<link rel=\"stylesheet\" href=\"/__veiviser/live.css\"><script src=\"/__veiviser/live.js\" defer></script>";

/// How long a request may take before the server counts as stuck. Generous: the machine is
/// shared and the tests run in parallel.
const PATIENCE: Duration = Duration::from_secs(15);

pub(crate) struct Preview {
    child: Child,
    pub(crate) addr: String,
}

impl Preview {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server process is still running.
    fn assert_alive(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("the preview server exited: {status}");
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_veiviser")
}

/// Starts `veiviser serve --port 0` on `root`; `max_files` limits its file descriptors
/// (`ulimit -n`), to run it out of them on purpose.
fn start_with(root: &Path, max_files: Option<u32>) -> Preview {
    let mut cmd = match max_files {
        None => {
            let mut c = Command::new(bin());
            c.args(["serve", "--port", "0", "--root"]).arg(root);
            c
        }
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!(
                    "ulimit -n {n} && exec \"$0\" serve --port 0 --root \"$1\""
                ))
                .arg(bin())
                .arg(root);
            c
        }
    };
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start veiviser serve");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    // Keep draining stderr so the server never blocks on a full pipe; echo panics.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("panicked") {
                eprintln!("veiviser serve: {line}");
            }
        }
    });
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("serve printed its address")
            .expect("read serve's output");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Preview { child, addr }
}

pub(crate) fn start(root: &Path) -> Preview {
    start_with(root, None)
}

fn connect(addr: &str) -> std::io::Result<TcpStream> {
    let sock: std::net::SocketAddr = addr.parse().expect("socket address");
    let s = TcpStream::connect_timeout(&sock, PATIENCE)?;
    s.set_read_timeout(Some(PATIENCE))?;
    s.set_write_timeout(Some(PATIENCE))?;
    Ok(s)
}

/// A minimal HTTP/1.0 GET: (status, headers, body), or why it failed.
fn try_get(addr: &str, path: &str) -> Result<(u16, String, Vec<u8>), String> {
    let mut s = connect(addr).map_err(|e| format!("connect: {e}"))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").map_err(|e| format!("send: {e}"))?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)
        .map_err(|e| format!("read {path}: {e}"))?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete head in {:?}", String::from_utf8_lossy(&buf)))?;
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad status line: {head}"))?;
    let body = buf[split + 4..].to_vec();
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        && len != body.len()
    {
        return Err(format!(
            "{path}: Content-Length {len} but {} body bytes",
            body.len()
        ));
    }
    Ok((status, head, body))
}

pub(crate) fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    try_get(addr, path).unwrap_or_else(|e| panic!("GET {path} failed: {e}"))
}

pub(crate) fn status(addr: &str) -> serde_json::Value {
    serde_json::from_slice(&get(addr, "/__veiviser/status").2).expect("status is JSON")
}

pub(crate) fn errors(s: &serde_json::Value) -> usize {
    s["errors"].as_array().map(Vec::len).unwrap_or(0)
}

pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n{body}\n")
}

/// A small site: a home page, two sections and `n` pages in a third.
fn site(root: &Path, n: usize) {
    write(
        root,
        "veiviser.toml",
        "title = \"Feil\"\nbase_url = \"/\"\n",
    );
    write(
        root,
        "content/_index.md",
        &page("Hjem", "Velkommen. Se [a](a/)."),
    );
    write(
        root,
        "content/a.md",
        "---\ntitle: A\nweight: 1\n---\n## Første\nTekst.\n",
    );
    write(root, "content/b/_index.md", &page("B", "En seksjon."));
    write(root, "content/b/c.md", &page("C", "Side C."));
    write(root, "static/fil.txt", "statisk\n");
    for i in 0..n {
        write(
            root,
            &format!("content/mange/side-{i:04}.md"),
            &page(
                &format!("Side {i}"),
                &format!("## Del {i}\nTekst om side {i}."),
            ),
        );
    }
}

/// What a fresh `veiviser build --base-url /` of `root` writes: path → bytes.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    // In memory when the machine has a tmpfs: the build syncs every file it writes, which on
    // a busy disk takes far longer than building.
    let out = tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap();
    let dir = out.path().join("site");
    let run = Command::new(bin())
        .args(["build", "--base-url", "/", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the full build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(p, _)| p != ".veiviser-output")
        .collect()
}

/// Whether the server serves exactly `built`: the same list of files, and the same bytes
/// for every file `check` selects (all of them, or a sample of a big site).
fn serves(
    addr: &str,
    built: &BTreeMap<String, Vec<u8>>,
    check: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let s: serde_json::Value = serde_json::from_slice(&try_get(addr, "/__veiviser/status")?.2)
        .map_err(|e| format!("status: {e}"))?;
    if errors(&s) > 0 {
        return Err(format!("status has errors: {s}"));
    }
    let list = try_get(addr, "/__veiviser/files")?.2;
    let served: Vec<String> = serde_json::from_slice(&list).map_err(|e| format!("files: {e}"))?;
    let want: Vec<&String> = built.keys().collect();
    if served.iter().collect::<Vec<_>>() != want {
        let extra: Vec<_> = served
            .iter()
            .filter(|p| !built.contains_key(*p))
            .take(5)
            .collect();
        let missing: Vec<_> = want
            .iter()
            .filter(|p| !served.contains(p))
            .take(5)
            .collect();
        return Err(format!(
            "served {} files, a full build has {}; extra {extra:?}, missing {missing:?}",
            served.len(),
            built.len()
        ));
    }
    for (rel, want) in built {
        if !check(rel) {
            continue;
        }
        let url = format!(
            "/{}",
            percent_encoding::utf8_percent_encode(rel, percent_encoding::CONTROLS)
        )
        .replace(' ', "%20");
        let (code, _, body) = try_get(addr, &url)?;
        if code != 200 {
            return Err(format!("{rel}: status {code}"));
        }
        let body = if rel.ends_with(".html") {
            String::from_utf8_lossy(&body)
                .replacen(INJECT, "", 1)
                .into_bytes()
        } else {
            body
        };
        if &body != want {
            return Err(format!("{rel} differs from the full build"));
        }
    }
    Ok(())
}

/// Waits until the server serves what a fresh full build of `root` writes now (the files
/// must have stopped changing). Checks every file, or only those `check` selects.
fn wait_until_same_as_build(p: &mut Preview, root: &Path, check: &dyn Fn(&str) -> bool) {
    let built = full_build(root);
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(90) {
        p.assert_alive();
        match serves(&p.addr, &built, check) {
            Ok(()) => return,
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("the server never caught up with the files on disk: {last}");
}

fn every_file(_: &str) -> bool {
    true
}

/// The pages of the big section, sampled; everything else in full.
fn sample(rel: &str) -> bool {
    match rel.strip_prefix("mange/side-") {
        Some(rest) => rest.starts_with("00") || rest.ends_with("7/index.html"),
        None => !rel.starts_with("search/p/") || rel.ends_with("0.json"),
    }
}

/// A normal client is served, and quickly.
fn assert_responsive(addr: &str, what: &str) {
    let start = Instant::now();
    let (code, _, body) = get(addr, "/a/");
    assert_eq!(code, 200, "{what}: /a/");
    assert!(
        String::from_utf8_lossy(&body).contains("<h1"),
        "{what}: /a/ is not a page"
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{what}: a plain request took {:?}",
        start.elapsed()
    );
}

/// Waits until `cond` holds on the status JSON.
pub(crate) fn wait_status(
    addr: &str,
    what: &str,
    cond: &dyn Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let s = status(addr);
        if cond(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}; status {s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn version(s: &serde_json::Value) -> u64 {
    s["version"].as_u64().unwrap()
}

/// Open file descriptors of a process (Linux), or `None` elsewhere.
fn open_fds(pid: u32) -> Option<usize> {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .ok()
        .map(|d| d.count())
}

fn threads(pid: u32) -> Option<usize> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .ok()
        .map(|d| d.count())
}

/// Waits (generously) until `f()` is at most `limit` (`None`: cannot tell, so no wait).
fn settles(what: &str, limit: usize, f: &dyn Fn() -> Option<usize>) {
    let start = Instant::now();
    loop {
        let Some(n) = f() else { return };
        if n <= limit {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "{what}: still {n}, expected at most {limit}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

// ---------------------------------------------------------------------------------------

#[test]
fn files_that_vanish_while_a_rebuild_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 300);
    let mut p = start(root);
    let addr = p.addr.clone();
    let v0 = version(&status(&addr));

    // A page written and deleted at once, again and again, at varying rhythms; assets too.
    for i in 0..40 {
        let rel = format!("content/flyktig-{i}.md");
        write(root, &rel, &page("Flyktig", "Borte snart."));
        if i % 3 == 0 {
            std::thread::sleep(Duration::from_millis(40 * (i % 7) as u64));
        }
        let _ = std::fs::remove_file(root.join(&rel));
        write(root, &format!("static/flyktig-{i}.bin"), "x");
        let _ = std::fs::remove_file(root.join(format!("static/flyktig-{i}.bin")));
        if i % 10 == 0 {
            assert_responsive(&addr, "while pages come and go");
        }
    }
    // Start a rebuild, then delete pages and a folder while it runs (the debounce is about
    // 300 ms; deleting over a second covers the rebuild whatever the machine's speed).
    write(
        root,
        "content/a.md",
        "---\ntitle: A\nweight: 1\n---\n## Første\nEndret.\n",
    );
    let t = Instant::now();
    for i in (0..300).step_by(3) {
        let _ = std::fs::remove_file(root.join(format!("content/mange/side-{i:04}.md")));
        if i % 30 == 0 {
            std::thread::sleep(Duration::from_millis(60));
        }
    }
    std::fs::remove_dir_all(root.join("content/b")).unwrap();
    eprintln!("deleted during rebuilds in {:?}", t.elapsed());
    // A request for a page resource that vanished from disk after the snapshot was made.
    write(root, "content/vedlegg.txt", "vedlegg");
    wait_status(&addr, "a rebuild after the deletions", &|s| version(s) > v0);
    let _ = std::fs::remove_file(root.join("content/vedlegg.txt"));
    let (code, _, _) = get(&addr, "/vedlegg.txt");
    assert!(code == 200 || code == 404, "a vanished asset: {code}");
    assert_responsive(&addr, "after the deletions");

    wait_until_same_as_build(&mut p, root, &sample);
    p.assert_alive();
}

#[test]
fn content_folder_renamed_away_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 3);
    let mut p = start(root);
    let addr = p.addr.clone();
    wait_until_same_as_build(&mut p, root, &every_file);
    let before = get(&addr, "/a/").2;

    // Away: the last good site stays served and the status says what is wrong.
    std::fs::rename(root.join("content"), root.join("content.flyttet")).unwrap();
    let s = wait_status(&addr, "an error about the missing content folder", &|s| {
        errors(s) > 0
    });
    let message = s["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("content"),
        "the error names the folder: {s}"
    );
    assert_eq!(get(&addr, "/a/").0, 200, "the last good site stays served");
    assert_eq!(
        get(&addr, "/a/").2,
        before,
        "the last good page is unchanged"
    );
    assert_eq!(get(&addr, "/b/c/").0, 200);
    // Stays like that (a second look after any late events).
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        errors(&status(&addr)) > 0,
        "the error stays while the folder is away"
    );
    assert_eq!(get(&addr, "/a/").2, before);

    // Back: rebuilt, the error is gone, and the folder is watched again.
    std::fs::rename(root.join("content.flyttet"), root.join("content")).unwrap();
    wait_until_same_as_build(&mut p, root, &every_file);
    write(
        root,
        "content/a.md",
        "---\ntitle: A\nweight: 1\n---\n## Første\nEtter flyttingen.\n",
    );
    write(root, "content/b/ny.md", &page("Ny", "I en undermappe."));
    wait_until_same_as_build(&mut p, root, &every_file);
    assert!(String::from_utf8_lossy(&get(&addr, "/a/").2).contains("Etter flyttingen."));

    eprintln!("ok: renamed away and back");
    // Away and back quickly (within one debounce), then an edit deep inside.
    std::fs::rename(root.join("content"), root.join("content.flyttet")).unwrap();
    std::fs::rename(root.join("content.flyttet"), root.join("content")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    write(
        root,
        "content/b/c.md",
        &page("C", "Endret etter rask flytting."),
    );
    wait_until_same_as_build(&mut p, root, &every_file);
    assert!(
        String::from_utf8_lossy(&get(&addr, "/b/c/").2).contains("Endret etter rask flytting.")
    );

    eprintln!("ok: renamed away and back quickly");
    // Replaced by a different folder of the same name (a checkout of another branch).
    std::fs::rename(root.join("content"), root.join("content.gammel")).unwrap();
    std::fs::create_dir(root.join("content.ny")).unwrap();
    write(root, "content.ny/_index.md", &page("Ny hjem", "Ny gren."));
    write(
        root,
        "content.ny/a.md",
        &page("A på ny gren", "Annen tekst."),
    );
    std::fs::rename(root.join("content.ny"), root.join("content")).unwrap();
    wait_until_same_as_build(&mut p, root, &every_file);
    assert_eq!(
        get(&addr, "/b/c/").0,
        404,
        "pages of the old folder are gone"
    );
    write(root, "content/a.md", &page("A på ny gren", "Redigert."));
    wait_until_same_as_build(&mut p, root, &every_file);
    assert!(String::from_utf8_lossy(&get(&addr, "/a/").2).contains("Redigert."));
    p.assert_alive();
}

#[test]
fn a_thousand_files_changed_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 0);
    let mut p = start(root);
    let addr = p.addr.clone();

    // Like a checkout of another branch: 1,000 new pages in one burst…
    for i in 0..1000 {
        write(
            root,
            &format!("content/mange/side-{i:04}.md"),
            &page(
                &format!("Side {i}"),
                &format!("## Del {i}\nFørste utgave av side {i}."),
            ),
        );
    }
    write(
        root,
        "content/mange/_index.md",
        &page("Mange", "Mange sider."),
    );
    assert_responsive(&addr, "during a burst of 1,000 files");
    wait_until_same_as_build(&mut p, root, &sample);

    // …all of them changed again (titles too, so every page's navigation changes)…
    for i in 0..1000 {
        write(
            root,
            &format!("content/mange/side-{i:04}.md"),
            &page(
                &format!("Endret {i}"),
                &format!("## Del {i}\nAndre utgave av side {i}."),
            ),
        );
    }
    assert_responsive(&addr, "during a second burst");
    wait_until_same_as_build(&mut p, root, &sample);
    let body = String::from_utf8_lossy(&get(&addr, "/mange/side-0999/").2).into_owned();
    assert!(body.contains("Andre utgave av side 999."), "{body}");

    // …and back to a branch without them.
    std::fs::remove_dir_all(root.join("content/mange")).unwrap();
    wait_until_same_as_build(&mut p, root, &every_file);
    assert_eq!(get(&addr, "/mange/side-0001/").0, 404);
    p.assert_alive();
}

/// Opens a connection, sends `request` and hangs up in the given way.
fn hang_up(addr: &str, request: &str, read_first: usize, how: Shutdown) {
    let Ok(mut s) = connect(addr) else { return };
    let _ = s.write_all(request.as_bytes());
    if read_first > 0 {
        let mut buf = vec![0; read_first];
        let _ = s.read_exact(&mut buf);
    }
    let _ = s.shutdown(how);
}

#[test]
fn clients_that_hang_up_mid_response() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 20);
    // A big file: the response cannot fit into the socket buffers.
    let big: Vec<u8> = (0..24 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(root.join("static/stor.bin"), &big).unwrap();
    let mut p = start(root);
    let addr = p.addr.clone();
    let pid = p.pid();
    assert_responsive(&addr, "at start");
    // A live event-stream client that must keep getting events through all of this.
    let mut live = connect(&addr).unwrap();
    write!(live, "GET /__veiviser/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut live = BufReader::new(live);
    let mut line = String::new();
    live.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "event stream: {line}");
    let fds_before = open_fds(pid);
    let threads_before = threads(pid);

    let get_req = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
    for round in 0..30 {
        // Request, then close before reading anything.
        hang_up(&addr, &get_req("/"), 0, Shutdown::Both);
        hang_up(&addr, &get_req("/a/"), 0, Shutdown::Write);
        // Read a little of a big response, then drop the connection with data unread (RST).
        hang_up(
            &addr,
            &get_req("/stor.bin"),
            1000 + round * 7000,
            Shutdown::Both,
        );
        // The event stream: hang up before and after its headers.
        hang_up(&addr, &get_req("/__veiviser/events"), 0, Shutdown::Both);
        hang_up(&addr, &get_req("/__veiviser/events"), 20, Shutdown::Both);
        // Half a request, then gone.
        hang_up(&addr, "GET /a/ HTTP/1.1\r\nHo", 0, Shutdown::Both);
        hang_up(&addr, "", 0, Shutdown::Both);
        if round % 10 == 0 {
            assert_responsive(&addr, "between hang-ups");
        }
    }
    // The big file is still served whole to a client that reads it all.
    let (code, _, body) = get(&addr, "/stor.bin");
    assert_eq!(code, 200);
    assert!(body == big, "the big file arrives whole");
    // Events still reach the client that stayed.
    write(
        root,
        "content/a.md",
        "---\ntitle: A\nweight: 1\n---\n## Første\nNy tekst.\n",
    );
    let start = Instant::now();
    let mut got = String::new();
    while !got.contains("event: reload") {
        line.clear();
        match live.read_line(&mut line) {
            Ok(0) => panic!("the event stream closed; got {got:?}"),
            Ok(_) => got.push_str(&line),
            Err(e) => panic!("no event within {:?}: {e}; got {got:?}", start.elapsed()),
        }
    }
    wait_until_same_as_build(&mut p, root, &every_file);
    // Nothing leaks: connections and threads of the hung-up clients are released.
    if let (Some(f), Some(t)) = (fds_before, threads_before) {
        settles("open file descriptors", f + 4, &|| open_fds(pid));
        settles("threads", t + 4, &|| threads(pid));
    }
    p.assert_alive();
}

/// Sockets that send a request head one byte at a time, forever.
struct Loris {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    closed: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Loris {
    fn start(addr: &str, n: usize) -> Loris {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let mut socks: Vec<TcpStream> = (0..n).filter_map(|_| connect(addr).ok()).collect();
        assert!(!socks.is_empty(), "no slow-loris connection opened");
        for s in &mut socks {
            let _ = s.write_all(b"G");
        }
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let closed = std::sync::Arc::new(AtomicUsize::new(0));
        let (st, cl) = (stop.clone(), closed.clone());
        let handle = std::thread::spawn(move || {
            let head = b"ET / HTTP/1.1\r\nHost: slow\r\nX-Slow: ";
            let mut i = 0;
            let mut open: Vec<Option<TcpStream>> = socks.into_iter().map(Some).collect();
            while !st.load(Ordering::Relaxed) {
                let byte = head.get(i).copied().unwrap_or(b'a');
                for slot in &mut open {
                    if let Some(s) = slot
                        && s.write_all(&[byte]).is_err()
                    {
                        *slot = None;
                        cl.fetch_add(1, Ordering::Relaxed);
                    }
                }
                i += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
        });
        Loris {
            stop,
            closed,
            handle: Some(handle),
        }
    }

    fn closed(&self) -> usize {
        self.closed.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for Loris {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[test]
fn slow_loris_connections_do_not_starve_other_clients() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 5);
    let mut p = start(root);
    let addr = p.addr.clone();
    assert_responsive(&addr, "at start");
    let loris = Loris::start(&addr, 150);
    // While they trickle, everyone else is served quickly, again and again.
    let start = Instant::now();
    let mut served = 0;
    while start.elapsed() < Duration::from_secs(3) {
        assert_responsive(&addr, "with 150 slow-loris connections open");
        served += 1;
    }
    assert!(served >= 3, "only {served} requests served in 3 s");
    // Rebuilds and the event stream work meanwhile.
    let v = version(&status(&addr));
    write(root, "content/b/c.md", &page("C", "Endret under angrepet."));
    wait_status(&addr, "a rebuild", &|s| version(s) > v);
    // The server gives up on heads that never finish, instead of holding a connection (and a
    // thread) for each forever.
    let start = Instant::now();
    while loris.closed() < 150 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server still holds {} of 150 slow-loris connections after {:?}",
            150 - loris.closed(),
            start.elapsed()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    drop(loris);
    wait_until_same_as_build(&mut p, root, &every_file);
    p.assert_alive();
}

#[test]
fn running_out_of_file_descriptors_is_survived() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 5);
    // Few descriptors: a few dozen idle connections use them all up.
    let mut p = start_with(root, Some(64));
    let addr = p.addr.clone();
    assert_responsive(&addr, "at start");
    let mut idle: Vec<TcpStream> = (0..120).filter_map(|_| connect(&addr).ok()).collect();
    for s in &mut idle {
        let _ = s.write_all(b"GET / HTTP/1.1\r\n");
    }
    // Give the server time to hit the limit (accept fails with EMFILE meanwhile).
    std::thread::sleep(Duration::from_millis(500));
    p.assert_alive();
    // The clients go away; the server must accept connections again.
    for s in &idle {
        let _ = s.shutdown(Shutdown::Both);
    }
    drop(idle);
    let start = Instant::now();
    loop {
        p.assert_alive();
        match try_get(&addr, "/a/") {
            Ok((200, _, _)) => break,
            other => assert!(
                start.elapsed() < Duration::from_secs(30),
                "the server does not answer after running out of file descriptors: {other:?}"
            ),
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // And it still rebuilds.
    write(
        root,
        "content/b/c.md",
        &page("C", "Etter tomme beskrivere."),
    );
    wait_until_same_as_build(&mut p, root, &every_file);
}

#[test]
fn malformed_and_odd_requests_get_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, 2);
    // A page whose URL keeps a `#` (Hugo's urlize does).
    write(root, "content/c#-guide.md", &page("C#", "Om C#."));
    let mut p = start(root);
    let addr = p.addr.clone();
    let raw = |req: &[u8]| -> String {
        let mut s = connect(&addr).unwrap();
        let _ = s.write_all(req);
        let _ = s.shutdown(Shutdown::Write);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    };
    for (req, want) in [
        (&b"GARBAGE\r\n\r\n"[..], "400"),
        (b"GET\r\n\r\n", "400"),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "200"),
        (
            b"POST /a/ HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            "405",
        ),
        (b"GET /a%0d%0aSet-Cookie:x HTTP/1.1\r\n\r\n", "404"),
        (b"GET /\xff\xfe HTTP/1.1\r\n\r\n", "400"),
        (b"GET /a HTTP/1.1\r\n\r\n", "301"),
    ] {
        let resp = raw(req);
        let first = resp.lines().next().unwrap_or("");
        assert!(
            first.contains(want),
            "{:?}: expected {want}, got {first:?}",
            String::from_utf8_lossy(req)
        );
        assert!(!resp.contains("Set-Cookie"), "header injection: {resp}");
    }
    // `/a` → `/a/` with the path percent-encoded whole: a `#` in it is no fragment.
    let resp = raw(b"GET /c%23-guide HTTP/1.1\r\n\r\n");
    assert!(resp.starts_with("HTTP/1.1 301"), "{resp}");
    assert!(
        resp.lines()
            .any(|l| l == "Location: /c%23-guide/\r" || l == "Location: /c%23-guide/"),
        "{resp}"
    );
    // A huge head is refused rather than buffered without end.
    let mut huge = b"GET / HTTP/1.1\r\n".to_vec();
    for i in 0..20_000 {
        huge.extend_from_slice(format!("X-Fyll-{i}: {}\r\n", "y".repeat(40)).as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    let resp = raw(&huge);
    assert!(
        resp.is_empty() || resp.starts_with("HTTP/1.1 431") || resp.starts_with("HTTP/1.1 400"),
        "{}",
        resp.lines().next().unwrap_or("")
    );
    assert_responsive(&addr, "after odd requests");
    p.assert_alive();
}
