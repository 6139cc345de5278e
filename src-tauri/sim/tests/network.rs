// Over 400 lines on purpose: one proxy, one private CA and one redirecting server shared by the network cases.
//! The HTTP client's network behaviour against real sockets: an explicit proxy is
//! used for every request (plain requests and CONNECT tunnels, counted at a local
//! proxy), a CA that only the OS trust store holds is trusted, redirects are refused
//! (a paid POST is never re-sent, the token never reaches another host), and
//! https-only clients refuse plain http.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use flexus_core::client::http::ProxyConfig;
use flexus_core::client::{Call, ClientOptions, CloudClient};
use flexus_core::{Credentials, Endpoints, Service, Site};
use flexus_sim::{seed, Seed};
use reqwest::Method;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A host name nothing resolves: only the proxy (which maps it to loopback) can reach it.
const FAKE_HOST: &str = "flexus-sim.test";

#[derive(Default)]
struct ProxyCounts {
    connects: AtomicUsize,
    requests: AtomicUsize,
    auth_seen: AtomicUsize,
}

/// `host:port` → loopback with the same port.
fn upstream(target: &str) -> String {
    let port = target.rsplit(':').next().unwrap_or("80");
    format!("127.0.0.1:{port}")
}

async fn read_head(r: &mut BufReader<TcpStream>) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).await.ok()? == 0 {
            return None;
        }
        let l = l.trim_end().to_string();
        if l.is_empty() {
            return Some(lines);
        }
        lines.push(l);
    }
}

/// A minimal forward proxy: CONNECT tunnels, and absolute-form requests forwarded
/// one at a time (each on a fresh upstream connection, so each is counted).
async fn start_proxy(counts: Arc<ProxyCounts>) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((sock, _)) = l.accept().await {
            let counts = counts.clone();
            tokio::spawn(async move {
                let mut r = BufReader::new(sock);
                while let Some(head) = read_head(&mut r).await {
                    if head.iter().any(|h| {
                        h.to_ascii_lowercase()
                            .starts_with("proxy-authorization: basic ")
                    }) {
                        counts.auth_seen.fetch_add(1, Ordering::SeqCst);
                    }
                    let mut parts = head[0].split(' ');
                    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    if method == "CONNECT" {
                        counts.connects.fetch_add(1, Ordering::SeqCst);
                        let Ok(mut up) = TcpStream::connect(upstream(target)).await else {
                            return;
                        };
                        let mut sock = r.into_inner();
                        let _ = sock
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .await;
                        let _ = tokio::io::copy_bidirectional(&mut sock, &mut up).await;
                        return;
                    }
                    counts.requests.fetch_add(1, Ordering::SeqCst);
                    let url = url::Url::parse(target).unwrap();
                    let hostport =
                        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(80));
                    let len: usize = head
                        .iter()
                        .find_map(|h| {
                            h.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    let mut body = vec![0; len];
                    if r.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let mut out = format!(
                        "{method} {} HTTP/1.1\r\n",
                        &target[target.find(url.path()).unwrap_or(0)..]
                    );
                    for h in &head[1..] {
                        let lower = h.to_ascii_lowercase();
                        if !lower.starts_with("connection:") && !lower.starts_with("proxy-") {
                            out.push_str(h);
                            out.push_str("\r\n");
                        }
                    }
                    out.push_str("Connection: close\r\n\r\n");
                    let Ok(mut up) = TcpStream::connect(upstream(&hostport)).await else {
                        return;
                    };
                    let _ = up.write_all(out.as_bytes()).await;
                    let _ = up.write_all(&body).await;
                    let mut resp = Vec::new();
                    let _ = up.read_to_end(&mut resp).await;
                    if r.get_mut().write_all(&resp).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

/// The simulator's endpoints, with the host replaced by `FAKE_HOST`.
fn fake_host_endpoints(sim: &flexus_sim::Running) -> Endpoints {
    let mut e = Endpoints::new(Site::Intl);
    for (svc, key) in [
        (Service::Iam, "iam"),
        (Service::Rms, "rms"),
        (Service::Hcss, "hcss"),
        (Service::Bss, "bss-intl"),
        (Service::Ecs, "ecs"),
    ] {
        e = e.with_override(svc, sim.urls[key].replace("127.0.0.1", FAKE_HOST));
    }
    e
}

/// `SSL_CERT_FILE` is process-wide and read whenever a client is built: the test that
/// points it at its private CA holds this for writing, every other test for reading,
/// so no client here is built while it is set.
static TRUST_STORE_ENV: std::sync::LazyLock<tokio::sync::RwLock<()>> =
    std::sync::LazyLock::new(|| tokio::sync::RwLock::new(()));

fn demo_creds() -> Credentials {
    Credentials::new(seed::DEMO_INTL_AK, seed::DEMO_INTL_SK, None)
}

#[tokio::test]
async fn every_request_goes_through_the_configured_proxy() {
    let _env = TRUST_STORE_ENV.read().await;
    let sim = common::start(Seed::Demo).await;
    let counts = Arc::new(ProxyCounts::default());
    let proxy = start_proxy(counts.clone()).await;

    // Without the proxy the fake host cannot be reached at all.
    let direct =
        CloudClient::new(demo_creds(), fake_host_endpoints(&sim), common::fast_opts()).unwrap();
    assert_eq!(direct.fetch_domain().await.unwrap_err().kind(), "network");

    let opts = ClientOptions {
        proxy: Some(ProxyConfig {
            url: format!("http://{proxy}"),
            username: Some("alice".into()),
            password: Some(flexus_core::secret::Secret::new("proxy-pass")),
        }),
        ..common::fast_opts()
    };
    let c = CloudClient::new(demo_creds(), fake_host_endpoints(&sim), opts).unwrap();
    let d = c.fetch_domain().await.expect("IAM through the proxy");
    assert!(!d.name.is_empty());
    c.list_instances(None)
        .await
        .expect("list through the proxy");
    let sent = c.requests_sent() as usize;
    assert!(sent >= 2);
    assert_eq!(
        counts.requests.load(Ordering::SeqCst),
        sent,
        "each request went through the proxy"
    );
    assert_eq!(
        counts.auth_seen.load(Ordering::SeqCst),
        sent,
        "each carried the proxy credentials"
    );
    assert_eq!(counts.connects.load(Ordering::SeqCst), 0);
}

/// A TLS front for one simulator listener, with a certificate from a private CA.
async fn tls_front(sim_url: &str) -> (u16, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(vec![]).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Flexus test inspection CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec![FAKE_HOST.to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let backend = sim_url.trim_start_matches("http://").to_string();
    tokio::spawn(async move {
        while let Ok((sock, _)) = l.accept().await {
            let acceptor = acceptor.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else {
                    return;
                };
                let Ok(mut up) = TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut up).await;
            });
        }
    });
    (port, ca.pem())
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_and_the_os_trust_store_is_used() {
    let _env = TRUST_STORE_ENV.write().await;
    let sim = common::start(Seed::Demo).await;
    let (port, ca_pem) = tls_front(&sim.urls["iam"]).await;
    let counts = Arc::new(ProxyCounts::default());
    let proxy = start_proxy(counts.clone()).await;
    let endpoints = Endpoints::new(Site::Intl)
        .with_override(Service::Iam, format!("https://{FAKE_HOST}:{port}"));
    let opts = || ClientOptions {
        proxy: Some(ProxyConfig {
            url: format!("http://{proxy}"),
            username: None,
            password: None,
        }),
        https_only: true,
        ..common::fast_opts()
    };

    // The private CA is in no bundled root list: the handshake must fail...
    let c = CloudClient::new(demo_creds(), endpoints.clone(), opts()).unwrap();
    assert_eq!(c.fetch_domain().await.unwrap_err().kind(), "network");
    let failed_connects = counts.connects.load(Ordering::SeqCst);
    assert!(
        failed_connects >= 1,
        "the https request went through CONNECT"
    );

    // ...and succeed once the OS store holds it (SSL_CERT_FILE is how the Linux
    // store is pointed at a file; Windows and macOS read their system stores).
    let dir = std::env::temp_dir().join(format!("flexus-ca-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    std::env::set_var("SSL_CERT_FILE", &ca_file);
    let c = CloudClient::new(demo_creds(), endpoints, opts()).unwrap();
    std::env::remove_var("SSL_CERT_FILE");
    let d = c
        .fetch_domain()
        .await
        .expect("IAM over TLS through the tunnel");
    assert!(!d.name.is_empty());
    assert!(counts.connects.load(Ordering::SeqCst) > failed_connects);
    assert_eq!(
        counts.requests.load(Ordering::SeqCst),
        0,
        "https never goes in the clear"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Answers every request with a redirect to `to` and counts them.
async fn redirector(to: String, hits: Arc<AtomicUsize>) -> String {
    let app = axum::Router::new().fallback(move || {
        let to = to.clone();
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            axum::response::Response::builder()
                .status(307)
                .header("Location", to)
                .body(axum::body::Body::empty())
                .unwrap()
        }
    });
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    url
}

#[tokio::test]
async fn redirects_are_refused_and_a_post_is_sent_once() {
    let _env = TRUST_STORE_ENV.read().await;
    let target_hits = Arc::new(AtomicUsize::new(0));
    let other_host = redirector("http://127.0.0.1:9/nowhere".into(), target_hits.clone()).await;
    let hits = Arc::new(AtomicUsize::new(0));
    let gw = redirector(format!("{other_host}/v1/steal"), hits.clone()).await;
    let c = CloudClient::new(
        Credentials::new("AKREDIRECT0000000001", "sk", Some("TOKEN-MUST-NOT-TRAVEL")),
        Endpoints::new(Site::Intl).with_override(Service::Ecs, gw),
        common::fast_opts(),
    )
    .unwrap();
    let paid = Call::once(
        Service::Ecs,
        Method::POST,
        "/v1/pay",
        Some(serde_json::json!({"order_id": "CS1"})),
    );
    let e = c.send(paid).await.unwrap_err();
    assert_eq!(e.kind(), "network", "{e}");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "the POST went out exactly once"
    );
    assert_eq!(
        target_hits.load(Ordering::SeqCst),
        0,
        "nothing reached the other host"
    );
    assert!(!e.to_string().contains("TOKEN-MUST-NOT-TRAVEL"));
}

#[tokio::test]
async fn https_only_clients_refuse_plain_http() {
    let _env = TRUST_STORE_ENV.read().await;
    let hits = Arc::new(AtomicUsize::new(0));
    let gw = redirector("http://127.0.0.1:9/".into(), hits.clone()).await;
    let c = CloudClient::new(
        demo_creds(),
        Endpoints::new(Site::Intl).with_override(Service::Iam, gw),
        ClientOptions {
            https_only: true,
            ..common::fast_opts()
        },
    )
    .unwrap();
    assert!(c.fetch_domain().await.is_err());
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

/// An IAM that hands out a hostile project id, and an ECS that counts what reaches it.
async fn hostile_iam(project_id: &'static str, hits: Arc<AtomicUsize>) -> (String, String) {
    let iam = axum::Router::new().fallback(move || async move {
        axum::Json(serde_json::json!({"projects": [{"id": project_id, "name": "cn-north-4"}]}))
    });
    let ecs = axum::Router::new().fallback(move || {
        let hits = hits.clone();
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            axum::Json(serde_json::json!({"servers": [], "count": 0}))
        }
    });
    let mut urls = vec![];
    for app in [iam, ecs] {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        urls.push(format!("http://{}", l.local_addr().unwrap()));
        tokio::spawn(async move {
            let _ = axum::serve(l, app).await;
        });
    }
    (urls[0].clone(), urls[1].clone())
}

#[tokio::test]
async fn hostile_ids_and_regions_from_replies_never_reach_a_url() {
    let _env = TRUST_STORE_ENV.read().await;
    for bad in ["../x", "a/b", "%2e", "%2e%2e", "x?y=1", "x#y"] {
        let hits = Arc::new(AtomicUsize::new(0));
        let (iam, ecs) = hostile_iam(bad, hits.clone()).await;
        let c = CloudClient::new(
            demo_creds(),
            Endpoints::new(Site::Cn)
                .with_override(Service::Iam, iam)
                .with_override(Service::Ecs, ecs),
            common::fast_opts(),
        )
        .unwrap();
        let e = c.list_servers("cn-north-4").await.unwrap_err();
        assert_eq!(e.kind(), "config", "{bad}: {e}");
        assert_eq!(hits.load(Ordering::SeqCst), 0, "{bad} reached ECS");
    }
    // Ids and regions the dashboard got from RMS are checked the same way.
    let hits = Arc::new(AtomicUsize::new(0));
    let (iam, ecs) = hostile_iam("0123456789abcdef0123456789abcdef", hits.clone()).await;
    let c = CloudClient::new(
        demo_creds(),
        Endpoints::new(Site::Cn)
            .with_override(Service::Iam, iam)
            .with_override(Service::Ecs, format!("{ecs}/{{region}}")),
        common::fast_opts(),
    )
    .unwrap();
    for id in ["../x", "a/b", "%2e"] {
        assert_eq!(
            c.server("cn-north-4", id).await.unwrap_err().kind(),
            "config",
            "{id}"
        );
    }
    for region in ["cn-north-4.evil.example", "../x", "a/b", "%2e"] {
        assert_eq!(
            c.list_servers(region).await.unwrap_err().kind(),
            "config",
            "{region}"
        );
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    assert!(
        c.list_servers("cn-north-4").await.is_ok(),
        "a good id still works"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
