//! The security token (and SK) never appear in an error, a message, a journal line
//! or a log line — even when the gateway echoes them back: in APIGW.0301's
//! `canonicalRequest` (which Huawei's gateway sends for a bad signature), in a
//! plain-text 5xx page, or nested in another error shape.

use std::io::Write;
use std::sync::{Arc, Mutex};

use flexus_core::actions::{Actor, PaidAction};
use flexus_core::client::bss::PeriodType;
use flexus_core::client::{Call, ClientOptions, CloudClient, RetryPolicy};
use flexus_core::journal::Journal;
use flexus_core::sign::{self, SignableRequest};
use flexus_core::{Credentials, Endpoints, Service, Site};
use reqwest::Method;
use serde_json::json;

const TOKEN: &str = "TOKEN-9f3c1e7a-never-print-me-0b5d";
const SK: &str = "sk-4d2e8c10-never-print-me";

/// A gateway that answers `shape` with whatever token the request carried.
async fn echo_gateway(shape: &'static str) -> String {
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| async move {
        let tok = req
            .headers()
            .get("X-Security-Token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let path = req.uri().path().to_string();
        let (status, body) = match shape {
            "apigw" => (
                401,
                json!({"error_code": "APIGW.0301", "error_msg": format!(
                    "Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:POST\n{path}/\n\ncontent-type:application/json\nx-security-token:{}\nx-sdk-date:20260101T000000Z\n\ncontent-type;x-security-token;x-sdk-date\nabc",
                    tok.to_lowercase()
                )})
                .to_string(),
            ),
            "nested" => (
                400,
                json!({"error": {"code": "X.1", "message": format!("bad token {tok}")}}).to_string(),
            ),
            _ => (502, format!("<html>upstream said {tok}</html>")),
        };
        axum::response::Response::builder()
            .status(status)
            .body(axum::body::Body::from(body))
            .unwrap()
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    url
}

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);
impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, s: &str) {
    for secret in [TOKEN, SK, &TOKEN.to_lowercase()] {
        assert!(!s.contains(secret), "{what} holds a secret: {s}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_token_never_appears_even_when_the_gateway_echoes_it() {
    let logs = Buf::default();
    let w = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || w.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = std::env::temp_dir().join(format!("flexus-leak-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (journal, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let mut seen = String::new();
    for shape in ["apigw", "nested", "html"] {
        let gw = echo_gateway(shape).await;
        let mut e = Endpoints::new(Site::Intl);
        for s in Service::ALL {
            e = e.with_override(s, gw.clone());
        }
        let client = CloudClient::new(
            Credentials::new("AKLEAKTEST0000000001", SK, Some(TOKEN)),
            e,
            ClientOptions {
                retry: RetryPolicy {
                    attempts: 2,
                    base_delay: std::time::Duration::from_millis(5),
                    max_delay: std::time::Duration::from_millis(5),
                },
                ..Default::default()
            },
        )
        .unwrap();
        let actor = Actor::new(&client, &journal, "Shop");
        let err = actor
            .perform(PaidAction::renew(
                &["65dea8d23005da564c78d9d2".to_string()],
                PeriodType::Month,
                1,
                true,
            ))
            .await
            .unwrap_err();
        seen.push_str(&format!("{err}\n{err:?}\n"));
        // A renewal is refused before the journal (its expiry cannot be read
        // here); a payment is journaled and sent, so the journal is checked too.
        let paid = actor
            .perform(PaidAction::Pay {
                order_id: "CS2601010000ABCDE".into(),
            })
            .await
            .unwrap_err();
        seen.push_str(&format!("{paid}\n{paid:?}\n"));
        let read = client.balances().await.unwrap_err();
        seen.push_str(&format!("{read}\n{read:?}\n"));
        if shape == "apigw" {
            assert!(
                err.to_string().contains("canonicalRequest: (removed)"),
                "{err}"
            );
        }
    }
    assert_clean("errors", &seen);
    assert_clean("journal", &std::fs::read_to_string(journal.path()).unwrap());
    let log = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert_clean("log", &log);

    // Debug of every type that carries them.
    let creds = Credentials::new("AKLEAKTEST0000000001", SK, Some(TOKEN));
    let call = Call::once(
        Service::Ecs,
        Method::POST,
        "/v1/p/cloudservers/os-reset-passwords",
        Some(json!({"reset-password": {"new_password": SK}})),
    )
    .header("X-Security-Token", TOKEN);
    let mut req = SignableRequest {
        method: "POST".into(),
        host: "ecs.example".into(),
        path: "/v1/x".into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: SK.as_bytes().to_vec(),
        ..Default::default()
    };
    let sig = sign::sign(&mut req, &creds, None, None, "20260101T000000Z");
    assert_clean("Debug", &format!("{creds:?} {call:?} {req:?} {sig:?}"));
    std::fs::remove_dir_all(&dir).ok();
}
