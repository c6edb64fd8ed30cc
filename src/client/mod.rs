//! Typed client of the daemon over the unix socket, HTTP or HTTPS.

mod cluster;
mod connect;
mod interpreter;
mod pools;
mod principals;
mod retry;
mod sessions;
mod tokens;

pub use connect::{CONNECT_TIMEOUT, DEFAULT_SOCKET, Endpoint};
pub use retry::{MAX_DELAY, MAX_RETRIES};

use crate::api::ErrorBody;
use bytes::Bytes;
use connect::{error_chain, is_tls};
use reqwest::{Method, StatusCode};
use std::time::Duration;

/// How long one request may take, answer included, unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default for a request to a session: code may run for minutes.
pub const INVOKE_TIMEOUT: Duration = Duration::from_secs(240);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "connect to the daemon at {endpoint}: {reason} (is `sessionpool daemon` running? set SESSIONPOOL_ENDPOINT or --environment)"
    )]
    Connect { endpoint: String, reason: String },
    #[error("talk to the daemon at {endpoint}: {reason}")]
    Transport { endpoint: String, reason: String },
    #[error(
        "the daemon at {endpoint} did not answer within {}s (raise the limit with --timeout SECONDS)",
        .after.as_secs_f64()
    )]
    Timeout { endpoint: String, after: Duration },
    #[error("{body}")]
    Api { status: StatusCode, body: ErrorBody },
    #[error("read the daemon's answer: {0}")]
    Decode(String),
    #[error(
        "parse endpoint '{0}': use unix:///path/to.sock, http://host:port or https://host:port"
    )]
    BadEndpoint(String),
    #[error("set up the HTTP client (SESSIONPOOL_CA_CERT): {0}")]
    Tls(String),
}

impl ClientError {
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// An answer: status, headers and the whole body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ClientError> {
        serde_json::from_slice(&self.body).map_err(|e| ClientError::Decode(e.to_string()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct Client {
    endpoint: Endpoint,
    base: String,
    token: Option<String>,
    http: reqwest::Client,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A chunk of a streamed answer went nowhere (the reader left): not an error.
fn sink_closed(r: std::io::Result<()>) -> bool {
    r.is_err()
}

impl Client {
    /// One client (one connection pool) per command, with `DEFAULT_TIMEOUT`.
    pub fn new(endpoint: Endpoint, token: Option<String>) -> Result<Self, ClientError> {
        let http = endpoint.http_client()?;
        Ok(Self {
            base: endpoint.base_url(),
            endpoint,
            token,
            http,
            timeout: Some(DEFAULT_TIMEOUT),
        })
    }

    /// The limit for each request (None: only the connect timeout applies).
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Send one request; non-2xx answers with an ARM error body become `ClientError::Api`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
    ) -> Result<Answer, ClientError> {
        let answer = self.send_raw(method, path, body, headers).await?;
        if answer.status.is_client_error() || answer.status.is_server_error() {
            return Err(api_error(answer.status, &answer.body));
        }
        Ok(answer)
    }

    /// Send one request and return whatever came back.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
    ) -> Result<Answer, ClientError> {
        let res = self.open(method, path, body, headers, self.timeout).await?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await.map_err(|e| self.failure(e))?;
        tracing::debug!(%status, "response");
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// Send one request and stream a successful answer's body into `sink`
    /// as it arrives; an error answer becomes `ClientError::Api`.
    pub async fn send_streaming(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
        sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let res = self.open(method, path, body, headers, self.timeout).await?;
        self.drain(res, sink).await
    }

    /// GET `path` and stream the answer into `sink` with no overall limit
    /// (`logs --follow`: it ends when the server ends it or the user does).
    pub async fn stream(
        &self,
        path: &str,
        sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let res = self.open(Method::GET, path, None, &[], None).await?;
        self.drain(res, sink).await
    }

    async fn drain(
        &self,
        mut res: reqwest::Response,
        mut sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let status = res.status();
        if !status.is_success() {
            let bytes = res.bytes().await.map_err(|e| self.failure(e))?;
            return Err(api_error(status, &bytes));
        }
        while let Some(chunk) = res.chunk().await.map_err(|e| self.failure(e))? {
            if sink_closed(sink(&chunk)) {
                // The reader went away (`| head`): stop quietly.
                return Ok(());
            }
        }
        Ok(())
    }

    /// Send, and send again (idempotent methods only) while the daemon
    /// answers 429 or 503, waiting as its `Retry-After` asks.
    async fn open(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, ClientError> {
        let url = format!("{}{}", self.base, self.endpoint.relative(path));
        let mut attempt = 0;
        loop {
            tracing::debug!(%method, %url, attempt, "request");
            let mut req = self.http.request(method.clone(), &url);
            if let Some(t) = timeout {
                req = req.timeout(t);
            }
            if body.is_some()
                && !headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                req = req.header(reqwest::header::CONTENT_TYPE, "application/json");
            }
            if let Some(token) = &self.token {
                req = req.bearer_auth(token);
            }
            for (k, v) in headers {
                req = req.header(k.as_str(), v.as_str());
            }
            if let Some(b) = &body {
                req = req.body(b.clone());
            }
            let res = req.send().await.map_err(|e| self.failure(e))?;
            if attempt < MAX_RETRIES && retry::idempotent(&method) && retry::retryable(res.status())
            {
                let wait = retry::delay(res.headers(), attempt);
                tracing::info!(status = %res.status(), ?wait, "the daemon asked to retry later");
                drop(res);
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            return Ok(res);
        }
    }

    fn failure(&self, e: reqwest::Error) -> ClientError {
        let endpoint = self.endpoint.to_string();
        if e.is_timeout() && !e.is_connect() {
            return ClientError::Timeout {
                endpoint,
                after: self.timeout.unwrap_or(CONNECT_TIMEOUT),
            };
        }
        // Only the cause: the URL is ours and already named by the endpoint.
        let e = e.without_url();
        let reason = if is_tls(&e) {
            format!("TLS: {}", error_chain(&e))
        } else {
            error_chain(&e)
        };
        if e.is_connect() {
            ClientError::Connect { endpoint, reason }
        } else {
            ClientError::Transport { endpoint, reason }
        }
    }
}

fn api_error(status: StatusCode, bytes: &[u8]) -> ClientError {
    let body = serde_json::from_slice::<ErrorBody>(bytes).unwrap_or_else(|_| {
        ErrorBody::new(
            status.canonical_reason().unwrap_or("Error"),
            String::from_utf8_lossy(bytes).trim().to_string(),
            None,
        )
    });
    ClientError::Api { status, body }
}
