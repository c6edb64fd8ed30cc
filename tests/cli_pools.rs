//! The CLI against a real daemon: the reference walkthrough, round trips,
//! output formats, --query, validation and exit codes.

mod common;

use common::daemon::{Daemon, walkthrough_create};
use predicates::prelude::*;
use serde_json::Value;

/// The secret name the CLI gives a registry password: the server, sanitised.
fn registry_secret(d: &Daemon) -> String {
    format!("{}-password", d.registry.host.replace(['.', ':'], "-"))
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("the CLI printed JSON")
}

#[test]
fn walkthrough_create_then_show_endpoint_as_tsv() {
    let d = Daemon::start_with(&["--public-url", "https://pools.example.test"]);
    let out = walkthrough_create(&d, "my-session-pool", "my-rg")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let pool = json(&out);
    assert_eq!(pool["properties"]["provisioningState"], "Succeeded");
    assert_eq!(pool["type"], "Microsoft.App/sessionPools");
    assert_eq!(pool["location"], "westus");
    assert_eq!(
        pool["properties"]["scaleConfiguration"]["readySessionInstances"],
        5
    );
    // The registry password became a secret that is never shown back.
    assert_eq!(
        pool["properties"]["secrets"],
        serde_json::json!([{"name": registry_secret(&d)}])
    );
    assert!(!String::from_utf8_lossy(&out).contains("s3cret-pass"));
    d.cli()
        .args([
            "show",
            "-n",
            "my-session-pool",
            "-g",
            "my-rg",
            "--query",
            "properties.poolManagementEndpoint",
            "-o",
            "tsv",
        ])
        .assert()
        .success()
        .stdout("https://pools.example.test/pools/my-rg/my-session-pool\n");
    assert!(
        !d.log().contains("s3cret-pass"),
        "the daemon logged a secret"
    );
}

#[test]
fn show_list_update_delete_round_trip() {
    let d = Daemon::start();
    walkthrough_create(&d, "pool-a", "rg1").assert().success();
    walkthrough_create(&d, "pool-b", "rg2").assert().success();

    let all = json(
        &d.cli()
            .args(["list"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(all.as_array().unwrap().len(), 2);
    let rg1 = json(
        &d.cli()
            .args(["list", "-g", "rg1"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(rg1[0]["name"], "pool-a");
    assert_eq!(rg1.as_array().unwrap().len(), 1);

    let updated = json(
        &d.cli()
            .args([
                "update",
                "-n",
                "pool-a",
                "-g",
                "rg1",
                "--ready-sessions",
                "2",
                "--max-sessions",
                "4",
                "--cpu",
                "0.5",
                "--memory",
                "1Gi",
            ])
            .args([
                "--env-vars",
                "A=1",
                "B=secretref:token",
                "--secrets",
                "token=abc",
                "--tags",
                "team=x",
            ])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(
        updated["properties"]["scaleConfiguration"]["readySessionInstances"],
        2
    );
    assert_eq!(
        updated["properties"]["customContainerTemplate"]["containers"][0]["resources"]["cpu"],
        0.5
    );
    assert_eq!(
        updated["properties"]["customContainerTemplate"]["containers"][0]["env"][1]["secretRef"],
        "token"
    );
    assert_eq!(updated["tags"]["team"], "x");
    // --secrets replaced the list, but the registry password secret stays referenced and kept.
    let names: Vec<&str> = updated["properties"]["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["token", registry_secret(&d).as_str()]);
    // az could not change registry credentials on update; we can.
    d.cli()
        .args([
            "update",
            "-n",
            "pool-a",
            "-g",
            "rg1",
            "--registry-server",
            &d.registry.host,
            "--registry-username",
            "other",
            "--registry-password",
            "pw2",
        ])
        .args([
            "--query",
            "properties.customContainerTemplate.registryCredentials.[server,username]",
            "-o",
            "tsv",
        ])
        .assert()
        .success()
        .stdout(format!("{}\nother\n", d.registry.host));
    // --no-wait returns at once and prints nothing.
    d.cli()
        .args([
            "update",
            "-n",
            "pool-a",
            "-g",
            "rg1",
            "--ready-sessions",
            "1",
            "--no-wait",
        ])
        .assert()
        .success()
        .stdout("");

    d.cli()
        .args(["delete", "-n", "pool-a", "-g", "rg1", "--yes"])
        .assert()
        .success()
        .stdout("");
    d.cli()
        .args(["show", "-n", "pool-a", "-g", "rg1"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("ResourceNotFound"));
    // Deleting what is not there succeeds, as ARM's 204 does.
    d.cli()
        .args(["delete", "-n", "pool-a", "-g", "rg1", "--yes"])
        .assert()
        .success();
}

#[test]
fn delete_without_yes_off_a_terminal_refuses() {
    let d = Daemon::start();
    walkthrough_create(&d, "keep-me", "rg").assert().success();
    d.cli()
        .args(["delete", "-n", "keep-me", "-g", "rg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    d.cli()
        .args(["show", "-n", "keep-me", "-g", "rg"])
        .assert()
        .success();
}

/// Output with what differs per run (registry port, image digest) made constant.
fn redact(text: &str, d: &Daemon) -> String {
    let text = text.replace(&d.registry.host, "REGISTRY");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("sha256:") {
        out.push_str(&rest[..i + 7]);
        rest = &rest[i + 7..];
        let hex = rest.chars().take_while(char::is_ascii_hexdigit).count();
        out.push_str(if hex == 64 { "DIGEST" } else { &rest[..hex] });
        rest = &rest[hex..];
    }
    out + rest
}

#[test]
fn every_output_format() {
    let d = Daemon::start_with(&["--public-url", "https://pools.example.test"]);
    // No ready sessions, so the counts in the snapshot do not depend on timing.
    d.cli()
        .args([
            "create",
            "-n",
            "fmt-pool",
            "-g",
            "rg",
            "--environment",
            "test-env",
            "--image",
            &d.image(),
        ])
        .args([
            "--target-port",
            "8080",
            "--ready-sessions",
            "0",
            "--location",
            "westus",
            "-o",
            "none",
        ])
        .assert()
        .success()
        .stdout("");
    let show = |fmt: &str| {
        let out = d
            .cli()
            .args(["show", "-n", "fmt-pool", "-g", "rg", "-o", fmt])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        redact(&String::from_utf8(out).unwrap(), &d)
    };
    insta::assert_snapshot!("show_json", show("json"));
    insta::assert_snapshot!("show_yaml", show("yaml"));
    insta::assert_snapshot!("show_table", show("table"));
    insta::assert_snapshot!("show_tsv", show("tsv"));
    assert!(show("jsonc").contains("\x1b["), "jsonc is colored");
    assert!(show("yamlc").contains("\x1b["), "yamlc is colored");
    let list = d
        .cli()
        .args(["list", "-o", "table"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("list_table", String::from_utf8(list).unwrap());
    assert_eq!(show("none"), "");
}

#[test]
fn query_cases() {
    let d = Daemon::start();
    walkthrough_create(&d, "q-pool", "rg").assert().success();
    walkthrough_create(&d, "q-pool-2", "rg").assert().success();
    d.cli()
        .args([
            "update",
            "-n",
            "q-pool-2",
            "-g",
            "rg",
            "--ready-sessions",
            "1",
        ])
        .assert()
        .success();
    let q = |args: &[&str]| {
        let out = d
            .cli()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    assert_eq!(
        q(&["list", "--query", "[].name", "-o", "tsv"]),
        "q-pool\nq-pool-2\n"
    );
    assert_eq!(q(&["list", "--query", "length(@)", "-o", "tsv"]), "2\n");
    assert_eq!(
        q(&[
            "list",
            "--query",
            "[?properties.scaleConfiguration.readySessionInstances==`1`].name | [0]",
            "-o",
            "tsv"
        ]),
        "q-pool-2\n"
    );
    assert_eq!(
        q(&[
            "show",
            "-n",
            "q-pool",
            "-g",
            "rg",
            "--query",
            "properties.scaleConfiguration"
        ]),
        "{\n  \"maxConcurrentSessions\": 10,\n  \"readySessionInstances\": 5\n}\n"
    );
    assert_eq!(
        q(&[
            "show",
            "-n",
            "q-pool",
            "-g",
            "rg",
            "--query",
            "{n: name, cpu: properties.customContainerTemplate.containers[0].resources.cpu}",
            "-o",
            "tsv"
        ]),
        "0.25\tq-pool\n"
    );
    d.cli()
        .args(["list", "--query", "[?"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--query"));
}

#[test]
fn restart_keeps_every_pool_exactly() {
    let mut d = Daemon::start();
    walkthrough_create(&d, "durable", "rg").assert().success();
    d.cli()
        .args([
            "update",
            "-n",
            "durable",
            "-g",
            "rg",
            "--secrets",
            "s1=v1",
            "--env-vars",
            "X=secretref:s1",
        ])
        .assert()
        .success();
    let before = d
        .cli()
        .args(["list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    d.restart();
    let after = d
        .cli()
        .args(["list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // Everything but the live counts, which restart from zero with fresh sandboxes.
    let config = |out: &[u8]| {
        let mut v = json(out);
        for pool in v.as_array_mut().unwrap() {
            pool["properties"]
                .as_object_mut()
                .unwrap()
                .remove("templateUpdateStatus");
        }
        v
    };
    assert_eq!(config(&before), config(&after));
    // The stored secret value survived too: an update that omits it is still valid.
    d.cli()
        .args(["update", "-n", "durable", "-g", "rg", "--cpu", "0.5"])
        .assert()
        .success();
}

#[test]
fn validation_errors_exit_2_name_the_flag_and_store_nothing() {
    let d = Daemon::start();
    let base = [
        "create",
        "-n",
        "bad",
        "-g",
        "rg",
        "--environment",
        "e",
        "--image",
        "img:1",
        "--target-port",
        "80",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--cpu", "3"], "--cpu"),
        (&["--cpu", "0.1"], "--cpu"),
        (&["--memory", "5Gi"], "--memory"),
        (&["--memory", "1GB"], "--memory"),
        (&["--target-port", "70000"], "--target-port"),
        (&["--cooldown-period", "100"], "--cooldown-period"),
        (&["--cooldown-period", "4000"], "--cooldown-period"),
        (
            &[
                "--lifecycle-type",
                "OnContainerExit",
                "--cooldown-period",
                "300",
            ],
            "--cooldown-period",
        ),
        (&["--max-alive-period", "600"], "--max-alive-period"),
        (&["--ready-sessions", "11"], "--ready-sessions"),
        (&["--env-vars", "A=secretref:missing"], "--env-vars"),
        (&["--env-vars", "novalue"], "--env-vars"),
        (&["--secrets", "Bad_Name=x"], "--secrets"),
        (&["--container-type", "PythonLTS"], "--container-type"),
        (
            &["--registry-username", "u", "--registry-password", "p"],
            "--registry-server",
        ),
    ];
    for (extra, flag) in cases {
        d.cli()
            .args(base)
            .args(*extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*flag));
    }
    for name in ["Bad", "1pool", "pool-", "a--b", &"a".repeat(33)] {
        d.cli()
            .args([
                "create",
                "-n",
                name,
                "-g",
                "rg",
                "--environment",
                "e",
                "--image",
                "i",
                "--target-port",
                "80",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--name"));
    }
    d.cli()
        .args([
            "create",
            "-n",
            "noenv",
            "-g",
            "rg",
            "--image",
            "i",
            "--target-port",
            "80",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--environment"));
    let probe = d.dir.path().join("probe.yaml");
    std::fs::write(
        &probe,
        "probes:\n- type: Liveness\n  httpGet: {port: 99999}\n",
    )
    .unwrap();
    d.cli()
        .args(base)
        .arg("--probe-yaml")
        .arg(&probe)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--probe-yaml"));
    // Nothing was stored.
    d.cli()
        .args(["list", "-o", "tsv"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn update_cannot_change_fixed_settings() {
    let d = Daemon::start();
    walkthrough_create(&d, "fixed", "rg").assert().success();
    d.cli()
        .args([
            "update",
            "-n",
            "fixed",
            "-g",
            "rg",
            "--location",
            "elsewhere",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--location"));
    d.cli()
        .args([
            "update",
            "-n",
            "fixed",
            "-g",
            "rg",
            "--ready-sessions",
            "20",
        ])
        .assert()
        .code(2);
    d.cli()
        .args(["update", "-n", "nope", "-g", "rg", "--cpu", "1"])
        .assert()
        .code(3);
}

#[test]
fn not_found_exits_3() {
    let d = Daemon::start();
    d.cli()
        .args(["show", "-n", "ghost", "-g", "rg"])
        .assert()
        .code(3);
    d.cli().args(["token", "revoke", "nope"]).assert().code(3);
    d.cli()
        .args(["environment", "show", "nope"])
        .assert()
        .code(3);
}
