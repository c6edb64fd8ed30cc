//! The data plane of code interpreter pools (PythonLTS), as Azure's API and
//! the clients that call it (LangChain, Semantic Kernel, az) use it:
//! `code/execute` and `files/...` in the 2024-02-02-preview shapes, and
//! `executions` and `files` in the newer ones. The daemon checks each call
//! (route, body, file names, sizes) and speaks a small internal protocol to
//! the interpreter server in the session's sandbox (see
//! `pool/interpreters/python_server.py`); answers are re-shaped here.

use super::sessions::{container_path, identifier_of, mark_new_session, percent_decode};
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::pool::{PoolRuntime, Session};
use crate::proxy::Target;
use axum::Json;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Azure's default and maximum execution time.
pub const MAX_TIMEOUT_SECONDS: u64 = 220;
/// Largest upload accepted (the whole multipart body).
pub const UPLOAD_LIMIT: usize = 128 << 20;
/// Largest answer read from the interpreter server (its output is cut at
/// 1 Mi characters per stream; JSON escaping can grow that sixfold).
const REPLY_LIMIT: usize = 16 << 20;
/// Time to reach the server for a file call, or beyond an execution's timeout.
const CALL_MARGIN: Duration = Duration::from_secs(30);

/// Which api-version family a call speaks: the 2024 previews' shapes, or the
/// newer `executions`/flat-file shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Classic,
    Current,
}

fn shape_of(query: &str) -> Shape {
    let version = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "api-version")
        .map(|(_, v)| v)
        .unwrap_or("");
    if version >= "2025" {
        Shape::Current
    } else {
        Shape::Classic
    }
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| percent_decode(v))
}

/// A file name relative to /mnt/data, from percent-encoded path segments.
/// Clients send it relative or absolute (`/mnt/data/x`); both are accepted,
/// anything that could leave /mnt/data is refused. (The server also resolves
/// symlinks the session's code made before it touches a file.)
fn file_name(raw: &[&str]) -> Result<String, ApiError> {
    let mut decoded = Vec::new();
    for seg in raw {
        decoded.push(percent_decode(seg).ok_or_else(|| bad_name("is not valid percent-encoding"))?);
    }
    relative_name(&decoded.join("/"))
}

fn relative_name(name: &str) -> Result<String, ApiError> {
    let name = name
        .strip_prefix("/mnt/data/")
        .or_else(|| name.strip_prefix("mnt/data/"))
        .unwrap_or(name);
    if name.is_empty() || name.contains('\0') || name.contains('\\') {
        return Err(bad_name(
            "must be a non-empty path without NUL or backslash",
        ));
    }
    if name.starts_with('/') {
        return Err(bad_name(
            "must be relative to /mnt/data (or start with /mnt/data/)",
        ));
    }
    if name
        .split('/')
        .any(|c| c == ".." || c == "." || c.is_empty())
    {
        return Err(bad_name(
            "must not contain '.', '..' or empty components: files stay inside /mnt/data",
        ));
    }
    Ok(name.to_string())
}

fn bad_name(rule: &str) -> ApiError {
    ApiError::BadRequest(crate::api::ErrorBody::new(
        "InvalidFileName",
        format!("the file name {rule}"),
        Some("filename"),
    ))
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One call of the data plane of an interpreter pool.
pub async fn handle(
    state: &AppState,
    pool: Arc<PoolRuntime>,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    let arrived = Instant::now();
    let (identifier, query) = identifier_of(req.uri().query())?;
    let shape = shape_of(&query);
    let path = container_path(req.uri().path())
        .trim_end_matches('/')
        .to_string();
    let segs: Vec<&str> = path.split('/').collect();
    let method = req.method().clone();
    // Refuse what is not ours before a session is allocated for it.
    let op = match (&method, segs.as_slice()) {
        (&Method::POST, ["code", "execute"]) => Op::Execute(Shape::Classic),
        (&Method::POST, ["executions"]) => Op::Execute(Shape::Current),
        (&Method::POST, ["files", "upload"]) => Op::Upload(Shape::Classic),
        (&Method::POST, ["files"]) => Op::Upload(shape),
        (&Method::GET, ["files"]) => Op::List(shape),
        (&Method::GET, ["files", "content", rest @ ..]) if !rest.is_empty() => {
            Op::Download(file_name(rest)?)
        }
        (&Method::GET, ["files", rest @ .., "content"]) if !rest.is_empty() => {
            Op::Download(file_name(rest)?)
        }
        (&Method::GET, ["files", rest @ ..]) if !rest.is_empty() => {
            Op::Metadata(file_name(rest)?, shape)
        }
        (&Method::DELETE, ["files", rest @ ..]) if !rest.is_empty() => Op::Delete(file_name(rest)?),
        (&Method::DELETE, ["session"]) | (&Method::POST, ["session", "stop"]) => {
            return stop(&pool, identifier.as_str()).await;
        }
        _ => {
            return Err(ApiError::NotFound {
                code: "NotFound",
                message: format!(
                    "{method} /{path} is not part of the code interpreter API (code/execute, executions, files)"
                ),
            });
        }
    };
    let dir = match query_param(&query, "path") {
        Some(p) if !p.is_empty() && p != "/mnt/data" && p != "/mnt/data/" => relative_name(&p)?,
        _ => String::new(),
    };
    // Bodies are read before the allocation: a bad one never costs a session.
    let input = match &op {
        Op::Execute(s) => Input::Execute(execution_input(req, *s).await?),
        Op::Upload(_) => Input::Upload(upload_input(req).await?),
        _ => Input::None,
    };
    let started = Instant::now();
    let (session, fresh) = pool.allocate(identifier.as_str()).await?;
    if fresh {
        let h = if session.warm {
            &state.metrics.allocation_warm
        } else {
            &state.metrics.allocation_cold
        };
        h.observe(started.elapsed());
    }
    let call = Call {
        state,
        session: &session,
        identifier: identifier.as_str(),
        shell: pool.interpreter == Some(crate::spec::ContainerType::Shell),
    };
    let mut res = match (op, input) {
        (Op::Execute(s), Input::Execute((code, timeout))) => call.execute(s, code, timeout).await?,
        (Op::Upload(s), Input::Upload(files)) => call.upload(s, &dir, files).await?,
        (Op::List(s), _) => call.list(s, &dir).await?,
        (Op::Metadata(name, s), _) => call.metadata(s, &name).await?,
        (Op::Download(name), _) => call.download(&name).await?,
        (Op::Delete(name), _) => call.delete(&name).await?,
        _ => unreachable!("inputs are read per operation"),
    };
    pool.metrics
        .forwarded(res.status().as_u16(), arrived.elapsed());
    if fresh {
        mark_new_session(&mut res, &session);
    }
    Ok(res)
}

enum Op {
    Execute(Shape),
    Upload(Shape),
    List(Shape),
    Metadata(String, Shape),
    Download(String),
    Delete(String),
}

enum Input {
    Execute((String, u64)),
    Upload(Vec<(String, bytes::Bytes)>),
    None,
}

async fn stop(pool: &PoolRuntime, identifier: &str) -> Result<Response, ApiError> {
    if pool.stop_session(identifier).await {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::NotFound {
            code: "SessionNotFound",
            message: format!("no session has identifier '{identifier}'"),
        })
    }
}

/// The code and timeout of an execution, in either request shape.
async fn execution_input(req: Request<Body>, shape: Shape) -> Result<(String, u64), ApiError> {
    let body = axum::body::to_bytes(req.into_body(), 8 << 20)
        .await
        .map_err(|_| {
            ApiError::invalid_body("the request body is larger than 8 MiB or cut short")
        })?;
    let v: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid_body(format!("the body is not JSON: {e}")))?;
    let (props, at) = match shape {
        Shape::Classic => (
            v.get("properties").cloned().unwrap_or(Value::Null),
            "properties.",
        ),
        Shape::Current => (v, ""),
    };
    let field = |name: &str| {
        ApiError::Validation(crate::spec::ValidationError::new(
            format!("{at}{name}"),
            match name {
                "code" => "is required: the code (or shellCommand) to run, as a string".to_string(),
                "codeInputType" => "must be 'inline'".to_string(),
                "executionType" => "must be 'synchronous'".to_string(),
                _ => format!("must be a whole number of seconds from 1 to {MAX_TIMEOUT_SECONDS}"),
            },
        ))
    };
    // Shell clients (LangChain's SessionsBashTool) send `shellCommand`.
    let code = props
        .get("code")
        .or_else(|| props.get("shellCommand"))
        .and_then(Value::as_str)
        .ok_or_else(|| field("code"))?
        .to_string();
    for (key, want) in [
        ("codeInputType", "inline"),
        ("executionType", "synchronous"),
    ] {
        if let Some(v) = props.get(key)
            && !v.is_null()
            && !v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(want))
        {
            return Err(field(key));
        }
    }
    let timeout = match props.get("timeoutInSeconds") {
        None | Some(Value::Null) => MAX_TIMEOUT_SECONDS,
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .filter(|t| (1..=MAX_TIMEOUT_SECONDS).contains(t))
            .ok_or_else(|| field("timeoutInSeconds"))?,
    };
    Ok((code, timeout))
}

/// The files of a multipart upload (each part with a file name).
async fn upload_input(req: Request<Body>) -> Result<Vec<(String, bytes::Bytes)>, ApiError> {
    use axum::extract::FromRequest;
    let too_big = || {
        ApiError::BadRequest(crate::api::ErrorBody::new(
            "FileTooLarge",
            format!("an upload may be at most {} MiB", UPLOAD_LIMIT >> 20),
            Some("file"),
        ))
    };
    if req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .is_some_and(|n| n > UPLOAD_LIMIT)
    {
        return Err(too_big());
    }
    let (mut parts, body) = req.into_parts();
    let body = http_body_util::Limited::new(body, UPLOAD_LIMIT)
        .collect()
        .await
        .map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                too_big()
            } else {
                ApiError::invalid_body("the request body is malformed or was cut short")
            }
        })?
        .to_bytes();
    // Semantic Kernel sends its multipart body under the `Content-Type:
    // application/json` its shared client keeps from code/execute: take the
    // boundary from the body's first line then, as Azure accepts it.
    let declared = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data") && v.contains("boundary="));
    if !declared && let Some(boundary) = sniffed_boundary(&body) {
        let value = format!("multipart/form-data; boundary={boundary}");
        if let Ok(v) = header::HeaderValue::from_str(&value) {
            parts.headers.insert(header::CONTENT_TYPE, v);
        }
    }
    let req = Request::from_parts(parts, Body::from(body));
    let mut multipart = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::invalid_body(format!("expected a multipart/form-data body: {e}")))?;
    let mut files = Vec::new();
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::invalid_body(format!("the multipart body is malformed: {e}")))?;
        let Some(field) = field else { break };
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        let name = relative_name(&name)?;
        let data = field
            .bytes()
            .await
            .map_err(|e| ApiError::invalid_body(format!("the multipart body is malformed: {e}")))?;
        files.push((name, data));
    }
    if files.is_empty() {
        return Err(ApiError::BadRequest(crate::api::ErrorBody::new(
            "InvalidRequest",
            "the upload has no file part (multipart field 'file' with a filename)",
            Some("file"),
        )));
    }
    Ok(files)
}

/// The boundary of a multipart body, from its first line (`--BOUNDARY`).
fn sniffed_boundary(body: &[u8]) -> Option<&str> {
    let line = body.strip_prefix(b"--")?;
    let end = line.iter().position(|&b| b == b'\r' || b == b'\n')?;
    let boundary = std::str::from_utf8(&line[..end]).ok()?;
    let valid = !boundary.is_empty()
        && boundary.len() <= 70
        && boundary
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b));
    valid.then_some(boundary)
}

struct Call<'a> {
    state: &'a AppState,
    session: &'a Arc<Session>,
    identifier: &'a str,
    /// A Shell pool: the newer shape's `status` is the exit code, as Azure's.
    shell: bool,
}

impl Call<'_> {
    /// One request to the session's interpreter server, bounded in time.
    async fn send(
        &self,
        method: Method,
        path: String,
        body: Body,
        timeout: Duration,
    ) -> Result<Response, ApiError> {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "interpreter")
            .body(body)
            .map_err(|_| ApiError::invalid_body("the request could not be built"))?;
        let target = Target {
            sandbox: self.session.sandbox.id.clone(),
            port: self.session.port,
            identifier: self.identifier.to_string(),
        };
        let guard = self.session.activity();
        let sent = self
            .state
            .forwarder
            .forward(req, &target, None, "http", guard);
        match tokio::time::timeout(timeout, sent).await {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(e)) => Err(unreachable_session(self.identifier, &e.to_string())),
            Err(_) => Err(unreachable_session(self.identifier, "no answer in time")),
        }
    }

    /// The JSON answer of the server; its own errors (404, 400) pass through.
    async fn json(
        &self,
        method: Method,
        path: String,
        body: Body,
        timeout: Duration,
    ) -> Result<Value, ApiError> {
        let res = self.send(method, path, body, timeout).await?;
        let status = res.status();
        let bytes = http_body_util::Limited::new(res.into_body(), REPLY_LIMIT)
            .collect()
            .await
            .map_err(|_| {
                unreachable_session(self.identifier, "the answer was too large or cut short")
            })?
            .to_bytes();
        let v: Value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .map_err(|_| unreachable_session(self.identifier, "the answer was not JSON"))?
        };
        if status.is_success() {
            return Ok(v);
        }
        let message = v["error"]["message"]
            .as_str()
            .unwrap_or("the call failed")
            .to_string();
        Err(match status {
            StatusCode::NOT_FOUND => ApiError::NotFound {
                code: "NotFound",
                message: format!("{message} in /mnt/data"),
            },
            _ => ApiError::BadRequest(crate::api::ErrorBody::new(
                v["error"]["code"].as_str().unwrap_or("InvalidRequest"),
                message,
                None,
            )),
        })
    }

    async fn execute(
        &self,
        shape: Shape,
        code: String,
        timeout: u64,
    ) -> Result<Response, ApiError> {
        let body = json!({ "code": code, "timeoutInSeconds": timeout }).to_string();
        let wait = Duration::from_secs(timeout) + CALL_MARGIN;
        let r = self
            .json(Method::POST, "/execute".into(), Body::from(body), wait)
            .await?;
        let ok = r["status"] == "Success";
        let out = match shape {
            Shape::Classic => json!({
                "$id": "1",
                "properties": {
                    "$id": "2",
                    "status": if ok { "Success" } else { "Failure" },
                    "stdout": r["stdout"],
                    "stderr": r["stderr"],
                    "result": r["result"],
                    "executionTimeInMilliseconds": r["executionTimeInMilliseconds"],
                }
            }),
            Shape::Current => json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "identifier": self.identifier,
                "executionType": "Synchronous",
                "status": match (self.shell, r["exitCode"].as_i64()) {
                    (true, Some(code)) => Value::from(code.to_string()),
                    _ => Value::from(if ok { "Succeeded" } else { "Failed" }),
                },
                "result": {
                    "stdout": r["stdout"],
                    "stderr": r["stderr"],
                    "executionResult": r["result"],
                    "executionTimeInMilliseconds": r["executionTimeInMilliseconds"],
                }
            }),
        };
        let mut out = out;
        if self.shell
            && let Some(code) = r["exitCode"].as_i64()
        {
            match shape {
                Shape::Classic => out["properties"]["exitCode"] = code.into(),
                Shape::Current => out["result"]["exitCode"] = code.into(),
            }
        }
        Ok(Json(out).into_response())
    }

    async fn upload(
        &self,
        shape: Shape,
        dir: &str,
        files: Vec<(String, bytes::Bytes)>,
    ) -> Result<Response, ApiError> {
        let mut metas = Vec::new();
        for (name, data) in files {
            let name = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            let m = self
                .json(
                    Method::PUT,
                    format!("/files/content?name={}", encode(&name)),
                    Body::from(data),
                    CALL_MARGIN,
                )
                .await?;
            metas.push(m);
        }
        let out = match shape {
            Shape::Classic => {
                json!({ "$id": "1", "value": metas.iter().map(classic_meta).collect::<Vec<_>>() })
            }
            Shape::Current if metas.len() == 1 => current_meta(&metas[0]),
            Shape::Current => {
                json!({ "value": metas.iter().map(current_meta).collect::<Vec<_>>() })
            }
        };
        Ok(Json(out).into_response())
    }

    async fn list(&self, shape: Shape, dir: &str) -> Result<Response, ApiError> {
        let r = self
            .json(
                Method::GET,
                format!("/files?path={}", encode(dir)),
                Body::empty(),
                CALL_MARGIN,
            )
            .await?;
        let entries = r["value"].as_array().cloned().unwrap_or_default();
        let out = match shape {
            Shape::Classic => {
                json!({ "$id": "1", "value": entries.iter().map(classic_meta).collect::<Vec<_>>() })
            }
            Shape::Current => {
                json!({ "value": entries.iter().map(current_meta).collect::<Vec<_>>() })
            }
        };
        Ok(Json(out).into_response())
    }

    async fn metadata(&self, shape: Shape, name: &str) -> Result<Response, ApiError> {
        let m = self
            .json(
                Method::GET,
                format!("/files/meta?name={}", encode(name)),
                Body::empty(),
                CALL_MARGIN,
            )
            .await?;
        Ok(Json(match shape {
            Shape::Classic => classic_meta(&m),
            Shape::Current => current_meta(&m),
        })
        .into_response())
    }

    async fn download(&self, name: &str) -> Result<Response, ApiError> {
        let path = format!("/files/content?name={}", encode(name));
        let res = self
            .send(Method::GET, path.clone(), Body::empty(), CALL_MARGIN)
            .await?;
        if res.status().is_success() {
            // Streamed: a large file is never held in the daemon's memory.
            let (mut parts, body) = res.into_parts();
            let length = parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.clear();
            if let Some(length) = length {
                parts.headers.insert(header::CONTENT_LENGTH, length);
            }
            parts.headers.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("application/octet-stream"),
            );
            return Ok(Response::from_parts(parts, body));
        }
        // The error body is small JSON: read it through the JSON path.
        self.json(Method::GET, path, Body::empty(), CALL_MARGIN)
            .await
            .map(|_| StatusCode::NO_CONTENT.into_response())
    }

    async fn delete(&self, name: &str) -> Result<Response, ApiError> {
        self.json(
            Method::DELETE,
            format!("/files/content?name={}", encode(name)),
            Body::empty(),
            CALL_MARGIN,
        )
        .await?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

/// Metadata as the 2024 previews return it (clients index these directly).
fn classic_meta(m: &Value) -> Value {
    json!({
        "properties": {
            "filename": m["path"],
            "size": m["size"],
            "lastModifiedTime": m["lastModifiedTime"],
        }
    })
}

/// Metadata in the newer, flat shape.
fn current_meta(m: &Value) -> Value {
    json!({
        "name": m["path"],
        "type": m["type"],
        "sizeInBytes": m["size"],
        "lastModifiedAt": m["lastModifiedTime"],
    })
}

/// The session's server did not answer as it should: its own code may have
/// broken it. Not a 502/503/504 (clients re-send those, running code twice).
fn unreachable_session(identifier: &str, why: &str) -> ApiError {
    let reference = crate::daemon::error::incident_reference();
    tracing::warn!(
        identifier,
        reference,
        error = why,
        "the interpreter server did not answer"
    );
    ApiError::Conflict(format!(
        "the session's interpreter did not answer (reference {reference}); stop the session to get a new one"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_mnt_data() {
        assert_eq!(relative_name("a.txt").unwrap(), "a.txt");
        assert_eq!(relative_name("/mnt/data/d/a.txt").unwrap(), "d/a.txt");
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "d/../../x",
            "",
            "a//b",
            "./a",
            "/mnt/data/../x",
        ] {
            assert!(relative_name(bad).is_err(), "{bad} must be refused");
        }
        assert!(
            file_name(&["..%2Fx"]).is_err(),
            "an encoded slash is decoded first"
        );
        assert_eq!(file_name(&["d", "a%20b.txt"]).unwrap(), "d/a b.txt");
    }

    #[test]
    fn a_multipart_boundary_is_read_from_the_body() {
        assert_eq!(
            sniffed_boundary(b"--abc123\r\nContent-Disposition: x"),
            Some("abc123")
        );
        assert_eq!(sniffed_boundary(b"{\"json\": 1}"), None);
        assert_eq!(sniffed_boundary(b"--a b\r\n"), None, "no spaces");
    }

    #[test]
    fn api_versions_pick_shapes() {
        assert_eq!(shape_of("api-version=2024-02-02-preview"), Shape::Classic);
        assert_eq!(
            shape_of("x=1&api-version=2025-02-02-preview"),
            Shape::Current
        );
        assert_eq!(shape_of(""), Shape::Classic);
    }
}
