//! The default seccomp profile: an allow-list equivalent to Docker's default
//! (see `seccomp_allowed`), for x86_64 and aarch64. Anything not listed fails
//! with EPERM: namespaces (unshare, setns, clone with namespace flags), mounts,
//! io_uring, userfaultfd, keyrings, bpf, perf events, ptrace, module loading,
//! reboot, swap. clone3 fails with ENOSYS (as Docker does): its flags sit in
//! memory a filter cannot read, and ENOSYS makes libc fall back to clone,
//! whose flags the filter checks.
//!
//! One rule set, two encodings: runc and runsc (`--oci-seccomp`) enforce it
//! from config.json. libcontainer is built without its `libseccomp` feature
//! (it would need libseccomp-dev on every build machine), so the embedded
//! backend installs the same rules itself, compiled to BPF by `seccompiler`,
//! right before exec (see `compile` and the shim's executor).

use crate::runtime::seccomp_allowed;
use oci_spec::runtime::{
    Arch, LinuxSeccomp, LinuxSeccompAction, LinuxSeccompArgBuilder, LinuxSeccompBuilder,
    LinuxSeccompOperator, LinuxSyscall, LinuxSyscallBuilder,
};
use seccompiler::{BpfProgram, TargetArch};

/// CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET.
pub const CLONE_NAMESPACE_FLAGS: u64 = 0x7E02_0000;
const AF_VSOCK: u64 = 40;

/// How a conditional rule compares one syscall argument.
#[derive(Debug, Clone, Copy)]
enum Cmp {
    Eq(u64),
    Ne(u64),
    /// `arg & mask == 0`.
    NoneOf(u64),
}

/// Allowed only when argument `index` passes `cmp`. `wide` compares all 64
/// bits (the kernel reads an unsigned long), otherwise the low 32 (an int:
/// high bits the kernel ignores must not dodge the check).
struct Conditional {
    name: &'static str,
    index: u8,
    wide: bool,
    cmp: Cmp,
}

const CONDITIONAL: &[Conditional] = &[
    Conditional {
        name: "clone",
        index: 0,
        wide: true,
        cmp: Cmp::NoneOf(CLONE_NAMESPACE_FLAGS),
    },
    Conditional {
        name: "socket",
        index: 0,
        wide: false,
        cmp: Cmp::Ne(AF_VSOCK),
    },
    // PER_LINUX, UNAME26, ADDR_NO_RANDOMIZE and the query value, as Docker.
    Conditional {
        name: "personality",
        index: 0,
        wide: false,
        cmp: Cmp::Eq(0),
    },
    Conditional {
        name: "personality",
        index: 0,
        wide: false,
        cmp: Cmp::Eq(0x8),
    },
    Conditional {
        name: "personality",
        index: 0,
        wide: false,
        cmp: Cmp::Eq(0x2_0000),
    },
    Conditional {
        name: "personality",
        index: 0,
        wide: false,
        cmp: Cmp::Eq(0x2_0008),
    },
    Conditional {
        name: "personality",
        index: 0,
        wide: false,
        cmp: Cmp::Eq(0xffff_ffff),
    },
];

/// Error of calls not on the list.
const DENIED_ERRNO: i32 = libc::EPERM;
/// Answered to clone3 so libc falls back to clone.
const CLONE3_ERRNO: i32 = libc::ENOSYS;

#[derive(Debug, thiserror::Error)]
pub enum SeccompError {
    #[error("build the OCI seccomp profile: {0}")]
    Oci(#[from] oci_spec::OciSpecError),
    #[error("compile the seccomp filter for {arch:?}: {message}")]
    Compile { arch: TargetArch, message: String },
    #[error("no built-in seccomp filter for this architecture")]
    Arch,
    #[error("install the seccomp filter: {0}")]
    Install(String),
}

fn native_oci_arch() -> Arch {
    if cfg!(target_arch = "aarch64") {
        Arch::ScmpArchAarch64
    } else {
        Arch::ScmpArchX86_64
    }
}

/// The profile as OCI config (native architecture only: other ABIs, such as
/// 32-bit x86, get the default action).
///
/// `gvisor`: runsc's OCI seccomp answers every errno action with EPERM
/// (it ignores errnoRet), and glibc falls back from clone3 to clone only on
/// ENOSYS, so there clone3 is allowed: threads would fail otherwise. What it
/// reaches is gVisor's own clone3 in the sentry, not the host kernel's.
pub fn profile(gvisor: bool) -> Result<LinuxSeccomp, SeccompError> {
    let mut allowed: Vec<String> = seccomp_allowed::native().map(String::from).collect();
    let mut syscalls: Vec<LinuxSyscall> = Vec::new();
    if gvisor {
        allowed.push("clone3".into());
    }
    syscalls.push(
        LinuxSyscallBuilder::default()
            .names(allowed)
            .action(LinuxSeccompAction::ScmpActAllow)
            .build()?,
    );
    if !gvisor {
        syscalls.push(
            LinuxSyscallBuilder::default()
                .names(vec!["clone3".to_string()])
                .action(LinuxSeccompAction::ScmpActErrno)
                .errno_ret(CLONE3_ERRNO as u32)
                .build()?,
        );
    }
    for rule in CONDITIONAL {
        let (op, value, value_two) = match rule.cmp {
            Cmp::Eq(v) => (LinuxSeccompOperator::ScmpCmpEq, v, 0u64),
            Cmp::Ne(v) => (LinuxSeccompOperator::ScmpCmpNe, v, 0),
            // libseccomp's masked compare: value is the mask, valueTwo the datum.
            Cmp::NoneOf(mask) => (LinuxSeccompOperator::ScmpCmpMaskedEq, mask, 0),
        };
        let arg = LinuxSeccompArgBuilder::default()
            .index(rule.index as usize)
            .value(value)
            .value_two(value_two)
            .op(op)
            .build()?;
        syscalls.push(
            LinuxSyscallBuilder::default()
                .names(vec![rule.name.to_string()])
                .action(LinuxSeccompAction::ScmpActAllow)
                .args(vec![arg])
                .build()?,
        );
    }
    Ok(LinuxSeccompBuilder::default()
        .default_action(LinuxSeccompAction::ScmpActErrno)
        .default_errno_ret(DENIED_ERRNO as u32)
        .architectures(vec![native_oci_arch()])
        .syscalls(syscalls)
        .build()?)
}

/// The seccompiler (JSON front end) description of the same rules: a main
/// allow-list filter, and a second one that only answers clone3 with ENOSYS
/// (seccompiler has one match action per filter). The kernel runs both and,
/// for two errno results, returns the later-installed filter's, so clone3
/// gets ENOSYS while every other call is decided by the main filter.
fn seccompiler_json(arch: TargetArch) -> serde_json::Value {
    use serde_json::json;
    let names: Vec<&str> = match arch {
        TargetArch::x86_64 => seccomp_allowed::COMMON
            .iter()
            .chain(seccomp_allowed::X86_64_ONLY)
            .copied()
            .collect(),
        _ => seccomp_allowed::COMMON.to_vec(),
    };
    let mut rules: Vec<serde_json::Value> = names.iter().map(|n| json!({ "syscall": n })).collect();
    for rule in CONDITIONAL {
        let (op, val) = match rule.cmp {
            Cmp::Eq(v) => (json!("eq"), v),
            Cmp::Ne(v) => (json!("ne"), v),
            Cmp::NoneOf(mask) => (json!({ "masked_eq": mask }), 0),
        };
        rules.push(json!({
            "syscall": rule.name,
            "args": [{
                "index": rule.index,
                "type": if rule.wide { "qword" } else { "dword" },
                "op": op,
                "val": val,
            }],
        }));
    }
    json!({
        "main": {
            "mismatch_action": { "errno": DENIED_ERRNO },
            "match_action": "allow",
            "filter": rules,
        },
        "clone3": {
            "mismatch_action": "allow",
            "match_action": { "errno": CLONE3_ERRNO },
            "filter": [{ "syscall": "clone3" }],
        },
    })
}

/// The BPF programs for `arch`, in installation order.
pub fn compile(arch: TargetArch) -> Result<Vec<BpfProgram>, SeccompError> {
    let text = seccompiler_json(arch).to_string();
    let mut map = seccompiler::compile_from_json(text.as_bytes(), arch).map_err(|e| {
        SeccompError::Compile {
            arch,
            message: e.to_string(),
        }
    })?;
    ["main", "clone3"]
        .iter()
        .map(|k| {
            map.remove(*k).ok_or_else(|| SeccompError::Compile {
                arch,
                message: format!("filter {k} missing"),
            })
        })
        .collect()
}

/// The programs for the architecture this binary runs on.
pub fn compile_native() -> Result<Vec<BpfProgram>, SeccompError> {
    if cfg!(target_arch = "x86_64") {
        compile(TargetArch::x86_64)
    } else if cfg!(target_arch = "aarch64") {
        compile(TargetArch::aarch64)
    } else {
        Err(SeccompError::Arch)
    }
}

/// Install compiled programs on the calling thread (inherited across exec).
/// seccompiler sets no_new_privs first, which the config asks for anyway.
/// Allocation-free, so callable right after fork.
pub fn install(programs: &[BpfProgram]) -> Result<(), SeccompError> {
    for program in programs {
        seccompiler::apply_filter(program).map_err(|e| SeccompError::Install(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_for_both_architectures() {
        for arch in [TargetArch::x86_64, TargetArch::aarch64] {
            let programs = compile(arch).unwrap();
            assert_eq!(programs.len(), 2);
        }
    }

    #[test]
    fn oci_profile_denies_by_default_and_lists_no_dangerous_call() {
        let json = serde_json::to_value(profile(false).unwrap()).unwrap();
        assert_eq!(json["defaultAction"], "SCMP_ACT_ERRNO");
        assert_eq!(json["defaultErrnoRet"], libc::EPERM);
        let allowed: Vec<&str> = json["syscalls"][0]["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        for bad in [
            "unshare",
            "setns",
            "mount",
            "io_uring_setup",
            "io_uring_enter",
            "userfaultfd",
            "keyctl",
            "bpf",
            "perf_event_open",
            "ptrace",
            "clone",
            "clone3",
        ] {
            assert!(!allowed.contains(&bad), "{bad} is allowed unconditionally");
        }
        assert!(allowed.contains(&"openat"));
        assert_eq!(json["syscalls"][1]["names"][0], "clone3");
        assert_eq!(json["syscalls"][1]["errnoRet"], libc::ENOSYS);
        let gvisor = serde_json::to_value(profile(true).unwrap()).unwrap();
        assert!(
            gvisor["syscalls"][0]["names"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "clone3")
        );
    }

    /// Runs `check` in a forked child under the native filter; the child's
    /// exit code is the result (0 = as expected).
    fn in_filtered_child(check: fn() -> i32) -> i32 {
        let programs = compile_native().unwrap();
        // SAFETY: the child only makes raw syscalls and _exit; the programs
        // were built before the fork.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0);
        if pid == 0 {
            let code = match install(&programs) {
                Err(_) => 100,
                Ok(()) => check(),
            };
            // SAFETY: terminate the forked child without running destructors.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child.
        unsafe { libc::waitpid(pid, &mut status, 0) };
        assert!(libc::WIFEXITED(status), "status {status:#x}");
        libc::WEXITSTATUS(status)
    }

    fn errno() -> i32 {
        std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
    }

    #[test]
    fn filter_denies_namespaces_io_uring_and_userfaultfd() {
        let code = in_filtered_child(|| {
            // SAFETY: raw syscalls with harmless arguments.
            unsafe {
                if libc::unshare(libc::CLONE_NEWUSER) != -1 || errno() != libc::EPERM {
                    return 1;
                }
                if libc::syscall(libc::SYS_io_uring_setup, 1, std::ptr::null_mut::<u8>()) != -1
                    || errno() != libc::EPERM
                {
                    return 2;
                }
                if libc::syscall(libc::SYS_userfaultfd, 0) != -1 || errno() != libc::EPERM {
                    return 3;
                }
                if libc::syscall(libc::SYS_clone3, std::ptr::null_mut::<u8>(), 0) != -1
                    || errno() != libc::ENOSYS
                {
                    return 4;
                }
                // clone with a namespace flag is refused, a plain fork works.
                let flags = (libc::CLONE_NEWUSER | libc::SIGCHLD) as libc::c_ulong;
                if libc::syscall(libc::SYS_clone, flags, 0, 0, 0, 0) != -1 || errno() != libc::EPERM
                {
                    return 5;
                }
                let child =
                    libc::syscall(libc::SYS_clone, libc::SIGCHLD as libc::c_ulong, 0, 0, 0, 0);
                if child == 0 {
                    libc::_exit(0);
                }
                if child < 0 {
                    return 6;
                }
                if libc::getpid() <= 0 {
                    return 7;
                }
            }
            0
        });
        assert_eq!(code, 0, "check {code} failed");
    }
}
