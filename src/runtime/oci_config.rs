//! The OCI runtime config (config.json) of a sandbox, built with `oci-spec`:
//! namespaces, capabilities, seccomp, masked paths, mounts and cgroup limits.
//!
//! Embedded and runc/crun sandboxes get a user namespace (see `idmap`):
//! container root is host uid `idmap::HOST_BASE`; gVisor's sentry is its own
//! boundary. Everyone gets Docker's capability set minus NET_RAW,
//! no_new_privs, seccomp, masked and read-only /proc paths and no cgroupfs.

use std::collections::HashSet;
use std::path::Path;

use oci_spec::runtime::{
    Capability, LinuxBuilder, LinuxCapabilitiesBuilder, LinuxCpuBuilder, LinuxDeviceCgroupBuilder,
    LinuxDeviceType, LinuxIdMappingBuilder, LinuxMemoryBuilder, LinuxNamespaceBuilder,
    LinuxNamespaceType, LinuxPidsBuilder, LinuxResourcesBuilder, Mount, MountBuilder,
    ProcessBuilder, RootBuilder, Spec, SpecBuilder, UserBuilder, get_default_maskedpaths,
    get_default_mounts, get_default_readonly_paths,
};

use crate::runtime::error::RuntimeError;
use crate::runtime::sandbox::SandboxSpec;
use crate::runtime::{idmap, seccomp};

/// CFS period; the quota is `cpu_cores * CPU_PERIOD_US`.
pub const CPU_PERIOD_US: u64 = 100_000;

/// Docker's default capabilities minus NET_RAW (no raw sockets, no ping spoofing).
const CAPABILITIES: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Mknod,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setfcap,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::SysChroot,
    Capability::Kill,
    Capability::AuditWrite,
];

/// cgroupsPath of a sandbox; the same on cgroup v1 (one dir per controller) and v2.
pub fn cgroups_path(id: &str) -> String {
    format!("/sessionpool/{id}")
}

/// Options of the backend that change the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConfigOptions {
    /// gVisor: its sentry implements /proc, /sys and cgroups itself.
    pub gvisor: bool,
    /// Run in a user namespace mapped to `idmap::HOST_BASE..`.
    pub user_namespace: bool,
    /// Leave the network namespace out of config.json: the embedded shim joins
    /// the sandbox's namespace itself before libcontainer runs.
    pub inherit_netns: bool,
}

/// Build config.json for `spec`. `etc_dir` holds the generated hosts/hostname/resolv.conf;
/// `netns` is the namespace file to join; `sysfs` a read-only sysfs the daemon
/// mounted inside that namespace (see `mounts`), for user-namespaced sandboxes.
pub fn build(
    spec: &SandboxSpec,
    etc_dir: &Path,
    netns: &Path,
    sysfs: Option<&Path>,
    opts: ConfigOptions,
) -> Result<Spec, RuntimeError> {
    let err = |e: oci_spec::OciSpecError| RuntimeError::Config {
        id: spec.id.clone(),
        message: e.to_string(),
    };
    let caps: HashSet<Capability> = CAPABILITIES.iter().copied().collect();
    let capabilities = LinuxCapabilitiesBuilder::default()
        .bounding(caps.clone())
        .effective(caps.clone())
        .permitted(caps)
        .build()
        .map_err(err)?;
    let user = UserBuilder::default()
        .uid(spec.process.uid)
        .gid(spec.process.gid)
        .additional_gids(spec.process.additional_gids.clone())
        .build()
        .map_err(err)?;
    let process = ProcessBuilder::default()
        .terminal(false)
        .user(user)
        .args(spec.process.args.clone())
        .env(spec.process.env.clone())
        .cwd(spec.process.cwd.clone())
        .capabilities(capabilities)
        .no_new_privileges(true)
        .build()
        .map_err(err)?;

    let mut namespaces = Vec::new();
    for typ in [
        LinuxNamespaceType::Pid,
        LinuxNamespaceType::Mount,
        LinuxNamespaceType::Ipc,
        LinuxNamespaceType::Uts,
        LinuxNamespaceType::Cgroup,
    ] {
        namespaces.push(
            LinuxNamespaceBuilder::default()
                .typ(typ)
                .build()
                .map_err(err)?,
        );
    }
    if !opts.inherit_netns {
        namespaces.push(
            LinuxNamespaceBuilder::default()
                .typ(LinuxNamespaceType::Network)
                .path(netns)
                .build()
                .map_err(err)?,
        );
    }
    let mut linux = LinuxBuilder::default();
    if opts.user_namespace {
        namespaces.push(
            LinuxNamespaceBuilder::default()
                .typ(LinuxNamespaceType::User)
                .build()
                .map_err(err)?,
        );
        let map = LinuxIdMappingBuilder::default()
            .container_id(0u32)
            .host_id(idmap::HOST_BASE)
            .size(idmap::SIZE)
            .build()
            .map_err(err)?;
        linux = linux.uid_mappings(vec![map]).gid_mappings(vec![map]);
    }

    let linux = linux
        .namespaces(namespaces)
        .cgroups_path(cgroups_path(&spec.id))
        .resources(resources(spec).map_err(err)?)
        .masked_paths(get_default_maskedpaths())
        .readonly_paths(get_default_readonly_paths())
        .seccomp(
            seccomp::profile(opts.gvisor).map_err(|e| RuntimeError::Config {
                id: spec.id.clone(),
                message: e.to_string(),
            })?,
        )
        .build()
        .map_err(err)?;

    SpecBuilder::default()
        .version("1.0.2")
        .hostname(spec.hostname.clone())
        .root(
            RootBuilder::default()
                .path("rootfs")
                .readonly(false)
                .build()
                .map_err(err)?,
        )
        .process(process)
        .mounts(mounts(etc_dir, sysfs, opts, &spec.read_only_binds).map_err(err)?)
        .linux(linux)
        .build()
        .map_err(err)
}

fn resources(
    spec: &SandboxSpec,
) -> Result<oci_spec::runtime::LinuxResources, oci_spec::OciSpecError> {
    let quota = (spec.cpu_cores * CPU_PERIOD_US as f64).round().max(1000.0) as i64;
    let memory = spec.memory_bytes as i64;
    // Deny every device, then allow the standard ones the runtime creates.
    let mut devices = vec![
        LinuxDeviceCgroupBuilder::default()
            .allow(false)
            .access("rwm")
            .build()?,
    ];
    for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 2)] {
        devices.push(
            LinuxDeviceCgroupBuilder::default()
                .allow(true)
                .typ(LinuxDeviceType::C)
                .major(major)
                .minor(minor)
                .access("rwm")
                .build()?,
        );
    }
    devices.push(
        LinuxDeviceCgroupBuilder::default()
            .allow(true)
            .typ(LinuxDeviceType::C)
            .major(136)
            .access("rwm")
            .build()?,
    );
    LinuxResourcesBuilder::default()
        .devices(devices)
        .cpu(
            LinuxCpuBuilder::default()
                .quota(quota)
                .period(CPU_PERIOD_US)
                .build()?,
        )
        // swap == limit: memory+swap capped at the same value, so no swap use.
        .memory(
            LinuxMemoryBuilder::default()
                .limit(memory)
                .swap(memory)
                .build()?,
        )
        .pids(LinuxPidsBuilder::default().limit(spec.pids_limit).build()?)
        .build()
}

/// The default mounts minus /sys/fs/cgroup: libcontainer mounts cgroup v1
/// hierarchies read-write whatever the options say, and a session that can
/// write its own `pids.max` raises its own limits (the hostile suite found it).
/// Sessions have no use for cgroupfs, so no backend gets it.
/// With a user namespace, sysfs cannot be mounted from inside the container
/// (its user namespace does not own the network namespace the daemon made), so
/// the daemon mounts one itself while in the sandbox's network namespace (it
/// then lists only the sandbox's interfaces, as Docker's does) and /sys is a
/// read-only bind of it; without one, /sys is an empty read-only tmpfs.
fn mounts(
    etc_dir: &Path,
    sysfs: Option<&Path>,
    opts: ConfigOptions,
    binds: &[crate::runtime::sandbox::ReadOnlyBind],
) -> Result<Vec<Mount>, oci_spec::OciSpecError> {
    let ro_opts = |extra: &[&str]| -> Vec<String> {
        extra
            .iter()
            .chain(&["ro", "nosuid", "nodev"])
            .map(|s| s.to_string())
            .collect()
    };
    let mut mounts: Vec<Mount> = Vec::new();
    for m in get_default_mounts() {
        if m.destination() == Path::new("/sys/fs/cgroup") {
            continue;
        }
        if m.destination() == Path::new("/sys") && opts.user_namespace {
            let sys = match sysfs {
                Some(source) => MountBuilder::default()
                    .destination("/sys")
                    .typ("bind")
                    .source(source)
                    .options(ro_opts(&["rbind", "noexec"]))
                    .build()?,
                None => MountBuilder::default()
                    .destination("/sys")
                    .typ("tmpfs")
                    .source("tmpfs")
                    .options(ro_opts(&["noexec", "mode=555"]))
                    .build()?,
            };
            mounts.push(sys);
            continue;
        }
        mounts.push(m);
    }
    for name in ["hosts", "hostname", "resolv.conf"] {
        mounts.push(
            MountBuilder::default()
                .destination(Path::new("/etc").join(name))
                .typ("bind")
                .source(etc_dir.join(name))
                .options(vec![
                    "rbind".to_string(),
                    "ro".into(),
                    "nosuid".into(),
                    "nodev".into(),
                ])
                .build()?,
        );
    }
    for b in binds {
        mounts.push(
            MountBuilder::default()
                .destination(&b.destination)
                .typ("bind")
                .source(&b.source)
                .options(ro_opts(&["rbind"]))
                .build()?,
        );
    }
    Ok(mounts)
}

/// Contents of the generated /etc files: loopback only, so no nameserver that
/// could be reached; resolv.conf exists so resolvers fail fast instead of hanging.
pub fn etc_files(hostname: &str) -> [(&'static str, String); 3] {
    [
        (
            "hosts",
            format!("127.0.0.1\tlocalhost {hostname}\n::1\tlocalhost ip6-localhost\n"),
        ),
        ("hostname", format!("{hostname}\n")),
        ("resolv.conf", "options timeout:1 attempts:1\n".to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::sandbox::ProcessSpec;

    fn spec() -> SandboxSpec {
        SandboxSpec {
            id: "sbx-1".into(),
            image_rootfs: "/img".into(),
            process: ProcessSpec {
                args: vec!["/bin/sh".into()],
                env: vec!["PATH=/bin".into()],
                cwd: "/".into(),
                uid: 0,
                gid: 0,
                additional_gids: vec![0],
            },
            cpu_cores: 0.25,
            memory_bytes: 32 << 20,
            pids_limit: 32,
            disk_bytes: 64 << 20,
            hostname: "sbx-1".into(),
            egress: false,
            make_dirs: Vec::new(),
            stop_signal: libc::SIGTERM,
            read_only_binds: Vec::new(),
        }
    }

    #[test]
    fn config_carries_limits_namespaces_and_hardening() {
        let cfg = build(
            &spec(),
            Path::new("/s/etc"),
            Path::new("/s/netns"),
            None,
            ConfigOptions::default(),
        )
        .unwrap();
        let json = serde_json::to_value(&cfg).unwrap();
        let linux = &json["linux"];
        assert_eq!(linux["resources"]["cpu"]["quota"], 25_000);
        assert_eq!(linux["resources"]["cpu"]["period"], 100_000);
        assert_eq!(linux["resources"]["memory"]["limit"], 32 << 20);
        assert_eq!(linux["resources"]["memory"]["swap"], 32 << 20);
        assert_eq!(linux["resources"]["pids"]["limit"], 32);
        assert_eq!(linux["cgroupsPath"], "/sessionpool/sbx-1");
        let ns: Vec<&str> = linux["namespaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["type"].as_str().unwrap())
            .collect();
        assert_eq!(ns, ["pid", "mount", "ipc", "uts", "cgroup", "network"]);
        assert_eq!(linux["namespaces"][5]["path"], "/s/netns");
        assert_eq!(json["process"]["noNewPrivileges"], true);
        let caps = json["process"]["capabilities"]["bounding"]
            .as_array()
            .unwrap();
        assert!(!caps.iter().any(|c| c == "CAP_NET_RAW"));
        assert!(!caps.iter().any(|c| c == "CAP_SYS_ADMIN"));
        assert!(
            linux["maskedPaths"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "/proc/kcore")
        );
        assert!(
            linux["seccomp"]["syscalls"][0]["names"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "openat")
        );
        let dests: Vec<&str> = json["mounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["destination"].as_str().unwrap())
            .collect();
        for d in [
            "/proc",
            "/dev",
            "/dev/pts",
            "/dev/shm",
            "/sys",
            "/etc/hosts",
            "/etc/resolv.conf",
        ] {
            assert!(dests.contains(&d), "{d}");
        }
        assert!(
            !dests.contains(&"/sys/fs/cgroup"),
            "cgroupfs is never mounted"
        );
    }

    #[test]
    fn read_only_binds_are_mounted_read_only() {
        let mut spec = spec();
        spec.read_only_binds = vec![crate::runtime::ReadOnlyBind {
            source: "/data/interpreters/v1".into(),
            destination: "/opt/sessionpool-interpreter".into(),
        }];
        let cfg = build(
            &spec,
            Path::new("/s/etc"),
            Path::new("/s/netns"),
            None,
            ConfigOptions::default(),
        )
        .unwrap();
        let json = serde_json::to_value(&cfg).unwrap();
        let m = json["mounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["destination"] == "/opt/sessionpool-interpreter")
            .expect("the bind is mounted");
        assert_eq!(m["source"], "/data/interpreters/v1");
        assert_eq!(m["type"], "bind");
        let options: Vec<&str> = m["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        for o in ["rbind", "ro", "nosuid", "nodev"] {
            assert!(options.contains(&o), "{o} in {options:?}");
        }
    }
}
