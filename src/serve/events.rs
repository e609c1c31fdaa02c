//! Server-Sent Events: one broadcaster thread for all open preview tabs.
//!
//! A request for the event stream hands its raw connection to this thread and returns, so
//! tiny_http's worker threads are never held one per tab. The broadcaster writes each event
//! to every client, sends a heartbeat comment every few seconds and drops clients whose
//! connection fails.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

pub enum Msg {
    /// A new client: its raw connection, headers not yet written.
    Client(Box<dyn Write + Send>),
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

fn run(rx: Receiver<Msg>) {
    let mut clients: Vec<Box<dyn Write + Send>> = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Msg::Client(mut w)) => {
                if w.write_all(HEADERS).and_then(|_| w.flush()).is_ok() {
                    clients.push(w);
                }
            }
            Ok(Msg::Event(name)) => {
                let frame = format!("event: {name}\ndata: {name}\n\n");
                send(&mut clients, frame.as_bytes());
            }
            Ok(Msg::Count(reply)) => {
                send(&mut clients, b": ping\n\n");
                let _ = reply.send(clients.len());
            }
            Err(RecvTimeoutError::Timeout) => send(&mut clients, b": ping\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn send(clients: &mut Vec<Box<dyn Write + Send>>, bytes: &[u8]) {
    clients.retain_mut(|w| w.write_all(bytes).and_then(|_| w.flush()).is_ok());
}
