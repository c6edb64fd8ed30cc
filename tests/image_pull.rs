//! Real pulls: a real registry (Debian docker-registry on loopback, with and
//! without htpasswd), the real example session image built by
//! examples/build-image.sh, pushed with skopeo, pulled by `ImageStore`.

#[path = "common/oci_build.rs"]
mod oci_build;
#[path = "common/registry.rs"]
mod registry;

use std::path::Path;
use std::sync::{Arc, Mutex};

use oci_build::{LayerTar, OciLayout, host_arch, noise};
use registry::{Registry, free_port, require_tool, run, session_image};
use sessionpool::image::{ImageError, ImageStore, PullProgress, RegistryCredentials};

const REPO: &str = "session-server";
const TAG: &str = "1.0";

fn store(data_dir: &Path, registry: &Registry) -> ImageStore {
    ImageStore::open(data_dir, vec![registry.host.clone()]).unwrap()
}

fn creds(user: &str, password: &str) -> Option<RegistryCredentials> {
    Some(RegistryCredentials {
        username: user.into(),
        password: password.into(),
    })
}

fn anonymous_registry_with_image() -> Registry {
    let registry = Registry::start();
    registry.push(session_image(), REPO, TAG);
    registry
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn assert_session_rootfs(rootfs: &Path) {
    assert!(
        rootfs.join("bin/busybox").is_file(),
        "no /bin/busybox in {rootfs:?}"
    );
    let sh = std::fs::read_link(rootfs.join("bin/sh")).expect("/bin/sh is a symlink");
    assert_eq!(sh, Path::new("busybox"));
    let server = rootfs.join("usr/local/bin/session-server");
    let meta = std::fs::metadata(&server).expect("session server in the rootfs");
    assert!(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o111 != 0);
}

#[tokio::test]
async fn anonymous_pull_unpacks_the_session_image() {
    let registry = anonymous_registry_with_image();
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let seen = Arc::new(Mutex::new(Vec::<PullProgress>::new()));
    let record = Arc::clone(&seen);
    let reference = format!("{}/{REPO}:{TAG}", registry.host);

    let image = store
        .pull(&reference, None, &move |p| record.lock().unwrap().push(p))
        .await
        .unwrap();

    assert!(image.digest.starts_with("sha256:"), "{}", image.digest);
    assert_session_rootfs(&image.rootfs);
    assert!(image.rootfs.starts_with(data.path().join("images/rootfs")));
    assert_eq!(image.config.entrypoint, ["/usr/local/bin/session-server"]);
    assert!(image.config.cmd.is_empty());
    assert!(
        image.config.env.iter().any(|e| e == "PORT=8080"),
        "{:?}",
        image.config.env
    );
    assert_eq!(image.config.exposed_ports, [8080]);

    let last = *seen.lock().unwrap().last().expect("progress was reported");
    assert!(last.layers_total >= 1);
    assert_eq!(
        (last.layers_done, last.bytes_done),
        (last.layers_total, last.bytes_total)
    );
    assert_eq!(store.lookup(&image.digest), Some(image));
}

#[tokio::test]
async fn basic_auth_pull_and_wrong_password() {
    let password = "s3cret-Pa55word";
    let registry = Registry::start_with_auth("alice", password);
    registry.push(session_image(), REPO, TAG);
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let reference = format!("{}/{REPO}:{TAG}", registry.host);

    let image = store
        .pull(&reference, creds("alice", password), &|_| {})
        .await
        .unwrap();
    assert_session_rootfs(&image.rootfs);

    // Cached or not, the registry decides: bad credentials fail.
    let wrong = "not-the-password";
    let err = store
        .pull(&reference, creds("alice", wrong), &|_| {})
        .await
        .unwrap_err();
    match &err {
        ImageError::Unauthorized { registry: host } => assert_eq!(host, &registry.host),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(wrong) && !shown.contains(password),
        "{shown}"
    );

    let err = store.pull(&reference, None, &|_| {}).await.unwrap_err();
    assert!(matches!(err, ImageError::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn missing_tag_or_repository_is_not_found() {
    let registry = anonymous_registry_with_image();
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    for reference in [
        format!("{}/{REPO}:no-such-tag", registry.host),
        format!("{}/no/such-repo:{TAG}", registry.host),
    ] {
        let err = store.pull(&reference, None, &|_| {}).await.unwrap_err();
        assert!(
            matches!(err, ImageError::NotFound { .. }),
            "{reference}: {err:?}"
        );
    }
}

#[tokio::test]
async fn closed_port_is_unreachable() {
    let host = format!("127.0.0.1:{}", free_port());
    let data = tempfile::tempdir().unwrap();
    let store = ImageStore::open(data.path(), vec![host.clone()]).unwrap();
    let err = store
        .pull(&format!("{host}/{REPO}:{TAG}"), None, &|_| {})
        .await
        .unwrap_err();
    match err {
        ImageError::Unreachable { host: h, .. } => assert_eq!(h, host),
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn second_pull_reuses_the_unpacked_rootfs() {
    let registry = anonymous_registry_with_image();
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let reference = format!("{}/{REPO}:{TAG}", registry.host);

    let first = store.pull(&reference, None, &|_| {}).await.unwrap();
    // A re-unpack would replace the directory and lose this marker.
    let marker = first.rootfs.join("unpacked-once");
    std::fs::write(&marker, "").unwrap();
    let again = store.pull(&reference, None, &|_| {}).await.unwrap();
    assert_eq!(again, first);
    assert!(marker.exists(), "the rootfs was unpacked a second time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pulls_of_one_digest_unpack_once() {
    let registry = anonymous_registry_with_image();
    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(store(data.path(), &registry));
    let reference = format!("{}/{REPO}:{TAG}", registry.host);

    let pulls: Vec<_> = (0..4)
        .map(|_| {
            let (store, reference) = (Arc::clone(&store), reference.clone());
            tokio::spawn(async move { store.pull(&reference, None, &|_| {}).await })
        })
        .collect();
    let mut images = Vec::new();
    for pull in pulls {
        images.push(pull.await.unwrap().unwrap());
    }
    assert!(images.windows(2).all(|w| w[0] == w[1]));
    let hex = images[0].digest.trim_start_matches("sha256:").to_owned();
    // One rootfs, no leftovers from losers.
    assert_eq!(names_in(&data.path().join("images/rootfs")), [hex]);
    assert_session_rootfs(&images[0].rootfs);
}

#[tokio::test]
async fn oci_layout_pull_needs_no_registry() {
    let image = session_image();
    let data = tempfile::tempdir().unwrap();
    let store = ImageStore::open(data.path(), vec![]).unwrap();
    let pulled = store.pull(&image.reference(), None, &|_| {}).await.unwrap();
    assert_eq!(pulled.digest, image.manifest_digest());
    assert_session_rootfs(&pulled.rootfs);
    assert_eq!(pulled.config.entrypoint, ["/usr/local/bin/session-server"]);

    let missing = format!("oci:{}:no-such-tag", image.layout.display());
    let err = store.pull(&missing, None, &|_| {}).await.unwrap_err();
    assert!(matches!(err, ImageError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn gc_removes_unused_images_and_blobs() {
    let registry = anonymous_registry_with_image();
    let scratch = tempfile::tempdir().unwrap();
    let variant = session_image().variant(scratch.path(), "variant", "VARIANT=1");
    registry.push(&variant, REPO, "variant");
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);

    let kept = store
        .pull(&format!("{}/{REPO}:{TAG}", registry.host), None, &|_| {})
        .await
        .unwrap();
    let dropped = store
        .pull(&format!("{}/{REPO}:variant", registry.host), None, &|_| {})
        .await
        .unwrap();
    assert_ne!(kept.digest, dropped.digest);

    let report = store.gc(std::slice::from_ref(&kept.digest)).unwrap();
    assert_eq!(report.images_removed, std::slice::from_ref(&dropped.digest));
    // Only the variant's config blob was its own; the layers are shared.
    assert_eq!(report.blobs_removed, 1);
    assert!(!dropped.rootfs.exists());
    assert_eq!(store.lookup(&dropped.digest), None);
    assert_eq!(store.lookup(&kept.digest), Some(kept.clone()));
    assert_session_rootfs(&kept.rootfs);

    let report = store.gc(&[]).unwrap();
    assert_eq!(report.images_removed, std::slice::from_ref(&kept.digest));
    assert!(names_in(&data.path().join("images/blobs/sha256")).is_empty());
    assert!(names_in(&data.path().join("images/rootfs")).is_empty());
}

#[tokio::test]
async fn corrupt_blob_in_the_registry_is_a_digest_mismatch() {
    let registry = anonymous_registry_with_image();
    let layers = session_image().layer_digests();
    let victim = layers.last().unwrap();
    let blob = registry.blob_path(victim);
    let mut bytes = std::fs::read(&blob).unwrap();
    // Same length, different content: only the digest can tell.
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&blob, bytes).unwrap();

    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let err = store
        .pull(&format!("{}/{REPO}:{TAG}", registry.host), None, &|_| {})
        .await
        .unwrap_err();
    match &err {
        ImageError::DigestMismatch { expected, actual } => {
            assert_eq!(expected, victim);
            assert_ne!(actual, victim);
        }
        other => panic!("expected DigestMismatch, got {other:?}"),
    }
    let hex = victim.trim_start_matches("sha256:");
    let blobs = names_in(&data.path().join("images/blobs/sha256"));
    assert!(
        !blobs.iter().any(|b| b == hex || b.starts_with(".tmp-")),
        "{blobs:?}"
    );
    assert!(names_in(&data.path().join("images/rootfs")).is_empty());
}

#[tokio::test]
async fn plain_http_only_for_insecure_registries() {
    let registry = anonymous_registry_with_image();
    let data = tempfile::tempdir().unwrap();
    // Not listed as insecure: the store must insist on HTTPS, which this
    // plain-HTTP registry cannot speak.
    let store = ImageStore::open(data.path(), vec!["127.0.0.1:1".into()]).unwrap();
    let err = store
        .pull(&format!("{}/{REPO}:{TAG}", registry.host), None, &|_| {})
        .await
        .unwrap_err();
    match err {
        ImageError::Unreachable { host, .. } => assert_eq!(host, registry.host),
        other => panic!("expected Unreachable over HTTPS, got {other:?}"),
    }
}

/// An architecture other than the host's, for the index entry not to pick.
fn other_arch() -> &'static str {
    if host_arch() == "arm64" {
        "amd64"
    } else {
        "arm64"
    }
}

/// Layer digests of a pulled image, from the store's record.
fn pulled_layers(data: &Path, digest: &str) -> Vec<String> {
    let hex = digest.trim_start_matches("sha256:");
    let record: serde_json::Value = serde_json::from_slice(
        &std::fs::read(data.join(format!("images/manifests/{hex}.json"))).unwrap(),
    )
    .unwrap();
    record["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn multi_platform_index_pulls_the_host_platform() {
    let registry = Registry::start();
    let dir = tempfile::tempdir().unwrap();
    let mut layout = OciLayout::new(&dir.path().join("oci"));
    let arch_layer = |arch: &str| {
        vec![
            LayerTar::default()
                .file("arch", 0o644, arch.as_bytes())
                .finish(),
        ]
    };
    // The foreign entry first: taking the first entry would be wrong.
    let other = layout.image(other_arch(), "ARCH=other", &arch_layer(other_arch()));
    let host = layout.image(host_arch(), "ARCH=host", &arch_layer(host_arch()));
    let host_digest = host["digest"].as_str().unwrap().to_owned();
    let index = layout.index(vec![other, host]);
    let image = layout.tag("multi", index);
    registry.push_with(&image, "multi", "1", &["--all"]);
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);

    let pulled = store
        .pull(&format!("{}/multi:1", registry.host), None, &|_| {})
        .await
        .unwrap();
    assert_eq!(pulled.digest, host_digest);
    assert_eq!(pulled.config.env, ["ARCH=host"]);
    assert_eq!(
        std::fs::read_to_string(pulled.rootfs.join("arch")).unwrap(),
        host_arch()
    );

    // The oci: source follows the same rule.
    let local = store.pull(&image.reference(), None, &|_| {}).await.unwrap();
    assert_eq!(local.digest, host_digest);
}

#[tokio::test]
async fn index_without_the_host_platform_names_the_offered_ones() {
    let registry = Registry::start();
    let dir = tempfile::tempdir().unwrap();
    let mut layout = OciLayout::new(&dir.path().join("oci"));
    let layer = vec![LayerTar::default().file("x", 0o644, b"x").finish()];
    let s390x = layout.image("s390x", "A=1", &layer);
    let ppc = layout.image("ppc64le", "A=2", &layer);
    let index = layout.index(vec![s390x, ppc]);
    let image = layout.tag("foreign", index);
    registry.push_with(&image, "foreign", "1", &["--all"]);
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);

    let reference = format!("{}/foreign:1", registry.host);
    let err = store.pull(&reference, None, &|_| {}).await.unwrap_err();
    assert!(
        matches!(err, ImageError::NoMatchingPlatform { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "use image {reference}: it has no linux/{} variant; it offers linux/s390x, linux/ppc64le",
            host_arch()
        )
    );
    assert!(names_in(&data.path().join("images/rootfs")).is_empty());
}

#[tokio::test]
async fn zstd_image_pulls_and_unpacks() {
    let registry = Registry::start();
    registry.push_with(
        session_image(),
        REPO,
        "zstd",
        &["--dest-compress-format", "zstd"],
    );
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let image = store
        .pull(&format!("{}/{REPO}:zstd", registry.host), None, &|_| {})
        .await
        .unwrap();
    assert_session_rootfs(&image.rootfs);
    // skopeo did recompress: what was unpacked is zstd.
    for layer in pulled_layers(data.path(), &image.digest) {
        let blob = data
            .path()
            .join("images/blobs/sha256")
            .join(layer.trim_start_matches("sha256:"));
        let head = std::fs::read(&blob).unwrap();
        assert_eq!(head[..4], [0x28, 0xb5, 0x2f, 0xfd], "{layer} is not zstd");
    }
}

#[tokio::test]
async fn docker_schema2_image_pulls() {
    let registry = Registry::start();
    registry.push_with(session_image(), REPO, "v2s2", &["--format", "v2s2"]);
    let url = format!("http://{}/v2/{REPO}/manifests/v2s2", registry.host);
    let served: serde_json::Value = serde_json::from_str(&run(std::process::Command::new("curl")
        .args(["-sf", "--max-time", "10", "-H"])
        .arg("Accept: application/vnd.docker.distribution.manifest.v2+json")
        .arg(&url)))
    .unwrap();
    assert_eq!(
        served["mediaType"],
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let image = store
        .pull(&format!("{}/{REPO}:v2s2", registry.host), None, &|_| {})
        .await
        .unwrap();
    assert_session_rootfs(&image.rootfs);
    assert_eq!(image.config.entrypoint, ["/usr/local/bin/session-server"]);
    assert_eq!(image.config.exposed_ports, [8080]);
}

#[tokio::test]
async fn hardlinks_setuid_and_file_capabilities_survive_the_pull() {
    require_tool("getcap", "libcap2-bin");
    // What `setcap cap_net_bind_service+ep` writes (umoci repack drops it,
    // so the layer is written here): v2, effective, bit 10 permitted.
    let mut caps = Vec::new();
    for w in [0x0200_0001u32, 1 << 10, 0, 0, 0] {
        caps.extend_from_slice(&w.to_le_bytes());
    }
    let layer = LayerTar::default()
        .dir("usr/")
        .dir("usr/bin/")
        .file("usr/bin/su", 0o4755, b"#!/bin/true\n")
        .file("usr/bin/wall", 0o2755, b"#!/bin/true\n")
        .hardlink("usr/bin/su-again", "usr/bin/su")
        .xattrs(&[
            ("security.capability", &caps),
            ("trusted.not-for-containers", b"1"),
        ])
        .file("usr/bin/server", 0o755, b"#!/bin/true\n")
        .finish();
    let registry = Registry::start();
    let dir = tempfile::tempdir().unwrap();
    let mut layout = OciLayout::new(&dir.path().join("oci"));
    let manifest = layout.image(host_arch(), "A=1", &[layer]);
    let image = layout.tag("fidelity", manifest);
    registry.push(&image, "fidelity", "1");
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let pulled = store
        .pull(&format!("{}/fidelity:1", registry.host), None, &|_| {})
        .await
        .unwrap();

    use std::os::unix::fs::MetadataExt;
    let bin = pulled.rootfs.join("usr/bin");
    let su = std::fs::metadata(bin.join("su")).unwrap();
    let again = std::fs::metadata(bin.join("su-again")).unwrap();
    assert_eq!((su.nlink(), su.ino()), (2, again.ino()));
    assert_eq!(su.mode() & 0o7777, 0o4755);
    let wall = std::fs::metadata(bin.join("wall")).unwrap();
    assert_eq!(wall.mode() & 0o7777, 0o2755);
    let server = bin.join("server");
    assert_eq!(
        xattr::get(&server, "security.capability").unwrap(),
        Some(caps)
    );
    assert_eq!(
        xattr::get(&server, "trusted.not-for-containers").unwrap(),
        None
    );
    let shown = run(std::process::Command::new("getcap").arg(&server));
    assert!(shown.contains("cap_net_bind_service=ep"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_layer_pull_reports_monotone_byte_progress() {
    let registry = Registry::start();
    let dir = tempfile::tempdir().unwrap();
    let mut layout = OciLayout::new(&dir.path().join("oci"));
    let layers: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            LayerTar::default()
                .file(&format!("layer{i}"), 0o644, &noise(3 << 20, i + 1))
                .finish()
        })
        .collect();
    let manifest = layout.image(host_arch(), "A=1", &layers);
    let image = layout.tag("layers", manifest);
    registry.push(&image, "layers", "1");
    let compressed: u64 = image
        .layer_digests()
        .iter()
        .map(|d| std::fs::metadata(registry.blob_path(d)).unwrap().len())
        .sum();
    let data = tempfile::tempdir().unwrap();
    let store = store(data.path(), &registry);
    let seen = Arc::new(Mutex::new(Vec::<PullProgress>::new()));
    let record = Arc::clone(&seen);

    let pulled = store
        .pull(&format!("{}/layers:1", registry.host), None, &move |p| {
            record.lock().unwrap().push(p)
        })
        .await
        .unwrap();
    for i in 0..5 {
        assert!(pulled.rootfs.join(format!("layer{i}")).is_file());
    }

    let seen = seen.lock().unwrap();
    let last = *seen.last().unwrap();
    assert_eq!((last.layers_total, last.bytes_total), (5, compressed));
    assert_eq!((last.layers_done, last.bytes_done), (5, compressed));
    assert!(
        seen.windows(2)
            .all(|w| w[0].bytes_done <= w[1].bytes_done && w[0].layers_done <= w[1].layers_done),
        "progress went backwards"
    );
    // Reported as bytes arrive, not once per layer.
    assert!(seen.len() > 20, "only {} progress reports", seen.len());
}
