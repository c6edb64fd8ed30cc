//! The stock az CLI (azure-cli from PyPI) against the daemon as a custom
//! cloud: `az cloud register`, `az login --service-principal` against the
//! daemon's authority, pools created, shown, updated and deleted with core
//! commands (`az rest`, `az resource`), `az role assignment create` granting
//! a second principal Session Executor on one pool, whose token then reaches
//! that pool's sessions and nothing else. Every other host is behind a proxy
//! that does not exist.

mod common;

use common::daemon::walkthrough_create;
use common::identity::{SUB, TENANT, create_principal as principal};
use std::path::Path;
use std::process::{Command, Output};

const API: &str = "api-version=2025-10-02-preview";

struct Az {
    bin: std::path::PathBuf,
    config: tempfile::TempDir,
    ca: std::path::PathBuf,
}

impl Az {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(self.bin.join("az"))
            .args(args)
            .env("AZURE_CONFIG_DIR", self.config.path())
            .env("AZURE_CORE_INSTANCE_DISCOVERY", "false")
            .env("AZURE_CORE_COLLECT_TELEMETRY", "false")
            .env("AZURE_CORE_SURVEY_MESSAGE", "false")
            .env("AZURE_CORE_NO_COLOR", "true")
            .env("AZURE_EXTENSION_DIR", self.config.path().join("ext"))
            .envs(common::pyvenv::loopback_only_env(&self.ca))
            .output()
            .expect("run az")
    }

    /// `az login --service-principal` as the principal `sp` (its JSON from
    /// `sessionpool principal create`); az's output.
    fn login(&self, sp: &serde_json::Value) -> String {
        self.ok(&[
            "login",
            "--service-principal",
            "-u",
            sp["appId"].as_str().unwrap(),
            "-p",
            sp["password"].as_str().unwrap(),
            "--tenant",
            TENANT,
        ])
    }

    /// Run, require failure with `needle` in az's error output.
    fn fails(&self, args: &[&str], needle: &str) {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "az {} succeeded", args.join(" "));
        assert!(
            stderr.contains(needle),
            "az {}: no {needle} in:\n{stderr}",
            args.join(" ")
        );
    }

    /// Run, require success, return stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "az {} failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

fn write_pool_body(path: &Path, image: &str) {
    let body = serde_json::json!({
        "location": "local",
        "properties": {
            "environmentId": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/local"),
            "containerType": "CustomContainer",
            "poolManagementType": "Dynamic",
            "scaleConfiguration": {"maxConcurrentSessions": "3", "readySessionInstances": 1},
            "dynamicPoolConfiguration": {"lifecycleConfiguration": {"lifecycleType": "Timed", "cooldownPeriodInSeconds": "300"}},
            "customContainerTemplate": {
                "containers": [{"image": image, "name": "c", "resources": {"cpu": 0.25, "memory": "0.5Gi"}}],
                "ingress": {"targetPort": 8080}
            },
            "sessionNetworkConfiguration": {"status": "EgressDisabled"}
        }
    });
    std::fs::write(path, body.to_string()).unwrap();
}

#[test]
fn stock_az_logs_in_manages_pools_and_assigns_roles() {
    let bin = common::pyvenv::venv("azure-cli-venv", &["azure-cli==2.91.0"]);
    let dir = tempfile::tempdir().unwrap();
    let (d, cert) = common::tls::daemon_with_tls(dir.path());
    walkthrough_create(&d, "other", "rg").assert().success();
    let base = format!("https://localhost:{}", d.port);
    let sub_scope = format!("/subscriptions/{SUB}");
    let admin = principal(
        &d,
        &["-n", "az-admin", "--role", "Owner", "--scopes", &sub_scope],
    );
    let runner = principal(&d, &["-n", "runner"]);
    let az = Az {
        bin,
        config: tempfile::tempdir().unwrap(),
        ca: cert.clone(),
    };

    az.ok(&[
        "cloud",
        "register",
        "-n",
        "sessionpool",
        "--endpoint-resource-manager",
        &format!("{base}/"),
    ]);
    az.ok(&["cloud", "set", "-n", "sessionpool"]);
    let login = az.login(&admin);
    assert!(
        login.contains(SUB),
        "az login lists the daemon's subscription: {login}"
    );

    // Core commands manage a pool.
    let pool = format!(
        "{base}/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.App/sessionPools/azpool"
    );
    let id = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.App/sessionPools/azpool"
    );
    let body = dir.path().join("pool.json");
    write_pool_body(&body, &d.image());
    az.ok(&[
        "rest",
        "--method",
        "put",
        "--url",
        &format!("{pool}?{API}"),
        "--body",
        &format!("@{}", body.display()),
    ]);
    let mut state = String::new();
    for _ in 0..120 {
        state = az.ok(&[
            "resource",
            "show",
            "--ids",
            &id,
            "--api-version",
            "2025-10-02-preview",
            "--query",
            "properties.provisioningState",
            "-o",
            "tsv",
        ]);
        if state != "InProgress" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert_eq!(state, "Succeeded");
    let ready = az.ok(&[
        "resource",
        "update",
        "--ids",
        &id,
        "--api-version",
        "2025-10-02-preview",
        "--set",
        "properties.scaleConfiguration.readySessionInstances=2",
        "--query",
        "properties.scaleConfiguration.readySessionInstances",
        "-o",
        "tsv",
    ]);
    assert_eq!(ready, "2");

    // Grant the runner Session Executor on this pool only.
    let assigned = az.ok(&[
        "role",
        "assignment",
        "create",
        "--assignee-object-id",
        runner["objectId"].as_str().unwrap(),
        "--assignee-principal-type",
        "ServicePrincipal",
        "--role",
        "Azure ContainerApps Session Executor",
        "--scope",
        &id,
        "--query",
        "roleDefinitionId",
        "-o",
        "tsv",
    ]);
    assert!(
        assigned.ends_with("0fb8eba5-a2bb-4abe-b1c1-49dfad359bb0"),
        "{assigned}"
    );

    // The runner reaches that pool's sessions and nothing else.
    az.login(&runner);
    let data = |pool: &str| {
        [
            "rest",
            "--method",
            "get",
            "--resource",
            "https://dynamicsessions.io",
            "--url",
            &format!("{base}/pools/rg/{pool}/?identifier=user-1"),
        ]
        .map(String::from)
    };
    let own = az.ok(&data("azpool").each_ref().map(String::as_str));
    assert!(own.contains("\"hostname\""), "the session's answer: {own}");
    az.fails(&data("other").each_ref().map(String::as_str), "Forbidden");
    let show = [
        "resource",
        "show",
        "--ids",
        &id,
        "--api-version",
        "2025-10-02-preview",
    ];
    az.fails(&show, "AuthorizationFailed");

    // Back as the admin: delete.
    az.login(&admin);
    az.ok(&[
        "resource",
        "delete",
        "--ids",
        &id,
        "--api-version",
        "2025-10-02-preview",
    ]);
    az.fails(&show, "ResourceNotFound");
    assert!(!d.log().contains(admin["password"].as_str().unwrap()));
}
