//! A small blocking HTTP/1.1 client over std TCP, written out so tests control
//! every byte: streamed uploads, timing of response chunks, WebSocket frames.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One endpoint (`127.0.0.1:PORT`) and the Bearer token to send, if any.
#[derive(Clone)]
pub struct Http {
    pub port: u16,
    pub token: Option<String>,
}

impl Http {
    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the daemon");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s.set_nodelay(true).unwrap();
        s
    }

    /// The request head (no trailing blank line), `Connection: close`; a
    /// `Host` in `extra` replaces the default `127.0.0.1:PORT`.
    pub fn head(&self, method: &str, target: &str, extra: &[(&str, &str)]) -> String {
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        if let Some(t) = &self.token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head
    }

    pub fn request(
        &self,
        method: &str,
        target: &str,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut s = self.connect();
        let mut head = self.head(method, target, extra);
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        read_answer(&mut BufReader::new(s))
    }

    pub fn get(&self, target: &str) -> Answer {
        self.request("GET", target, &[], b"")
    }

    pub fn post(&self, target: &str, body: &[u8]) -> Answer {
        self.request("POST", target, &[], body)
    }
}

/// One request over a daemon's unix socket (no token: root's local access),
/// `Connection: close`; Err when the daemon cannot be reached or hangs up
/// before a whole answer (a node being killed, say).
pub fn unix_request(
    socket: &std::path::Path,
    method: &str,
    target: &str,
    body: &[u8],
) -> std::io::Result<Answer> {
    let mut s = std::os::unix::net::UnixStream::connect(socket)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    // The reader panics on a malformed or cut answer; here that is an Err.
    std::panic::catch_unwind(move || read_answer(&mut BufReader::new(s)))
        .map_err(|_| std::io::Error::other(format!("no whole answer to {method} {target}")))
}

fn line(r: &mut impl BufRead) -> String {
    let mut l = String::new();
    r.read_line(&mut l).expect("read a line of the answer");
    l.trim_end_matches(['\r', '\n']).to_string()
}

/// Status line and headers.
pub fn read_head(r: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let status_line = line(r);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let l = line(r);
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').expect("header line");
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    (status, headers)
}

/// The next chunk of a chunked body (None at its end).
pub fn read_chunk(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let size = line(r);
    let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16)
        .unwrap_or_else(|_| panic!("bad chunk size line {size:?}"));
    if size == 0 {
        while !line(r).is_empty() {}
        return None;
    }
    let mut data = vec![0; size];
    r.read_exact(&mut data).unwrap();
    assert_eq!(line(r), "", "chunk ends with CRLF");
    Some(data)
}

pub fn read_answer(r: &mut impl BufRead) -> Answer {
    let (status, headers) = read_head(r);
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        while let Some(c) = read_chunk(r) {
            body.extend(c);
        }
    } else if let Some(len) = get("content-length") {
        body.resize(len.parse().unwrap(), 0);
        r.read_exact(&mut body).unwrap();
    } else {
        r.read_to_end(&mut body).unwrap();
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// A client WebSocket frame (masked, as RFC 6455 requires of clients).
pub fn ws_frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x12u8, 0x34, 0x56, 0x78];
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n <= 0xffff => {
            f.push(0x80 | 126);
            f.extend((n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 127);
            f.extend((n as u64).to_be_bytes());
        }
    }
    f.extend(mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}

/// (opcode, payload) of the next server frame (unmasked).
pub fn ws_read(r: &mut impl Read) -> (u8, Vec<u8>) {
    let mut b = [0u8; 2];
    r.read_exact(&mut b).unwrap();
    assert_eq!(b[1] & 0x80, 0, "server frames are not masked");
    let len = match b[1] & 0x7f {
        126 => {
            let mut l = [0u8; 2];
            r.read_exact(&mut l).unwrap();
            u16::from_be_bytes(l) as usize
        }
        127 => {
            let mut l = [0u8; 8];
            r.read_exact(&mut l).unwrap();
            u64::from_be_bytes(l) as usize
        }
        n => n as usize,
    };
    let mut payload = vec![0; len];
    r.read_exact(&mut payload).unwrap();
    (b[0] & 0x0f, payload)
}
