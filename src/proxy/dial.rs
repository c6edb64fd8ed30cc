//! A hyper connector over a dialer: the URI's host names the sandbox, the
//! dialer opens a TCP stream to it however it must.

use hyper::Uri;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::net::TcpStream;

pub type Dial = Pin<Box<dyn Future<Output = io::Result<TcpStream>> + Send>>;

/// Opens a connection to `port` of the sandbox named `host`.
pub type DialFn = dyn Fn(&str, u16) -> Dial + Send + Sync;

#[derive(Clone)]
pub struct Dialer(pub Arc<DialFn>);

impl tower_service::Service<Uri> for Dialer {
    type Response = TokioIo<TcpStream>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let host = uri.host().unwrap_or_default().to_string();
        let port = uri.port_u16().unwrap_or(80);
        let dial = (self.0)(&host, port);
        Box::pin(async move {
            let stream = dial.await?;
            stream.set_nodelay(true)?;
            Ok(TokioIo::new(stream))
        })
    }
}
