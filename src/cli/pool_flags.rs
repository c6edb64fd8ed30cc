//! create/update flags → the pool's ARM properties, with every rule checked
//! (and named by its flag) before a request is sent.

use super::args::{ContainerTypeArg, LifecycleArg, NetworkArg, TemplateArgs};
use super::error::usage;
use crate::spec::*;
use anyhow::Result;

/// The flag a property path comes from, so CLI errors name what the user typed.
pub fn flag_for(target: &str) -> &'static str {
    const MAP: [(&str, &str); 17] = [
        ("resources.cpu", "--cpu"),
        ("resources.memory", "--memory"),
        ("targetPort", "--target-port"),
        ("cooldownPeriodInSeconds", "--cooldown-period"),
        ("maxAlivePeriodInSeconds", "--max-alive-period"),
        ("readySessionInstances", "--ready-sessions"),
        ("maxConcurrentSessions", "--max-sessions"),
        (".env[", "--env-vars"),
        ("secrets", "--secrets"),
        ("registryCredentials.server", "--registry-server"),
        ("registryCredentials.username", "--registry-username"),
        (
            "registryCredentials.passwordSecretRef",
            "--registry-password",
        ),
        (".image", "--image"),
        ("probes", "--probe-yaml"),
        ("environmentId", "--environment"),
        ("containerType", "--container-type"),
        ("containers[0].name", "--container-name"),
    ];
    if target == "name" {
        return "--name";
    }
    MAP.iter()
        .find(|(k, _)| target.contains(k))
        .map_or("", |(_, f)| f)
}

/// A ValidationError re-targeted at the flag the user typed (exit code 2).
pub fn flag_error(e: ValidationError) -> anyhow::Error {
    match flag_for(&e.target) {
        "" => e.into(),
        flag => usage(format!(
            "argument {flag}: {} (property {})",
            e.message, e.target
        )),
    }
}

/// The custom-container flags a code interpreter pool does not take (az
/// drops them silently; a user who typed one should hear it has no effect).
pub fn reject_container_flags(t: &TemplateArgs, kind: ContainerType) -> Result<()> {
    match first_container_flag(t) {
        Some(flag) => Err(usage(format!(
            "argument {flag}: applies only to --container-type CustomContainer; {kind:?} pools run sessionpool's code interpreter"
        ))),
        None => Ok(()),
    }
}

/// The first custom-container flag given, if any.
pub fn first_container_flag(t: &TemplateArgs) -> Option<&'static str> {
    let set = [
        ("--image", t.image.is_some()),
        ("--container-name", t.container_name.is_some()),
        ("--cpu", t.cpu.is_some()),
        ("--memory", t.memory.is_some()),
        ("--target-port", t.target_port.is_some()),
        ("--command", t.command.is_some()),
        ("--args", t.args.is_some()),
        ("--env-vars", t.env_vars.is_some()),
        ("--registry-server", t.registry_server.is_some()),
        ("--registry-username", t.registry_username.is_some()),
        ("--registry-password", t.registry_password.is_some()),
        ("--registry-identity", t.registry_identity.is_some()),
        ("--probe-yaml", t.probe_yaml.is_some()),
        ("--max-alive-period", t.max_alive_period.is_some()),
    ];
    set.iter().find(|(_, on)| *on).map(|(flag, _)| *flag)
}

/// Split `key=value` items; `flag` names the argument in errors.
pub fn pairs(flag: &str, items: &[String]) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .filter(|s| !s.is_empty())
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(usage(format!(
                "argument {flag}: '{item}' must be written key=value"
            ))),
        })
        .collect()
}

pub fn container_type(c: ContainerTypeArg) -> ContainerType {
    match c {
        ContainerTypeArg::CustomContainer => ContainerType::CustomContainer,
        ContainerTypeArg::PythonLTS => ContainerType::PythonLTS,
        ContainerTypeArg::NodeLTS => ContainerType::NodeLTS,
        ContainerTypeArg::Shell => ContainerType::Shell,
    }
}

pub fn lifecycle_type(l: LifecycleArg) -> LifecycleType {
    match l {
        LifecycleArg::Timed => LifecycleType::Timed,
        LifecycleArg::OnContainerExit => LifecycleType::OnContainerExit,
    }
}

/// "" clears a list flag (the image's own value applies again).
fn list_flag(v: &[String]) -> Vec<String> {
    if v.len() == 1 && v[0].is_empty() {
        Vec::new()
    } else {
        v.to_vec()
    }
}

/// Name of the secret that holds a registry password given in clear.
pub fn registry_secret_name(server: &str) -> String {
    let s: String = server
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-');
    format!("{}-password", &s[..s.len().min(200)])
}

/// Apply the template flags onto `props` (empty for create, the pool for update).
/// Returns secret values to send (name, value).
pub fn apply(
    props: &mut PoolProperties,
    t: &TemplateArgs,
    secret_values: &mut Vec<Secret>,
) -> Result<()> {
    if let Some(secrets) = &t.secrets {
        *secret_values = pairs("--secrets", secrets)?
            .into_iter()
            .map(|(name, value)| Secret {
                name,
                value: Some(value),
            })
            .collect();
    }
    let c = props.container_mut();
    if let Some(v) = &t.image {
        c.image = Some(v.clone());
    }
    if let Some(v) = &t.container_name {
        c.name = Some(v.clone());
    }
    if t.cpu.is_some() || t.memory.is_some() {
        let r = c.resources.get_or_insert_with(Default::default);
        if let Some(cpu) = t.cpu {
            Cpu::new(cpu).map_err(flag_error)?;
            r.cpu = Some(cpu);
        }
        if let Some(m) = &t.memory {
            Memory::parse(m).map_err(flag_error)?;
            r.memory = Some(m.clone());
        }
    }
    if let Some(v) = &t.command {
        c.command = Some(list_flag(v));
    }
    if let Some(v) = &t.args {
        c.args = Some(list_flag(v));
    }
    if let Some(v) = &t.env_vars {
        let env = pairs("--env-vars", v)?
            .into_iter()
            .map(
                |(name, value)| match value.strip_prefix(SECRET_REF_PREFIX) {
                    Some(secret) => EnvVar {
                        name,
                        value: None,
                        secret_ref: Some(secret.to_string()),
                    },
                    None => EnvVar {
                        name,
                        value: Some(value),
                        secret_ref: None,
                    },
                },
            )
            .collect();
        c.env = Some(env);
    }
    if let Some(path) = &t.probe_yaml {
        let text = std::fs::read_to_string(path).map_err(|e| {
            usage(format!(
                "argument --probe-yaml: cannot read {}: {e}",
                path.display()
            ))
        })?;
        c.probes = Some(parse_probe_yaml(&text).map_err(flag_error)?);
    }
    if let Some(port) = t.target_port {
        props
            .custom_container_template
            .get_or_insert_with(Default::default)
            .ingress = Some(Ingress {
            target_port: Some(port),
        });
    }
    apply_registry(props, t, secret_values)?;
    if t.cooldown_period.is_some() || t.max_alive_period.is_some() {
        let l = props
            .dynamic_pool_configuration
            .get_or_insert_with(Default::default)
            .lifecycle_configuration
            .get_or_insert_with(Default::default);
        if t.cooldown_period.is_some() && t.max_alive_period.is_some() {
            return Err(usage(
                "argument --cooldown-period: not allowed with --max-alive-period",
            ));
        }
        if let Some(v) = t.cooldown_period {
            l.cooldown_period_in_seconds = Some(v);
        }
        if let Some(v) = t.max_alive_period {
            l.max_alive_period_in_seconds = Some(v);
        }
    }
    if let Some(n) = t.network_status {
        props.session_network_configuration = Some(SessionNetworkConfiguration {
            status: Some(match n {
                NetworkArg::EgressEnabled => NetworkStatus::EgressEnabled,
                NetworkArg::EgressDisabled => NetworkStatus::EgressDisabled,
            }),
        });
    }
    if t.max_sessions.is_some() || t.ready_sessions.is_some() {
        let s = props
            .scale_configuration
            .get_or_insert_with(Default::default);
        if let Some(v) = t.max_sessions {
            s.max_concurrent_sessions = Some(v);
        }
        if let Some(v) = t.ready_sessions {
            s.ready_session_instances = Some(v);
        }
    }
    Ok(())
}

fn apply_registry(
    props: &mut PoolProperties,
    t: &TemplateArgs,
    secret_values: &mut Vec<Secret>,
) -> Result<()> {
    if t.registry_server.is_none()
        && t.registry_username.is_none()
        && t.registry_password.is_none()
        && t.registry_identity.is_none()
    {
        return Ok(());
    }
    let template = props
        .custom_container_template
        .get_or_insert_with(Default::default);
    let r = template
        .registry_credentials
        .get_or_insert_with(Default::default);
    if let Some(v) = &t.registry_server {
        r.server = Some(v.clone());
    }
    if let Some(v) = &t.registry_username {
        r.username = Some(v.clone());
    }
    if let Some(v) = &t.registry_identity {
        r.identity = Some(v.clone());
    }
    let Some(server) = r.server.clone() else {
        return Err(usage(
            "argument --registry-server: is required with --registry-username/--registry-password",
        ));
    };
    let password = match &t.registry_password {
        Some(p) => Some(p.clone()),
        None if t.registry_username.is_some() => Some(prompt_password(&server)?),
        None => None,
    };
    if let Some(p) = password {
        match p.strip_prefix(SECRET_REF_PREFIX) {
            Some(name) => r.password_secret_ref = Some(name.to_string()),
            None => {
                let name = registry_secret_name(&server);
                r.password_secret_ref = Some(name.clone());
                secret_values.retain(|s| s.name != name);
                secret_values.push(Secret {
                    name,
                    value: Some(p),
                });
            }
        }
    }
    Ok(())
}

/// A hidden prompt on a TTY; scripts must pass --registry-password.
fn prompt_password(server: &str) -> Result<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(usage(
            "argument --registry-password: is required with --registry-username when not on a terminal",
        ));
    }
    Ok(dialoguer::Password::new()
        .with_prompt(format!("Password for registry {server}"))
        .interact()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_flag() {
        let e = flag_error(Cpu::new(3.0).unwrap_err());
        assert!(e.to_string().starts_with("argument --cpu:"), "{e}");
        assert_eq!(
            flag_for("properties.scaleConfiguration.readySessionInstances"),
            "--ready-sessions"
        );
        assert_eq!(
            flag_for("properties.customContainerTemplate.containers[0].env[2].secretRef"),
            "--env-vars"
        );
        assert_eq!(
            flag_for("properties.customContainerTemplate.containers[0].image"),
            "--image"
        );
    }

    #[test]
    fn pairs_need_an_equals_sign() {
        assert_eq!(
            pairs("--env-vars", &["a=b=c".into()]).unwrap(),
            vec![("a".into(), "b=c".into())]
        );
        assert!(
            pairs("--env-vars", &["novalue".into()])
                .unwrap_err()
                .to_string()
                .contains("--env-vars")
        );
        assert!(pairs("--env-vars", &["=x".into()]).is_err());
    }

    #[test]
    fn registry_secret_names_are_valid_secret_names() {
        let n = registry_secret_name("127.0.0.1:5000");
        assert_eq!(n, "127-0-0-1-5000-password");
        validate_secret_name(&n, "x").unwrap();
    }
}
