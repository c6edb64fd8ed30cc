//! `sessionpool show -n NAME -g RG`

use super::{pool_columns, pool_key};
use crate::cli::Context;
use crate::cli::args::PoolRef;
use anyhow::Result;

pub async fn run(ctx: &mut Context, args: &PoolRef) -> Result<()> {
    let (rg, name) = pool_key(&args.name, &args.resource_group)?;
    let pool = ctx.client()?.get_pool(&rg, &name).await?;
    ctx.print_with_table(&serde_json::to_value(pool)?, pool_columns)
}
