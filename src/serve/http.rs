//! Answers preview requests from the current snapshot: pages with the reload script
//! injected, assets from disk (only inside the site's folders), the event stream, the
//! live script and stylesheet, and the build status as JSON.

use super::paths::{content_type, normalize};
use super::{Shared, events::Msg};
use std::sync::mpsc::Sender;
use tiny_http::{Method, Request};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const INJECT: &str = "<link rel=\"stylesheet\" href=\"/__veiviser/live.css\"><script src=\"/__veiviser/live.js\" defer></script>";

/// Writes a complete response with `Connection: close` straight to the connection.
///
/// tiny_http keeps a pool thread blocked on every idle keep-alive connection, and its pool
/// can leave a new connection queued behind them when a browser opens several at once
/// (the page then never finishes loading). Closing each connection after its response
/// frees the thread at once; on loopback a new connection per request costs nothing.
fn respond_with(req: Request, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    use std::io::Write;
    let head_only = *req.method() == Method::Head;
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let mut out = Vec::with_capacity(body.len() + 256);
    let _ = write!(out, "HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        let _ = write!(out, "{k}: {v}\r\n");
    }
    let _ = write!(
        out,
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    if !head_only {
        out.extend_from_slice(body);
    }
    let mut w = req.into_writer();
    // A client that went away mid-response is not an error for the server.
    let _ = w.write_all(&out).and_then(|_| w.flush());
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
    if !matches!(req.method(), Method::Get | Method::Head) {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        );
    }
    let url = req.url().to_string();
    if std::env::var_os("VEIVISER_SERVE_DEBUG").is_some() {
        eprintln!(
            "serve: {:?} {} from {:?} on {:?}",
            req.method(),
            url,
            req.remote_addr(),
            std::thread::current().name()
        );
    }
    match url.split('?').next().unwrap_or("") {
        "/__veiviser/events" => {
            let writer = req.into_writer();
            let _ = events.send(Msg::Client(writer));
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
            let mut list: Vec<&String> = snap.files.keys().chain(snap.assets.keys()).collect();
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
    if let Some(bytes) = snap.files.get(&file) {
        let body = if file.ends_with(".html") {
            inject(bytes)
        } else {
            bytes.to_vec()
        };
        return respond(req, 200, content_type(&file), body);
    }
    if let Some(src) = snap.assets.get(&file) {
        if let Some(bytes) = super::read_asset(&snap, src) {
            return respond(req, 200, content_type(&file), bytes);
        }
        return not_found(req, shared);
    }
    // `/a` → `/a/` when that is a page.
    if !path.is_empty()
        && !path.ends_with('/')
        && snap.files.contains_key(&format!("{path}/index.html"))
    {
        let location = format!("/{}/", encode_path(&path));
        return respond_with(req, 301, &[("Location", &location)], b"");
    }
    not_found(req, shared)
}

fn encode_path(p: &str) -> String {
    crate::resolve::urls::encode_href(p)
}

fn not_found(req: Request, shared: &Shared) {
    let snap = shared.snapshot();
    let body = match snap.files.get("404.html") {
        Some(b) => inject(b),
        None => inject(b"<!DOCTYPE html><title>404</title><h1>404</h1>"),
    };
    respond(req, 404, "text/html; charset=utf-8", body);
}
