//! Images built from Debian's own packages, as a user's Dockerfile `FROM
//! debian:bookworm` + `apt-get install` would make them: `mmdebstrap
//! --variant=minbase` with the recipe's packages (from the mirror this
//! machine's apt already uses), the recipe's files, then packed with umoci into
//! one OCI layout holding one tag per image config.
//!
//! The debootstrap takes a minute or two, so the layout is cached under
//! `target/test-images/debian-<hash of the recipe>/` and built under a file
//! lock there, so two test binaries never build the same one at once. Callers
//! keep the result in a `OnceLock` so each test process asks only once.

use super::oci_pack::{ImageConfig, pack};
use super::registry::{OciImage, require_tool, run};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Bump when the build steps below change in a way the recipe does not show.
const BUILD_VERSION: &str = "1";
/// A first build downloads ~40 MB of packages; give slow mirrors room.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// A file (or, without contents, a directory) put into the rootfs after the packages.
#[derive(Debug, Clone)]
pub struct RootfsFile {
    pub path: String,
    pub contents: Option<String>,
    pub mode: u32,
    pub owner: (u32, u32),
}

impl RootfsFile {
    pub fn file(path: &str, mode: u32, owner: (u32, u32), contents: &str) -> RootfsFile {
        RootfsFile {
            path: path.to_owned(),
            contents: Some(contents.to_owned()),
            mode,
            owner,
        }
    }

    pub fn dir(path: &str, mode: u32, owner: (u32, u32)) -> RootfsFile {
        RootfsFile {
            path: path.to_owned(),
            contents: None,
            mode,
            owner,
        }
    }
}

/// What to build: Debian packages, files on top, and the images (tags) made from them.
#[derive(Debug, Clone)]
pub struct DebianRecipe {
    pub packages: Vec<String>,
    pub files: Vec<RootfsFile>,
    /// Lines appended to the rootfs's /etc/passwd and /etc/group (users and groups
    /// of the image, as `useradd` would add them).
    pub passwd: Vec<String>,
    pub group: Vec<String>,
    pub images: Vec<ImageConfig>,
}

/// The images of `recipe`, from the cache or built now.
pub fn debian_images(recipe: &DebianRecipe) -> Vec<OciImage> {
    debian_images_customized(recipe, &[])
}

/// As `debian_images`, with `commands` run in the rootfs (chroot, `sh -c`)
/// after the install, as a Dockerfile's later `RUN` lines: say, purging
/// dependencies a package declares but the image's use does not need, or
/// building a cache into the image.
pub fn debian_images_customized(recipe: &DebianRecipe, commands: &[&str]) -> Vec<OciImage> {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target dir")
        .join("test-images");
    std::fs::create_dir_all(&root).unwrap();
    let mut key = format!("{BUILD_VERSION}\n{recipe:?}");
    if !commands.is_empty() {
        key += &format!("\nrun {commands:?}");
    }
    let hash = hex::encode(Sha256::digest(key.as_bytes()));
    let done = root.join(format!("debian-{}", &hash[..16]));
    let images = || {
        recipe
            .images
            .iter()
            .map(|i| OciImage {
                layout: done.join("oci"),
                tag: i.tag.clone(),
            })
            .collect()
    };
    if done.join("oci/index.json").is_file() {
        return images();
    }
    let _lock = lock(&root.join(format!("debian-{}.lock", &hash[..16])));
    // Another test binary may have built it while we waited for the lock.
    if !done.join("oci/index.json").is_file() {
        build(recipe, commands, &done);
    }
    images()
}

/// An exclusive lock on `path`, held until the file is dropped.
fn lock(path: &Path) -> File {
    let file = File::create(path).unwrap();
    let deadline = Instant::now() + BUILD_TIMEOUT + Duration::from_secs(60);
    loop {
        match file.try_lock() {
            Ok(()) => return file,
            Err(std::fs::TryLockError::WouldBlock) => {
                assert!(
                    Instant::now() < deadline,
                    "{} stayed locked: is another build of this image stuck?",
                    path.display()
                );
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(std::fs::TryLockError::Error(e)) => panic!("lock {}: {e}", path.display()),
        }
    }
}

/// Debootstraps, adds the files, packs; the result appears at `done` only when complete.
fn build(recipe: &DebianRecipe, commands: &[&str], done: &Path) {
    require_tool("mmdebstrap", "mmdebstrap");
    require_tool("timeout", "coreutils");
    let work = done.with_extension("partial");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let overlay = work.join("overlay");
    write_overlay(recipe, &overlay);
    let tar = work.join("rootfs.tar");

    let mut command = Command::new("timeout");
    command
        .arg("--kill-after=10")
        .arg(BUILD_TIMEOUT.as_secs().to_string())
        .arg("mmdebstrap")
        .args(["--variant=minbase", "--mode=root", "--quiet"])
        .arg(format!("--include={}", recipe.packages.join(",")))
        // usr-is-merged instead of usrmerge, which would pull in all of perl.
        .arg("--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr")
        .arg("--aptopt=APT::Install-Recommends \"false\"")
        // Like Docker's slim images: no docs, man pages or translations.
        .args([
            "--dpkgopt=path-exclude=/usr/share/doc/*",
            "--dpkgopt=path-exclude=/usr/share/man/*",
            "--dpkgopt=path-exclude=/usr/share/info/*",
            "--dpkgopt=path-exclude=/usr/share/locale/*",
            "--dpkgopt=path-include=/usr/share/locale/locale.alias",
        ])
        // An image has an empty /dev: the runtime provides devices.
        .arg("--skip=output/dev")
        .arg(format!(
            "--customize-hook=cp -a '{}'/. \"$1\"/",
            overlay.display()
        ))
        .arg(format!(
            "--customize-hook=cat '{}' >>\"$1\"/etc/passwd && cat '{}' >>\"$1\"/etc/group",
            work.join("passwd").display(),
            work.join("group").display()
        ))
        .args(commands.iter().map(|c| {
            assert!(!c.contains('\''), "a RUN command must not hold a single quote");
            format!("--customize-hook=chroot \"$1\" sh -c '{c}'")
        }))
        .arg("--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/* \"$1\"/var/log/apt/*")
        .arg("bookworm")
        .arg(&tar);
    command.args(apt_sources());
    run(&mut command);

    pack(&tar, &work.join("oci"), &recipe.images);
    std::fs::remove_file(&tar).unwrap();
    std::fs::remove_dir_all(&overlay).unwrap();
    let _ = std::fs::remove_dir_all(done);
    std::fs::rename(&work, done).unwrap();
}

/// The recipe's files under `overlay`, with their modes and owners; the users
/// and groups as `passwd` and `group` next to it.
fn write_overlay(recipe: &DebianRecipe, overlay: &Path) {
    std::fs::create_dir_all(overlay).unwrap();
    for f in &recipe.files {
        let target = overlay.join(f.path.trim_start_matches('/'));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        match &f.contents {
            Some(c) => std::fs::write(&target, c).unwrap(),
            None => std::fs::create_dir_all(&target).unwrap(),
        }
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(f.mode)).unwrap();
        std::os::unix::fs::chown(&target, Some(f.owner.0), Some(f.owner.1)).unwrap();
    }
    let lines = |l: &[String]| l.iter().map(|s| format!("{s}\n")).collect::<String>();
    let parent = overlay.parent().unwrap();
    std::fs::write(parent.join("passwd"), lines(&recipe.passwd)).unwrap();
    std::fs::write(parent.join("group"), lines(&recipe.group)).unwrap();
}

/// mmdebstrap MIRROR arguments: this machine's apt sources for bookworm (files
/// whose contents mmdebstrap pastes into the chroot's sources.list).
fn apt_sources() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("/etc/apt/sources.list")];
    if let Ok(dir) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut more: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "sources" || e == "list"))
            .collect();
        more.sort();
        files.extend(more);
    }
    let sources: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|s| s.contains("bookworm")))
        .collect();
    assert!(
        !sources.is_empty(),
        "no apt source for Debian bookworm in /etc/apt/sources.list{{,.d/}}: \
         mmdebstrap needs a reachable Debian mirror"
    );
    sources
}
