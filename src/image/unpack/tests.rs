//! Crafted layers: escapes that must be rejected or contained, and the layer
//! semantics (whiteouts, opaque dirs, links, modes) real images rely on.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;

use tar::{EntryType, Header};

use super::unpack_layers;
use crate::image::error::ImageError;

/// Builds an uncompressed tar layer. Names are written raw into the header so
/// that malicious paths (`..`, absolute) which `tar::Builder` refuses can be made.
#[derive(Default)]
struct Layer {
    data: Vec<u8>,
}

impl Layer {
    fn entry(mut self, kind: EntryType, name: &str, link: &str, mode: u32, body: &[u8]) -> Self {
        let mut h = Header::new_gnu();
        h.set_entry_type(kind);
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        if !link.is_empty() {
            h.set_link_name(link).unwrap();
        }
        h.set_mode(mode);
        h.set_uid(0);
        h.set_gid(0);
        h.set_size(body.len() as u64);
        h.set_cksum();
        self.data.extend_from_slice(h.as_bytes());
        self.data.extend_from_slice(body);
        let pad = (512 - body.len() % 512) % 512;
        self.data.extend(std::iter::repeat_n(0u8, pad));
        self
    }
    fn file(self, name: &str, body: &str) -> Self {
        self.entry(EntryType::Regular, name, "", 0o644, body.as_bytes())
    }
    fn dir(self, name: &str) -> Self {
        self.entry(EntryType::Directory, name, "", 0o755, b"")
    }
    fn symlink(self, name: &str, target: &str) -> Self {
        self.entry(EntryType::Symlink, name, target, 0o777, b"")
    }
    fn hardlink(self, name: &str, target: &str) -> Self {
        self.entry(EntryType::Link, name, target, 0o644, b"")
    }
    /// PAX records (`key=value`) for the entry that follows.
    fn pax(self, records: &[(&str, &[u8])]) -> Self {
        let mut body = Vec::new();
        for (key, value) in records {
            // "LEN key=value\n", where LEN counts itself too.
            let rest = key.len() + value.len() + 3;
            let mut len = rest + rest.to_string().len();
            if len.to_string().len() != rest.to_string().len() {
                len += 1;
            }
            body.extend_from_slice(format!("{len} {key}=").as_bytes());
            body.extend_from_slice(value);
            body.push(b'\n');
        }
        self.entry(EntryType::XHeader, "PaxHeader", "", 0o644, &body)
    }
    fn finish(mut self) -> Vec<u8> {
        self.data.extend_from_slice(&[0u8; 1024]);
        self.data
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    rootfs: PathBuf,
    /// A directory beside the rootfs that no layer may touch.
    outside: PathBuf,
    layers: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let rootfs = dir.path().join("rootfs");
        let outside = dir.path().join("outside");
        let layers = dir.path().join("layers");
        for d in [&rootfs, &outside, &layers] {
            std::fs::create_dir(d).unwrap();
        }
        std::fs::write(outside.join("victim"), "original").unwrap();
        Fixture {
            _dir: dir,
            rootfs,
            outside,
            layers,
        }
    }

    fn unpack(&self, layers: Vec<Vec<u8>>) -> Result<(), ImageError> {
        let paths: Vec<PathBuf> = layers
            .into_iter()
            .enumerate()
            .map(|(i, data)| {
                let path = self.layers.join(i.to_string());
                std::fs::write(&path, data).unwrap();
                path
            })
            .collect();
        unpack_layers(&self.rootfs, &paths)
    }

    fn assert_outside_untouched(&self) {
        let names: Vec<_> = std::fs::read_dir(&self.outside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["victim"], "a layer wrote outside the rootfs");
        assert_eq!(
            std::fs::read_to_string(self.outside.join("victim")).unwrap(),
            "original"
        );
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.rootfs.join(rel)
    }
}

fn assert_unsafe(result: Result<(), ImageError>) {
    match result {
        Err(ImageError::UnsafeLayer { .. }) => {}
        other => panic!("expected UnsafeLayer, got {other:?}"),
    }
}

#[test]
fn dotdot_paths_are_rejected() {
    let fx = Fixture::new();
    let layer = Layer::default().file("../outside/victim", "pwned").finish();
    assert_unsafe(fx.unpack(vec![layer]));
    let layer = Layer::default()
        .file("a/../../outside/new", "pwned")
        .finish();
    assert_unsafe(fx.unpack(vec![layer]));
    fx.assert_outside_untouched();
}

#[test]
fn absolute_paths_are_rejected() {
    let fx = Fixture::new();
    let target = format!("{}/new", fx.outside.display());
    assert_unsafe(fx.unpack(vec![Layer::default().file(&target, "pwned").finish()]));
    fx.assert_outside_untouched();
}

#[test]
fn absolute_symlink_to_etc_cannot_write_host_etc() {
    let fx = Fixture::new();
    let before = std::fs::read("/etc/passwd").unwrap();
    let layer = Layer::default()
        .symlink("etc", "/etc")
        .file("etc/passwd", "root::0:0::/:/bin/sh\n")
        .finish();
    // Inside the rootfs `/etc` is the symlink itself, so resolving it loops.
    assert_unsafe(fx.unpack(vec![layer]));
    assert_eq!(std::fs::read("/etc/passwd").unwrap(), before);
}

#[test]
fn absolute_symlink_parent_is_resolved_inside_the_rootfs() {
    let fx = Fixture::new();
    let outside = fx.outside.display().to_string();
    let layer = Layer::default()
        .symlink("escape", &outside)
        .file("escape/victim", "pwned")
        .finish();
    fx.unpack(vec![layer]).unwrap();
    fx.assert_outside_untouched();
    let contained = fx
        .rootfs
        .join(outside.trim_start_matches('/'))
        .join("victim");
    assert_eq!(std::fs::read_to_string(contained).unwrap(), "pwned");
}

#[test]
fn relative_symlink_escape_is_clamped_at_the_root() {
    let fx = Fixture::new();
    let layer = Layer::default()
        .dir("a/")
        .symlink("a/up", "../../../../..")
        .file("a/up/outside/victim", "pwned")
        .finish();
    fx.unpack(vec![layer]).unwrap();
    fx.assert_outside_untouched();
    assert_eq!(
        std::fs::read_to_string(fx.path("outside/victim")).unwrap(),
        "pwned"
    );
}

#[test]
fn symlink_escape_across_layers_is_contained() {
    let fx = Fixture::new();
    let lower = Layer::default()
        .symlink("lib", &fx.outside.display().to_string())
        .finish();
    let upper = Layer::default().file("lib/new", "pwned").finish();
    fx.unpack(vec![lower, upper]).unwrap();
    fx.assert_outside_untouched();
}

#[test]
fn file_over_a_symlink_replaces_the_symlink() {
    let fx = Fixture::new();
    let victim = fx.outside.join("victim").display().to_string();
    let layer = Layer::default()
        .symlink("f", &victim)
        .file("f", "mine")
        .finish();
    fx.unpack(vec![layer]).unwrap();
    fx.assert_outside_untouched();
    let meta = std::fs::symlink_metadata(fx.path("f")).unwrap();
    assert!(meta.is_file());
    assert_eq!(std::fs::read_to_string(fx.path("f")).unwrap(), "mine");
}

#[test]
fn hard_links_cannot_reach_outside() {
    let fx = Fixture::new();
    let layer = Layer::default().hardlink("h", "../outside/victim").finish();
    assert_unsafe(fx.unpack(vec![layer]));
    // Through a symlink the target is looked up inside the rootfs, where it is missing.
    let layer = Layer::default()
        .symlink("o", &fx.outside.display().to_string())
        .hardlink("h", "o/victim")
        .finish();
    assert_unsafe(fx.unpack(vec![layer]));
    fx.assert_outside_untouched();
}

#[test]
fn hard_links_within_and_across_layers() {
    let fx = Fixture::new();
    let lower = Layer::default()
        .dir("bin/")
        .file("bin/busybox", "bb")
        .finish();
    let upper = Layer::default()
        .hardlink("bin/sh", "bin/busybox")
        .file("data", "d")
        .hardlink("data-link", "./data")
        .finish();
    fx.unpack(vec![lower, upper]).unwrap();
    let ino = |p: &str| std::fs::metadata(fx.path(p)).unwrap().ino();
    assert_eq!(ino("bin/sh"), ino("bin/busybox"));
    assert_eq!(ino("data-link"), ino("data"));
}

#[test]
fn whiteouts_and_opaque_dirs_across_layers() {
    let fx = Fixture::new();
    let lower = Layer::default()
        .dir("a/")
        .file("a/keep", "k")
        .file("a/gone", "g")
        .dir("a/gone-dir/")
        .file("a/gone-dir/x", "x")
        .dir("b/")
        .file("b/old", "o")
        .dir("b/sub/")
        .file("b/sub/old2", "o")
        .finish();
    // The opaque marker comes after new content on purpose: whiteouts apply to
    // lower layers only, whatever their place in the stream.
    let upper = Layer::default()
        .file("a/.wh.gone", "")
        .file("a/.wh.gone-dir", "")
        .file("a/.wh.never-existed", "")
        .dir("b/")
        .file("b/new", "n")
        .file("b/.wh..wh..opq", "")
        .finish();
    fx.unpack(vec![lower, upper]).unwrap();
    assert!(fx.path("a/keep").exists());
    assert!(!fx.path("a/gone").exists());
    assert!(!fx.path("a/gone-dir").exists());
    assert!(fx.path("b/new").exists());
    assert!(!fx.path("b/old").exists());
    assert!(!fx.path("b/sub").exists());
    assert!(!fx.path("a/.wh.gone").exists() && !fx.path("b/.wh..wh..opq").exists());
}

#[test]
fn modes_dirs_and_special_files() {
    let fx = Fixture::new();
    let layer = Layer::default()
        .entry(EntryType::Directory, "ro/", "", 0o555, b"")
        .entry(EntryType::Regular, "ro/tool", "", 0o4755, b"#!")
        .entry(EntryType::Regular, "ro/group-tool", "", 0o2711, b"#!")
        .entry(EntryType::Char, "dev-null", "", 0o666, b"")
        .entry(EntryType::Fifo, "fifo", "", 0o666, b"")
        .finish();
    fx.unpack(vec![layer]).unwrap();
    let mode = |p: &str| std::fs::metadata(fx.path(p)).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode("ro"), 0o555);
    assert_eq!(mode("ro/tool"), 0o4755);
    assert_eq!(mode("ro/group-tool"), 0o2711);
    assert!(!fx.path("dev-null").exists() && !fx.path("fifo").exists());
}

#[test]
fn gzip_layers_and_directory_replaced_by_file() {
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;
    let fx = Fixture::new();
    let lower = Layer::default().dir("x/").file("x/inner", "i").finish();
    let upper = Layer::default().file("x", "now a file").finish();
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&upper).unwrap();
    fx.unpack(vec![lower, gz.finish().unwrap()]).unwrap();
    assert_eq!(std::fs::read_to_string(fx.path("x")).unwrap(), "now a file");
}

#[test]
fn file_under_a_regular_file_is_rejected() {
    let fx = Fixture::new();
    let layer = Layer::default()
        .file("f", "x")
        .file("f/child", "y")
        .finish();
    assert_unsafe(fx.unpack(vec![layer]));
}

#[test]
fn zstd_layers_including_multi_frame_ones() {
    let fx = Fixture::new();
    let lower = Layer::default().dir("etc/").file("etc/a", "one").finish();
    let upper = Layer::default()
        .file("etc/b", "two")
        .file("c", "three")
        .finish();
    let lower_zstd = zstd::encode_all(&lower[..], 3).unwrap();
    // As zstd:chunked writes them: several frames, one after the other.
    let middle = upper.len() / 2;
    let mut upper_zstd = zstd::encode_all(&upper[..middle], 3).unwrap();
    upper_zstd.extend(zstd::encode_all(&upper[middle..], 3).unwrap());
    fx.unpack(vec![lower_zstd, upper_zstd]).unwrap();
    for (path, body) in [("etc/a", "one"), ("etc/b", "two"), ("c", "three")] {
        assert_eq!(std::fs::read_to_string(fx.path(path)).unwrap(), body);
    }
}

#[test]
fn pax_xattrs_set_capabilities_and_user_attrs_only() {
    let fx = Fixture::new();
    // `setcap cap_net_bind_service+ep`: v2, effective, bit 10 permitted.
    let mut caps = Vec::new();
    for w in [0x0200_0001u32, 1 << 10, 0, 0, 0] {
        caps.extend_from_slice(&w.to_le_bytes());
    }
    let layer = Layer::default()
        .pax(&[
            ("SCHILY.xattr.security.capability", &caps),
            ("SCHILY.xattr.user.origin", b"layer"),
            ("SCHILY.xattr.trusted.overlay.opaque", b"y"),
            (
                "SCHILY.xattr.security.selinux",
                b"system_u:object_r:bin_t:s0",
            ),
        ])
        .entry(EntryType::Regular, "bin/ping", "", 0o755, b"#!")
        .pax(&[("SCHILY.xattr.user.dir", b"d")])
        .dir("data/")
        .pax(&[("SCHILY.xattr.user.link", b"l")])
        .symlink("ping", "bin/ping")
        .finish();
    fx.unpack(vec![layer]).unwrap();
    let get = |p: &str, name: &str| xattr::get(fx.path(p), name).unwrap();
    assert_eq!(get("bin/ping", "security.capability"), Some(caps));
    assert_eq!(
        get("bin/ping", "user.origin").as_deref(),
        Some(&b"layer"[..])
    );
    assert_eq!(get("bin/ping", "trusted.overlay.opaque"), None);
    assert_eq!(get("data", "user.dir").as_deref(), Some(&b"d"[..]));
    // Symlinks cannot hold user.* xattrs: skipped, the symlink still made.
    assert_eq!(
        std::fs::read_link(fx.path("ping")).unwrap(),
        PathBuf::from("bin/ping")
    );
    let mode = std::fs::metadata(fx.path("bin/ping")).unwrap().mode() & 0o7777;
    assert_eq!(mode, 0o755);
}
