//! Flags + saved environments + environment variables → one resolved connection.

use super::args::GlobalArgs;
use super::credentials;
use super::environments::Environments;
use super::error::usage;
use crate::client::{Client, Endpoint};
use anyhow::Result;
use std::time::Duration;

pub const LOCAL: &str = "local";

pub struct Connection {
    pub client: Client,
}

/// `--environment NAME` (a saved context; `local` is the default socket), else
/// SESSIONPOOL_ENDPOINT/SESSIONPOOL_TOKEN, else the default socket.
pub fn connect(global: &GlobalArgs) -> Result<Connection> {
    let env_endpoint = std::env::var("SESSIONPOOL_ENDPOINT")
        .ok()
        .filter(|s| !s.is_empty());
    let env_token = std::env::var("SESSIONPOOL_TOKEN")
        .ok()
        .filter(|s| !s.is_empty());
    let name = global.environment.clone();
    if let Some(name) = &name {
        if let Some(saved) = Environments::load()?.environments.get(name) {
            let endpoint = Endpoint::parse(&saved.endpoint)?;
            let token = match credentials::load(name)? {
                Some(t) => Some(t),
                None => env_token,
            };
            return Ok(Connection {
                client: client(global, endpoint, token)?,
            });
        }
        if name == LOCAL {
            return Ok(Connection {
                client: client(global, Endpoint::default_socket(), None)?,
            });
        }
        if env_endpoint.is_none() {
            return Err(usage(format!(
                "argument --environment: environment '{name}' is not saved; add it with `sessionpool environment add {name} --endpoint URL`, use `local` for this machine's daemon, or set SESSIONPOOL_ENDPOINT"
            )));
        }
    }
    let endpoint = match env_endpoint {
        Some(e) => Endpoint::parse(&e)?,
        None => Endpoint::default_socket(),
    };
    Ok(Connection {
        client: client(global, endpoint, env_token)?,
    })
}

/// `--timeout SECONDS` (0: no limit) over the client's default.
fn client(global: &GlobalArgs, endpoint: Endpoint, token: Option<String>) -> Result<Client> {
    let client = Client::new(endpoint, token)?;
    Ok(match global.timeout {
        Some(0) => client.with_timeout(None),
        Some(secs) => client.with_timeout(Some(Duration::from_secs(secs))),
        None => client,
    })
}
