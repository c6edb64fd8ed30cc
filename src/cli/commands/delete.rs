//! `sessionpool delete -n NAME -g RG [--yes] [--no-wait]`

use super::{pool_key, wait::wait};
use crate::cli::Context;
use crate::cli::args::DeleteArgs;
use crate::cli::error::usage;
use anyhow::Result;
use std::io::IsTerminal;

pub async fn run(ctx: &mut Context, args: &DeleteArgs) -> Result<()> {
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(usage(
                "delete needs confirmation: pass --yes (-y) when not running on a terminal",
            ));
        }
        let sure = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Are you sure you want to delete session pool '{name}' in resource group '{rg}'?"
            ))
            .default(false)
            .interact()?;
        if !sure {
            return Ok(());
        }
    }
    let client = ctx.client()?;
    match client.delete_pool(&rg, &name).await? {
        Some(op) if !args.no_wait => wait(client, &op, &format!("delete {name}")).await,
        _ => Ok(()),
    }
}
