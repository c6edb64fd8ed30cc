//! The daemon never panics or fails internally on any request body: random
//! JSON-ish bodies against the real router (no socket), checked for 2xx/4xx.

use proptest::prelude::*;
use sessionpool::daemon::{AppState, Listener, app};
use sessionpool::image::ImageStore;
use sessionpool::pool::{PoolManager, PoolSettings};
use sessionpool::runtime::FakeRuntime;
use sessionpool::store::Store;
use std::sync::Arc;
use tower::ServiceExt;

fn state() -> AppState {
    // Bodies are rejected or stored before any sandbox starts; the fake runtime
    // only stands in for containers that validation never reaches.
    let dir = std::env::temp_dir().join(format!("sessionpool-fuzz-{}", std::process::id()));
    let store = Arc::new(Store::open_in_memory().unwrap());
    let images = Arc::new(ImageStore::open(&dir, vec![]).unwrap());
    let runtime = Arc::new(FakeRuntime::default());
    let pools = PoolManager::new(store.clone(), images, runtime, PoolSettings::default());
    AppState::new(store, pools, None)
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "[a-zA-Z0-9:/._-]{0,12}".prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        Just("properties".to_string()),
        Just("location".to_string()),
        Just("tags".to_string()),
        Just("scaleConfiguration".to_string()),
        Just("customContainerTemplate".to_string()),
        Just("containers".to_string()),
        Just("secrets".to_string()),
        Just("env".to_string()),
        Just("probes".to_string()),
        Just("resources".to_string()),
        Just("cpu".to_string()),
        Just("memory".to_string()),
        Just("ingress".to_string()),
        Just("targetPort".to_string()),
        "[a-z]{1,8}".prop_map(String::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

async fn send(state: AppState, method: &str, body: Vec<u8>) -> u16 {
    let req = axum::http::Request::builder()
        .method(method)
        .uri("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/sessionPools/fuzz?api-version=2025-01-01")
        .body(axum::body::Body::from(body))
        .unwrap();
    app(state, Listener::Unix)
        .oneshot(req)
        .await
        .unwrap()
        .status()
        .as_u16()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_json_body_gets_a_client_answer(v in json_value(), method in prop_oneof![Just("PUT"), Just("PATCH")]) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let status = rt.block_on(send(state(), method, serde_json::to_vec(&v).unwrap()));
        prop_assert!(status < 500, "status {status} for {v}");
    }

    #[test]
    fn any_bytes_get_a_client_answer(body in prop::collection::vec(any::<u8>(), 0..256)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let status = rt.block_on(send(state(), "PUT", body));
        prop_assert!(status == 400, "status {status}");
    }
}
