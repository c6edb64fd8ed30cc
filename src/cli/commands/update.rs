//! `sessionpool update ...`: read the pool, apply the flags, check every rule,
//! PATCH it, and wait unless --no-wait (az ignored --no-wait here; we don't).

use super::{pool_columns, pool_key, wait::wait};
use crate::cli::Context;
use crate::cli::args::UpdateArgs;
use crate::cli::error::usage;
use crate::cli::pool_flags::{apply, flag_error, pairs, reject_container_flags};
use crate::spec::{Secret, validate_update};
use anyhow::Result;

pub async fn run(ctx: &mut Context, args: &UpdateArgs) -> Result<()> {
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    let client = ctx.client()?;
    let current = client.get_pool(&rg, &name).await?;
    if let (Some(want), Some(have)) = (&args.location, &current.location)
        && !want.eq_ignore_ascii_case(have)
    {
        return Err(usage(format!(
            "argument --location: a pool cannot move; it is in '{have}'"
        )));
    }
    let old = current.properties.config.clone();
    let mut props = old.clone();
    // Names only: the daemon keeps the stored values of secrets sent without one.
    let kept: Vec<Secret> = old
        .secrets
        .iter()
        .flatten()
        .map(|s| Secret {
            name: s.name.clone(),
            value: None,
        })
        .collect();
    let mut secrets = kept.clone();
    let interpreter = old.container_type.filter(|t| t.is_interpreter());
    if let Some(kind) = interpreter {
        reject_container_flags(&args.template, kind)?;
    }
    apply(&mut props, &args.template, &mut secrets)?;
    if interpreter.is_some() {
        // `apply` starts a container entry; an interpreter pool has none.
        props.custom_container_template = None;
    }
    if args.template.secrets.is_some() {
        // --secrets replaces the list, but the registry password stays unless given anew.
        let registry_ref = props
            .custom_container_template
            .as_ref()
            .and_then(|t| t.registry_credentials.as_ref())
            .and_then(|r| r.password_secret_ref.clone());
        if let Some(r) = registry_ref
            && !secrets.iter().any(|s| s.name == r)
            && kept.iter().any(|s| s.name == r)
        {
            secrets.push(Secret {
                name: r,
                value: None,
            });
        }
    }
    props.secrets = Some(secrets);
    let props = props.with_defaults(&name);
    props.validate().map_err(flag_error)?;
    validate_update(&old, &props).map_err(flag_error)?;
    let mut patch = serde_json::json!({ "properties": props });
    if let Some(tags) = &args.tags {
        let tags: std::collections::BTreeMap<_, _> = pairs("--tags", tags)?.into_iter().collect();
        patch["tags"] = serde_json::to_value(tags)?;
    }
    let started = client.patch_pool(&rg, &name, &patch).await?;
    if args.template.no_wait {
        return Ok(());
    }
    if let Some(op) = &started.operation {
        wait(client, op, &format!("update {name}")).await?;
    }
    let pool = client.get_pool(&rg, &name).await?;
    ctx.print_with_table(&serde_json::to_value(pool)?, pool_columns)
}
