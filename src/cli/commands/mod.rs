//! One file per command: parse what's left, call the client, render.

pub mod cluster;
pub mod code;
pub mod completion;
pub mod create;
pub mod delete;
pub mod environment;
pub mod files;
pub mod invoke;
pub mod list;
pub mod logs;
pub mod principal;
mod progress;
pub mod session;
pub mod show;
pub mod token;
pub mod top;
pub mod update;
mod wait;

use super::pool_flags::flag_error;
use crate::spec::{PoolName, ResourceGroup};
use anyhow::Result;

/// `-n/-g` checked like every other rule, naming the flag.
pub fn pool_key(name: &str, rg: &str) -> Result<(ResourceGroup, PoolName)> {
    let rg = ResourceGroup::parse(rg)
        .map_err(|e| super::error::usage(format!("argument --resource-group/-g: {}", e.message)))?;
    let name = PoolName::parse(name).map_err(flag_error)?;
    Ok((rg, name))
}

/// The columns of `-o table` for a pool, as the issue asks.
pub fn pool_columns(v: &serde_json::Value) -> Vec<(String, String)> {
    let s = |p: &str| {
        v.pointer(p)
            .map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let rg = s("/id").split('/').nth(4).unwrap_or_default().to_string();
    vec![
        ("Name".into(), s("/name")),
        ("ResourceGroup".into(), rg),
        ("Location".into(), s("/location")),
        (
            "ProvisioningState".into(),
            s("/properties/provisioningState"),
        ),
        ("ContainerType".into(), s("/properties/containerType")),
        (
            "MaxSessions".into(),
            s("/properties/scaleConfiguration/maxConcurrentSessions"),
        ),
        (
            "ReadySessions".into(),
            s("/properties/scaleConfiguration/readySessionInstances"),
        ),
    ]
}
