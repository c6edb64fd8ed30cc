//! Just enough HTTP/1.1: a request head, a body reader (Content-Length or
//! chunked, streamed, never buffered whole), JSON and chunked responses.

use std::io::{self, BufRead, Read, Write};

use serde_json::{Value, json};

/// Bounds the request line and each header line, and the header count.
const MAX_LINE: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;

pub struct Head {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub http10: bool,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter's raw value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// Whether the client wants the connection kept after this exchange.
    pub fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            conn.contains("keep-alive")
        } else {
            !conn.contains("close")
        }
    }
}

pub struct Response {
    pub status: u16,
    pub body: Value,
}

pub fn error(status: u16, message: &str) -> Response {
    Response {
        status,
        body: json!({ "error": message }),
    }
}

fn read_line(reader: &mut impl BufRead) -> Result<Option<String>, Response> {
    let mut line = Vec::new();
    let n = reader
        .take(MAX_LINE as u64)
        .read_until(b'\n', &mut line)
        .map_err(|_| error(400, "could not read the request"))?;
    if n == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") {
        return Err(error(
            431,
            "request line or header too long, or connection closed",
        ));
    }
    let line = String::from_utf8(line).map_err(|_| error(400, "request head is not UTF-8"))?;
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
}

/// The next request head, or None when the client closed the connection.
pub fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, Response> {
    let Some(request_line) = read_line(reader)? else {
        return Ok(None);
    };
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
        let line = read_line(reader)?.ok_or_else(|| error(400, "connection closed in the head"))?;
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
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Some(Head {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        http10: version == "HTTP/1.0",
    }))
}

/// The request body as a stream: Content-Length, chunked, or empty.
pub enum Body<'a, R> {
    Length(io::Take<&'a mut R>),
    Chunked {
        reader: &'a mut R,
        left: u64,
        done: bool,
    },
}

impl<'a, R: BufRead> Body<'a, R> {
    pub fn new(head: &Head, reader: &'a mut R) -> Result<Self, Response> {
        if let Some(te) = head.header("transfer-encoding") {
            if !te.eq_ignore_ascii_case("chunked") {
                return Err(error(501, "only chunked transfer-encoding is supported"));
            }
            return Ok(Body::Chunked {
                reader,
                left: 0,
                done: false,
            });
        }
        let length: u64 = match head.header("content-length") {
            Some(v) => v.parse().map_err(|_| error(400, "bad Content-Length"))?,
            None => 0,
        };
        Ok(Body::Length(reader.take(length)))
    }

    /// Reads the rest of the body and throws it away; returns its size.
    pub fn drain(&mut self) -> io::Result<u64> {
        io::copy(self, &mut io::sink())
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

fn chunk_line(reader: &mut impl BufRead) -> io::Result<String> {
    match read_line(reader) {
        Ok(Some(l)) => Ok(l),
        _ => Err(bad("bad chunked encoding")),
    }
}

impl<R: BufRead> Read for Body<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Body::Length(take) => {
                let want = take.limit();
                let n = take.read(buf)?;
                if n == 0 && want > 0 && !buf.is_empty() {
                    return Err(bad("body shorter than Content-Length"));
                }
                Ok(n)
            }
            Body::Chunked { reader, left, done } => {
                if *done || buf.is_empty() {
                    return Ok(0);
                }
                if *left == 0 {
                    let line = chunk_line(reader)?;
                    let size = line.split(';').next().unwrap_or("").trim();
                    *left = u64::from_str_radix(size, 16).map_err(|_| bad("bad chunk size"))?;
                    if *left == 0 {
                        // Trailers, then the empty line.
                        while !chunk_line(reader)?.is_empty() {}
                        *done = true;
                        return Ok(0);
                    }
                }
                let max = buf.len().min(*left as usize);
                let n = reader.read(&mut buf[..max])?;
                if n == 0 {
                    return Err(bad("connection closed in a chunk"));
                }
                *left -= n as u64;
                if *left == 0 && !chunk_line(reader)?.is_empty() {
                    return Err(bad("chunk not followed by CRLF"));
                }
                Ok(n)
            }
        }
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Internal Server Error",
    }
}

pub fn write_response(out: &mut impl Write, response: &Response, keep: bool) -> io::Result<()> {
    let body = serde_json::to_vec(&response.body).expect("JSON values always serialise");
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: {}\r\n\r\n",
        response.status,
        reason(response.status),
        body.len(),
        if keep { "keep-alive" } else { "close" },
    );
    // One write: head and body in separate segments would meet Nagle's
    // algorithm and the peer's delayed ACK (40 ms per keep-alive exchange).
    let mut message = head.into_bytes();
    message.extend_from_slice(&body);
    out.write_all(&message)?;
    out.flush()
}

/// Starts a chunked response; write chunks with `write_chunk`, end with `end_chunks`.
pub fn write_chunked_head(out: &mut impl Write, content_type: &str, keep: bool) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\nConnection: {}\r\n\r\n",
        if keep { "keep-alive" } else { "close" },
    );
    out.write_all(head.as_bytes())?;
    out.flush()
}

pub fn write_chunk(out: &mut impl Write, data: &[u8]) -> io::Result<()> {
    write!(out, "{:x}\r\n", data.len())?;
    out.write_all(data)?;
    out.write_all(b"\r\n")?;
    out.flush()
}

pub fn end_chunks(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"0\r\n\r\n")?;
    out.flush()
}
