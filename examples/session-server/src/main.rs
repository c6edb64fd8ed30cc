//! The example session server baked into the test image (`examples/build-image.sh`).
//!
//! A tiny HTTP/1.1 server (std::net and a thread per connection, so it builds as
//! a small static binary) on `0.0.0.0:$PORT` (default 8080):
//! - `GET /`: who am I (hostname, pid), so tests can tell sessions apart;
//! - `GET /whoami`: hostname, pid and a random token drawn at start, so tests can
//!   prove two sessions run in different containers and one session in the same,
//!   and which connection (numbered from 1) carried the request, so tests can
//!   see that a proxy keeps its connections alive;
//! - `POST /api/execute` `{"command": "..."}`: runs it with `/bin/sh -c` and
//!   returns `{"stdout", "stderr", "exitCode"}`, like the Azure code interpreter;
//! - `GET /debug/headers`: the request headers it received, so tests can check
//!   what the proxy forwards (an `Authorization` header must never arrive here);
//! - `POST /upload`: counts the body's bytes as they stream (Content-Length or
//!   chunked, never held whole) and returns `{"bytes": N}`;
//! - `GET /stream?n=5&ms=200`: a chunked response, one line every `ms`
//!   milliseconds, `n` lines (to see that proxies flush as data comes);
//! - `GET /download?bytes=N`: N bytes, written as fast as the client takes them;
//! - `GET /ws`: WebSocket echo (RFC 6455);
//! - `GET /echo/...`: the raw path and query it received (not decoded), so
//!   tests can check that the proxy passes the path through byte for byte;
//! - `POST /exit?code=N`: answers, then the process exits with `N`.
//!
//! Connections are kept alive unless the client asks otherwise.

mod http;
mod ws;

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http::{Body, Head, Response, error};
use serde_json::{Value, json};

/// Bodies read whole (commands) above this are refused.
const MAX_BODY: u64 = 1024 * 1024;

/// Drawn once per process from the OS's random source (`getrandom`, through
/// std's hasher keys: no /dev needed inside the sandbox).
fn token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let word = || {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u32(std::process::id());
            h.finish()
        };
        format!("{:016x}{:016x}", word(), word())
    })
}

fn main() {
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p.parse().unwrap_or_else(|_| {
            eprintln!("session-server: PORT must be a port number, got {p:?}");
            std::process::exit(2);
        }),
        Err(_) => 8080,
    };
    let listener = TcpListener::bind(("0.0.0.0", port)).unwrap_or_else(|e| {
        eprintln!("session-server: cannot listen on 0.0.0.0:{port}: {e}");
        std::process::exit(1);
    });
    token();
    eprintln!("session-server: listening on 0.0.0.0:{port}");
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                static CONNECTIONS: AtomicU64 = AtomicU64::new(0);
                let n = CONNECTIONS.fetch_add(1, Ordering::Relaxed) + 1;
                std::thread::spawn(move || handle(stream, n));
            }
            Err(e) => eprintln!("session-server: accept failed: {e}"),
        }
    }
}

/// Serves requests on one connection until it closes or an exchange says so.
fn handle(stream: TcpStream, connection: u64) {
    // Small responses go out at once; streamed chunks are flushed one by one.
    let _ = stream.set_nodelay(true);
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let head = match http::read_head(&mut reader) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(response) => {
                let _ = http::write_response(&mut out, &response, false);
                return;
            }
        };
        match serve(&head, &mut reader, &mut out, connection) {
            Ok(true) if head.keep_alive() => {}
            _ => return,
        }
    }
}

/// One exchange; true when the connection may serve another request.
fn serve(
    head: &Head,
    reader: &mut BufReader<TcpStream>,
    out: &mut TcpStream,
    connection: u64,
) -> std::io::Result<bool> {
    let keep = head.keep_alive();
    let mut body = match Body::new(head, reader) {
        Ok(body) => body,
        Err(response) => {
            http::write_response(out, &response, false)?;
            return Ok(false);
        }
    };
    match (head.method.as_str(), head.path.as_str()) {
        ("POST", "/upload") => {
            let response = match body.drain() {
                Ok(n) => Response {
                    status: 200,
                    body: json!({ "bytes": n }),
                },
                Err(e) => {
                    http::write_response(out, &error(400, &format!("bad body: {e}")), false)?;
                    return Ok(false);
                }
            };
            http::write_response(out, &response, keep)?;
        }
        ("GET", "/stream") => {
            body.drain()?;
            let n: u32 = head.param("n").and_then(|v| v.parse().ok()).unwrap_or(5);
            let ms: u64 = head.param("ms").and_then(|v| v.parse().ok()).unwrap_or(200);
            http::write_chunked_head(out, "text/event-stream", keep)?;
            for i in 0..n {
                if i > 0 {
                    std::thread::sleep(Duration::from_millis(ms));
                }
                http::write_chunk(out, format!("data: {i}\n\n").as_bytes())?;
            }
            http::end_chunks(out)?;
        }
        ("GET", "/download") => {
            body.drain()?;
            let total: u64 = head
                .param("bytes")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {total}\r\nConnection: {}\r\n\r\n",
                if keep { "keep-alive" } else { "close" }
            )?;
            let block = [0x5a_u8; 64 * 1024];
            let mut left = total;
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                out.write_all(&block[..n])?;
                left -= n as u64;
            }
            out.flush()?;
        }
        ("GET", "/ws") => {
            body.drain()?;
            let key = head.header("sec-websocket-key").map(str::to_owned);
            let upgrade = head
                .header("upgrade")
                .is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
            let Some(key) = key.filter(|_| upgrade) else {
                http::write_response(out, &error(400, "expected a WebSocket upgrade"), keep)?;
                return Ok(true);
            };
            ws::handshake(out, &key)?;
            let _ = ws::echo(reader, out);
            return Ok(false);
        }
        ("POST", "/exit") => {
            body.drain()?;
            let code: i32 = head.param("code").and_then(|v| v.parse().ok()).unwrap_or(0);
            let response = Response {
                status: 200,
                body: json!({ "exiting": code }),
            };
            let _ = http::write_response(out, &response, false);
            let _ = out.shutdown(std::net::Shutdown::Both);
            eprintln!("session-server: exiting with {code} as asked");
            std::process::exit(code);
        }
        _ => {
            let mut data = Vec::new();
            body.by_ref().take(MAX_BODY + 1).read_to_end(&mut data)?;
            if data.len() as u64 > MAX_BODY {
                http::write_response(out, &error(413, "body too large"), false)?;
                return Ok(false);
            }
            http::write_response(out, &route(head, &data, connection), keep)?;
        }
    }
    Ok(true)
}

fn route(head: &Head, body: &[u8], connection: u64) -> Response {
    match (head.method.as_str(), head.path.as_str()) {
        ("GET", "/") => Response {
            status: 200,
            body: json!({
                "service": "sessionpool session",
                "hostname": hostname(),
                "pid": std::process::id(),
            }),
        },
        ("GET", "/whoami") => Response {
            status: 200,
            body: json!({
                "hostname": hostname(),
                "pid": std::process::id(),
                "token": token(),
                "connection": connection,
            }),
        },
        ("POST", "/api/execute") => execute(body),
        ("GET", "/debug/headers") => {
            let mut map = serde_json::Map::new();
            for (name, value) in &head.headers {
                // Repeated headers are joined, as HTTP allows for most of them.
                let joined = match map.get(name).and_then(Value::as_str) {
                    Some(prev) => format!("{prev}, {value}"),
                    None => value.clone(),
                };
                map.insert(name.clone(), Value::String(joined));
            }
            Response {
                status: 200,
                body: json!({ "method": head.method, "path": head.path, "headers": map }),
            }
        }
        ("GET", path) if path.starts_with("/echo/") => Response {
            status: 200,
            body: json!({ "path": head.path, "query": head.query }),
        },
        (
            _,
            "/" | "/whoami" | "/api/execute" | "/debug/headers" | "/upload" | "/download"
            | "/stream" | "/ws" | "/exit",
        ) => error(405, "method not allowed"),
        _ => error(404, "not found"),
    }
}

fn execute(body: &[u8]) -> Response {
    let command = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => match o.get("command") {
            Some(Value::String(c)) => c.clone(),
            _ => return error(400, "body must be {\"command\": \"...\"}"),
        },
        _ => return error(400, "body must be JSON: {\"command\": \"...\"}"),
    };
    // A closed pipe rather than the default /dev/null for stdin: the command
    // sees EOF either way, and this works even where /dev is not mounted.
    let output = Command::new("/bin/sh")
        .arg("-c")
        .arg(&command)
        .stdin(Stdio::piped())
        .output();
    match output {
        Ok(out) => Response {
            status: 200,
            body: json!({
                "stdout": String::from_utf8_lossy(&out.stdout),
                "stderr": String::from_utf8_lossy(&out.stderr),
                // A signal death has no code; report it the way shells do.
                "exitCode": out.status.code().unwrap_or_else(|| {
                    use std::os::unix::process::ExitStatusExt;
                    128 + out.status.signal().unwrap_or(0)
                }),
            }),
        },
        Err(e) => error(500, &format!("could not run /bin/sh: {e}")),
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
}
