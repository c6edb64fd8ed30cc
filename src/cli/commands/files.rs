//! `sessionpool files upload|list|download|delete`: the files of a code
//! interpreter session (its /mnt/data), printed as az's
//! `session code-interpreter upload-file|list-files|...` print them.

use super::pool_key;
use crate::cli::Context;
use crate::cli::args::FilesCommand;
use crate::cli::error::usage;
use anyhow::{Context as _, Result};
use std::io::Write;

fn check_identifier(id: &str) -> Result<()> {
    crate::spec::SessionIdentifier::parse(id)
        .map(|_| ())
        .map_err(|e| usage(format!("argument --identifier: {}", e.message)))
}

pub async fn run(ctx: &mut Context, cmd: &FilesCommand) -> Result<()> {
    match cmd {
        FilesCommand::Upload {
            pool,
            identifier,
            filepath,
            filename,
        } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            check_identifier(identifier)?;
            let data = std::fs::read(filepath).map_err(|e| {
                usage(format!(
                    "argument --filepath: cannot read {}: {e}",
                    filepath.display()
                ))
            })?;
            let remote = match filename {
                Some(f) => f.clone(),
                None => filepath
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| usage("argument --filepath: names no file"))?,
            };
            let answer = ctx
                .client()?
                .upload_file(&rg, &name, identifier, &remote, data.into())
                .await?;
            ctx.print(&answer)
        }
        FilesCommand::List { pool, identifier } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            check_identifier(identifier)?;
            let answer = ctx.client()?.list_files(&rg, &name, identifier).await?;
            ctx.print(&answer)
        }
        FilesCommand::Download {
            pool,
            identifier,
            filename,
            output_file,
        } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            check_identifier(identifier)?;
            let data = ctx
                .client()?
                .download_file(&rg, &name, identifier, filename)
                .await?;
            match output_file {
                Some(path) => std::fs::write(path, &data)
                    .with_context(|| format!("failed to write {}", path.display())),
                None => {
                    let mut out = std::io::stdout().lock();
                    match out.write_all(&data).and_then(|()| out.flush()) {
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                        other => Ok(other?),
                    }
                }
            }
        }
        FilesCommand::Delete {
            pool,
            identifier,
            filename,
        } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            check_identifier(identifier)?;
            ctx.client()?
                .delete_file(&rg, &name, identifier, filename)
                .await
                .map_err(Into::into)
        }
    }
}
