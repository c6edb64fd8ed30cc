//! Typed client of the daemon over the unix socket, HTTP or HTTPS.

mod connect;
mod interpreter;
mod pools;
mod sessions;
mod tokens;

pub use connect::{DEFAULT_SOCKET, Endpoint};

use crate::api::ErrorBody;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "connect to the daemon at {endpoint}: {reason} (is `sessionpool daemon` running? set SESSIONPOOL_ENDPOINT or --environment)"
    )]
    Connect { endpoint: String, reason: String },
    #[error("talk to the daemon at {endpoint}: {reason}")]
    Transport { endpoint: String, reason: String },
    #[error("{body}")]
    Api { status: StatusCode, body: ErrorBody },
    #[error("read the daemon's answer: {0}")]
    Decode(String),
    #[error(
        "parse endpoint '{0}': use unix:///path/to.sock, http://host:port or https://host:port"
    )]
    BadEndpoint(String),
    #[error("load CA certificates: {0}")]
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
    pub headers: hyper::HeaderMap,
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
    token: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(endpoint: Endpoint, token: Option<String>) -> Self {
        Self { endpoint, token }
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
            let body = serde_json::from_slice::<ErrorBody>(&answer.body).unwrap_or_else(|_| {
                ErrorBody::new(
                    answer.status.canonical_reason().unwrap_or("Error"),
                    String::from_utf8_lossy(&answer.body).trim().to_string(),
                    None,
                )
            });
            return Err(ClientError::Api {
                status: answer.status,
                body,
            });
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
        let res = self.open(method, path, body, headers).await?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .map_err(|e| self.transport(e.to_string()))?
            .to_bytes();
        tracing::debug!(%status, "response");
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// Send one request and stream the answer's body into `sink` as it arrives.
    pub async fn stream(
        &self,
        path: &str,
        mut sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let res = self.open(Method::GET, path, None, &[]).await?;
        let status = res.status();
        let mut body = res.into_body();
        if !status.is_success() {
            let bytes = body
                .collect()
                .await
                .map_err(|e| self.transport(e.to_string()))?
                .to_bytes();
            let body = serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| ErrorBody::new("Error", String::from_utf8_lossy(&bytes), None));
            return Err(ClientError::Api { status, body });
        }
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| self.transport(e.to_string()))?;
            if let Some(data) = frame.data_ref()
                && sink(data).is_err()
            {
                // The reader went away (`| head`): stop quietly.
                return Ok(());
            }
        }
        Ok(())
    }

    async fn open(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
    ) -> Result<hyper::Response<hyper::body::Incoming>, ClientError> {
        let path = self.endpoint.relative(path);
        tracing::debug!(%method, %path, "request");
        let mut sender = self.endpoint.connect().await?;
        let mut req = Request::builder()
            .method(method)
            .uri(path.as_str())
            .header(hyper::header::HOST, self.endpoint.host_header())
            .header(
                hyper::header::USER_AGENT,
                concat!("sessionpool/", env!("CARGO_PKG_VERSION")),
            );
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header(hyper::header::CONTENT_TYPE, "application/json");
        }
        if let Some(token) = &self.token {
            req = req.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .body(Full::new(body.unwrap_or_default()))
            .map_err(|e| self.transport(e.to_string()))?;
        sender
            .send_request(req)
            .await
            .map_err(|e| self.transport(e.to_string()))
    }

    fn transport(&self, reason: String) -> ClientError {
        ClientError::Transport {
            endpoint: self.endpoint.to_string(),
            reason,
        }
    }
}
