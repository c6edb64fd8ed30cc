//! `sessionpool principal create|list|delete` and `sessionpool signing-key list|rotate`.

use crate::api::PrincipalCreateRequest;
use crate::cli::Context;
use crate::cli::args::{PrincipalCommand, SigningKeyCommand};
use crate::cli::error::usage;
use crate::identity::role_by_name;
use anyhow::Result;

pub async fn run(ctx: &mut Context, cmd: &PrincipalCommand) -> Result<()> {
    match cmd {
        PrincipalCommand::Create {
            name,
            cert,
            with_secret,
            role,
            scopes,
        } => {
            // Checked before anything is created, so a typo loses nothing.
            let role = match role {
                Some(r) => Some(role_by_name(r).ok_or_else(|| {
                    usage(format!(
                        "argument --role: '{r}' is not a built-in role; use one of: {}",
                        crate::identity::BUILT_IN_ROLES.map(|r| r.name).join(", ")
                    ))
                })?),
                None => None,
            };
            for s in scopes {
                if !s.starts_with("/subscriptions/") {
                    return Err(usage(format!(
                        "argument --scopes: '{s}' is not a resource id (/subscriptions/...)"
                    )));
                }
            }
            let certificate = match cert {
                Some(path) => {
                    let path = path.strip_prefix('@').unwrap_or(path);
                    Some(std::fs::read_to_string(path).map_err(|e| {
                        usage(format!("argument --cert: cannot read '{path}': {e}"))
                    })?)
                }
                None => None,
            };
            let req = PrincipalCreateRequest {
                display_name: name.clone(),
                create_secret: Some(certificate.is_none() || *with_secret),
                certificate,
            };
            let client = ctx.client()?;
            let created = client.create_principal(&req).await?;
            if let Some(role) = role {
                for scope in scopes {
                    let sub = scope.split('/').nth(2).unwrap_or_default();
                    let definition = format!(
                        "/subscriptions/{sub}/{}/{}",
                        crate::api::ROLE_DEFINITIONS,
                        role.id
                    );
                    client
                        .assign_role(scope, &definition, &created.object_id)
                        .await?;
                    eprintln!("Assigned '{}' on '{scope}'.", role.name);
                }
            }
            if created.password.is_some() {
                eprintln!(
                    "The output includes a credential that you must protect; it is shown only this once."
                );
            }
            ctx.print(&serde_json::to_value(created)?)
        }
        PrincipalCommand::List => {
            let list = ctx.client()?.list_principals().await?;
            ctx.print(&serde_json::to_value(list.value)?)
        }
        PrincipalCommand::Delete { id } => {
            ctx.client()?.delete_principal(id).await.map_err(Into::into)
        }
    }
}

pub async fn run_keys(ctx: &mut Context, cmd: &SigningKeyCommand) -> Result<()> {
    let client = ctx.client()?;
    let list = match cmd {
        SigningKeyCommand::List => client.list_signing_keys().await?,
        SigningKeyCommand::Rotate => client.rotate_signing_key().await?,
    };
    ctx.print(&serde_json::to_value(list.value)?)
}
