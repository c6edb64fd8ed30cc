//! Per-sandbox network namespaces: made with `unshare(CLONE_NEWNET)` on a
//! short-lived thread (namespaces are per thread, so the daemon's other threads
//! are untouched), `lo` brought up with an ioctl, and kept alive by an open
//! file of the daemon's (`hold`): no mount per sandbox, so the daemon's mount
//! table, which every container start copies and its runtime reads, does not
//! grow with the number of sandboxes. Runtimes and child processes open it as
//! `/proc/<daemon pid>/fd/<fd>` while the daemon holds it. (`create` bind-
//! mounts one onto a file instead, for namespaces that outlive a daemon run.)
//! The daemon reaches a sandbox's port by opening the socket inside its
//! namespace; no host port is ever published.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use crate::runtime::mounts;

/// A network namespace held open by this process.
#[derive(Debug)]
pub struct HeldNetns {
    file: File,
}

impl HeldNetns {
    /// A path any process (with access to ours) opens it by, valid while
    /// this is held. Never keep it beyond: the fd number gets reused.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(format!(
            "/proc/{}/fd/{}",
            std::process::id(),
            self.file.as_raw_fd()
        ))
    }
}

/// Create a network namespace with `lo` up, held by the returned file.
pub fn hold() -> io::Result<HeldNetns> {
    std::thread::spawn(move || -> io::Result<HeldNetns> {
        // SAFETY: plain syscall; CLONE_NEWNET only affects this thread.
        if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
            return Err(io::Error::last_os_error());
        }
        loopback_up()?;
        allow_privileged_ports()?;
        Ok(HeldNetns {
            file: File::open("/proc/thread-self/ns/net")?,
        })
    })
    .join()
    .map_err(|_| io::Error::other("netns thread panicked"))?
}

/// Create a network namespace with `lo` up and bind-mount it onto `path`.
pub fn create(path: &Path) -> io::Result<()> {
    File::create(path)?;
    let target = path.to_path_buf();
    let made = std::thread::spawn(move || -> io::Result<()> {
        // SAFETY: plain syscall; CLONE_NEWNET only affects this thread.
        if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
            return Err(io::Error::last_os_error());
        }
        loopback_up()?;
        allow_privileged_ports()?;
        mounts::bind(Path::new("/proc/thread-self/ns/net"), &target)
    })
    .join()
    .map_err(|_| io::Error::other("netns thread panicked"))?;
    if made.is_err() {
        let _ = std::fs::remove_file(path);
    }
    made
}

/// Mount a read-only sysfs at `target` from inside the namespace at
/// `netns_path`: sysfs shows the network devices of the namespace it is
/// mounted from, so a sandbox's /sys lists its own interfaces, never the host's.
pub fn mount_sysfs(netns_path: &Path, target: &Path) -> io::Result<()> {
    let target = target.to_path_buf();
    in_netns(netns_path, move || mount_sysfs_here(&target))
}

/// `mount_sysfs` for a caller whose thread is in the namespace already.
pub fn mount_sysfs_here(target: &Path) -> io::Result<()> {
    let flags = libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
    mounts::mount_fs("sysfs", target, "sysfs", flags)
}

/// Unmount and remove a namespace file made by `create`. Missing is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    mounts::unmount_if_mounted(path)?;
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Let any process in the namespace bind ports below 1024, as Docker does for
/// every container. Container root lives in a user namespace that does not own
/// this network namespace (the daemon made it), so it has no
/// CAP_NET_BIND_SERVICE here; without this, images serving port 80 (nginx,
/// httpd, the Azure walkthrough's `--target-port 80`) fail with EACCES. The
/// sysctl is per network namespace: /proc/sys/net resolves to the namespace
/// of the thread that opens it, which is the new one.
fn allow_privileged_ports() -> io::Result<()> {
    std::fs::write("/proc/sys/net/ipv4/ip_unprivileged_port_start", b"0")
}

/// SIOCSIFFLAGS on `lo` in the calling thread's namespace: cheaper than netlink
/// for the one thing we need.
fn loopback_up() -> io::Result<()> {
    // SAFETY: a datagram socket used only for the ioctls below, closed by OwnedFd.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh, owned descriptor.
    let sock = unsafe { <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) };
    // SAFETY: ifreq is plain old data; zeroed is a valid value.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    for (dst, src) in req.ifr_name.iter_mut().zip(b"lo\0") {
        *dst = *src as libc::c_char;
    }
    // SAFETY: valid socket and ifreq pointer.
    if unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCGIFFLAGS, &mut req) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: SIOCGIFFLAGS filled the flags member of the union.
    unsafe { req.ifr_ifru.ifru_flags |= (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short };
    // SAFETY: as above.
    if unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCSIFFLAGS, &req) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Run `f` on a short-lived thread that joined the namespace at `netns_path`.
/// Sockets made there stay in that namespace and can be used from anywhere.
pub fn in_netns<T: Send + 'static>(
    netns_path: &Path,
    f: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    let ns = File::open(netns_path)?;
    std::thread::spawn(move || {
        // SAFETY: valid fd; setns(CLONE_NEWNET) only affects this thread, which ends after f.
        if unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            return Err(io::Error::last_os_error());
        }
        f()
    })
    .join()
    .map_err(|_| io::Error::other("netns thread panicked"))?
}

/// Listen on `127.0.0.1:port` inside the sandbox's network namespace: only
/// the sandbox can connect (its own loopback), whatever its egress.
pub fn listen_in_netns(netns_path: &Path, port: u16) -> io::Result<std::net::TcpListener> {
    in_netns(netns_path, move || {
        let l = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port))?;
        l.set_nonblocking(true)?;
        Ok(l)
    })
}

/// Connect to `127.0.0.1:port` inside the sandbox's network namespace.
pub fn connect_in_netns(netns_path: &Path, port: u16) -> io::Result<std::net::TcpStream> {
    in_netns(netns_path, move || {
        std::net::TcpStream::connect((std::net::Ipv4Addr::LOCALHOST, port))
    })
}

/// Async `connect_in_netns`. A socket belongs to the namespace it was made
/// in, so only `socket(2)` needs the sandbox's namespace: the calling thread
/// joins it for that one call and goes straight back to its own (no await in
/// between, so a pooled runtime thread never runs anything else there). The
/// connect is then an ordinary non-blocking one. No thread per connection.
pub async fn connect_in_netns_async(
    netns_path: &Path,
    port: u16,
) -> io::Result<tokio::net::TcpStream> {
    let fd = socket_in_netns(netns_path)?;
    let socket = tokio::net::TcpSocket::from_std_stream(std::net::TcpStream::from(fd));
    socket
        .connect((std::net::Ipv4Addr::LOCALHOST, port).into())
        .await
}

/// `connect_in_netns_async` through an open namespace file (one kept by the
/// caller, so a namespace can never be mistaken for another by path).
pub async fn connect_in_netns_file_async(
    netns: &File,
    port: u16,
) -> io::Result<tokio::net::TcpStream> {
    let fd = socket_in_netns_file(netns)?;
    let socket = tokio::net::TcpSocket::from_std_stream(std::net::TcpStream::from(fd));
    socket
        .connect((std::net::Ipv4Addr::LOCALHOST, port).into())
        .await
}

/// A non-blocking TCP socket made inside the namespace at `netns_path`.
fn socket_in_netns(netns_path: &Path) -> io::Result<std::os::fd::OwnedFd> {
    socket_in_netns_file(&File::open(netns_path)?)
}

/// A non-blocking TCP socket made inside the namespace `target` is open on.
fn socket_in_netns_file(target: &File) -> io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    thread_local! {
        // The thread's own namespace, to return to: every switch below is
        // undone before returning, so this stays the thread's namespace.
        static HOME: io::Result<File> = File::open("/proc/thread-self/ns/net");
    }
    HOME.with(|home| {
        let home = home
            .as_ref()
            .map_err(|e| io::Error::new(e.kind(), e.to_string()))?;
        // SAFETY: valid fd; CLONE_NEWNET affects only this thread, and it is undone below.
        if unsafe { libc::setns(target.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: plain syscall.
        let fd = unsafe {
            libc::socket(
                libc::AF_INET,
                libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                0,
            )
        };
        let made = io::Error::last_os_error();
        // SAFETY: as above, back to the namespace this thread started in.
        if unsafe { libc::setns(home.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            // A runtime thread left in a sandbox's namespace would send the
            // daemon's own traffic there: never carry on.
            eprintln!(
                "sessionpool: cannot return to the daemon's network namespace: {}",
                io::Error::last_os_error()
            );
            std::process::abort();
        }
        if fd < 0 {
            return Err(made);
        }
        // SAFETY: fd is a fresh socket that nothing else owns.
        Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
    })
}

/// Interface names visible in the namespace (for tests and diagnostics).
pub fn interfaces_in_netns(netns_path: &Path) -> io::Result<Vec<String>> {
    in_netns(netns_path, || {
        // /proc/net/dev is per network namespace of the reading thread.
        let text = std::fs::read_to_string("/proc/thread-self/net/dev")?;
        Ok(text
            .lines()
            .skip(2)
            .filter_map(|l| l.split(':').next())
            .map(|n| n.trim().to_string())
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unprivileged_port_start() -> io::Result<String> {
        std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
            .map(|s| s.trim().to_string())
    }

    /// Needs root (as CI runs): the namespace opens every port to its
    /// processes, and the host's own setting is left alone.
    #[test]
    fn new_namespace_allows_privileged_ports_and_host_is_untouched() {
        let host_before = unprivileged_port_start().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ns = dir.path().join("netns");
        create(&ns).expect("create a netns (run the tests as root)");
        let inside = in_netns(&ns, unprivileged_port_start).unwrap();
        let bound = in_netns(&ns, || {
            std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 80)).map(|_| ())
        });
        remove(&ns).unwrap();
        assert_eq!(inside, "0");
        bound.expect("port 80 binds inside the namespace");
        assert_eq!(unprivileged_port_start().unwrap(), host_before);
    }
}
