//! `sessionpool logs -n POOL -g RG [--identifier ID] [--follow] [--tail N]`

use super::pool_key;
use crate::cli::Context;
use crate::cli::args::LogsArgs;
use anyhow::Result;
use std::io::Write;

pub async fn run(ctx: &mut Context, args: &LogsArgs) -> Result<()> {
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    let client = ctx.client()?;
    client
        .logs(
            &rg,
            &name,
            args.identifier.as_deref(),
            args.tail,
            args.follow,
            |chunk| {
                let mut out = std::io::stdout().lock();
                out.write_all(chunk)?;
                out.flush()
            },
        )
        .await
        .map_err(Into::into)
}
