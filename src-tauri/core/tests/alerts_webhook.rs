//! Phone alerts against a local webhook receiver over real HTTP: delivery, a 500
//! then success (kept, retried after the backoff), an outbox that survives a
//! restart, and a URL that appears in no error and no file.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use flexus_core::alerts::{backoff, Channel, Hook, Message, Outbox};
use serde_json::{json, Value};
use time::macros::datetime;

/// Answers with the scripted statuses in turn (then 200) and records every body.
#[derive(Clone, Default)]
struct Receiver {
    script: Arc<Mutex<Vec<u16>>>,
    got: Arc<Mutex<Vec<Value>>>,
}

async fn take(State(r): State<Receiver>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    let status = {
        let mut s = r.script.lock().unwrap();
        if s.is_empty() {
            200
        } else {
            s.remove(0)
        }
    };
    r.got.lock().unwrap().push(body);
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"errcode": if status == 200 { 0 } else { 1 }, "errmsg": "x"})),
    )
}

/// A receiver on a free port; the URL carries a key like real hooks do.
async fn receiver(script: &[u16]) -> (Receiver, String) {
    let r = Receiver {
        script: Arc::new(Mutex::new(script.to_vec())),
        ..Default::default()
    };
    let app = Router::new()
        .route("/cgi-bin/webhook/send", post(take))
        .with_state(r.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/cgi-bin/webhook/send?key=TOPSECRET-123",
        l.local_addr().unwrap().port()
    );
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    (r, url)
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("flexus-test-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn msg(key: &str) -> Message {
    Message {
        key: key.into(),
        kind: "traffic".into(),
        title: "erp has used 90% of its traffic".into(),
        text: "180 of 200 GB used".into(),
        created: "2026-11-23T10:00:00Z".into(),
    }
}

fn no_secret_in(dir: &std::path::Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let b = std::fs::read(e.unwrap().path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&b).contains("TOPSECRET"),
            "the URL reached a file"
        );
    }
}

#[tokio::test]
async fn delivers_in_the_wecom_format() {
    let (r, url) = receiver(&[]).await;
    let dir = temp_dir("alerts-ok");
    let hook = Hook::new(Channel::WeCom, &url).unwrap();
    let mut ob = Outbox::open(dir.join("outbox.json")).unwrap();
    assert!(ob.push(msg("a")).unwrap());
    assert!(!ob.push(msg("a")).unwrap(), "queued once");
    let now = datetime!(2026-11-23 10:00 UTC);
    let round = ob
        .deliver_due(&reqwest::Client::new(), &hook, now)
        .await
        .unwrap();
    assert_eq!(round.delivered, 1);
    assert!(ob.pending().is_empty());
    let got = r.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["msgtype"], "text");
    assert!(got[0]["text"]["content"]
        .as_str()
        .unwrap()
        .contains("180 of 200 GB"));
    assert!(
        !ob.push(msg("a")).unwrap(),
        "a delivered reminder is not queued again"
    );
    no_secret_in(&dir);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_500_is_kept_and_retried_after_the_backoff() {
    let (r, url) = receiver(&[500]).await;
    let dir = temp_dir("alerts-500");
    let hook = Hook::new(Channel::WeCom, &url).unwrap();
    let http = reqwest::Client::new();
    let mut ob = Outbox::open(dir.join("outbox.json")).unwrap();
    ob.push(msg("b")).unwrap();
    let t0 = datetime!(2026-11-23 10:00 UTC);
    let round = ob.deliver_due(&http, &hook, t0).await.unwrap();
    assert_eq!((round.delivered, round.failed), (0, 1));
    let err = round.last_error.unwrap();
    assert_eq!(err, "HTTP 500");
    assert_eq!(ob.pending()[0].last_error.as_deref(), Some("HTTP 500"));
    // Before the backoff ends nothing is sent again.
    let early = t0 + backoff(1) - time::Duration::seconds(1);
    let round = ob.deliver_due(&http, &hook, early).await.unwrap();
    assert_eq!((round.delivered, round.failed), (0, 0));
    assert_eq!(r.got.lock().unwrap().len(), 1);
    let round = ob.deliver_due(&http, &hook, t0 + backoff(1)).await.unwrap();
    assert_eq!(round.delivered, 1);
    assert_eq!(r.got.lock().unwrap().len(), 2);
    assert!(ob.pending().is_empty());
    no_secret_in(&dir);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_outbox_survives_a_restart() {
    let dir = temp_dir("alerts-restart");
    let path = dir.join("outbox.json");
    // Nobody listens: the delivery fails and the message waits in the file.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let down = Hook::new(
        Channel::Generic,
        &format!("http://127.0.0.1:{dead}/hook?token=TOPSECRET-9"),
    )
    .unwrap();
    let t0 = datetime!(2026-11-23 10:00 UTC);
    {
        let mut ob = Outbox::open(&path).unwrap();
        ob.push(msg("c")).unwrap();
        ob.push(msg("d")).unwrap();
        let round = ob
            .deliver_due(&reqwest::Client::new(), &down, t0)
            .await
            .unwrap();
        assert_eq!(round.failed, 2);
        let e = round.last_error.unwrap();
        assert!(!e.contains("TOPSECRET") && !e.contains("127.0.0.1"), "{e}");
    }
    no_secret_in(&dir);
    // "Restart": a new outbox from the same file still holds both, in order.
    let (r, url) = receiver(&[]).await;
    let hook = Hook::new(Channel::Generic, &url).unwrap();
    let mut ob = Outbox::open(&path).unwrap();
    assert_eq!(ob.pending().len(), 2);
    assert_eq!(ob.pending()[0].attempts, 1);
    ob.retry_now().unwrap();
    let round = ob
        .deliver_due(&reqwest::Client::new(), &hook, t0)
        .await
        .unwrap();
    assert_eq!(round.delivered, 2);
    let got = r.got.lock().unwrap().clone();
    assert_eq!(got[0]["key"], "c");
    assert_eq!(got[1]["key"], "d");
    assert_eq!(got[0]["title"], "erp has used 90% of its traffic");
    drop(ob);
    assert!(Outbox::open(&path).unwrap().pending().is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_damaged_outbox_is_set_aside_not_lost() {
    let dir = temp_dir("alerts-bad");
    let path = dir.join("outbox.json");
    std::fs::write(&path, b"{not json").unwrap();
    let ob = Outbox::open(&path).unwrap();
    assert!(ob.pending().is_empty());
    assert_eq!(
        std::fs::read(dir.join("outbox.json.bad")).unwrap(),
        b"{not json"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
