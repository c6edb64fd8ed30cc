//! The embedded runtime's shim: this same binary re-executed as
//! `sessionpool __runtime-shim OP ...`, running one libcontainer operation in a
//! fresh single-threaded process and exiting. libcontainer forks and clones,
//! which is unsafe in the multi-threaded daemon; here no thread exists yet.
//!
//! Protocol (argv after the marker):
//! - `create ROOT ID BUNDLE PIDFILE [NETNS [PLAN]]`: join the network
//!   namespace at NETNS, mount the rootfs PLAN (`writable_rootfs`) in a mount
//!   namespace of the shim's own, then create and start the container; its
//!   stdout and stderr are this process's stdout (the daemon's log pipe). The
//!   init process outlives the shim and is reparented to the daemon (a subreaper).
//! - `delete ROOT ID`: kill all its processes, remove cgroups and state.
//!
//! Exit 0 on success; otherwise 1 with the error chain on stderr.

use std::ffi::OsString;
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;

use libcontainer::container::Container;
use libcontainer::container::builder::ContainerBuilder;
use libcontainer::syscall::syscall::SyscallType;
use libcontainer::workload::default::DefaultExecutor;
use libcontainer::workload::{Executor, ExecutorError, ExecutorValidationError};
use oci_spec::runtime::Spec;

use crate::runtime::seccomp;
use crate::runtime::writable_rootfs::{self, RootfsPlan, SysfsFrom};

/// argv[1] that turns this binary into the shim.
pub const SHIM_ARG: &str = "__runtime-shim";

/// When this process was started as the embedded runtime's shim, run it and
/// return its exit code; otherwise `None`.
pub fn shim_entry() -> Option<i32> {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).map(|a| a.as_os_str()) != Some(SHIM_ARG.as_ref()) {
        return None;
    }
    Some(match run(&args[2..]) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    })
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut msg = err.to_string();
    let mut src = err.source();
    while let Some(e) = src {
        msg.push_str(": ");
        msg.push_str(&e.to_string());
        src = e.source();
    }
    msg
}

fn run(args: &[OsString]) -> Result<(), String> {
    let s: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    match s.as_slice() {
        ["create", root, id, bundle, pid_file] => create(root, id, bundle, pid_file),
        ["create", root, id, bundle, pid_file, netns] => {
            join_netns(netns)?;
            create(root, id, bundle, pid_file)
        }
        ["create", root, id, bundle, pid_file, netns, plan] => {
            join_netns(netns)?;
            mount_rootfs(plan)?;
            create(root, id, bundle, pid_file)
        }
        ["delete", root, id] => delete(root, id),
        _ => Err(format!("unknown shim command {args:?}")),
    }
}

/// Join the sandbox's network namespace before libcontainer makes the user
/// namespace: libcontainer 0.7 enters the new user namespace first, after which
/// joining a namespace owned by the host's user namespace fails with EPERM.
/// config.json then has no network namespace and the container inherits ours.
/// The shim is single-threaded, so the whole process moves.
fn join_netns(path: &str) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let ns = std::fs::File::open(path).map_err(|e| format!("open {path}: {e}"))?;
    // SAFETY: valid fd; a single-threaded process joining a network namespace.
    if unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(format!(
            "join the network namespace {path}: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

/// Mount the sandbox's root file system (`writable_rootfs`) in a mount
/// namespace of the shim's own, which the container's is then copied from:
/// the daemon's mount table never sees these mounts, and they end with the
/// container.
fn mount_rootfs(plan: &str) -> Result<(), String> {
    writable_rootfs::private_mount_namespace()
        .map_err(|e| format!("make the shim's mount namespace: {e}"))?;
    let plan = RootfsPlan::load(std::path::Path::new(plan)).map_err(|e| e.to_string())?;
    plan.mount(SysfsFrom::CurrentNetns)
        .map_err(|e| e.to_string())
}

fn create(root: &str, id: &str, bundle: &str, pid_file: &str) -> Result<(), String> {
    let e = |what: &'static str| {
        move |err: libcontainer::error::LibcontainerError| format!("{what}: {}", chain(&err))
    };
    let out = || -> Result<OwnedFd, String> {
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|err| format!("dup stdout: {err}"))
    };
    let mut container = ContainerBuilder::new(id.to_string(), SyscallType::default())
        .with_root_path(root)
        .map_err(e("set the state root"))?
        .with_pid_file(Some(PathBuf::from(pid_file)))
        .map_err(e("set the pid file"))?
        .with_stdout(out()?)
        .with_stderr(out()?)
        .with_executor(SeccompExecutor {
            programs: seccomp::compile_native().map_err(|err| err.to_string())?,
        })
        .validate_id()
        .map_err(e("validate the id"))?
        .as_init(bundle)
        .with_systemd(false)
        .with_detach(true)
        .build()
        .map_err(e("create the container"))?;
    container.start().map_err(e("start the container"))
}

fn delete(root: &str, id: &str) -> Result<(), String> {
    let dir = PathBuf::from(root).join(id);
    if !dir.exists() {
        return Ok(());
    }
    let mut container =
        Container::load(dir).map_err(|err| format!("load the container: {}", chain(&err)))?;
    container
        .delete(true)
        .map_err(|err| format!("delete the container: {}", chain(&err)))
}

/// libcontainer's default executor with our seccomp filter installed just
/// before exec: libcontainer is built without libseccomp (see `seccomp`).
/// The programs are compiled before libcontainer forks, so the container's
/// init only installs them.
#[derive(Clone)]
struct SeccompExecutor {
    programs: Vec<seccompiler::BpfProgram>,
}

impl Executor for SeccompExecutor {
    fn exec(&self, spec: &Spec) -> Result<(), ExecutorError> {
        seccomp::install(&self.programs).map_err(|err| ExecutorError::Other(err.to_string()))?;
        DefaultExecutor {}.exec(spec)
    }

    fn validate(&self, spec: &Spec) -> Result<(), ExecutorValidationError> {
        DefaultExecutor {}.validate(spec)
    }
}
