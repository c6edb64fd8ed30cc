//! `sessionpool session list|show|stop`

use super::pool_key;
use crate::cli::Context;
use crate::cli::args::SessionCommand;
use anyhow::Result;

pub async fn run(ctx: &mut Context, cmd: &SessionCommand) -> Result<()> {
    match cmd {
        SessionCommand::List(pool) => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            let list = ctx.client()?.list_sessions(&rg, &name).await?;
            ctx.print(&list["value"])
        }
        SessionCommand::Show { pool, identifier } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            let session = ctx.client()?.get_session(&rg, &name, identifier).await?;
            ctx.print(&session)
        }
        SessionCommand::Stop { pool, identifier } => {
            let (rg, name) = pool_key(&pool.name, &pool.resource_group)?;
            ctx.client()?
                .stop_session(&rg, &name, identifier)
                .await
                .map_err(Into::into)
        }
    }
}
