//! Console logs of a pool's sandboxes (admin only): the last lines, or a
//! live stream with `follow=true`.

use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::runtime::{follow_logs, read_logs};
use crate::spec::{PoolName, ResourceGroup};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::time::Duration;

#[derive(serde::Deserialize)]
pub struct LogQuery {
    identifier: Option<String>,
    tail: Option<usize>,
    #[serde(default)]
    follow: bool,
}

pub async fn logs(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((rg, name)): Path<(String, String)>,
    Query(q): Query<LogQuery>,
) -> Result<Response, ApiError> {
    principal.require_admin()?;
    let (rg, name) = (ResourceGroup::parse(&rg)?, PoolName::parse(&name)?);
    if state.store.get_pool(&rg, &name)?.is_none() {
        return Err(ApiError::pool_not_found(rg.as_str(), name.as_str()));
    }
    let pool = state.pools.pool(&rg, &name);
    let mut sources = pool.map(|p| p.log_sources()).unwrap_or_default();
    if let Some(id) = &q.identifier {
        sources.retain(|(label, _)| label == id);
        if sources.is_empty() {
            return Err(ApiError::NotFound {
                code: "SessionNotFound",
                message: format!("no session has identifier '{id}'"),
            });
        }
    }
    // One source prints bare lines; several are told apart by a prefix.
    let prefixed = sources.len() > 1;
    let line = move |label: &str, l: &str| {
        if prefixed {
            format!("[{label}] {l}\n")
        } else {
            format!("{l}\n")
        }
    };
    if !q.follow {
        let mut out = String::new();
        for (label, path) in &sources {
            for l in read_logs(path, q.tail).map_err(crate::pool::PoolError::from)? {
                out.push_str(&line(label, &l));
            }
        }
        return Ok(([("content-type", "text/plain; charset=utf-8")], out).into_response());
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(256);
    for (label, path) in sources {
        let skip = q.tail.map_or(0, |t| {
            read_logs(&path, None)
                .map(|l| l.len())
                .unwrap_or(0)
                .saturating_sub(t)
        });
        let mut lines = follow_logs(path, Duration::from_millis(200));
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while let Some(l) = lines.recv().await {
                n += 1;
                if n > skip && tx.send(Bytes::from(line(&label, &l))).await.is_err() {
                    return;
                }
            }
        });
    }
    Ok((
        [("content-type", "text/plain; charset=utf-8")],
        Body::new(ChannelBody(rx)),
    )
        .into_response())
}

/// A response body fed by a channel, flushed chunk by chunk.
struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|b| Ok(hyper::body::Frame::data(b))))
    }
}
