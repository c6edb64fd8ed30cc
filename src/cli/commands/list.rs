//! `sessionpool list [-g RG]`

use super::pool_columns;
use crate::cli::Context;
use crate::cli::args::ListArgs;
use crate::spec::ResourceGroup;
use anyhow::Result;

pub async fn run(ctx: &mut Context, args: &ListArgs) -> Result<()> {
    let rg = args
        .resource_group
        .as_deref()
        .map(ResourceGroup::parse)
        .transpose()
        .map_err(|e| {
            crate::cli::error::usage(format!("argument --resource-group/-g: {}", e.message))
        })?;
    let pools = ctx.client()?.list_pools(rg.as_ref()).await?;
    ctx.print_with_table(&serde_json::to_value(pools)?, pool_columns)
}
