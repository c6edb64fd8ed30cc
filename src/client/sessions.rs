//! Data plane and session management calls of one pool.

use super::{Client, ClientError};
use crate::api::{LOGS_PATH, pool_endpoint_path};
use crate::spec::{PoolName, ResourceGroup};
use bytes::Bytes;
use reqwest::Method;

/// Percent-encode a query value (identifiers may hold `&`, `#`, `%`, ...).
pub fn encode_query(v: &str) -> String {
    serde_urlencoded::to_string([("v", v)]).expect("strings encode")[2..].to_string()
}

impl Client {
    /// One request to a session: `path` inside the container, `identifier`
    /// picks the session; a successful answer's body streams into `sink`.
    #[allow(clippy::too_many_arguments)]
    pub async fn invoke(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
        sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let (path, query) = path
            .split_once('?')
            .map_or((path, None), |(p, q)| (p, Some(q)));
        let mut url = format!(
            "{}/{}?identifier={}",
            pool_endpoint_path(rg, name),
            path.trim_start_matches('/'),
            encode_query(identifier)
        );
        if let Some(q) = query {
            url.push('&');
            url.push_str(q);
        }
        self.send_streaming(method, &url, body, headers, sink).await
    }

    pub async fn list_sessions(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<serde_json::Value, ClientError> {
        let url = format!("{}/.management/listSessions", pool_endpoint_path(rg, name));
        self.send(Method::GET, &url, None, &[]).await?.json()
    }

    pub async fn get_session(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
    ) -> Result<serde_json::Value, ClientError> {
        let url = format!(
            "{}/.management/getSession?identifier={}",
            pool_endpoint_path(rg, name),
            encode_query(identifier)
        );
        self.send(Method::GET, &url, None, &[]).await?.json()
    }

    pub async fn stop_session(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
    ) -> Result<(), ClientError> {
        let url = format!(
            "{}/.management/stopSession?identifier={}",
            pool_endpoint_path(rg, name),
            encode_query(identifier)
        );
        self.send(Method::POST, &url, None, &[]).await.map(|_| ())
    }

    /// Console logs; with `follow`, `sink` gets lines until the sandboxes go.
    pub async fn logs(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: Option<&str>,
        tail: Option<usize>,
        follow: bool,
        sink: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), ClientError> {
        let mut url = format!("{LOGS_PATH}/{}/{name}?follow={follow}", rg.key());
        if let Some(id) = identifier {
            url.push_str(&format!("&identifier={}", encode_query(id)));
        }
        if let Some(t) = tail {
            url.push_str(&format!("&tail={t}"));
        }
        if follow {
            self.stream(&url, sink).await
        } else {
            self.send_streaming(Method::GET, &url, None, &[], sink)
                .await
        }
    }
}
