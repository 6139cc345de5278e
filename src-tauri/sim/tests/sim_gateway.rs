// Over 400 lines on purpose: every gateway behaviour against the same signed-request helpers.
//! The simulator's gateway behaviour: signatures (official vectors accepted, any
//! one-byte change rejected), clock skew, AK lockout, temporary credentials, the
//! wrong BSS site, and every injected fault as the client experiences it.

mod common;

use common::*;
use flexus_core::client::ClientOptions;
use flexus_core::sign::{self, SignableRequest};
use flexus_core::{ApiError, Credentials, Service, Site};
use flexus_sim::{Fault, FaultKind, Seed};
use serde_json::Value;

/// The vendored official vectors (see fixtures/README.md); a missing file fails.
fn vectors() -> Vec<Value> {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/signing_vectors_public.json"
    );
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let v = serde_json::from_str::<Value>(&s).unwrap()["vectors"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(v.len(), 34);
    v
}

fn request_of(v: &Value) -> (SignableRequest, String) {
    let i = &v["input"];
    let headers: Vec<(String, String)> = v["expected"]["final_headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let req = SignableRequest {
        method: i["method"].as_str().unwrap().into(),
        host: i["host"].as_str().unwrap().into(),
        path: i["path"].as_str().unwrap().into(),
        query: i["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
            .collect(),
        headers,
        body: i["body"].as_str().unwrap().as_bytes().to_vec(),
    };
    (req, i["sk"].as_str().unwrap().to_string())
}

#[test]
fn gateway_accepts_every_official_vector_and_rejects_one_byte_changes() {
    let vs = vectors();
    for v in &vs {
        let (req, sk) = request_of(v);
        let auth = sign::parse_authorization(req.header("Authorization").unwrap()).unwrap();
        assert!(
            sign::verify(&req, &auth, &sk).is_ok(),
            "{} accepted",
            v["name"]
        );
        let flip = |s: &str| -> String {
            let mut b = s.as_bytes().to_vec();
            let ix = b.len().saturating_sub(1);
            if !b.is_empty() {
                b[ix] = if b[ix] == b'x' { b'y' } else { b'x' };
            }
            String::from_utf8_lossy(&b).into_owned()
        };
        let mut p = req.clone();
        p.path = format!("{}x", p.path.trim_end_matches('/'));
        assert!(
            sign::verify(&p, &auth, &sk).is_err(),
            "{} path change",
            v["name"]
        );
        let mut q = req.clone();
        q.query.push(("extra".into(), "1".into()));
        assert!(
            sign::verify(&q, &auth, &sk).is_err(),
            "{} query change",
            v["name"]
        );
        let mut h = req.clone();
        for (k, val) in h.headers.iter_mut() {
            if k.eq_ignore_ascii_case("host") {
                *val = flip(val);
            }
        }
        assert!(
            sign::verify(&h, &auth, &sk).is_err(),
            "{} header change",
            v["name"]
        );
        if req.header("X-Sdk-Content-Sha256") != Some("UNSIGNED-PAYLOAD") {
            let mut b = req.clone();
            b.body.push(b' ');
            assert!(
                sign::verify(&b, &auth, &sk).is_err(),
                "{} body change",
                v["name"]
            );
        }
    }
}

async fn raw_signed(
    sim: &flexus_sim::Running,
    mutate: impl Fn(&mut SignableRequest),
) -> (u16, Value) {
    let url = format!(
        "{}/v2/accounts/customer-accounts/balances",
        sim.urls["bss-intl"]
    );
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let mut req = SignableRequest {
        method: "GET".into(),
        host,
        path: "/v2/accounts/customer-accounts/balances".into(),
        query: vec![("a".into(), "1".into())],
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: vec![],
    };
    let creds = Credentials::new(
        flexus_sim::seed::DEMO_INTL_AK,
        flexus_sim::seed::DEMO_INTL_SK,
        None,
    );
    sign::sign(
        &mut req,
        &creds,
        None,
        None,
        &flexus_core::timefmt::sdk_date(time::OffsetDateTime::now_utc()),
    );
    mutate(&mut req);
    let qs: String = req
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut rb = reqwest::Client::new().request(
        req.method.parse().unwrap(),
        format!("http://{}{}?{qs}", req.host, req.path),
    );
    for (k, v) in &req.headers {
        if !k.eq_ignore_ascii_case("host") {
            rb = rb.header(k.as_str(), v.as_str());
        }
    }
    let r = rb.body(req.body.clone()).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn simulator_rejects_tampered_requests_over_http() {
    let sim = start(Seed::Demo).await;
    let (ok, body) = raw_signed(&sim, |_| {}).await;
    assert_eq!(ok, 200, "{body}");
    let (s, body) = raw_signed(&sim, |r| r.query[0].1 = "2".into()).await;
    assert_eq!((s, body["error_code"].as_str()), (401, Some("APIGW.0301")));
    assert!(body["error_msg"]
        .as_str()
        .unwrap()
        .contains("verify aksk signature fail, canonicalRequest:GET|"));
    let (s, _) = raw_signed(&sim, |r| r.path.push('x')).await;
    assert_eq!(s, 401);
    let (s, _) = raw_signed(&sim, |r| {
        for (k, v) in r.headers.iter_mut() {
            if k == "Content-Type" {
                *v = "application/jsoN".into();
            }
        }
    })
    .await;
    assert_eq!(s, 401);
    let (s, body) = raw_signed(&sim, |r| r.headers.retain(|(k, _)| k != "Authorization")).await;
    assert_eq!((s, body["error_code"].as_str()), (401, Some("APIGW.0301")));
}

#[tokio::test]
async fn clock_skew_is_reported_with_the_skew() {
    let sim = start(Seed::Demo).await;
    let opts = ClientOptions {
        clock_offset_secs: -20 * 60,
        ..fast_opts()
    };
    let c = intl_with(&sim, opts);
    match c.balances().await {
        Err(ApiError::ClockSkew { skew_secs, .. }) => {
            assert!((-1210..=-1190).contains(&skew_secs), "{skew_secs}")
        }
        other => panic!("{other:?}"),
    }
    // Within 15 minutes is fine.
    let opts = ClientOptions {
        clock_offset_secs: 10 * 60,
        ..fast_opts()
    };
    let c = intl_with(&sim, opts);
    c.balances().await.unwrap();
}

#[tokio::test]
async fn five_bad_signatures_lock_the_ak() {
    let sim = start(Seed::Demo).await;
    let bad = client_with(
        &sim,
        Site::Intl,
        Credentials::new(flexus_sim::seed::DEMO_INTL_AK, "wrong-secret", None),
        fast_opts(),
    );
    for _ in 0..5 {
        match bad.fetch_domain().await {
            Err(ApiError::Signature { message, .. }) => {
                assert!(
                    !message.contains(flexus_sim::seed::DEMO_INTL_AK),
                    "the AK is redacted from messages: {message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
    let good = intl(&sim);
    match good.fetch_domain().await {
        Err(ApiError::Signature { message, .. }) => assert!(
            message.contains("AK access failed to reach the limit"),
            "{message}"
        ),
        other => panic!("locked AK must be refused: {other:?}"),
    }
    // Another account is not affected.
    cn(&sim).fetch_domain().await.unwrap();
}

#[tokio::test]
async fn temporary_credentials_need_their_token() {
    let sim = start(Seed::Demo).await;
    let token = "FAKEtoken+EXAMPLE/ONLY/0123456789==";
    sim.sim
        .add_temporary_credentials(Site::Intl, "TEMPAK00000000000009", "temp-sk-9", token);
    let with = client_with(
        &sim,
        Site::Intl,
        Credentials::new("TEMPAK00000000000009", "temp-sk-9", Some(token)),
        fast_opts(),
    );
    assert_eq!(
        with.list_instances(None).await.unwrap().len(),
        6,
        "same account as the permanent keys"
    );
    let without = client_with(
        &sim,
        Site::Intl,
        Credentials::new("TEMPAK00000000000009", "temp-sk-9", None),
        fast_opts(),
    );
    assert!(matches!(
        without.fetch_domain().await,
        Err(ApiError::Signature { .. })
    ));
    let wrong = client_with(
        &sim,
        Site::Intl,
        Credentials::new(
            "TEMPAK00000000000009",
            "temp-sk-9",
            Some("other-token-value"),
        ),
        fast_opts(),
    );
    match wrong.fetch_domain().await {
        Err(e @ ApiError::Signature { .. }) => {
            let text = format!("{e} {e:?}");
            assert!(
                !text.contains("other-token-value"),
                "token never appears in errors: {text}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn wrong_site_answers_cbc_0150() {
    let sim = start(Seed::Demo).await;
    // International keys sent to the China BSS host.
    let mut e = sim.endpoints(Site::Intl);
    e = e.with_override(Service::Bss, sim.urls["bss"].clone());
    let c = flexus_core::CloudClient::new(
        Credentials::new(
            flexus_sim::seed::DEMO_INTL_AK,
            flexus_sim::seed::DEMO_INTL_SK,
            None,
        ),
        e,
        fast_opts(),
    )
    .unwrap();
    match c.balances().await {
        Err(ApiError::WrongSite { code, .. }) => assert_eq!(code, "CBC.0150"),
        other => panic!("{other:?}"),
    }
}

fn fault(service: Service, kind: FaultKind, times: u32) -> Fault {
    Fault {
        service,
        method: None,
        path_contains: None,
        kind,
        latency_ms: 30,
        times,
    }
}

#[tokio::test]
async fn faults_as_the_client_sees_them() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    c.domain_id().await.unwrap();
    // Throttled once: the read is retried and succeeds.
    sim.sim
        .add_fault(fault(Service::Rms, FaultKind::Throttle, 1));
    assert_eq!(c.list_instances(None).await.unwrap().len(), 6);
    assert_eq!(sim.sim.count_matching("rms GET"), 2);
    // A persistent 500: bounded retries, then the error.
    sim.sim
        .add_fault(fault(Service::Rms, FaultKind::ServerError, 0));
    let e = c.list_instances(None).await.unwrap_err();
    assert!(matches!(e, ApiError::Http { status: 500, .. }), "{e:?}");
    assert_eq!(sim.sim.count_matching("rms GET"), 2 + 3, "three attempts");
    sim.sim.clear_faults();
    // A 2xx whose JSON does not parse is deterministic: not retried, a decode error.
    sim.sim
        .add_fault(fault(Service::Bss, FaultKind::Truncated, 1));
    let before = sim.sim.count_matching("bss GET /v2/accounts");
    let e = c.balances().await.unwrap_err();
    assert!(matches!(e, ApiError::Decode { .. }), "{e:?}");
    assert_eq!(sim.sim.count_matching("bss GET /v2/accounts"), before + 1);
    c.balances().await.unwrap();
    // Malformed JSON on a renewal: never retried, outcome unknown.
    sim.sim.set_balance(Site::Intl, 100.0);
    let id = c.list_instances(None).await.unwrap()[0].id.clone();
    let before = sim
        .sim
        .count_matching("bss POST /v2/orders/subscriptions/resources/renew");
    sim.sim.add_fault(Fault {
        path_contains: Some("/renew".into()),
        ..fault(Service::Bss, FaultKind::Malformed, 1)
    });
    let e = c
        .renew(&[id], flexus_core::client::bss::PeriodType::Month, 1, true)
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(
        sim.sim
            .count_matching("bss POST /v2/orders/subscriptions/resources/renew")
            - before,
        1
    );
    // A server action is not retried on 429 either.
    let i = rms_instance(&c, "staging").await.unwrap();
    sim.sim.add_fault(Fault {
        path_contains: Some("/action".into()),
        ..fault(Service::Ecs, FaultKind::Throttle, 1)
    });
    let e = c
        .server_action(
            &i.region,
            flexus_core::client::ecs::ServerAction::Start,
            &[i.server_id.unwrap()],
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "throttled");
    assert_eq!(sim.sim.count_matching("/cloudservers/action"), 1);
    // Latency: the answer still arrives.
    sim.sim
        .add_fault(fault(Service::Iam, FaultKind::Latency, 1));
    intl(&sim).fetch_domain().await.unwrap();
    // Nothing listens: a network error, marked unknown for paid actions.
    let dead = flexus_core::CloudClient::new(
        Credentials::new("A", "B", None),
        endpoints_to("http://127.0.0.1:9", Site::Intl),
        fast_opts(),
    )
    .unwrap();
    let e = dead.fetch_domain().await.unwrap_err();
    assert_eq!(e.kind(), "network");
}

#[tokio::test]
async fn admin_api_moves_the_clock_and_injects_faults() {
    let sim = start(Seed::Demo).await;
    let admin = sim.admin_url().to_string();
    // Without the token, or through a non-loopback Host (DNS rebinding), nothing.
    let anon = reqwest::Client::new();
    let s = anon
        .get(format!("{admin}/_sim/state"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 401);
    let s = anon
        .get(format!("{admin}/_sim/state"))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 401);
    let s = anon
        .get(format!("{admin}/_sim/state"))
        .bearer_auth(sim.admin_token())
        .header("Host", "attacker.example:80")
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 403);
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(
        "Authorization",
        format!("Bearer {}", sim.admin_token()).parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(h)
        .build()
        .unwrap();
    // Faults are bounded.
    let mut last = 0;
    for _ in 0..70 {
        last = http
            .post(format!("{admin}/_sim/faults"))
            .json(&serde_json::json!({"service": "ecs", "kind": "latency", "times": 1}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
    http.delete(format!("{admin}/_sim/faults"))
        .send()
        .await
        .unwrap();
    let r: Value = http
        .post(format!("{admin}/_sim/clock"))
        .json(&serde_json::json!({"advance_secs": 86400}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(r["now"].as_str().is_some());
    let st: Value = http
        .get(format!("{admin}/_sim/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(st["instances"].as_array().unwrap().len(), 9);
    let s = http
        .post(format!("{admin}/_sim/faults"))
        .json(&serde_json::json!({"service": "iam", "kind": "server_error", "times": 1}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 200);
    let bad = http
        .post(format!("{admin}/_sim/faults"))
        .json(&serde_json::json!({"service": "nope"}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(bad, 400);
    assert!(
        intl(&sim).fetch_domain().await.is_ok(),
        "the 500 is retried away"
    );
}
