//! `sessionpool environment add|list|show|remove`: saved daemon contexts.

use crate::cli::Context;
use crate::cli::args::EnvironmentCommand;
use crate::cli::credentials::{self, Stored};
use crate::cli::environments::{Environments, SavedEnvironment};
use crate::cli::error::usage;
use crate::cli::settings::LOCAL;
use crate::client::{DEFAULT_SOCKET, Endpoint};
use anyhow::{Context as _, Result};
use serde_json::json;
use std::io::{IsTerminal, Read};

/// `--token T`, `--token -` (standard input), or a prompt without echo on a
/// terminal for TCP endpoints; None when there is no token to save.
fn read_token(name: &str, flag: Option<&str>, tcp: bool) -> Result<Option<String>> {
    match flag {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("failed to read the token from standard input")?;
            let token = text.trim();
            if token.is_empty() {
                return Err(usage(
                    "argument --token: '-' reads the token from standard input, which was empty",
                ));
            }
            Ok(Some(token.to_string()))
        }
        Some(t) if t.trim().is_empty() => Err(usage("argument --token: the token is empty")),
        Some(t) => Ok(Some(t.to_string())),
        None if tcp && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() => {
            let token = dialoguer::Password::new()
                .with_prompt(format!("Token for environment '{name}' (Enter for none)"))
                .allow_empty_password(true)
                .interact()
                .context("failed to read the token")?;
            Ok(Some(token.trim().to_string()).filter(|t| !t.is_empty()))
        }
        None => Ok(None),
    }
}

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
            let tcp = !matches!(Endpoint::parse(endpoint)?, Endpoint::Unix(_));
            let token = read_token(name, token.as_deref(), tcp)?;
            envs.environments.insert(
                name.clone(),
                SavedEnvironment {
                    endpoint: endpoint.clone(),
                },
            );
            envs.save()?;
            let token_saved = match &token {
                Some(t) => {
                    if let Stored::File { path, keyring } = credentials::store(name, t)?
                        && !ctx.global.only_show_errors
                    {
                        eprintln!(
                            "Note: no OS keyring here ({keyring}); the token of '{name}' was saved to {} (readable only by you).",
                            path.display()
                        );
                    }
                    true
                }
                None => {
                    // A new endpoint without a token: an old token must not follow it.
                    credentials::delete(name)?;
                    false
                }
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
            let token_saved = credentials::load(name)?.is_some();
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
            credentials::delete(name)?;
            Ok(())
        }
    }
}
