//! The front door of every simulated service: the request id, the gateway's
//! signature check, injected faults, routing to the service modules, and the
//! reply with the simulated clock in `Date`.

use super::admin::{admin, admin_allowed};
use super::*;

/// Every reply carries the simulated cloud's clock in `Date` (as a gateway carries its
/// own): order times and payment deadlines are on that clock, and the client reads it.
pub(crate) async fn dated(State(st): State<(Sim, Listener)>, req: Request<Body>) -> Response<Body> {
    let now = st.0.now();
    let mut r = entry(State(st), req).await;
    if let Ok(v) = HeaderValue::from_str(&timefmt::http_date(now)) {
        r.headers_mut().insert("date", v);
    }
    r
}

async fn entry(State((sim, kind)): State<(Sim, Listener)>, req: Request<Body>) -> Response<Body> {
    let rid = format!(
        "{:032x}",
        sim.inner.seq.fetch_add(1, Ordering::Relaxed) as u128 * 0x9E37_79B9_7F4A_7C15
    );
    let latency = sim.inner.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, 12 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return respond(
                Err(apigw(413, "APIGW.0201", "Request entity too large", &rid)),
                &rid,
            )
        }
    };
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let Listener::Api(service, bss_site) = kind else {
        if let Err(e) = admin_allowed(&sim, &parts.headers) {
            return respond(Err(e), &rid);
        }
        return respond(admin(&sim, &method, &path, &bytes), &rid);
    };
    {
        let mut counts = lock(&sim.inner.counts);
        let key = format!("{} {method} {path}", service.as_str());
        let key = if counts.len() >= MAX_COUNT_KEYS && !counts.contains_key(&key) {
            format!("{} (other paths)", service.as_str())
        } else {
            key
        };
        *counts.entry(key).or_insert(0) += 1;
    }

    let fault = sim.take_fault(service, &method, &path);
    if let Some(f) = &fault {
        match f.kind {
            FaultKind::Latency => tokio::time::sleep(std::time::Duration::from_millis(f.latency_ms)).await,
            FaultKind::Throttle => {
                return respond(Err(apigw(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second", &rid)), &rid)
            }
            FaultKind::ServerError => return respond(Err(apigw(500, "APIGW.0201", "Backend unavailable", &rid)), &rid),
            _ => {}
        }
    }

    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let signable = flexus_core::sign::SignableRequest {
        method: method.clone(),
        host: parts
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string(),
        path: path.clone(),
        query: query.clone(),
        headers,
        body: bytes.to_vec(),
    };
    let domain_id = {
        let w = lock(&sim.inner.world);
        let mut a = lock(&sim.inner.auth);
        match auth::authenticate(&w, &mut a, &signable, &rid) {
            Ok(d) => d,
            Err(e) => return respond(Err(e), &rid),
        }
    };
    let body: Value = if bytes.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(_) => return respond(Err(bad_body(service)), &rid),
        }
    };
    let now = sim.now();
    let ctx = Ctx {
        method: method.clone(),
        segs: path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(flexus_core::sign::url_decode)
            .collect(),
        query,
        body,
        domain_id,
        now,
        site: bss_site,
        client_request_id: signable.header("Client-Request-Id").map(str::to_string),
    };
    let answer = {
        let mut w = lock(&sim.inner.world);
        w.advance(now);
        match service {
            Service::Iam => iam_rms::iam(&w, &ctx),
            Service::Rms => iam_rms::rms(&w, &ctx),
            Service::Hcss => hcss::route(&mut w, &ctx),
            Service::Bss => bss::route(&mut w, &ctx),
            Service::Ecs if console::matches(&ctx) => {
                console::route(&w, &ctx, sim.is_refused("console"))
            }
            Service::Ecs => ecs::route(&mut w, &ctx),
            Service::Ces => ces::route(&w, &ctx, sim.is_refused("ces")),
        }
    };
    if let Some(f) = fault.as_ref().filter(|f| f.kind == FaultKind::DelayAfter) {
        tokio::time::sleep(std::time::Duration::from_millis(f.latency_ms)).await;
    }
    match fault.map(|f| f.kind) {
        Some(FaultKind::ServerErrorAfter) => {
            respond(Err(apigw(502, "APIGW.0202", "Bad gateway", &rid)), &rid)
        }
        Some(FaultKind::Malformed) => raw(200, Body::from("{\"order_id\": CS<<not json"), &rid),
        Some(FaultKind::EmptyAfter) => raw(200, Body::from("{}"), &rid),
        Some(FaultKind::Truncated) => {
            let full = match &answer {
                Ok((_, v)) | Err((_, v)) => v.to_string(),
            };
            raw(200, Body::from(full[..full.len() / 2].to_string()), &rid)
        }
        Some(FaultKind::ResetAfter) => {
            let stream = futures::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "reset",
                ))
            });
            let mut r = raw(200, Body::from_stream(stream), &rid);
            r.headers_mut()
                .insert("content-length", HeaderValue::from_static("64"));
            r
        }
        _ => respond(answer, &rid),
    }
}

fn bad_body(service: Service) -> (u16, Value) {
    match service {
        Service::Ecs => (
            400,
            json!({"error": {"code": "Ecs.0005", "message": "request body is not valid JSON"}}),
        ),
        Service::Hcss => cbc(
            400,
            "HCSS.14000001",
            "Invalid parameter: request body is not valid JSON",
        ),
        _ => cbc(
            400,
            "CBC.0100",
            "Parameter error: request body is not valid JSON",
        ),
    }
}

fn raw(status: u16, body: Body, rid: &str) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(rid) {
        h.insert("x-request-id", v);
    }
    if let Ok(v) = HeaderValue::from_str(&timefmt::http_date(OffsetDateTime::now_utc())) {
        h.insert("date", v);
    }
    r
}

fn respond(a: Answer, rid: &str) -> Response<Body> {
    let (status, v) = match a {
        Ok(x) | Err(x) => x,
    };
    let body = if v.is_null() {
        Body::empty()
    } else {
        Body::from(v.to_string())
    };
    raw(status, body, rid)
}
