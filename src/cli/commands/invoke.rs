//! `sessionpool invoke -n POOL -g RG --identifier ID [--method M] [--path P] [--data ...] [--header ...]`

use super::pool_key;
use crate::cli::Context;
use crate::cli::args::InvokeArgs;
use crate::cli::error::usage;
use anyhow::{Context as _, Result};
use std::io::{Read, Write};

fn body(data: &Option<String>) -> Result<Option<bytes::Bytes>> {
    Ok(match data.as_deref() {
        None => None,
        Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("failed to read the body from standard input")?;
            Some(buf.into())
        }
        Some(d) if d.starts_with('@') => {
            let path = &d[1..];
            Some(
                std::fs::read(path)
                    .map_err(|e| usage(format!("argument --data: cannot read {path}: {e}")))?
                    .into(),
            )
        }
        Some(d) => Some(bytes::Bytes::copy_from_slice(d.as_bytes())),
    })
}

pub async fn run(ctx: &mut Context, args: &InvokeArgs) -> Result<()> {
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    crate::spec::SessionIdentifier::parse(&args.identifier)
        .map_err(|e| usage(format!("argument --identifier: {}", e.message)))?;
    let mut headers = Vec::new();
    for h in &args.headers {
        let (k, v) = h.split_once(':').ok_or_else(|| {
            usage(format!(
                "argument --header: '{h}' must be written 'Name: value'"
            ))
        })?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let body = body(&args.data)?;
    let method = match &args.method {
        Some(m) => m
            .to_uppercase()
            .parse()
            .map_err(|_| usage(format!("argument --method: '{m}' is not an HTTP method")))?,
        None if body.is_some() => reqwest::Method::POST,
        None => reqwest::Method::GET,
    };
    // The body goes out as it arrives; a missing final newline is added
    // so the shell prompt starts on its own line.
    let mut last = b'\n';
    let mut out = std::io::stdout().lock();
    ctx.client_with_default_timeout(crate::client::INVOKE_TIMEOUT)?
        .invoke(
            &rg,
            &name,
            &args.identifier,
            method,
            &args.path,
            body,
            &headers,
            |chunk| {
                if let Some(b) = chunk.last() {
                    last = *b;
                }
                out.write_all(chunk)?;
                out.flush()
            },
        )
        .await?;
    match if last == b'\n' {
        Ok(())
    } else {
        out.write_all(b"\n").and_then(|()| out.flush())
    } {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
