//! The daemon as an OAuth 2.0 / OpenID Connect authority: discovery, JWKS,
//! the client-credentials grant, JWT access tokens, role assignments and
//! what a token's principal may do (Azure's semantics), key rotation.
//! Stock clients (azure-identity, az) are driven in azure_identity.rs and az_cli.rs.

mod common;

use common::daemon::{Daemon, walkthrough_create};
use common::http::{Answer, Http};
use common::identity::{CONTRIBUTOR, EXECUTOR, OWNER, SUB, TENANT, assign_as, field};
use jsonwebtoken::{DecodingKey, Validation, jwk::JwkSet};

struct Sp {
    app_id: String,
    object_id: String,
    secret: String,
}

fn create_principal(d: &Daemon, name: &str) -> Sp {
    let v = common::identity::create_principal(d, &["-n", name]);
    Sp {
        app_id: field(&v, "appId"),
        object_id: field(&v, "objectId"),
        secret: field(&v, "password"),
    }
}

fn anon(d: &Daemon) -> Http {
    Http {
        port: d.port,
        token: None,
    }
}

fn bearer(d: &Daemon, token: &str) -> Http {
    Http {
        port: d.port,
        token: Some(token.into()),
    }
}

fn token_request(d: &Daemon, form: &[(&str, &str)]) -> Answer {
    let body = serde_urlencoded::to_string(form).unwrap();
    anon(d).request(
        "POST",
        &format!("/{TENANT}/oauth2/v2.0/token"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
}

fn token_for(d: &Daemon, sp: &Sp, scope: &str) -> String {
    let a = token_request(
        d,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sp.app_id),
            ("client_secret", &sp.secret),
            ("scope", scope),
        ],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("cache-control"), Some("no-store"));
    let v = a.json();
    assert_eq!(v["token_type"], "Bearer");
    assert!(v["expires_in"].as_i64().unwrap() > 3000);
    v["access_token"].as_str().unwrap().to_string()
}

fn assign(d: &Daemon, scope: &str, role: &str, principal: &str) -> Answer {
    assign_as(&bearer(d, &d.admin_token()), scope, role, principal)
}

/// A principal with Contributor on the whole subscription.
fn contributor(d: &Daemon) -> Sp {
    let sp = create_principal(d, "ci");
    let a = assign(
        d,
        &format!("/subscriptions/{SUB}"),
        CONTRIBUTOR,
        &sp.object_id,
    );
    assert_eq!(a.status, 201, "{}", a.text());
    sp
}

fn pool_id(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}")
}

fn arm_get(http: &Http, path: &str) -> Answer {
    http.get(&format!("{path}?api-version=2025-10-02-preview"))
}

/// The signature of `token` checks out against the published JWKS (with
/// jsonwebtoken's JWK support, not the daemon's own verifier).
fn verify_with_jwks(d: &Daemon, token: &str) -> serde_json::Value {
    let jwks: JwkSet =
        serde_json::from_slice(&anon(d).get(&format!("/{TENANT}/discovery/v2.0/keys")).body)
            .unwrap();
    let kid = jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    let jwk = jwks.find(&kid).expect("the token's kid is in the JWKS");
    let mut v = Validation::new(jsonwebtoken::Algorithm::ES256);
    v.validate_aud = false;
    jsonwebtoken::decode::<serde_json::Value>(token, &DecodingKey::from_jwk(jwk).unwrap(), &v)
        .expect("signature verifies against the JWKS")
        .claims
}

#[test]
fn discovery_and_client_credentials() {
    let d = Daemon::start();
    let origin = format!("http://127.0.0.1:{}", d.port);
    let conf = anon(&d)
        .get(&format!("/{TENANT}/v2.0/.well-known/openid-configuration"))
        .json();
    assert_eq!(conf["issuer"], format!("{origin}/{TENANT}/v2.0"));
    assert_eq!(
        conf["token_endpoint"],
        format!("{origin}/{TENANT}/oauth2/v2.0/token")
    );
    assert!(conf["authorization_endpoint"].is_string());
    // `organizations` (what az uses before it knows a tenant) names it too; others do not.
    assert_eq!(
        anon(&d)
            .get("/organizations/v2.0/.well-known/openid-configuration")
            .status,
        200
    );
    assert_eq!(
        anon(&d)
            .get("/contoso/v2.0/.well-known/openid-configuration")
            .status,
        400
    );

    let sp = create_principal(&d, "ci");
    let t = token_for(&d, &sp, "https://dynamicsessions.io/.default");
    let claims = verify_with_jwks(&d, &t);
    assert_eq!(claims["aud"], "https://dynamicsessions.io");
    assert_eq!(claims["iss"], conf["issuer"]);
    assert_eq!(claims["appid"], sp.app_id.as_str());
    assert_eq!(claims["oid"], sp.object_id.as_str());
    assert_eq!(claims["tid"], TENANT);
    // az's management scope (double slash) → its resource as audience.
    let m = token_for(&d, &sp, "https://management.core.windows.net//.default");
    assert_eq!(
        verify_with_jwks(&d, &m)["aud"],
        "https://management.core.windows.net/"
    );

    // Bad input: Entra's error shapes, and the secret is never echoed or logged.
    let wrong = token_request(
        &d,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sp.app_id),
            ("client_secret", "not-the-secret-x"),
            ("scope", "https://dynamicsessions.io/.default"),
        ],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["error"], "invalid_client");
    assert_eq!(wrong.json()["error_codes"][0], 7000215);
    assert!(!wrong.text().contains("not-the-secret-x"));
    let unknown = token_request(
        &d,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "11111111-1111-1111-1111-111111111111"),
            ("client_secret", "x"),
            ("scope", "https://dynamicsessions.io/.default"),
        ],
    );
    assert_eq!(
        (unknown.status, unknown.json()["error"].as_str()),
        (400, Some("unauthorized_client"))
    );
    let scope = token_request(
        &d,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sp.app_id),
            ("client_secret", &sp.secret),
            ("scope", "https://vault.azure.net/.default"),
        ],
    );
    assert_eq!(
        (scope.status, scope.json()["error"].as_str()),
        (400, Some("invalid_scope"))
    );
    let grant = token_request(&d, &[("grant_type", "password"), ("client_id", &sp.app_id)]);
    assert_eq!(grant.json()["error"], "unsupported_grant_type");
    let nocred = token_request(
        &d,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &sp.app_id),
            ("scope", "https://dynamicsessions.io/.default"),
        ],
    );
    assert_eq!(
        (nocred.status, nocred.json()["error"].as_str()),
        (401, Some("invalid_client"))
    );
    assert!(
        !d.log().contains(&sp.secret),
        "the daemon's log holds a client secret"
    );
    assert!(!d.log().contains("not-the-secret-x"));

    // The list never shows a secret.
    let list = d.cli().args(["principal", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains(&sp.app_id) && !text.contains(&sp.secret));
}

#[test]
fn role_assignments_decide_what_a_token_may_do() {
    let d = Daemon::start();
    walkthrough_create(&d, "p1", "rg").assert().success();
    walkthrough_create(&d, "p2", "rg").assert().success();
    let sp = create_principal(&d, "runner");
    let mgmt = bearer(
        &d,
        &token_for(&d, &sp, "https://management.azure.com/.default"),
    );
    let data = bearer(
        &d,
        &token_for(&d, &sp, "https://dynamicsessions.io/.default"),
    );
    let p1 = pool_id("rg", "p1");

    // No assignment: nothing, and lists are filtered rather than refused.
    let a = arm_get(&mgmt, &p1);
    assert_eq!(a.status, 403, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "AuthorizationFailed");
    let list = arm_get(
        &mgmt,
        &format!("/subscriptions/{SUB}/providers/Microsoft.App/sessionPools"),
    );
    assert_eq!(list.json()["value"].as_array().unwrap().len(), 0);
    assert_eq!(data.get("/pools/rg/p1/?identifier=user-1").status, 403);

    // Contributor on the resource group: manage, but no data plane and no role assignments.
    let rg_scope = format!("/subscriptions/{SUB}/resourceGroups/rg");
    assert_eq!(
        assign(&d, &rg_scope, CONTRIBUTOR, &sp.object_id).status,
        201
    );
    assert_eq!(arm_get(&mgmt, &p1).status, 200);
    let list = arm_get(
        &mgmt,
        &format!("/subscriptions/{SUB}/providers/Microsoft.App/sessionPools"),
    );
    assert_eq!(list.json()["value"].as_array().unwrap().len(), 2);
    assert_eq!(data.get("/pools/rg/p1/?identifier=user-1").status, 403);
    let self_grant = assign_as(&mgmt, &p1, EXECUTOR, &sp.object_id);
    assert_eq!(
        self_grant.status,
        403,
        "Contributor cannot assign roles: {}",
        self_grant.text()
    );

    // Session Executor on p1: its data plane, not p2's; a management token never reaches it.
    assert_eq!(assign(&d, &p1, EXECUTOR, &sp.object_id).status, 201);
    let ok = data.get("/pools/rg/p1/?identifier=user-1");
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(data.get("/pools/rg/p2/?identifier=user-1").status, 403);
    assert_eq!(mgmt.get("/pools/rg/p1/?identifier=user-1").status, 403);
    // And a data-plane token does not manage.
    assert_eq!(arm_get(&data, &p1).status, 403);

    // A duplicate assignment is a conflict naming the existing one.
    let dup = assign(&d, &p1, EXECUTOR, &sp.object_id);
    assert_eq!(
        (dup.status, dup.json()["error"]["code"].as_str()),
        (409, Some("RoleAssignmentExists"))
    );
    // Unknown principal, unknown role, a scope that does not exist: 400/400/404.
    assert_eq!(
        assign(&d, &p1, EXECUTOR, "22222222-2222-2222-2222-222222222222").json()["error"]["code"],
        "PrincipalNotFound"
    );
    assert_eq!(
        assign(
            &d,
            &p1,
            "33333333-3333-3333-3333-333333333333",
            &sp.object_id
        )
        .json()["error"]["code"],
        "RoleDefinitionDoesNotExist"
    );
    assert_eq!(
        assign(&d, &pool_id("rg", "nope"), EXECUTOR, &sp.object_id).status,
        404
    );

    // Listing at the pool shows the executor (at scope) and contributor (above).
    let at = arm_get(
        &bearer(&d, &d.admin_token()),
        &format!("{p1}/providers/Microsoft.Authorization/roleAssignments"),
    );
    assert_eq!(
        at.json()["value"].as_array().unwrap().len(),
        2,
        "{}",
        at.text()
    );

    // Owner at the subscription may assign roles.
    let boss = create_principal(&d, "boss");
    assert_eq!(
        assign(&d, &format!("/subscriptions/{SUB}"), OWNER, &boss.object_id).status,
        201
    );
    let boss_mgmt = bearer(
        &d,
        &token_for(&d, &boss, "https://management.azure.com/.default"),
    );
    let granted = assign_as(&boss_mgmt, &pool_id("rg", "p2"), EXECUTOR, &sp.object_id);
    assert_eq!(granted.status, 201, "{}", granted.text());
    assert_eq!(data.get("/pools/rg/p2/?identifier=user-1").status, 200);

    // Deleting the pool deletes its assignments: a new p1 does not inherit them.
    d.cli()
        .args(["delete", "-n", "p1", "-g", "rg", "--yes"])
        .assert()
        .success();
    walkthrough_create(&d, "p1", "rg").assert().success();
    assert_eq!(data.get("/pools/rg/p1/?identifier=user-2").status, 403);

    // Deleting the principal ends its tokens at once.
    d.cli()
        .args(["principal", "delete", "--id", &sp.app_id])
        .assert()
        .success();
    let gone = data.get("/pools/rg/p2/?identifier=user-1");
    assert_eq!(gone.status, 401);
    assert_eq!(gone.json()["error"]["code"], "InvalidAuthenticationToken");
}

#[test]
fn forged_tampered_and_foreign_tokens_are_refused() {
    let d = Daemon::start();
    let sp = create_principal(&d, "ci");
    let t = token_for(&d, &sp, "https://management.azure.com/.default");
    let (head, rest) = t.split_once('.').unwrap();
    let (payload, sig) = rest.split_once('.').unwrap();
    // Flip the payload: the signature no longer matches.
    let mut claims = verify_with_jwks(&d, &t);
    claims["oid"] = serde_json::json!("44444444-4444-4444-4444-444444444444");
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let forged = format!("{head}.{}.{sig}", b64.encode(claims.to_string()));
    assert_ne!(forged, format!("{head}.{payload}.{sig}"));
    let keygen = ring::signature::EcdsaKeyPair::generate_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &ring::rand::SystemRandom::new(),
    )
    .unwrap();
    let mut foreign_head = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
    foreign_head.kid = Some("not-a-key-of-ours".into());
    let foreign = jsonwebtoken::encode(
        &foreign_head,
        &claims,
        &jsonwebtoken::EncodingKey::from_ec_der(keygen.as_ref()),
    )
    .unwrap();
    // The right kid, another key.
    foreign_head.kid = jsonwebtoken::decode_header(&t).unwrap().kid;
    let wrong_key = jsonwebtoken::encode(
        &foreign_head,
        &claims,
        &jsonwebtoken::EncodingKey::from_ec_der(keygen.as_ref()),
    )
    .unwrap();
    // An unsigned token.
    let none = format!(
        "{}.{}.",
        b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
        b64.encode(claims.to_string())
    );
    for (what, token) in [
        ("tampered", &forged),
        ("unknown kid", &foreign),
        ("wrong key", &wrong_key),
        ("alg none", &none),
    ] {
        let a = arm_get(
            &bearer(&d, token),
            &format!("/subscriptions/{SUB}/providers/Microsoft.App/sessionPools"),
        );
        assert_eq!(a.status, 401, "{what}: {}", a.text());
        assert_eq!(
            a.json()["error"]["code"],
            "InvalidAuthenticationToken",
            "{what}"
        );
        assert!(
            a.header("www-authenticate")
                .is_some_and(|h| h.starts_with("Bearer")),
            "{what}"
        );
    }
}

#[test]
fn rotation_keeps_tokens_in_flight_valid() {
    let mut d = Daemon::start();
    let sp = contributor(&d);
    let before = token_for(&d, &sp, "https://management.azure.com/.default");
    let keys = |d: &Daemon| -> serde_json::Value {
        serde_json::from_slice(
            &d.cli()
                .args(["signing-key", "list"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    assert_eq!(keys(&d).as_array().unwrap().len(), 1);
    let out = d.cli().args(["signing-key", "rotate"]).output().unwrap();
    assert!(out.status.success());
    let after = token_for(&d, &sp, "https://management.azure.com/.default");
    let kid = |t: &str| jsonwebtoken::decode_header(t).unwrap().kid.unwrap();
    assert_ne!(kid(&before), kid(&after), "the new key signs");
    let list = keys(&d);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .filter(|k| k["signing"] == true)
            .count(),
        1
    );
    let sub_pools = format!("/subscriptions/{SUB}/providers/Microsoft.App/sessionPools");
    for t in [&before, &after] {
        verify_with_jwks(&d, t);
        assert_eq!(arm_get(&bearer(&d, t), &sub_pools).status, 200);
    }
    // Both survive a restart: the keys are stored (sealed), not made anew.
    d.restart();
    for t in [&before, &after] {
        assert_eq!(arm_get(&bearer(&d, t), &sub_pools).status, 200);
    }
    let db = std::fs::read(d.data_dir().join("state.db")).unwrap();
    assert!(
        !db.windows(10).any(|w| w == b"PRIVATE KE"),
        "no PEM key in the database"
    );
}

/// Tokens signed with the daemon's own key (read from its data dir, as only
/// root could) but expired, or for a foreign audience, are still refused.
#[test]
fn expired_and_foreign_audience_tokens_are_refused() {
    use sessionpool::identity::{Claims, KeyRing};
    let d = Daemon::start();
    let sp = contributor(&d);
    let store = sessionpool::store::Store::open(&d.data_dir().join("state.db")).unwrap();
    let ring = KeyRing::new(store.signing_keys().unwrap());
    let origin = format!("http://127.0.0.1:{}", d.port);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let sub_pools = format!("/subscriptions/{SUB}/providers/Microsoft.App/sessionPools");
    // The control: a fresh one works.
    let fresh = Claims::new(
        &origin,
        "https://management.azure.com/",
        &sp.object_id,
        &sp.app_id,
        now,
    );
    assert_eq!(
        arm_get(&bearer(&d, &fresh.sign(&ring).unwrap()), &sub_pools).status,
        200
    );
    let mut expired = fresh.clone();
    (expired.iat, expired.nbf, expired.exp) = (now - 7200, now - 7200, now - 3600);
    let a = arm_get(&bearer(&d, &expired.sign(&ring).unwrap()), &sub_pools);
    assert_eq!(
        (a.status, a.json()["error"]["code"].as_str()),
        (401, Some("ExpiredAuthenticationToken"))
    );
    let mut vault = fresh.clone();
    vault.aud = "https://vault.azure.net".into();
    let a = arm_get(&bearer(&d, &vault.sign(&ring).unwrap()), &sub_pools);
    assert_eq!(
        (a.status, a.json()["error"]["code"].as_str()),
        (401, Some("InvalidAuthenticationToken"))
    );
    assert!(a.text().contains("audience"), "{}", a.text());
    let mut later = fresh.clone();
    (later.nbf, later.iat) = (now + 3600, now + 3600);
    assert_eq!(
        arm_get(&bearer(&d, &later.sign(&ring).unwrap()), &sub_pools).status,
        401
    );
}
