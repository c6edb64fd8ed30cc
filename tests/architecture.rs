//! Module boundaries from DESIGN.md: the CLI never imports the daemon, the
//! daemon never imports the CLI, and the lower modules stay below.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

fn check(module: &str, forbidden: &[&str]) {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(module),
        &mut files,
    );
    assert!(!files.is_empty(), "module {module} has no sources");
    for (path, text) in files {
        for f in forbidden {
            let needle = format!("crate::{f}");
            assert!(
                !text.contains(&needle),
                "{path} imports {needle}, which {module} may not"
            );
        }
    }
}

#[test]
fn module_boundaries_hold() {
    check(
        "cli",
        &[
            "daemon", "pool", "store", "runtime", "image", "proxy", "auth",
        ],
    );
    check("daemon", &["cli", "client"]);
    check(
        "client",
        &["cli", "daemon", "pool", "store", "runtime", "image"],
    );
    check(
        "spec",
        &[
            "api", "cli", "client", "daemon", "pool", "runtime", "image", "proxy", "store", "auth",
        ],
    );
    check(
        "store",
        &[
            "api", "cli", "client", "daemon", "pool", "runtime", "image", "proxy",
        ],
    );
    check(
        "api",
        &[
            "cli", "client", "daemon", "pool", "runtime", "image", "proxy", "store", "auth",
        ],
    );
}
