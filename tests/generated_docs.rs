//! completions/ and man/ are generated from the CLI definition; this test fails
//! when they drift. Regenerate with: SESSIONPOOL_UPDATE_GENERATED=1 cargo test --test generated_docs

use clap_complete::Shell;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn expected() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "sessionpool.bash"),
        (Shell::Zsh, "_sessionpool"),
        (Shell::Fish, "sessionpool.fish"),
        (Shell::PowerShell, "_sessionpool.ps1"),
        (Shell::Elvish, "sessionpool.elv"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(
            shell,
            &mut sessionpool::entry::command(),
            "sessionpool",
            &mut out,
        );
        files.push((root().join("completions").join(file), out));
    }
    let cmd = sessionpool::entry::command();
    man_pages(&cmd, "sessionpool", &mut files);
    files
}

fn man_pages(cmd: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut out = Vec::new();
    let static_name: &'static str = Box::leak(name.to_string().into_boxed_str());
    clap_mangen::Man::new(cmd.clone().name(static_name))
        .render(&mut out)
        .unwrap();
    files.push((root().join("man").join(format!("{name}.1")), out));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

#[test]
fn completions_and_man_pages_are_current() {
    let update = std::env::var_os("SESSIONPOOL_UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (path, content) in expected() {
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&content[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated files drifted from the CLI: {stale:?}\nregenerate with SESSIONPOOL_UPDATE_GENERATED=1 cargo test --test generated_docs"
    );
}

#[test]
fn completion_command_prints_the_same_scripts() {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_sessionpool"))
        .args(["completion", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        out,
        std::fs::read(root().join("completions/sessionpool.bash")).unwrap()
    );
}

#[test]
fn help_documents_exit_codes() {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_sessionpool"))
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("3 not found"));
    let man = std::fs::read_to_string(root().join("man/sessionpool.1")).unwrap();
    assert!(man.contains("not found"));
}
