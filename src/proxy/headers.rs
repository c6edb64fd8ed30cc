//! What crosses the proxy: hop-by-hop headers and the caller's Authorization
//! never do; X-Forwarded-* and X-Session-Identifier are added.

use hyper::HeaderMap;
use hyper::header::{HeaderName, HeaderValue};

/// RFC 9110 §7.6.1 hop-by-hop headers, plus Proxy-* ones.
pub const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Every `x-sessionpool-*` header (the cluster's node-to-node ones).
pub fn strip_cluster_headers(headers: &mut HeaderMap) {
    let ours: Vec<HeaderName> = headers
        .keys()
        .filter(|k| k.as_str().starts_with("x-sessionpool-"))
        .cloned()
        .collect();
    for k in ours {
        headers.remove(k);
    }
}

pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    // Headers named in Connection are hop-by-hop too.
    let named: Vec<HeaderName> = headers
        .get_all(hyper::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for n in named {
        headers.remove(n);
    }
    for h in HOP_BY_HOP {
        headers.remove(h);
    }
}

/// `strip_hop_by_hop`, but an Upgrade handshake stays (it is hop-by-hop, but
/// a proxy that splices must pass it on) as `Connection: upgrade` + `Upgrade`.
pub fn strip_hop_by_hop_but_upgrade(headers: &mut HeaderMap) {
    let upgrade = headers.get(hyper::header::UPGRADE).cloned();
    strip_hop_by_hop(headers);
    if let Some(up) = upgrade {
        headers.insert(
            hyper::header::CONNECTION,
            HeaderValue::from_static("upgrade"),
        );
        headers.insert(hyper::header::UPGRADE, up);
    }
}

/// Add `ip` to X-Forwarded-For (after the addresses already there).
pub fn append_forwarded_for(headers: &mut HeaderMap, ip: std::net::IpAddr) {
    let value = match headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
        Some(prior) => format!("{prior}, {ip}"),
        None => ip.to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert(HeaderName::from_static("x-forwarded-for"), v);
    }
}

/// Rewrite request headers for the sandbox; an Upgrade handshake is kept.
pub fn forwarded_headers(
    headers: &mut HeaderMap,
    client_ip: Option<std::net::IpAddr>,
    proto: &str,
    identifier: &str,
) {
    strip_hop_by_hop_but_upgrade(headers);
    // Never leak the caller's token into a hostile container.
    headers.remove(hyper::header::AUTHORIZATION);
    headers.remove(HeaderName::from_static("x-session-identifier"));
    // Nor the cluster's node-to-node headers (its credential among them).
    strip_cluster_headers(headers);
    if let Some(ip) = client_ip {
        append_forwarded_for(headers, ip);
    }
    if let Some(host) = headers.get(hyper::header::HOST).cloned() {
        headers.insert(HeaderName::from_static("x-forwarded-host"), host);
    }
    headers.insert(
        HeaderName::from_static("x-forwarded-proto"),
        HeaderValue::from_static(if proto == "https" { "https" } else { "http" }),
    );
    if let Ok(v) = HeaderValue::from_str(identifier) {
        headers.insert(HeaderName::from_static("x-session-identifier"), v);
    }
}

/// Response headers back to the caller: hop-by-hop ones dropped (hyper frames the body).
pub fn response_headers(headers: &mut HeaderMap, upgraded: bool) {
    if upgraded {
        strip_hop_by_hop_but_upgrade(headers);
    } else {
        strip_hop_by_hop(headers);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_and_hop_by_hop_never_cross() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Bearer secret".parse().unwrap());
        h.insert("connection", "keep-alive, x-custom-hop".parse().unwrap());
        h.insert("x-custom-hop", "1".parse().unwrap());
        h.insert("te", "trailers".parse().unwrap());
        h.insert("x-session-identifier", "spoofed".parse().unwrap());
        h.insert("x-sessionpool-node-auth", "cluster-secret".parse().unwrap());
        h.insert("host", "daemon:8443".parse().unwrap());
        h.insert("content-type", "application/json".parse().unwrap());
        forwarded_headers(&mut h, Some("127.0.0.1".parse().unwrap()), "http", "user-1");
        assert!(h.get("authorization").is_none());
        assert!(h.get("x-sessionpool-node-auth").is_none());
        assert!(
            h.get("x-custom-hop").is_none()
                && h.get("te").is_none()
                && h.get("connection").is_none()
        );
        assert_eq!(h["x-session-identifier"], "user-1");
        assert_eq!(h["x-forwarded-for"], "127.0.0.1");
        assert_eq!(h["x-forwarded-host"], "daemon:8443");
        assert_eq!(h["x-forwarded-proto"], "http");
        assert_eq!(h["content-type"], "application/json");
    }

    #[test]
    fn upgrades_keep_their_handshake() {
        let mut h = HeaderMap::new();
        h.insert("connection", "Upgrade".parse().unwrap());
        h.insert("upgrade", "websocket".parse().unwrap());
        forwarded_headers(&mut h, None, "http", "user-1");
        assert_eq!(h["upgrade"], "websocket");
        assert_eq!(h["connection"], "upgrade");
    }
}
