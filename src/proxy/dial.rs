//! A hyper connector over a dialer: the URI's host names the sandbox, the
//! dialer opens a TCP stream to it however it must.

use hyper::Uri;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpStream;

use super::idle::IdleTimeout;

pub type Dial = Pin<Box<dyn Future<Output = io::Result<TcpStream>> + Send>>;

/// Opens a connection to `port` of the sandbox named `host`.
pub type DialFn = dyn Fn(&str, u16) -> Dial + Send + Sync;

/// The dialer and the idle timeout every connection it opens gets: a
/// container that stops answering (or a tunnel nobody uses) is cut after it.
#[derive(Clone)]
pub struct Dialer {
    dial: Arc<DialFn>,
    idle: Duration,
}

impl Dialer {
    pub fn new(dial: Arc<DialFn>, idle: Duration) -> Self {
        Dialer { dial, idle }
    }
}

/// A connection to a sandbox, bounded by the idle timeout.
pub struct SandboxConn(IdleTimeout<TcpStream>);

impl tokio::io::AsyncRead for SandboxConn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for SandboxConn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl hyper_util::client::legacy::connect::Connection for SandboxConn {
    fn connected(&self) -> hyper_util::client::legacy::connect::Connected {
        hyper_util::client::legacy::connect::Connected::new()
    }
}

impl tower_service::Service<Uri> for Dialer {
    type Response = TokioIo<SandboxConn>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let host = uri.host().unwrap_or_default().to_string();
        let port = uri.port_u16().unwrap_or(80);
        let dial = (self.dial)(&host, port);
        let idle = self.idle;
        Box::pin(async move {
            let stream = dial.await?;
            stream.set_nodelay(true)?;
            Ok(TokioIo::new(SandboxConn(IdleTimeout::new(stream, idle))))
        })
    }
}
