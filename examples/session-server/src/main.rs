//! The example session server baked into the test image (`examples/build-image.sh`).
//!
//! A tiny HTTP/1.1 server (std::net and a thread per connection, so it builds as
//! a small static binary) on `0.0.0.0:$PORT` (default 8080):
//! - `GET /`: who am I (hostname, pid), so tests can tell sessions apart;
//! - `POST /api/execute` `{"command": "..."}`: runs it with `/bin/sh -c` and
//!   returns `{"stdout", "stderr", "exitCode"}`, like the Azure code interpreter;
//! - `GET /debug/headers`: the request headers it received, so tests can check
//!   what the proxy forwards (an `Authorization` header must never arrive here).
//!
//! Every response closes the connection: simple, and valid HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// Bodies above this are refused: commands are short.
const MAX_BODY: usize = 1024 * 1024;
/// Bounds the request line and each header line, and the header count.
const MAX_LINE: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Response {
    status: u16,
    body: Value,
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
    eprintln!("session-server: listening on 0.0.0.0:{port}");
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                std::thread::spawn(move || handle(stream));
            }
            Err(e) => eprintln!("session-server: accept failed: {e}"),
        }
    }
}

fn handle(mut stream: TcpStream) {
    let response = match read_request(&mut stream) {
        Ok(request) => route(&request),
        Err(response) => response,
    };
    let _ = write_response(&mut stream, &response);
}

fn error(status: u16, message: &str) -> Response {
    Response {
        status,
        body: json!({ "error": message }),
    }
}

fn read_line(reader: &mut impl BufRead) -> Result<String, Response> {
    let mut line = Vec::new();
    reader
        .take(MAX_LINE as u64)
        .read_until(b'\n', &mut line)
        .map_err(|_| error(400, "could not read the request"))?;
    if !line.ends_with(b"\n") {
        return Err(error(
            431,
            "request line or header too long, or connection closed",
        ));
    }
    let line = String::from_utf8(line).map_err(|_| error(400, "request head is not UTF-8"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn read_request(stream: &mut TcpStream) -> Result<Request, Response> {
    let mut reader = BufReader::new(stream);
    let request_line = read_line(&mut reader)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(error(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(error(505, "only HTTP/1.x is supported"));
    }
    let mut headers = Vec::new();
    loop {
        let line = read_line(&mut reader)?;
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(error(431, "too many headers"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(error(400, "malformed header line"));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if header("transfer-encoding").is_some() {
        return Err(error(
            411,
            "send a Content-Length body, chunked bodies are not supported",
        ));
    }
    let length: usize = match header("content-length") {
        Some(v) => v.parse().map_err(|_| error(400, "bad Content-Length"))?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(error(413, "body too large"));
    }
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|_| error(400, "body shorter than Content-Length"))?;
    let path = target.split('?').next().unwrap_or(target).to_owned();
    Ok(Request {
        method: method.to_owned(),
        path,
        headers,
        body,
    })
}

fn route(request: &Request) -> Response {
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/") => Response {
            status: 200,
            body: json!({
                "service": "sessionpool session",
                "hostname": hostname(),
                "pid": std::process::id(),
            }),
        },
        ("POST", "/api/execute") => execute(&request.body),
        ("GET", "/debug/headers") => {
            let mut map = serde_json::Map::new();
            for (name, value) in &request.headers {
                // Repeated headers are joined, as HTTP allows for most of them.
                let joined = match map.get(name).and_then(Value::as_str) {
                    Some(prev) => format!("{prev}, {value}"),
                    None => value.clone(),
                };
                map.insert(name.clone(), Value::String(joined));
            }
            Response {
                status: 200,
                body: json!({ "method": request.method, "path": request.path, "headers": map }),
            }
        }
        (_, "/" | "/api/execute" | "/debug/headers") => error(405, "method not allowed"),
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

fn write_response(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    let body = serde_json::to_vec(&response.body).expect("JSON values always serialise");
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        response.status,
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}
