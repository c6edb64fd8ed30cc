//! `sessionpool environment add|list|show|remove`: saved daemon contexts.

use crate::cli::Context;
use crate::cli::args::EnvironmentCommand;
use crate::cli::environments::{
    Environments, SavedEnvironment, delete_keyring_token, keyring_token, store_keyring_token,
};
use crate::cli::error::usage;
use crate::cli::settings::LOCAL;
use crate::client::{DEFAULT_SOCKET, Endpoint};
use anyhow::Result;
use serde_json::json;

pub async fn run(ctx: &mut Context, cmd: &EnvironmentCommand) -> Result<()> {
    let mut envs = Environments::load()?;
    match cmd {
        EnvironmentCommand::Add {
            name,
            endpoint,
            token,
        } => {
            if name == LOCAL {
                return Err(usage(
                    "environment 'local' is built in: it always means the default socket",
                ));
            }
            Endpoint::parse(endpoint)?;
            envs.environments.insert(
                name.clone(),
                SavedEnvironment {
                    endpoint: endpoint.clone(),
                },
            );
            envs.save()?;
            let token_saved = match token {
                Some(t) => match store_keyring_token(name, t) {
                    Ok(()) => true,
                    Err(reason) => {
                        tracing::warn!(
                            "no OS keyring is available ({reason}): the token was not saved; set SESSIONPOOL_TOKEN when using environment '{name}'"
                        );
                        false
                    }
                },
                None => false,
            };
            ctx.print(&json!({ "name": name, "endpoint": endpoint, "tokenSaved": token_saved }))
        }
        EnvironmentCommand::List => {
            let mut list =
                vec![json!({ "name": LOCAL, "endpoint": format!("unix://{DEFAULT_SOCKET}") })];
            list.extend(
                envs.environments
                    .iter()
                    .map(|(n, e)| json!({ "name": n, "endpoint": e.endpoint })),
            );
            ctx.print(&json!(list))
        }
        EnvironmentCommand::Show { name } => {
            if name == LOCAL {
                return ctx.print(&json!({ "name": LOCAL, "endpoint": format!("unix://{DEFAULT_SOCKET}"), "tokenSaved": false }));
            }
            let env = envs.environments.get(name).ok_or_else(|| {
                crate::cli::error::NotFound(format!("environment '{name}' is not saved"))
            })?;
            let token_saved = matches!(keyring_token(name), Ok(Some(_)));
            ctx.print(&json!({ "name": name, "endpoint": env.endpoint, "tokenSaved": token_saved }))
        }
        EnvironmentCommand::Remove { name } => {
            if envs.environments.remove(name).is_none() {
                return Err(crate::cli::error::NotFound(format!(
                    "environment '{name}' is not saved"
                ))
                .into());
            }
            envs.save()?;
            delete_keyring_token(name);
            Ok(())
        }
    }
}
