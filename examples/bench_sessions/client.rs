//! The one blocking HTTP/1.1 client every latency figure uses: hand-written
//! requests, identical for every target; only how the socket is obtained
//! differs (a plain connect, a connect from inside a network namespace, or a
//! daemon's unix socket).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Content-Length bodies up to this size are kept in the buffer (for
/// `/metrics` and JSON answers); bigger ones are counted and dropped.
const KEEP_BODY: u64 = 16 << 20;

/// One HTTP/1.1 answer as the client saw it.
pub struct Answer {
    pub status: u16,
    pub first_byte: Duration,
    /// Body bytes (the body itself stays in the client's buffer unless it is
    /// a Content-Length body above KEEP_BODY or delimited by close).
    pub body: u64,
    pub close: bool,
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn eof(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, what.to_string())
}

/// Read one whole answer from `s` (Content-Length, chunked or close-delimited);
/// `t0` is when the request started going out.
pub fn read_answer(
    s: &mut impl Read,
    buf: &mut Vec<u8>,
    chunk: &mut [u8],
    t0: Instant,
) -> io::Result<Answer> {
    buf.clear();
    let mut first_byte = None;
    let head_end = loop {
        let n = s.read(chunk)?;
        if n == 0 {
            return Err(eof("closed"));
        }
        first_byte.get_or_insert_with(|| t0.elapsed());
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i + 4;
        }
    };
    let first_byte = first_byte.unwrap_or_default();
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim() == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let close = header("connection").is_some_and(|v| v.contains("close"));
    let answer = |body, close| Answer {
        status,
        first_byte,
        body,
        close,
    };
    if status == 204 || status == 304 {
        return Ok(answer(0, close));
    }
    if let Some(len) = header("content-length").and_then(|v| v.parse::<u64>().ok()) {
        let mut have = (buf.len() - head_end) as u64;
        while have < len {
            let n = s.read(chunk)?;
            if n == 0 {
                return Err(eof("short body"));
            }
            have += n as u64;
            if len <= KEEP_BODY {
                buf.extend_from_slice(&chunk[..n]);
            }
        }
        Ok(answer(len, close))
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        while !buf.ends_with(b"\r\n0\r\n\r\n") && !buf[head_end..].starts_with(b"0\r\n\r\n") {
            let n = s.read(chunk)?;
            if n == 0 {
                return Err(eof("short body"));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Ok(answer((buf.len() - head_end) as u64, close))
    } else {
        // Delimited by close.
        let mut have = (buf.len() - head_end) as u64;
        loop {
            let n = s.read(chunk)?;
            if n == 0 {
                break;
            }
            have += n as u64;
        }
        Ok(answer(have, true))
    }
}

/// A header of the last answer read into `buf` (name in lower case), trimmed.
pub fn header_of(buf: &[u8], name: &str) -> Option<String> {
    let end = find(buf, b"\r\n\r\n")?;
    String::from_utf8_lossy(&buf[..end])
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_string())
}

/// The body of the last answer read into `buf`, when it was kept there.
pub fn body_text(buf: &[u8]) -> String {
    let start = find(buf, b"\r\n\r\n").map_or(buf.len(), |i| i + 4);
    String::from_utf8_lossy(&buf[start..]).into_owned()
}

/// Join the network namespace at `path` for the rest of this thread's life.
pub fn enter_netns(path: &Path) -> io::Result<()> {
    let ns = File::open(path)?;
    // SAFETY: valid fd; setns(CLONE_NEWNET) changes only the calling thread,
    // which is one of ours and used for nothing else.
    if unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Where a request goes: a TCP address, seen from inside `netns` if set.
#[derive(Clone)]
pub struct Target {
    pub name: &'static str,
    pub netns: Option<PathBuf>,
    pub addr: SocketAddr,
    /// Path prefix (`/pools/RG/NAME` for the daemon).
    pub prefix: String,
    /// `?identifier=...` for the daemon, else empty.
    pub query: String,
    /// `Authorization: ...\r\n` for the daemon, else empty.
    pub auth: String,
    /// A daemon's unix socket: connect there instead of `addr` (which then
    /// only names the Host header).
    pub unix: Option<PathBuf>,
}

impl Target {
    /// A plain target on the host's network (no prefix, no auth).
    pub fn host(name: &'static str, addr: SocketAddr) -> Self {
        Target {
            name,
            netns: None,
            addr,
            prefix: String::new(),
            query: String::new(),
            auth: String::new(),
            unix: None,
        }
    }

    /// `path` may carry its own query; the target's `?identifier=` is merged in.
    pub fn url_path(&self, path: &str) -> String {
        match (path.split_once('?'), self.query.strip_prefix('?')) {
            (Some((p, q)), Some(id)) => format!("{}{p}?{q}&{id}", self.prefix),
            _ => format!("{}{path}{}", self.prefix, self.query),
        }
    }

    /// The request head (with `Content-Length: body_len` for a POST) and `body`.
    pub fn request(&self, method: &str, path: &str, body: &[u8]) -> Vec<u8> {
        let mut r = self.head(method, path, body.len() as u64, "application/json");
        r.extend_from_slice(body);
        r
    }

    pub fn head(&self, method: &str, path: &str, body_len: u64, content_type: &str) -> Vec<u8> {
        let mut r = format!(
            "{method} {} HTTP/1.1\r\nHost: {}\r\n{}",
            self.url_path(path),
            self.addr,
            self.auth
        );
        if body_len > 0 || method == "POST" {
            let _ = write!(
                r,
                "Content-Type: {content_type}\r\nContent-Length: {body_len}\r\n"
            );
        }
        r.push_str("\r\n");
        r.into_bytes()
    }

    /// The URL wrk is given (the daemon's identifier in the query).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, self.url_path(path))
    }
}

/// An error that says the server had closed the connection before answering.
fn stale(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionAborted
    ) && e.to_string() != "short body"
}

/// A connection: TCP, or a daemon's unix socket.
enum Conn {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Read for Conn {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Tcp(s) => s.read(b),
            Conn::Unix(s) => s.read(b),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Tcp(s) => s.write(b),
            Conn::Unix(s) => s.write(b),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Tcp(s) => s.flush(),
            Conn::Unix(s) => s.flush(),
        }
    }
}

/// A client bound to one target: reconnects when the server closes.
pub struct Client {
    addr: SocketAddr,
    unix: Option<PathBuf>,
    /// Read timeout on new connections (None: wait as long as it takes).
    pub timeout: Option<Duration>,
    conn: Option<Conn>,
    pub buf: Vec<u8>,
    chunk: Vec<u8>,
}

impl Client {
    /// Call from the thread that will use it: it joins the target's namespace.
    pub fn new(t: &Target) -> Self {
        if let Some(ns) = &t.netns {
            enter_netns(ns).expect("join the sandbox's network namespace");
        }
        Client {
            addr: t.addr,
            unix: t.unix.clone(),
            timeout: None,
            conn: None,
            buf: Vec::with_capacity(64 * 1024),
            chunk: vec![0; 256 * 1024],
        }
    }

    fn take_conn(&mut self) -> io::Result<Conn> {
        match (self.conn.take(), &self.unix) {
            (Some(s), _) => Ok(s),
            (None, Some(path)) => {
                let s = UnixStream::connect(path)?;
                s.set_read_timeout(self.timeout)?;
                Ok(Conn::Unix(s))
            }
            (None, None) => {
                let s = TcpStream::connect(self.addr)?;
                s.set_nodelay(true)?;
                s.set_read_timeout(self.timeout)?;
                Ok(Conn::Tcp(s))
            }
        }
    }

    /// Drop the kept-alive connection (the next call connects again).
    pub fn disconnect(&mut self) {
        self.conn = None;
    }

    /// Time one exchange including a connect when there is no open connection;
    /// the answer's first byte is counted from the same start.
    ///
    /// A kept-alive connection the server closed while it sat idle (the
    /// daemon's `--header-read-timeout`) fails before any answer byte: the
    /// request is then sent once more on a new connection, and timed from there.
    pub fn call(&mut self, req: &[u8]) -> io::Result<(Duration, Answer)> {
        let reused = self.conn.is_some();
        match self.call_once(req) {
            Err(e) if reused && stale(&e) => self.call_once(req),
            r => r,
        }
    }

    fn call_once(&mut self, req: &[u8]) -> io::Result<(Duration, Answer)> {
        let t0 = Instant::now();
        let mut s = self.take_conn()?;
        s.write_all(req)?;
        let ans = read_answer(&mut s, &mut self.buf, &mut self.chunk, t0)?;
        let total = t0.elapsed();
        if !ans.close {
            self.conn = Some(s);
        }
        Ok((total, ans))
    }

    /// Send `head` then `len` bytes of body from a fixed block, as fast as the
    /// server takes them; time until the answer's last byte.
    pub fn upload(&mut self, head: &[u8], len: u64) -> io::Result<(Duration, Answer)> {
        let block = vec![0x61u8; 1 << 20];
        let t0 = Instant::now();
        let mut s = self.take_conn()?;
        s.write_all(head)?;
        let mut left = len;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            s.write_all(&block[..n])?;
            left -= n as u64;
        }
        let ans = read_answer(&mut s, &mut self.buf, &mut self.chunk, t0)?;
        let total = t0.elapsed();
        if !ans.close {
            self.conn = Some(s);
        }
        Ok((total, ans))
    }
}
