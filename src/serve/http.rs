//! The preview's HTTP server: accepts connections, reads one request head per connection
//! and answers it from the current snapshot: pages with the reload script injected, assets
//! from disk (only inside the site's folders), the event stream, the live script and
//! stylesheet, and the build status as JSON.
//!
//! A deliberately small HTTP/1.x server instead of a library, because the preview must stay
//! up under faults a general server leaves to its user:
//!
//! - every connection has its own thread, so a slow client never holds up another, and the
//!   number of connections is capped;
//! - the request head must arrive within [`HEAD_TIMEOUT`] and fit in [`MAX_HEAD`] bytes, so
//!   slow-loris connections (a header byte now and then) are dropped, not kept forever;
//! - an accept error (out of file descriptors, a connection reset before it was accepted)
//!   never stops the accept loop; it waits a moment and goes on;
//! - every response is written whole with `Connection: close`, and a client that hangs up
//!   mid-response only ends its own thread; writes time out, so a client that stops reading
//!   cannot hold a thread either;
//! - an event-stream request hands its socket to the broadcaster thread (`events.rs`) and
//!   its thread ends: no thread per open tab.

use super::paths::{content_type, normalize};
use super::{Shared, events::Msg};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const INJECT: &str = "<link rel=\"stylesheet\" href=\"/__veiviser/live.css\"><script src=\"/__veiviser/live.js\" defer></script>";

/// The whole request head must arrive within this time.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head accepted (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// A single write may block this long before the client counts as gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections handled at once; more are answered `503` straight away.
const MAX_CONNECTIONS: usize = 512;

/// Starts the accept loop on its own thread.
pub fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    events: Sender<Msg>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("veiviser-accept".into())
        .spawn(move || accept_loop(listener, shared, events))?;
    Ok(())
}

/// Decrements the count of open connections when a connection's thread ends (or is never
/// started).
struct Active(Arc<AtomicUsize>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>, events: Sender<Msg>) {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) => {
                // Out of file descriptors or memory, or a connection that died in the
                // backlog: none of these is a reason to stop serving.
                if !matches!(
                    e.kind(),
                    ErrorKind::Interrupted
                        | ErrorKind::ConnectionAborted
                        | ErrorKind::ConnectionReset
                ) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                continue;
            }
        };
        if active.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            drop(Active(active.clone()));
            refuse(stream);
            continue;
        }
        let guard = Active(active.clone());
        let (shared, events) = (shared.clone(), events.clone());
        let spawned = std::thread::Builder::new()
            .name("veiviser-conn".into())
            .stack_size(512 * 1024)
            .spawn(move || {
                let _guard = guard;
                connection(stream, &shared, &events);
            });
        if spawned.is_err() {
            // No thread to be had (the closure, the stream and the guard are dropped).
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Too many connections: a short answer without reading the request, from the accept thread
/// (never blocking it).
fn refuse(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
    );
}

/// A parsed request head.
pub struct Request {
    pub method: String,
    pub url: String,
    stream: TcpStream,
}

impl Request {
    fn head_only(&self) -> bool {
        self.method == "HEAD"
    }
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client went away (or sent nothing).
    Closed,
    TimedOut,
    TooLarge,
}

/// Where the head ends (after its empty line), if it is complete.
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Reads the request head within [`HEAD_TIMEOUT`] in all (not per read: a byte now and then
/// does not keep a connection alive).
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(&buf) {
            buf.truncate(end);
            return Ok(buf);
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::TimedOut);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::TimedOut);
            }
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// `METHOD target HTTP/x.y` → (method, target). The target is an origin-form path; an
/// absolute-form URL (`http://host/path`) is reduced to its path.
fn parse_request_line(head: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(head).ok()?;
    let line = text.trim_start_matches(['\r', '\n']).lines().next()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || !version.starts_with("HTTP/1.")
        || target.is_empty()
        || target.bytes().any(|b| b.is_ascii_control())
    {
        return None;
    }
    let target = match target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        Some(rest) => match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        },
        None => target,
    };
    Some((method.to_string(), target.to_string()))
}

fn connection(mut stream: TcpStream, shared: &Shared, events: &Sender<Msg>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(h) => h,
        Err(HeadError::Closed) => return,
        Err(HeadError::TimedOut) => return plain(stream, 408, "request timeout\n"),
        Err(HeadError::TooLarge) => return plain(stream, 431, "request header too large\n"),
    };
    let Some((method, url)) = parse_request_line(&head) else {
        return plain(stream, 400, "bad request\n");
    };
    handle(
        Request {
            method,
            url,
            stream,
        },
        shared,
        events,
    );
}

/// A short plain-text answer outside any request (bad or unfinished heads).
fn plain(stream: TcpStream, status: u16, text: &str) {
    write_response(
        stream,
        false,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        text.as_bytes(),
    );
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes a complete response with `Connection: close`, then closes the connection politely
/// (reading what the client still sends for a moment, so the response is not cut off by a
/// reset). A client that went away mid-response is not an error for the server.
fn write_response(
    mut stream: TcpStream,
    head_only: bool,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) {
    let mut head = Vec::with_capacity(256);
    let _ = write!(head, "HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    let _ = write!(
        head,
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let sent = stream.write_all(&head).and_then(|_| {
        if head_only {
            Ok(())
        } else {
            stream.write_all(body)
        }
    });
    if sent.is_err() {
        return;
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    // Lingering close: the client closes once it has the response. Bounded in time and
    // bytes, so a client that keeps sending cannot keep the connection.
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 64 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

fn respond_with(req: Request, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let head_only = req.head_only();
    write_response(req.stream, head_only, status, headers, body);
}

fn respond(req: Request, status: u16, ctype: &str, body: Vec<u8>) {
    respond_with(req, status, &[("Content-Type", ctype)], &body);
}

/// Adds the live-reload stylesheet and script to an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(i) => {
            let mut s = String::with_capacity(text.len() + INJECT.len());
            s.push_str(&text[..i]);
            s.push_str(INJECT);
            s.push_str(&text[i..]);
            s.into_bytes()
        }
        None => {
            let mut v = html.to_vec();
            v.extend_from_slice(INJECT.as_bytes());
            v
        }
    }
}

pub fn handle(req: Request, shared: &Shared, events: &Sender<Msg>) {
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return respond_with(
            req,
            405,
            &[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Allow", "GET, HEAD"),
            ],
            b"method not allowed\n",
        );
    }
    let url = req.url.clone();
    if std::env::var_os("VEIVISER_SERVE_DEBUG").is_some() {
        eprintln!(
            "serve: {} {} from {:?}",
            req.method,
            url,
            req.stream.peer_addr().ok()
        );
    }
    match url.split('?').next().unwrap_or("") {
        "/__veiviser/events" => {
            let _ = events.send(Msg::Client(req.stream));
            return;
        }
        "/__veiviser/live.js" => {
            return respond(
                req,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            );
        }
        "/__veiviser/live.css" => {
            return respond(
                req,
                200,
                "text/css; charset=utf-8",
                LIVE_CSS.as_bytes().to_vec(),
            );
        }
        "/__veiviser/files" => {
            // The list of served paths (for tests comparing against a full build).
            let snap = shared.snapshot();
            let mut list: Vec<&String> = snap.paths().chain(snap.assets.keys()).collect();
            list.sort();
            list.dedup();
            let body = serde_json::to_string(&list).unwrap_or_default();
            return respond(req, 200, "application/json", body.into_bytes());
        }
        "/__veiviser/status" => {
            let body = shared.status_json();
            return respond(req, 200, "application/json", body.into_bytes());
        }
        _ => {}
    }
    let Some(path) = normalize(&url) else {
        return not_found(req, shared);
    };
    let snap = shared.snapshot();
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = snap.get(&file) {
        let body = if file.ends_with(".html") {
            inject(bytes)
        } else {
            bytes.to_vec()
        };
        return respond(req, 200, content_type(&file), body);
    }
    if let Some(src) = snap.assets.get(&file) {
        // The file may have vanished since the snapshot was made: then it is not found.
        if let Some(bytes) = super::read_asset(&snap, src) {
            return respond(req, 200, content_type(&file), bytes);
        }
        return not_found(req, shared);
    }
    // `/a` → `/a/` when that is a page.
    if !path.is_empty() && !path.ends_with('/') && snap.get(&format!("{path}/index.html")).is_some()
    {
        let location = format!("/{}/", encode_path(&path));
        return respond_with(req, 301, &[("Location", &location)], b"");
    }
    not_found(req, shared)
}

fn encode_path(p: &str) -> String {
    crate::resolve::urls::encode_path(p)
}

fn not_found(req: Request, shared: &Shared) {
    let snap = shared.snapshot();
    let body = match snap.get("404.html") {
        Some(b) => inject(b),
        None => inject(b"<!DOCTYPE html><title>404</title><h1>404</h1>"),
    };
    respond(req, 404, "text/html; charset=utf-8", body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        assert_eq!(
            parse_request_line(b"GET /a/?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(("GET".into(), "/a/?x=1".into()))
        );
        assert_eq!(
            parse_request_line(b"\r\nHEAD / HTTP/1.0\r\n\r\n"),
            Some(("HEAD".into(), "/".into()))
        );
        assert_eq!(
            parse_request_line(b"GET http://127.0.0.1:1313/b/ HTTP/1.1\r\n\r\n"),
            Some(("GET".into(), "/b/".into()))
        );
        for bad in [
            &b"GARBAGE\r\n\r\n"[..],
            b"GET\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"get / HTTP/1.1\r\n\r\n",
            b"GET / SPDY/3\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
            b"GET /a\x00b HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(
                parse_request_line(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn head_ends() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }
}
