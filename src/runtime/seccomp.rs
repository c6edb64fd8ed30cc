//! The default seccomp profile: allow everything except a short list of
//! syscalls a session never needs and that widen the kernel attack surface
//! (mounts, module loading, tracing, keyrings, bpf, namespaces, reboot, swap).
//! Denied calls fail with EPERM.
//!
//! runc and runsc enforce it from config.json. libcontainer is built without its
//! `libseccomp` feature (it would need libseccomp-dev on every build machine),
//! so the embedded backend installs the same list itself as a tiny classic-BPF
//! filter right before exec (see `install_filter`).

use oci_spec::runtime::{
    Arch, LinuxSeccomp, LinuxSeccompAction, LinuxSeccompBuilder, LinuxSyscallBuilder,
};

/// Denied syscalls with their x86_64 numbers.
pub const DENIED: &[(&str, libc::c_long)] = &[
    ("mount", libc::SYS_mount),
    ("umount2", libc::SYS_umount2),
    ("fsopen", libc::SYS_fsopen),
    ("fsconfig", libc::SYS_fsconfig),
    ("fsmount", libc::SYS_fsmount),
    ("move_mount", libc::SYS_move_mount),
    ("open_tree", libc::SYS_open_tree),
    ("mount_setattr", libc::SYS_mount_setattr),
    ("pivot_root", libc::SYS_pivot_root),
    ("ptrace", libc::SYS_ptrace),
    ("init_module", libc::SYS_init_module),
    ("finit_module", libc::SYS_finit_module),
    ("delete_module", libc::SYS_delete_module),
    ("kexec_load", libc::SYS_kexec_load),
    ("kexec_file_load", libc::SYS_kexec_file_load),
    ("keyctl", libc::SYS_keyctl),
    ("add_key", libc::SYS_add_key),
    ("request_key", libc::SYS_request_key),
    ("bpf", libc::SYS_bpf),
    ("perf_event_open", libc::SYS_perf_event_open),
    ("unshare", libc::SYS_unshare),
    ("setns", libc::SYS_setns),
    ("reboot", libc::SYS_reboot),
    ("swapon", libc::SYS_swapon),
    ("swapoff", libc::SYS_swapoff),
    ("open_by_handle_at", libc::SYS_open_by_handle_at),
];

/// The profile as OCI config.
pub fn profile() -> Result<LinuxSeccomp, oci_spec::OciSpecError> {
    let names: Vec<String> = DENIED.iter().map(|(n, _)| n.to_string()).collect();
    LinuxSeccompBuilder::default()
        .default_action(LinuxSeccompAction::ScmpActAllow)
        .architectures(vec![Arch::ScmpArchX86_64])
        .syscalls(vec![
            LinuxSyscallBuilder::default()
                .names(names)
                .action(LinuxSeccompAction::ScmpActErrno)
                .errno_ret(libc::EPERM as u32)
                .build()?,
        ])
        .build()
}

const AUDIT_ARCH_X86_64: u32 = 0xC000_003E;
/// Syscall numbers at or above this are the x32 ABI: refuse them wholesale so
/// the list above cannot be bypassed through aliases.
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

fn stmt(code: u32, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u32, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt,
        jf,
        k,
    }
}

/// The classic-BPF program for `DENIED`.
pub fn filter_program() -> Vec<libc::sock_filter> {
    use libc::{
        BPF_ABS, BPF_JEQ, BPF_JGE, BPF_JMP, BPF_K, BPF_LD, BPF_RET, BPF_W, SECCOMP_RET_ALLOW,
        SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS,
    };
    let errno = SECCOMP_RET_ERRNO | libc::EPERM as u32;
    // offsets in struct seccomp_data: nr at 0, arch at 4.
    let mut prog = vec![
        stmt(BPF_LD | BPF_W | BPF_ABS, 4),
        jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        stmt(BPF_LD | BPF_W | BPF_ABS, 0),
        jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1),
        stmt(BPF_RET | BPF_K, errno),
    ];
    for (_, nr) in DENIED {
        prog.push(jump(BPF_JMP | BPF_JEQ | BPF_K, *nr as u32, 0, 1));
        prog.push(stmt(BPF_RET | BPF_K, errno));
    }
    prog.push(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    prog
}

/// Install the filter on the calling thread (inherited across exec).
/// Needs no_new_privs, which the config sets and we set again to be sure.
pub fn install_filter() -> std::io::Result<()> {
    install_program(&mut filter_program())
}

/// Install a prepared program; allocation-free, so callable right after fork.
pub fn install_program(prog: &mut [libc::sock_filter]) -> std::io::Result<()> {
    if !cfg!(target_arch = "x86_64") {
        return Err(std::io::Error::other(
            "the built-in seccomp filter is x86_64 only",
        ));
    }
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_mut_ptr(),
    };
    // SAFETY: prctl with valid arguments; fprog points into `prog`, alive for the call.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &fprog as *const libc::sock_fprog,
            ) != 0
        {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn filter_denies_listed_calls_in_a_child() {
        // Fork so the filter never lands on the test harness itself; the
        // program is built before the fork so the child never allocates.
        let mut prog = super::filter_program();
        // SAFETY: the child only calls async-signal-safe functions and _exit.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0);
        if pid == 0 {
            let code = match super::install_program(&mut prog) {
                Err(_) => 10,
                Ok(()) => {
                    // SAFETY: raw syscalls with harmless arguments.
                    let unshare = unsafe { libc::unshare(0) };
                    let errno = std::io::Error::last_os_error().raw_os_error();
                    let getpid = unsafe { libc::getpid() };
                    if unshare == -1 && errno == Some(libc::EPERM) && getpid > 0 {
                        0
                    } else {
                        11
                    }
                }
            };
            // SAFETY: terminate the forked child without running destructors.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child.
        unsafe { libc::waitpid(pid, &mut status, 0) };
        assert!(libc::WIFEXITED(status));
        assert_eq!(libc::WEXITSTATUS(status), 0);
    }
}
