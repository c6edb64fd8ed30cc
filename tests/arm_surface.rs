//! The ARM surface the stock az CLI touches around `containerapp sessionpool
//! create`, sent byte for byte as az sends it: cloud metadata without a
//! token, subscriptions, the Microsoft.App provider document, managed
//! environments, integers as JSON strings, and operation URLs on the
//! caller's own origin.

mod common;

use common::daemon::Daemon;
use common::http::{Answer, Http};
use common::pools::admin;
use serde_json::{Value, json};

const SUB: &str = "11111111-2222-3333-4444-555555555555";
const POOL_V: &str = "api-version=2025-02-02-preview";
const ENV_ID: &str = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/az-rg/providers/Microsoft.App/managedEnvironments/az-env";

fn pool_path(name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/az-rg/providers/Microsoft.App/sessionPools/{name}")
}

/// The body az 2.91 PUTs: numbers it takes from flags arrive as strings.
fn az_body(d: &Daemon, cooldown: &str) -> Value {
    json!({
        "location": "eastus",
        "properties": {
            "environmentId": ENV_ID,
            "containerType": "CustomContainer",
            "poolManagementType": "Dynamic",
            "scaleConfiguration": {"maxConcurrentSessions": "4", "readySessionInstances": "0"},
            "dynamicPoolConfiguration": {"lifecycleConfiguration": {
                "lifecycleType": "Timed", "cooldownPeriodInSeconds": cooldown
            }},
            "secrets": null,
            "customContainerTemplate": {
                "registryCredentials": null,
                "containers": [{"image": d.image(), "name": "c", "command": null, "args": null,
                                "resources": {"cpu": 0.25, "memory": "0.5Gi"}}],
                "ingress": {"targetPort": "8080"}
            },
            "sessionNetworkConfiguration": {"status": "EgressDisabled"}
        }
    })
}

fn send(h: &Http, method: &str, target: &str, extra: &[(&str, &str)], body: &Value) -> Answer {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    h.request(method, target, &headers, &serde_json::to_vec(body).unwrap())
}

/// The path and query of an absolute URL the daemon handed out.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").expect("an absolute URL").1;
    &rest[rest.find('/').expect("a path")..]
}

fn poll(h: &Http, url: &str) -> Value {
    for _ in 0..500 {
        let status = h.get(path_of(url)).json();
        if status["status"] != "InProgress" {
            return status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("operation {url} never finished");
}

#[test]
fn cloud_metadata_is_read_without_a_token() {
    let d = Daemon::start();
    let anonymous = Http {
        port: d.port,
        token: None,
    };
    let a = anonymous.get("/metadata/endpoints?api-version=2022-09-01");
    assert_eq!(a.status, 200, "{}", a.text());
    let m = a.json();
    let origin = format!("http://127.0.0.1:{}/", d.port);
    assert_eq!(m["authentication"]["loginEndpoint"], origin.as_str());
    assert_eq!(m["resourceManager"], origin.as_str());
    assert_eq!(m["suffixes"], json!({}));
    assert!(m["name"].is_string());
    let audiences = m["authentication"]["audiences"].as_array().unwrap();
    assert!(audiences.contains(&json!("https://management.core.windows.net/")));

    // Registered as https://localhost:8443, the endpoints name that origin.
    let port = d.port.to_string();
    let host = format!("localhost:{port}");
    let a = anonymous.request(
        "GET",
        "/metadata/endpoints?api-version=2022-09-01",
        &[("Host", &host)],
        b"",
    );
    assert_eq!(
        a.json()["resourceManager"],
        format!("http://localhost:{port}/").as_str()
    );
    // Everything else still needs a token.
    let a = anonymous.get("/subscriptions?api-version=2022-12-01");
    assert_eq!(a.status, 401, "{}", a.text());
}

#[test]
fn az_create_walkthrough_over_localhost() {
    let d = Daemon::start_with(&["--location", "local", "--location", "westus"]);
    let h = admin(&d);
    let host = format!("localhost:{}", d.port);
    let as_az: &[(&str, &str)] = &[("Host", &host)];

    // After login: the subscriptions az lists, and the one it shows.
    let subs = h.get("/subscriptions?api-version=2022-12-01").json();
    assert_eq!(subs["value"].as_array().unwrap().len(), 1);
    assert_eq!(subs["value"][0]["state"], "Enabled");
    let one = h.get(&format!("/subscriptions/{SUB}?api-version=2022-12-01"));
    assert_eq!(one.status, 200, "{}", one.text());
    assert_eq!(one.json()["id"], format!("/subscriptions/{SUB}").as_str());
    assert_eq!(one.json()["subscriptionId"], SUB);

    // 1. The provider document: sessionPools offered in --location.
    let provider = format!("/subscriptions/{SUB}/providers/Microsoft.App");
    let a = h.get(&format!("{provider}?api-version=2024-11-01"));
    assert_eq!(a.status, 200, "{}", a.text());
    let doc = a.json();
    assert_eq!(doc["registrationState"], "Registered");
    assert_eq!(doc["namespace"], "Microsoft.App");
    let pools_type = doc["resourceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["resourceType"] == "sessionPools")
        .expect("sessionPools is offered")
        .clone();
    assert_eq!(pools_type["locations"], json!(["local", "westus"]));
    assert!(
        pools_type["apiVersions"]
            .as_array()
            .unwrap()
            .contains(&json!("2025-02-02-preview"))
    );
    let a = h.post(&format!("{provider}/register?api-version=2024-11-01"), b"");
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["registrationState"], "Registered");

    // 2. --environment before any pool names it: ARM's 404 (az tolerates it).
    let env = format!("{ENV_ID}?{POOL_V}");
    let a = h.get(&env);
    assert_eq!(a.status, 404, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "ResourceNotFound");

    // 3. A number az sends as a string that is not one: 400 naming it.
    let a = send(
        &h,
        "PUT",
        &format!("{}?{POOL_V}", pool_path("az-pool")),
        as_az,
        &az_body(&d, "soon"),
    );
    assert_eq!(a.status, 400, "{}", a.text());
    let target =
        "properties.dynamicPoolConfiguration.lifecycleConfiguration.cooldownPeriodInSeconds";
    assert_eq!(a.json()["error"]["target"], target, "{}", a.text());
    assert!(a.text().contains("soon"), "{}", a.text());

    // The PUT az sends, to https://localhost:PORT: the operation URLs name
    // the origin az used, so az sends its token to them.
    let a = send(
        &h,
        "PUT",
        &format!("{}?{POOL_V}", pool_path("az-pool")),
        as_az,
        &az_body(&d, "300"),
    );
    assert_eq!(a.status, 201, "{}", a.text());
    let origin = format!("http://localhost:{}/", d.port);
    let op = a.header("azure-asyncoperation").unwrap().to_string();
    assert!(op.starts_with(&origin), "{op}");
    assert!(a.header("location").unwrap().starts_with(&origin));
    // 4. Polled until it ends, then read back: the strings became numbers.
    assert_eq!(poll(&h, &op)["status"], "Succeeded");
    let pool = h.get(&format!("{}?{POOL_V}", pool_path("az-pool"))).json();
    let lifecycle = &pool["properties"]["dynamicPoolConfiguration"]["lifecycleConfiguration"];
    assert_eq!(lifecycle["cooldownPeriodInSeconds"], 300);
    assert_eq!(
        pool["properties"]["scaleConfiguration"]["maxConcurrentSessions"],
        4
    );
    assert_eq!(
        pool["properties"]["customContainerTemplate"]["ingress"]["targetPort"],
        8080
    );

    // The environment the pool names is now known, alone in its group.
    let a = h.get(&env);
    assert_eq!(a.status, 200, "{}", a.text());
    let e = a.json();
    assert_eq!(e["id"], ENV_ID);
    assert_eq!(e["name"], "az-env");
    assert_eq!(e["type"], "Microsoft.App/managedEnvironments");
    assert_eq!(e["location"], "eastus");
    let group = format!(
        "/subscriptions/{SUB}/resourceGroups/az-rg/providers/Microsoft.App/managedEnvironments?{POOL_V}"
    );
    assert_eq!(h.get(&group).json()["value"].as_array().unwrap().len(), 1);
    let all = format!("/subscriptions/{SUB}/providers/Microsoft.App/managedEnvironments?{POOL_V}");
    assert_eq!(h.get(&all).json()["value"][0]["name"], "az-env");
    let other = h.get(&env.replace("az-env", "other-env"));
    assert_eq!(other.status, 404, "{}", other.text());
    // A location a pool uses is offered too.
    let doc = h.get(&format!("{provider}?api-version=2024-11-01")).json();
    assert_eq!(
        doc["resourceTypes"][0]["locations"],
        json!(["local", "westus", "eastus"])
    );

    // `update --cooldown-period 600` through a reverse proxy: the operation
    // URLs name the proxy's origin.
    let patch = json!({"identity": {"type": "None"}, "properties": {"dynamicPoolConfiguration":
        {"lifecycleConfiguration": {"cooldownPeriodInSeconds": "600"}}}});
    let proxied: &[(&str, &str)] = &[
        ("X-Forwarded-Host", "pools.proxy.test:9443"),
        ("X-Forwarded-Proto", "https"),
    ];
    let a = send(
        &h,
        "PATCH",
        &format!("{}?{POOL_V}", pool_path("az-pool")),
        proxied,
        &patch,
    );
    assert_eq!(a.status, 202, "{}", a.text());
    let op = a.header("azure-asyncoperation").unwrap().to_string();
    assert!(op.starts_with("https://pools.proxy.test:9443/"), "{op}");
    assert_eq!(poll(&h, &op)["status"], "Succeeded");
    let pool = h.get(&format!("{}?{POOL_V}", pool_path("az-pool"))).json();
    assert_eq!(
        pool["properties"]["dynamicPoolConfiguration"]["lifecycleConfiguration"]["cooldownPeriodInSeconds"],
        600
    );
}
