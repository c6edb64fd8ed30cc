//! `sessionpool create ...`: build the resource from flags, check every rule,
//! PUT it, and wait for provisioning unless --no-wait.

use super::{pool_columns, pool_key, wait::wait};
use crate::api::{DEFAULT_SUBSCRIPTION, PoolResource, ResourceProperties, environment_id};
use crate::cli::Context;
use crate::cli::args::CreateArgs;
use crate::cli::error::usage;
use crate::cli::pool_flags::{
    apply, container_type, first_container_flag, flag_error, lifecycle_type, pairs,
    reject_container_flags,
};
use crate::spec::{
    ContainerType, DynamicPoolConfiguration, LifecycleConfiguration, ManagedIdentitySetting,
    PoolProperties,
};
use anyhow::Result;

pub async fn run(ctx: &mut Context, args: &CreateArgs) -> Result<()> {
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    // As az: no --container-type makes a PythonLTS code interpreter pool;
    // unless a custom-container flag (--image, --target-port, ...) says
    // which type is meant (az would drop those flags silently).
    let kind = match args.container_type {
        Some(t) => container_type(t),
        None if first_container_flag(&args.template).is_some() => ContainerType::CustomContainer,
        None => ContainerType::PythonLTS,
    };
    let environment = ctx.global.environment.clone();
    if environment.is_none() && !kind.is_interpreter() {
        return Err(usage(
            "argument --environment: is required for CustomContainer pools (use `local` for this machine's daemon)",
        ));
    }
    if kind.is_interpreter() {
        reject_container_flags(&args.template, kind)?;
    }
    let mut props = PoolProperties {
        container_type: Some(kind),
        environment_id: environment.map(|e| environment_id(DEFAULT_SUBSCRIPTION, &rg, &e)),
        ..Default::default()
    };
    if let Some(l) = args.lifecycle_type {
        props.dynamic_pool_configuration = Some(DynamicPoolConfiguration {
            lifecycle_configuration: Some(LifecycleConfiguration {
                lifecycle_type: Some(lifecycle_type(l)),
                ..Default::default()
            }),
        });
    }
    let mut identities = Vec::new();
    if args.mi_system_assigned {
        identities.push(ManagedIdentitySetting {
            identity: "system".into(),
            lifecycle: Some("Main".into()),
        });
    }
    for id in args.mi_user_assigned.iter().flatten() {
        identities.push(ManagedIdentitySetting {
            identity: id.clone(),
            lifecycle: Some("Main".into()),
        });
    }
    if !identities.is_empty() {
        props.managed_identity_settings = Some(identities);
    }
    let mut secrets = Vec::new();
    apply(&mut props, &args.template, &mut secrets)?;
    if kind.is_interpreter() {
        // `apply` starts a container entry; an interpreter pool has none.
        props.custom_container_template = None;
    }
    props.secrets = Some(secrets);
    let props = props.with_defaults(&name);
    props.validate().map_err(flag_error)?;
    let tags = args
        .tags
        .as_deref()
        .map(|t| pairs("--tags", t))
        .transpose()?;
    let resource = PoolResource {
        location: Some(
            args.location
                .clone()
                .unwrap_or_else(|| crate::spec::defaults::LOCATION.into()),
        ),
        tags: tags.map(|t| t.into_iter().collect()),
        properties: ResourceProperties {
            config: props,
            ..Default::default()
        },
        ..Default::default()
    };
    let client = ctx.client()?;
    let started = client.put_pool(&rg, &name, &resource).await?;
    if args.template.no_wait {
        return Ok(());
    }
    if let Some(op) = &started.operation {
        wait(client, op, &format!("create {name}")).await?;
    }
    let pool = client.get_pool(&rg, &name).await?;
    ctx.print_with_table(&serde_json::to_value(pool)?, pool_columns)
}
