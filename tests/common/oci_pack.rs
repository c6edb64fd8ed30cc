//! Packing a root filesystem into an OCI layout with umoci: one layer (an
//! uncompressed tar), then one tag per image config (`umoci config` flags such
//! as `--config.user`, `--config.volume`, `--config.stopsignal`), all sharing
//! that layer. `busybox_image` packs the busybox rootfs of `rootfs.rs` plus a
//! few files, for images that need nothing but a shell and `httpd`.

use super::registry::{OciImage, require_tool, run};
use super::rootfs::busybox_rootfs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// One image made from the layer: its tag and its `umoci config` flags.
#[derive(Debug, Clone)]
pub struct ImageConfig {
    pub tag: String,
    pub flags: Vec<String>,
}

impl ImageConfig {
    pub fn new(tag: &str, flags: &[&str]) -> ImageConfig {
        ImageConfig {
            tag: tag.to_owned(),
            flags: flags.iter().map(|f| f.to_string()).collect(),
        }
    }
}

/// Writes `rootfs` (a directory) as an uncompressed tar, owners kept by number.
pub fn tar_dir(rootfs: &Path, tar: &Path) {
    require_tool("tar", "tar");
    run(Command::new("tar")
        .arg("--numeric-owner")
        .arg("-C")
        .arg(rootfs)
        .arg("-cf")
        .arg(tar)
        .arg("."));
}

/// A new OCI layout at `layout` holding `layer_tar` as its only layer, tagged
/// once per config. Every image also gets Debian's PATH, as Docker's images do.
pub fn pack(layer_tar: &Path, layout: &Path, images: &[ImageConfig]) -> Vec<OciImage> {
    require_tool("umoci", "umoci");
    let umoci = |args: &[&str]| {
        let mut c = Command::new("timeout");
        c.args(["--kill-after=5", "300", "umoci"]).args(args);
        run(&mut c);
    };
    let layout_str = layout.to_str().expect("a UTF-8 layout path");
    let base = format!("{layout_str}:base");
    umoci(&["init", "--layout", layout_str]);
    umoci(&["new", "--image", &base]);
    umoci(&[
        "raw",
        "add-layer",
        "--image",
        &base,
        layer_tar.to_str().expect("a UTF-8 tar path"),
    ]);
    let mut out = Vec::new();
    for image in images {
        let mut args = vec!["config", "--image", &base, "--tag", &image.tag];
        args.extend([
            "--config.env",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ]);
        args.extend(image.flags.iter().map(String::as_str));
        umoci(&args);
        out.push(OciImage {
            layout: layout.to_path_buf(),
            tag: image.tag.clone(),
        });
    }
    umoci(&["rm", "--image", &base]);
    umoci(&["gc", "--layout", layout_str]);
    out
}

/// An executable (0755) file to add to a rootfs.
pub fn put_file(rootfs: &Path, path: &str, contents: &[u8]) {
    let target = rootfs.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, contents).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The busybox rootfs (applets in /bin, /www/index.html) plus `files` as
/// (path, contents) executables, packed at `dir/oci` with one tag per config.
pub fn busybox_image(dir: &Path, files: &[(&str, &[u8])], images: &[ImageConfig]) -> Vec<OciImage> {
    let rootfs = busybox_rootfs(dir);
    for (path, contents) in files {
        put_file(&rootfs, path, contents);
    }
    let tar = dir.join("layer.tar");
    tar_dir(&rootfs, &tar);
    pack(&tar, &dir.join("oci"), images)
}
