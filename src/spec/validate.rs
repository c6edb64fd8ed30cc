//! Defaults and validation of a whole pool, shared by the CLI and the daemon.

use super::pool::*;
use super::probe::validate_probes;
use super::{Cpu, Memory, PoolName, ValidationError, defaults};

const CONTAINER: &str = "properties.customContainerTemplate.containers[0]";
const LIFECYCLE: &str = "properties.dynamicPoolConfiguration.lifecycleConfiguration";
const SCALE: &str = "properties.scaleConfiguration";

fn err(target: impl Into<String>, message: impl Into<String>) -> ValidationError {
    ValidationError::new(target, message)
}

impl PoolProperties {
    /// Fill every omitted setting with its documented default, as Azure shows a
    /// created pool with all of them.
    pub fn with_defaults(mut self, pool: &PoolName) -> Self {
        // As az: no container type means a PythonLTS code interpreter, unless
        // the body carries a custom container template (then it is one).
        let inferred = if self.custom_container_template.is_some() {
            ContainerType::CustomContainer
        } else {
            ContainerType::PythonLTS
        };
        let container_type = *self.container_type.get_or_insert(inferred);
        self.pool_management_type
            .get_or_insert_with(|| "Dynamic".into());
        let scale = self
            .scale_configuration
            .get_or_insert_with(Default::default);
        scale
            .max_concurrent_sessions
            .get_or_insert(defaults::MAX_SESSIONS as i64);
        scale
            .ready_session_instances
            .get_or_insert(defaults::READY_SESSIONS as i64);
        self.secrets.get_or_insert_with(Vec::new);
        let lifecycle = self
            .dynamic_pool_configuration
            .get_or_insert_with(Default::default)
            .lifecycle_configuration
            .get_or_insert_with(Default::default);
        match *lifecycle.lifecycle_type.get_or_insert(LifecycleType::Timed) {
            LifecycleType::Timed => {
                lifecycle
                    .cooldown_period_in_seconds
                    .get_or_insert(defaults::COOLDOWN_SECONDS as i64);
            }
            LifecycleType::OnContainerExit => {
                lifecycle
                    .max_alive_period_in_seconds
                    .get_or_insert(defaults::MAX_ALIVE_SECONDS as i64);
            }
        }
        self.session_network_configuration
            .get_or_insert_with(Default::default)
            .status
            .get_or_insert(NetworkStatus::EgressDisabled);
        if container_type == ContainerType::CustomContainer {
            let container = self.container_mut();
            container
                .name
                .get_or_insert_with(|| pool.as_str().to_lowercase());
            let resources = container.resources.get_or_insert_with(Default::default);
            resources.cpu.get_or_insert(defaults::CPU);
            resources
                .memory
                .get_or_insert_with(|| defaults::MEMORY.into());
        }
        self
    }

    /// Check every rule of the reference on a pool with defaults applied.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let container_type = self
            .container_type
            .unwrap_or(ContainerType::CustomContainer);
        if let Some(kind) = &self.pool_management_type
            && kind != "Dynamic"
        {
            return Err(err("properties.poolManagementType", "must be Dynamic"));
        }
        if container_type.is_interpreter() {
            self.validate_scale()?;
            self.validate_interpreter(container_type)?;
            self.validate_lifecycle()?;
            self.validate_secrets()?;
            return Ok(());
        }
        if self.environment_id.as_deref().is_none_or(str::is_empty) {
            return Err(err(
                "properties.environmentId",
                "is required for CustomContainer pools",
            ));
        }
        self.validate_scale()?;
        self.validate_lifecycle()?;
        let secrets = self.validate_secrets()?;
        self.validate_template(&secrets)
    }

    fn validate_scale(&self) -> Result<(), ValidationError> {
        let (max, ready) = self.scale();
        if !(1..=600).contains(&max) {
            return Err(err(
                format!("{SCALE}.maxConcurrentSessions"),
                format!("{max} must be between 1 and 600"),
            ));
        }
        if !(0..=600).contains(&ready) {
            return Err(err(
                format!("{SCALE}.readySessionInstances"),
                format!("{ready} must be between 0 and 600"),
            ));
        }
        if ready > max {
            return Err(err(
                format!("{SCALE}.readySessionInstances"),
                format!("{ready} ready sessions must not exceed maxConcurrentSessions {max}"),
            ));
        }
        Ok(())
    }

    fn validate_lifecycle(&self) -> Result<(), ValidationError> {
        let Some(l) = self.lifecycle() else {
            return Ok(());
        };
        match l.lifecycle_type.unwrap_or(LifecycleType::Timed) {
            LifecycleType::Timed => {
                if l.max_alive_period_in_seconds.is_some() {
                    return Err(err(
                        format!("{LIFECYCLE}.maxAlivePeriodInSeconds"),
                        "applies only to lifecycleType OnContainerExit",
                    ));
                }
                if let Some(c) = l.cooldown_period_in_seconds
                    && !(300..=3600).contains(&c)
                {
                    return Err(err(
                        format!("{LIFECYCLE}.cooldownPeriodInSeconds"),
                        format!("{c} must be between 300 and 3600 seconds"),
                    ));
                }
            }
            LifecycleType::OnContainerExit => {
                if l.cooldown_period_in_seconds.is_some() {
                    return Err(err(
                        format!("{LIFECYCLE}.cooldownPeriodInSeconds"),
                        "applies only to lifecycleType Timed",
                    ));
                }
                if let Some(m) = l.max_alive_period_in_seconds
                    && !(1..=86400).contains(&m)
                {
                    return Err(err(
                        format!("{LIFECYCLE}.maxAlivePeriodInSeconds"),
                        format!("{m} must be between 1 and 86400 seconds"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Code interpreter pools (az's rules): the runtime is sessionpool's, so
    /// no custom container template; sessions end after a cooldown (Timed).
    fn validate_interpreter(&self, t: ContainerType) -> Result<(), ValidationError> {
        if self.custom_container_template.is_some() {
            return Err(err(
                "properties.customContainerTemplate",
                format!(
                    "applies only to CustomContainer pools; a {t:?} pool runs sessionpool's interpreter (image, port, command, env and resources are not settable)"
                ),
            ));
        }
        if let Some(l) = self.lifecycle() {
            if l.lifecycle_type == Some(LifecycleType::OnContainerExit) {
                return Err(err(
                    format!("{LIFECYCLE}.lifecycleType"),
                    format!("{t:?} pools support only lifecycleType Timed"),
                ));
            }
            if l.max_alive_period_in_seconds.is_some() {
                return Err(err(
                    format!("{LIFECYCLE}.maxAlivePeriodInSeconds"),
                    format!("{t:?} pools do not support maxAlivePeriodInSeconds"),
                ));
            }
        }
        Ok(())
    }

    /// Returns the secret names for reference checks.
    fn validate_secrets(&self) -> Result<Vec<&str>, ValidationError> {
        let mut names = Vec::new();
        for (i, s) in self.secrets.iter().flatten().enumerate() {
            validate_secret_name(&s.name, &format!("properties.secrets[{i}].name"))?;
            if names.contains(&s.name.as_str()) {
                return Err(err(
                    format!("properties.secrets[{i}].name"),
                    format!("secret '{}' is given twice", s.name),
                ));
            }
            names.push(s.name.as_str());
        }
        Ok(names)
    }

    fn validate_template(&self, secrets: &[&str]) -> Result<(), ValidationError> {
        let template = self.custom_container_template.as_ref();
        let containers = template.and_then(|t| t.containers.as_ref());
        match containers.map(Vec::len) {
            Some(1) => {}
            Some(n) if n > 1 => {
                return Err(err(
                    "properties.customContainerTemplate.containers",
                    "must hold exactly one container",
                ));
            }
            _ => {
                return Err(err(
                    format!("{CONTAINER}.image"),
                    "is required for CustomContainer pools",
                ));
            }
        }
        let c = &containers.expect("checked above")[0];
        let image = c.image.as_deref().unwrap_or("");
        if image.is_empty() || image.chars().any(char::is_whitespace) {
            return Err(err(
                format!("{CONTAINER}.image"),
                "is required and must be an image reference without spaces",
            ));
        }
        if let Some(name) = &c.name
            && (name.is_empty() || name.len() > 63)
        {
            return Err(err(format!("{CONTAINER}.name"), "must be 1-63 characters"));
        }
        let resources = c.resources.clone().unwrap_or_default();
        Cpu::new(resources.cpu.unwrap_or(defaults::CPU))?;
        Memory::parse(resources.memory.as_deref().unwrap_or(defaults::MEMORY))?;
        for (i, e) in c.env.iter().flatten().enumerate() {
            let at = format!("{CONTAINER}.env[{i}]");
            validate_env_name(&e.name, &format!("{at}.name"))?;
            match (&e.value, &e.secret_ref) {
                (Some(_), Some(_)) => {
                    return Err(err(at, "takes either value or secretRef, not both"));
                }
                (None, Some(r)) if !secrets.contains(&r.as_str()) => {
                    return Err(err(
                        format!("{at}.secretRef"),
                        format!("refers to unknown secret '{r}'"),
                    ));
                }
                _ => {}
            }
        }
        if let Some(probes) = &c.probes {
            validate_probes(probes, &format!("{CONTAINER}.probes"))?;
        }
        match self.target_port() {
            Some(p) if (1..=65535).contains(&p) => {}
            Some(p) => {
                return Err(err(
                    "properties.customContainerTemplate.ingress.targetPort",
                    format!("{p} must be between 1 and 65535"),
                ));
            }
            None => {
                return Err(err(
                    "properties.customContainerTemplate.ingress.targetPort",
                    "is required for CustomContainer pools",
                ));
            }
        }
        if let Some(r) = template.and_then(|t| t.registry_credentials.as_ref()) {
            let at = "properties.customContainerTemplate.registryCredentials";
            if r.server.as_deref().is_none_or(str::is_empty) {
                return Err(err(
                    format!("{at}.server"),
                    "is required with registry credentials",
                ));
            }
            match (&r.username, &r.password_secret_ref) {
                (Some(_), None) => {
                    return Err(err(
                        format!("{at}.passwordSecretRef"),
                        "is required with a username",
                    ));
                }
                (None, Some(_)) => {
                    return Err(err(format!("{at}.username"), "is required with a password"));
                }
                (_, Some(p)) if !secrets.contains(&p.as_str()) => {
                    return Err(err(
                        format!("{at}.passwordSecretRef"),
                        format!("refers to unknown secret '{p}'"),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Secret names as Container Apps accepts them.
pub fn validate_secret_name(name: &str, target: &str) -> Result<(), ValidationError> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 253
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'.');
    if ok {
        Ok(())
    } else {
        Err(err(
            target,
            format!(
                "'{name}' must be 1-253 lowercase letters, digits, '-' or '.', starting and ending alphanumeric"
            ),
        ))
    }
}

/// Environment variable names: non-empty, no '=' or NUL.
pub fn validate_env_name(name: &str, target: &str) -> Result<(), ValidationError> {
    if name.is_empty() || name.contains('=') || name.contains('\0') {
        Err(err(
            target,
            format!("'{name}' must be a non-empty name without '='"),
        ))
    } else {
        Ok(())
    }
}

/// Rules that only an update can break: what was fixed at creation stays.
pub fn validate_update(old: &PoolProperties, new: &PoolProperties) -> Result<(), ValidationError> {
    if old.container_type != new.container_type {
        return Err(err(
            "properties.containerType",
            "cannot be changed after creation",
        ));
    }
    if old.environment_id != new.environment_id {
        return Err(err(
            "properties.environmentId",
            "cannot be changed after creation",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> PoolProperties {
        let mut p = PoolProperties {
            environment_id: Some("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/local".into()),
            ..Default::default()
        };
        p.container_mut().image = Some("127.0.0.1:5000/img:1".into());
        p.custom_container_template.as_mut().unwrap().ingress = Some(Ingress {
            target_port: Some(80),
        });
        p.with_defaults(&PoolName::parse("pool").unwrap())
    }

    fn target_of(p: PoolProperties) -> String {
        p.validate().unwrap_err().target
    }

    #[test]
    fn defaults_are_valid_and_complete() {
        let p = pool();
        p.validate().unwrap();
        assert_eq!(p.scale(), (10, 5));
        assert_eq!(p.container().unwrap().name.as_deref(), Some("pool"));
        assert_eq!(p.lifecycle().unwrap().cooldown_period_in_seconds, Some(300));
    }

    #[test]
    fn without_a_type_a_pool_is_a_python_interpreter_with_az_rules() {
        let name = PoolName::parse("py").unwrap();
        let p = PoolProperties::default().with_defaults(&name);
        assert_eq!(p.container_type, Some(ContainerType::PythonLTS));
        assert!(p.custom_container_template.is_none());
        p.validate().expect("no environment or image needed");

        let mut with_image = PoolProperties {
            container_type: Some(ContainerType::PythonLTS),
            ..Default::default()
        };
        with_image.container_mut().image = Some("x/y:1".into());
        assert_eq!(target_of(with_image), "properties.customContainerTemplate");

        let on_exit = PoolProperties {
            dynamic_pool_configuration: Some(DynamicPoolConfiguration {
                lifecycle_configuration: Some(LifecycleConfiguration {
                    lifecycle_type: Some(LifecycleType::OnContainerExit),
                    ..Default::default()
                }),
            }),
            ..Default::default()
        };
        assert!(target_of(on_exit.with_defaults(&name)).ends_with("lifecycleType"));

        let shell = PoolProperties {
            container_type: Some(ContainerType::Shell),
            ..Default::default()
        };
        shell.validate().expect("Shell pools follow the same rules");
    }

    #[test]
    fn each_rule_names_its_field() {
        let mut p = pool();
        p.scale_configuration
            .as_mut()
            .unwrap()
            .ready_session_instances = Some(11);
        assert!(target_of(p).ends_with("readySessionInstances"));

        let mut p = pool();
        p.dynamic_pool_configuration
            .as_mut()
            .unwrap()
            .lifecycle_configuration
            .as_mut()
            .unwrap()
            .cooldown_period_in_seconds = Some(299);
        assert!(target_of(p).ends_with("cooldownPeriodInSeconds"));

        let mut p = pool();
        let l = p
            .dynamic_pool_configuration
            .as_mut()
            .unwrap()
            .lifecycle_configuration
            .as_mut()
            .unwrap();
        l.lifecycle_type = Some(LifecycleType::OnContainerExit);
        assert!(target_of(p).ends_with("cooldownPeriodInSeconds"));

        let mut p = pool();
        p.dynamic_pool_configuration
            .as_mut()
            .unwrap()
            .lifecycle_configuration
            .as_mut()
            .unwrap()
            .max_alive_period_in_seconds = Some(600);
        assert!(target_of(p).ends_with("maxAlivePeriodInSeconds"));

        let mut p = pool();
        p.custom_container_template.as_mut().unwrap().ingress = Some(Ingress {
            target_port: Some(0),
        });
        assert!(target_of(p).ends_with("targetPort"));

        let mut p = pool();
        p.container_mut().env = Some(vec![EnvVar {
            name: "K".into(),
            value: None,
            secret_ref: Some("nope".into()),
        }]);
        assert!(target_of(p).ends_with("env[0].secretRef"));

        let mut p = pool();
        p.container_mut().resources.as_mut().unwrap().memory = Some("8Gi".into());
        assert!(target_of(p).ends_with("resources.memory"));

        let mut p = pool();
        p.environment_id = None;
        assert_eq!(target_of(p), "properties.environmentId");
    }

    #[test]
    fn updates_keep_type_and_environment() {
        let old = pool();
        let mut new = old.clone();
        new.environment_id = Some("other".into());
        assert_eq!(
            validate_update(&old, &new).unwrap_err().target,
            "properties.environmentId"
        );
    }
}
