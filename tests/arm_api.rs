//! The ARM contract over HTTP, as Azure's management clients drive it.

mod common;

use common::daemon::Daemon;
use serde_json::{Value, json};
use sessionpool::client::{Answer, Client, Endpoint};

const V: &str = "api-version=2025-10-02-preview";
const POOL: &str =
    "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.App/sessionPools/api-pool";

fn body(d: &Daemon) -> Value {
    json!({
        "location": "westus",
        "properties": {
            "environmentId": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
            "containerType": "CustomContainer",
            "poolManagementType": "Dynamic",
            "scaleConfiguration": {"maxConcurrentSessions": 4, "readySessionInstances": 2},
            "secrets": [{"name": "pw", "value": "hunter2"}],
            "customContainerTemplate": {
                "registryCredentials": {"server": d.registry.host, "username": "u", "passwordSecretRef": "pw"},
                "containers": [{"image": d.image(), "name": "c", "resources": {"cpu": 0.5, "memory": "1Gi"}}],
                "ingress": {"targetPort": 8080}
            }
        }
    })
}

struct Api {
    client: Client,
    rt: tokio::runtime::Runtime,
}

impl Api {
    fn new(d: &Daemon) -> Self {
        Api {
            client: Client::new(
                Endpoint::parse(&d.tcp_url()).unwrap(),
                Some(d.admin_token()),
            )
            .unwrap(),
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<&[u8]>) -> Answer {
        let method = method.parse().unwrap();
        let body = body.map(bytes::Bytes::copy_from_slice);
        self.rt
            .block_on(self.client.send_raw(method, path, body, &[]))
            .unwrap()
    }

    fn json(&self, method: &str, path: &str, body: &Value) -> Answer {
        self.call(method, path, Some(&serde_json::to_vec(body).unwrap()))
    }

    fn poll(&self, url: &str) -> Value {
        for _ in 0..200 {
            let status: Value = self.call("GET", url, None).json().unwrap();
            if status["status"] != "InProgress" {
                return status;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("operation {url} never finished");
    }
}

fn error_code(a: &Answer) -> String {
    let v: Value = a.json().unwrap();
    v["error"]["code"].as_str().unwrap().to_string()
}

#[test]
fn put_is_a_long_running_operation() {
    let d = Daemon::start();
    let api = Api::new(&d);
    let a = api.json("PUT", &format!("{POOL}?{V}"), &body(&d));
    assert_eq!(a.status, 201);
    let created: Value = a.json().unwrap();
    assert_eq!(created["id"], POOL);
    assert_eq!(created["properties"]["provisioningState"], "InProgress");
    assert_eq!(
        created["properties"]["secrets"],
        json!([{"name": "pw"}]),
        "secret values are write-only"
    );
    let op = a.header("azure-asyncoperation").unwrap().to_string();
    assert!(
        op.starts_with(&d.tcp_url()) && op.contains("/containerappOperationStatuses/"),
        "{op}"
    );
    let status = api.poll(&op);
    assert_eq!(status["status"], "Succeeded");
    assert!(status["startTime"].is_string() && status["endTime"].is_string());
    let location = a.header("location").unwrap().to_string();
    let result = api.call("GET", &location, None);
    assert_eq!(result.status, 200);
    let got: Value = api
        .call("GET", &format!("{POOL}?{V}"), None)
        .json()
        .unwrap();
    assert_eq!(got["properties"]["provisioningState"], "Succeeded");
    assert!(
        !String::from_utf8_lossy(&api.call("GET", &format!("{POOL}?{V}"), None).body)
            .contains("hunter2")
    );
    // A second PUT updates: 200, still long-running.
    assert_eq!(
        api.json("PUT", &format!("{POOL}?{V}"), &body(&d)).status,
        200
    );
}

#[test]
fn patch_is_a_json_merge_patch() {
    let d = Daemon::start();
    let api = Api::new(&d);
    let op = api
        .json("PUT", &format!("{POOL}?{V}"), &body(&d))
        .header("azure-asyncoperation")
        .unwrap()
        .to_string();
    api.poll(&op);
    let a = api.json(
        "PATCH",
        &format!("{POOL}?{V}"),
        &json!({"tags": {"a": "b"}, "properties": {"scaleConfiguration": {"readySessionInstances": 1}}}),
    );
    assert_eq!(a.status, 202);
    let location = a.header("location").unwrap().to_string();
    api.poll(a.header("azure-asyncoperation").unwrap());
    let patched: Value = api.call("GET", &location, None).json().unwrap();
    assert_eq!(
        patched["properties"]["scaleConfiguration"],
        json!({"maxConcurrentSessions": 4, "readySessionInstances": 1})
    );
    assert_eq!(patched["tags"], json!({"a": "b"}));
    // Everything else kept, including the stored secret value (the pool is still valid).
    assert_eq!(
        patched["properties"]["customContainerTemplate"]["ingress"]["targetPort"],
        8080
    );
    // null removes; an invalid result is rejected and nothing changes.
    let bad = api.json(
        "PATCH",
        &format!("{POOL}?{V}"),
        &json!({"properties": {"customContainerTemplate": {"ingress": null}}}),
    );
    assert_eq!(bad.status, 400);
    let e: Value = bad.json().unwrap();
    assert_eq!(
        e["error"]["target"],
        "properties.customContainerTemplate.ingress.targetPort"
    );
    let after: Value = api
        .call("GET", &format!("{POOL}?{V}"), None)
        .json()
        .unwrap();
    assert_eq!(
        after["properties"]["customContainerTemplate"]["ingress"]["targetPort"],
        8080
    );
    let env = api.json(
        "PATCH",
        &format!("{POOL}?{V}"),
        &json!({"properties": {"environmentId": "/x"}}),
    );
    assert_eq!(env.status, 400);
    assert_eq!(
        api.json("PATCH", &format!("{POOL}?{V}"), &json!([1]))
            .status,
        400
    );
}

#[test]
fn delete_answers_202_then_204() {
    let d = Daemon::start();
    let api = Api::new(&d);
    api.poll(
        api.json("PUT", &format!("{POOL}?{V}"), &body(&d))
            .header("azure-asyncoperation")
            .unwrap(),
    );
    let a = api.call("DELETE", &format!("{POOL}?{V}"), None);
    assert_eq!(a.status, 202);
    let location = a.header("location").unwrap().to_string();
    api.poll(a.header("azure-asyncoperation").unwrap());
    assert_eq!(api.call("GET", &location, None).status, 204);
    assert_eq!(api.call("GET", &format!("{POOL}?{V}"), None).status, 404);
    assert_eq!(api.call("DELETE", &format!("{POOL}?{V}"), None).status, 204);
}

#[test]
fn lists_page_with_next_link() {
    let d = Daemon::start();
    let api = Api::new(&d);
    for i in 0..3 {
        let path = format!(
            "/subscriptions/sub-1/resourceGroups/rg{i}/providers/Microsoft.App/sessionPools/p{i}?{V}"
        );
        api.poll(
            api.json("PUT", &path, &body(&d))
                .header("azure-asyncoperation")
                .unwrap(),
        );
    }
    let first: Value = api
        .call(
            "GET",
            &format!("/subscriptions/sub-1/providers/Microsoft.App/sessionPools?{V}&$top=2"),
            None,
        )
        .json()
        .unwrap();
    assert_eq!(first["value"].as_array().unwrap().len(), 2);
    let next = first["nextLink"].as_str().unwrap();
    let second: Value = api.call("GET", next, None).json().unwrap();
    assert_eq!(second["value"].as_array().unwrap().len(), 1);
    assert!(second.get("nextLink").is_none());
    let rg: Value = api
        .call(
            "GET",
            &format!(
                "/subscriptions/sub-1/resourceGroups/RG1/providers/Microsoft.App/sessionPools?{V}"
            ),
            None,
        )
        .json()
        .unwrap();
    assert_eq!(
        rg["value"][0]["name"], "p1",
        "resource groups are case-insensitive"
    );
}

#[test]
fn bad_requests_get_arm_errors_and_store_nothing() {
    let d = Daemon::start();
    let api = Api::new(&d);
    let missing = api.json("PUT", POOL, &body(&d));
    assert_eq!(
        (missing.status.as_u16(), error_code(&missing)),
        (400, "MissingApiVersionParameter".into())
    );
    let wrong = api.json("PUT", &format!("{POOL}?api-version=2023-05-01"), &body(&d));
    assert_eq!(wrong.status, 400);
    let msg: Value = wrong.json().unwrap();
    assert!(
        msg["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2026-07-01")
    );
    for v in [
        "2025-01-01",
        "2025-07-01",
        "2026-01-01",
        "2026-07-01",
        "2025-02-02-preview",
    ] {
        assert_eq!(
            api.call(
                "GET",
                &format!("/subscriptions/s/providers/Microsoft.App/sessionPools?api-version={v}"),
                None
            )
            .status,
            200
        );
    }
    let malformed = api.call("PUT", &format!("{POOL}?{V}"), Some(b"{not json"));
    assert_eq!(
        (malformed.status.as_u16(), error_code(&malformed)),
        (400, "InvalidRequestContent".into())
    );
    let wrong_type = api.json(
        "PUT",
        &format!("{POOL}?{V}"),
        &json!({"properties": {"scaleConfiguration": {"maxConcurrentSessions": "ten"}}}),
    );
    assert_eq!(wrong_type.status, 400);
    let mut no_secret = body(&d);
    no_secret["properties"]["secrets"] = json!([]);
    let e = api.json("PUT", &format!("{POOL}?{V}"), &no_secret);
    assert_eq!(e.status, 400);
    let v: Value = e.json().unwrap();
    assert_eq!(
        v["error"]["target"],
        "properties.customContainerTemplate.registryCredentials.passwordSecretRef"
    );
    let bad_name = api.json("PUT", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/sessionPools/Bad_Name?api-version=2025-01-01", &body(&d));
    assert_eq!(bad_name.status, 400);
    let list: Value = api
        .call(
            "GET",
            &format!("/subscriptions/s/providers/Microsoft.App/sessionPools?{V}"),
            None,
        )
        .json()
        .unwrap();
    assert_eq!(list["value"], json!([]));
    let unknown = api.call("GET", "/nothing/here", None);
    assert_eq!(unknown.status, 404);
}
