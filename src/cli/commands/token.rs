//! `sessionpool token create|list|revoke`

use crate::api::TokenCreateRequest;
use crate::cli::Context;
use crate::cli::args::TokenCommand;
use anyhow::Result;

pub async fn run(ctx: &mut Context, cmd: &TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create {
            role,
            name,
            resource_group,
            expires_in,
            label,
        } => {
            let req = TokenCreateRequest {
                role: *role,
                label: label.clone(),
                resource_group: resource_group.clone(),
                pool: name.clone(),
                expires_in_seconds: expires_in.map(|d| d.as_secs().max(1)),
            };
            let created = ctx.client()?.create_token(&req).await?;
            ctx.print(&serde_json::to_value(created)?)
        }
        TokenCommand::List => {
            let list = ctx.client()?.list_tokens().await?;
            ctx.print(&serde_json::to_value(list.value)?)
        }
        TokenCommand::Revoke { id } => ctx.client()?.revoke_token(id).await.map_err(Into::into),
    }
}
