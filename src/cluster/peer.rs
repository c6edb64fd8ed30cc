//! Node to node: the cluster credential, and forwarding a session's request
//! to the node that owns the session (HTTPS, bodies streamed both ways).

use super::ClusterError;
use axum::body::Body;
use axum::response::Response;
use hyper::header::{HeaderName, HeaderValue};
use std::time::Duration;

/// Carries the cluster credential on a forwarded request.
pub const NODE_AUTH: &str = "x-sessionpool-node-auth";
/// Names the node that forwarded a request.
pub const FORWARDED_BY: &str = "x-sessionpool-forwarded-by";
/// On every data-plane answer in cluster mode: the node whose sandbox answered.
pub const ANSWERED_BY: &str = "x-sessionpool-node";

/// On a request that came from another node with a valid credential.
#[derive(Debug, Clone)]
pub struct ForwardedBy(pub String);

/// The credential: an HMAC of a fixed label under the cluster secret. Only
/// nodes that hold the secret can make or check it; it never reaches a
/// container (the proxy drops every `x-sessionpool-*` header).
pub struct Credential {
    key: ring::hmac::Key,
    header: HeaderValue,
}

const LABEL: &[u8] = b"sessionpool node-to-node v1";

impl Credential {
    pub fn new(secret: &[u8]) -> Self {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
        let tag = hex::encode(ring::hmac::sign(&key, LABEL).as_ref());
        let mut header = HeaderValue::from_str(&tag).expect("hex is a valid header value");
        header.set_sensitive(true);
        Self { key, header }
    }

    /// Whether `headers` carry this cluster's credential (constant time).
    pub fn verify(&self, presented: &HeaderValue) -> bool {
        hex::decode(presented.as_bytes())
            .is_ok_and(|tag| ring::hmac::verify(&self.key, LABEL, &tag).is_ok())
    }
}

/// The HTTPS client other nodes are reached with.
pub struct Peers {
    http: reqwest::Client,
    /// For Upgrade requests: no read timeout on the connection (a tunnel may
    /// carry data one way only for long); the tunnel's idle bound is
    /// `IdleTimeout` on the caller's side instead.
    upgrades: reqwest::Client,
    credential: Credential,
    node: HeaderValue,
    /// How long a peer may take to answer with headers.
    answer_timeout: Duration,
}

impl Peers {
    pub fn new(
        credential: Credential,
        node: &str,
        peer_ca: Option<&[u8]>,
        idle: Duration,
    ) -> Result<Self, ClusterError> {
        let client = |read_timeout: Option<Duration>| {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(3))
                .pool_idle_timeout(Duration::from_secs(60))
                .tcp_nodelay(true)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy();
            if let Some(t) = read_timeout {
                builder = builder.read_timeout(t);
            }
            if let Some(pem) = peer_ca {
                let certs = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| ClusterError::Config(format!("--cluster-peer-ca: {e}")))?;
                builder = builder.tls_certs_only(certs);
            }
            builder
                .build()
                .map_err(|e| ClusterError::Config(format!("the node-to-node client: {e}")))
        };
        Ok(Self {
            http: client(Some(idle))?,
            upgrades: client(None)?,
            credential,
            node: HeaderValue::from_str(node).map_err(|_| {
                ClusterError::Config(format!("--node-name {node:?} is not a valid header value"))
            })?,
            answer_timeout: idle,
        })
    }

    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    /// Send `req` (its path and query as the caller sent them) to the node at
    /// `url` and stream its answer back. The caller's Authorization stays
    /// here: the owner trusts the credential, this node already checked the
    /// caller. An Upgrade (WebSocket) that the owner accepts (101) is spliced:
    /// the caller's connection and the one to the owner carry each other's
    /// bytes until either closes.
    pub async fn forward(
        &self,
        node: &str,
        url: &str,
        mut req: hyper::Request<Body>,
        client_ip: Option<std::net::IpAddr>,
    ) -> Result<Response, ClusterError> {
        let peer_err = |message: String| ClusterError::Peer {
            node: node.to_string(),
            message,
        };
        let upgrading = req.headers().contains_key(hyper::header::UPGRADE);
        let caller_upgrade = upgrading.then(|| hyper::upgrade::on(&mut req));
        let (parts, body) = req.into_parts();
        let target = format!(
            "{}{}",
            url.trim_end_matches('/'),
            parts.uri.path_and_query().map_or("/", |p| p.as_str())
        );
        let mut headers = parts.headers;
        strip_for_peer(&mut headers);
        if let Some(ip) = client_ip {
            crate::proxy::append_forwarded_for(&mut headers, ip);
        }
        headers.insert(
            HeaderName::from_static(NODE_AUTH),
            self.credential.header.clone(),
        );
        headers.insert(HeaderName::from_static(FORWARDED_BY), self.node.clone());
        let http = if upgrading {
            &self.upgrades
        } else {
            &self.http
        };
        let send = http
            .request(parts.method, &target)
            .headers(headers)
            .body(reqwest::Body::wrap_stream(body.into_data_stream()))
            .send();
        let answer = tokio::time::timeout(self.answer_timeout, send)
            .await
            .map_err(|_| peer_err(format!("no answer within {:?}", self.answer_timeout)))?
            .map_err(|e| peer_err(without_url(e)))?;
        let switched = answer.status() == hyper::StatusCode::SWITCHING_PROTOCOLS;
        let mut res = Response::builder().status(answer.status());
        if let Some(h) = res.headers_mut() {
            *h = answer.headers().clone();
            crate::proxy::response_headers(h, switched);
        }
        if let (true, Some(caller)) = (switched, caller_upgrade) {
            let node = node.to_string();
            let idle = self.answer_timeout;
            tokio::spawn(async move {
                match tokio::try_join!(async { caller.await.map_err(|e| e.to_string()) }, async {
                    answer.upgrade().await.map_err(without_url)
                },)
                {
                    Ok((caller, mut owner)) => {
                        // Every byte of the tunnel crosses the caller's side:
                        // bounding it ends a tunnel where nothing moves either
                        // way (as the owner bounds its side to the sandbox).
                        let mut caller = crate::proxy::IdleTimeout::new(
                            hyper_util::rt::TokioIo::new(caller),
                            idle,
                        );
                        let _ = tokio::io::copy_bidirectional(&mut caller, &mut owner).await;
                    }
                    Err(e) => {
                        tracing::debug!(node, error = %e, "an upgrade through a peer did not complete")
                    }
                }
            });
            return res.body(Body::empty()).map_err(|e| peer_err(e.to_string()));
        }
        res.body(Body::from_stream(answer.bytes_stream()))
            .map_err(|e| peer_err(e.to_string()))
    }
}

/// Hop-by-hop headers (but an Upgrade handshake), the caller's credentials
/// and any `x-sessionpool-*` header the caller made up stay behind.
fn strip_for_peer(headers: &mut hyper::HeaderMap) {
    crate::proxy::strip_hop_by_hop_but_upgrade(headers);
    headers.remove(hyper::header::AUTHORIZATION);
    headers.remove(hyper::header::HOST);
    crate::proxy::strip_cluster_headers(headers);
}

/// reqwest's errors name the URL; the query holds the caller's identifier,
/// which is the caller's business, not the log's.
fn without_url(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cluster_secret_makes_a_valid_credential() {
        let ours = Credential::new(&[7u8; 32]);
        let theirs = Credential::new(&[8u8; 32]);
        assert!(ours.verify(&ours.header));
        assert!(!ours.verify(&theirs.header));
        assert!(!ours.verify(&HeaderValue::from_static("not-hex")));
        assert!(!ours.verify(&HeaderValue::from_static("")));
    }

    #[test]
    fn callers_credentials_never_go_to_a_peer() {
        let mut h = hyper::HeaderMap::new();
        h.insert("authorization", "Bearer caller".parse().unwrap());
        h.insert(NODE_AUTH, "forged".parse().unwrap());
        h.insert("connection", "keep-alive".parse().unwrap());
        h.insert("content-type", "text/plain".parse().unwrap());
        strip_for_peer(&mut h);
        assert!(h.get("authorization").is_none());
        assert!(h.get(NODE_AUTH).is_none());
        assert!(h.get("connection").is_none());
        assert_eq!(h.get("content-type").unwrap(), "text/plain");
    }
}
