//! Server-Sent Events: one broadcaster thread for all open preview tabs.
//!
//! A request for the event stream hands its socket to this thread and returns, so no thread
//! is held per tab. The broadcaster writes each event to every client, sends a heartbeat
//! comment every few seconds and drops clients whose connection fails.
//!
//! The sockets are non-blocking: a client that stops reading (its buffers full) is dropped
//! instead of blocking every other tab, and once a second the broadcaster looks for clients
//! that hung up, so their sockets are released at once rather than at the next event.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

pub enum Msg {
    /// A new client: its connection, request head read, response headers not yet written.
    Client(TcpStream),
    /// An event to broadcast (`reload`, `css`, `status`).
    Event(&'static str),
    /// How many clients are connected (answered on the channel).
    Count(Sender<usize>),
}

/// Starts the broadcaster; returns the channel to talk to it.
pub fn start() -> Sender<Msg> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("veiviser-sse".into())
        .spawn(move || run(rx))
        .expect("spawn the event broadcaster thread");
    tx
}

const HEADERS: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";

const HEARTBEAT: Duration = Duration::from_secs(10);
const SWEEP: Duration = Duration::from_secs(1);

fn run(rx: Receiver<Msg>) {
    let mut clients: Vec<TcpStream> = Vec::new();
    let mut last_ping = Instant::now();
    loop {
        match rx.recv_timeout(SWEEP) {
            Ok(Msg::Client(s)) => {
                if s.set_nonblocking(true).is_ok() && write_frame(&s, HEADERS) {
                    clients.push(s);
                }
            }
            Ok(Msg::Event(name)) => {
                let frame = format!("event: {name}\ndata: {name}\n\n");
                send(&mut clients, frame.as_bytes());
            }
            Ok(Msg::Count(reply)) => {
                sweep(&mut clients);
                send(&mut clients, b": ping\n\n");
                let _ = reply.send(clients.len());
            }
            Err(RecvTimeoutError::Timeout) => sweep(&mut clients),
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if last_ping.elapsed() >= HEARTBEAT {
            last_ping = Instant::now();
            send(&mut clients, b": ping\n\n");
        }
    }
}

/// Writes a whole frame to a non-blocking socket; `false` when the client is gone or not
/// reading (a frame that does not fit at once would leave the stream broken anyway).
fn write_frame(mut s: &TcpStream, bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        match s.write(rest) {
            Ok(0) => return false,
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

fn send(clients: &mut Vec<TcpStream>, bytes: &[u8]) {
    clients.retain(|s| write_frame(s, bytes));
}

/// Drops clients that hung up (end of stream or an error on read). An event-stream client
/// sends nothing after its request; one that keeps sending is dropped too.
fn sweep(clients: &mut Vec<TcpStream>) {
    clients.retain(|mut s| {
        let mut buf = [0u8; 512];
        for _ in 0..8 {
            match s.read(&mut buf) {
                Ok(0) => return false,
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        false
    });
}
