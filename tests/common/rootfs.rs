//! A tiny image rootfs for runtime tests: busybox-static with its applets as
//! relative symlinks, a web root and /etc files. Fails loudly when busybox is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use sessionpool::runtime::reaper;

pub const BUSYBOX: &str = "/bin/busybox";
pub const INDEX: &str = "hello from the sandbox\n";

/// Build the rootfs under `dir` and return its path.
pub fn busybox_rootfs(dir: &Path) -> PathBuf {
    assert!(
        Path::new(BUSYBOX).exists(),
        "{BUSYBOX} is missing: install busybox-static (apt-get install busybox-static)"
    );
    let root = dir.join("rootfs");
    for d in ["bin", "www", "etc", "tmp", "proc", "sys", "dev", "root"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    // As in every real image: /tmp is world-writable and sticky.
    std::fs::set_permissions(
        root.join("tmp"),
        std::os::unix::fs::PermissionsExt::from_mode(0o1777),
    )
    .unwrap();
    std::fs::copy(BUSYBOX, root.join("bin/busybox")).unwrap();
    // Spawn and wait through the reaper: tests run it, and it would steal the
    // exit status from `Command::output` (see runtime::reaper).
    let list_path = dir.join("applets");
    let out = std::fs::File::create(&list_path).unwrap();
    let code = reaper::run(Command::new(BUSYBOX).arg("--list").stdout(out)).unwrap();
    assert_eq!(code, 0, "busybox --list failed");
    for applet in std::fs::read_to_string(&list_path).unwrap().lines() {
        if applet != "busybox" {
            std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).unwrap();
        }
    }
    std::fs::write(root.join("www/index.html"), INDEX).unwrap();
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n").unwrap();
    std::fs::write(root.join("etc/group"), "root:x:0:\n").unwrap();
    root
}
