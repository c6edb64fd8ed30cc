//! Loopback HTTP/1.1 stand-ins for the CLI's client tests: a server whose
//! answers a test scripts, a forward proxy that counts what goes through it,
//! and a port that accepts connections and never answers.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as a server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which accepted connection (0, 1, ...) it came on.
    pub connection: usize,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A request's method, target, headers and body.
pub type Request = (String, String, Vec<(String, String)>, Vec<u8>);

/// Reads one request (head and Content-Length body); None at end of stream.
pub fn read_request(r: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        r.read_line(&mut l).ok()?;
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some((method, target, headers, body))
}

/// A raw HTTP/1.1 answer with a Content-Length body.
pub fn answer(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

type Script = dyn Fn(usize, &Seen) -> Vec<u8> + Send + Sync;

/// A server on 127.0.0.1 answering request number n with `script(n, request)`,
/// keeping connections open; records every request.
pub struct FakeServer {
    pub port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeServer {
    pub fn start(script: impl Fn(usize, &Seen) -> Vec<u8> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = seen.clone();
        std::thread::spawn(move || {
            for (connection, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { return };
                let (log, script) = (log.clone(), script.clone());
                std::thread::spawn(move || serve(stream, connection, &log, &*script));
            }
        });
        FakeServer { port, seen }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, connection: usize, log: &Mutex<Vec<Seen>>, script: &Script) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    while let Some((method, target, headers, body)) = read_request(&mut reader) {
        let seen = Seen {
            at: Instant::now(),
            method,
            target,
            headers,
            body,
            connection,
        };
        let n = {
            let mut log = log.lock().unwrap();
            log.push(seen.clone());
            log.len() - 1
        };
        if writer.write_all(&script(n, &seen)).is_err() {
            return;
        }
    }
}

/// A forward HTTP proxy (absolute-form targets, plain HTTP origins) on
/// 127.0.0.1 that keeps client connections open and records what it relayed.
pub fn forward_proxy() -> FakeServer {
    FakeServer::start(|_, seen| {
        let rest = seen
            .target
            .strip_prefix("http://")
            .expect("a proxy gets absolute-form targets");
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut origin = TcpStream::connect(authority).unwrap();
        origin
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!(
            "{} {} HTTP/1.1\r\n",
            seen.method,
            if path.is_empty() { "/" } else { path }
        );
        for (k, v) in &seen.headers {
            if !matches!(k.as_str(), "connection" | "proxy-connection" | "keep-alive") {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        head.push_str("connection: close\r\n\r\n");
        origin.write_all(head.as_bytes()).unwrap();
        origin.write_all(&seen.body).unwrap();
        let got = super::http::read_answer(&mut BufReader::new(origin));
        let mut out = format!(
            "HTTP/1.1 {} Relayed\r\ncontent-length: {}\r\n",
            got.status,
            got.body.len()
        );
        for (k, v) in &got.headers {
            if !matches!(
                k.as_str(),
                "connection" | "content-length" | "transfer-encoding" | "keep-alive"
            ) {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        out.push_str("\r\n");
        let mut out = out.into_bytes();
        out.extend(got.body);
        out
    })
}

/// A port that accepts connections (the kernel completes them) and never answers.
pub fn silent_port() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}
