//! Forward one request to a sandbox and stream the answer back.

use super::dial::Dialer;
use super::headers::{forwarded_headers, response_headers};
use axum::body::Body;
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ForwardError {
    #[error("reach the session's container: {0}")]
    Unreachable(String),
    #[error("build the forwarded request: {0}")]
    Request(String),
    /// The client's own request body was malformed or cut short (say, bad
    /// chunked encoding): the client's fault, not the container's.
    #[error("read the request body: {0}")]
    ClientBody(String),
}

/// Where a request goes: the sandbox (the connector resolves its name) and port.
#[derive(Debug, Clone)]
pub struct Target {
    pub sandbox: String,
    pub port: u16,
    pub identifier: String,
}

/// A keep-alive client per daemon; connections pool per sandbox.
#[derive(Clone)]
pub struct Forwarder {
    client: Client<Dialer, Body>,
}

impl Forwarder {
    pub fn new(dialer: Dialer) -> Self {
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(32)
            .build(dialer);
        Self { client }
    }

    /// Send `req` (whose URI holds the path and query to forward) to `target`.
    /// `guard` lives as long as the exchange: until the response body ends, or
    /// until an upgraded tunnel closes (it marks the session busy, not idle).
    pub async fn forward<G: Send + Unpin + 'static>(
        &self,
        mut req: Request<Body>,
        target: &Target,
        client_ip: Option<std::net::IpAddr>,
        proto: &str,
        guard: G,
    ) -> Result<Response<Body>, ForwardError> {
        let path_and_query = req
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let uri: Uri = format!(
            "http://{}:{}{}",
            target.sandbox, target.port, path_and_query
        )
        .parse()
        .map_err(|e: hyper::http::uri::InvalidUri| ForwardError::Request(e.to_string()))?;
        let wants_upgrade = req.headers().contains_key(hyper::header::UPGRADE);
        let client_upgrade = wants_upgrade.then(|| hyper::upgrade::on(&mut req));
        *req.uri_mut() = uri;
        forwarded_headers(req.headers_mut(), client_ip, proto, &target.identifier);
        let body_error = Arc::new(Mutex::new(None));
        let req = req.map(|body| {
            Body::new(Watched {
                body,
                error: body_error.clone(),
            })
        });
        let mut res = self.client.request(req).await.map_err(|e| {
            match body_error.lock().unwrap_or_else(|p| p.into_inner()).take() {
                Some(reason) => ForwardError::ClientBody(reason),
                None => ForwardError::Unreachable(error_chain(&e)),
            }
        })?;
        let upgraded = res.status() == StatusCode::SWITCHING_PROTOCOLS;
        response_headers(res.headers_mut(), upgraded);
        if let (true, Some(client_upgrade)) = (upgraded, client_upgrade) {
            let upstream = hyper::upgrade::on(&mut res);
            tokio::spawn(async move {
                if let (Ok(client), Ok(upstream)) = (client_upgrade.await, upstream.await) {
                    let (mut a, mut b) = (TokioIo::new(client), TokioIo::new(upstream));
                    let _ = tokio::io::copy_bidirectional(&mut a, &mut b).await;
                }
                drop(guard);
            });
            return Ok(res.map(Body::new));
        }
        Ok(res.map(|body| {
            Body::new(Guarded {
                body,
                _guard: guard,
            })
        }))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

/// A response body that holds a guard until it is finished or dropped.
struct Guarded<B, G> {
    body: B,
    _guard: G,
}

impl<B: hyper::body::Body + Unpin, G: Unpin> hyper::body::Body for Guarded<B, G> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<B::Data>, B::Error>>> {
        std::pin::Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}

/// The client's request body, noting why it failed if it does: the forward
/// then fails because of the client, which gets a 400, not a 502.
struct Watched {
    body: Body,
    error: Arc<Mutex<Option<String>>>,
}

impl hyper::body::Body for Watched {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        let polled = std::pin::Pin::new(&mut self.body).poll_frame(cx);
        if let std::task::Poll::Ready(Some(Err(e))) = &polled {
            *self.error.lock().unwrap_or_else(|p| p.into_inner()) = Some(error_chain(e));
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}
