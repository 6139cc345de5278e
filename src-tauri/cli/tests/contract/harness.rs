//! The contract suite's harness: the SDK-model judge (Python over the pinned
//! `huaweicloudsdk*` packages), the operations it generates, a fake cloud that
//! answers with generated replies, and a recording proxy in front of the simulator.

use super::*;

// ---------------------------------------------------------------- the judge
pub(crate) struct Judge {
    pub(crate) python: PathBuf,
    pub(crate) script: PathBuf,
}

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn judge() -> Option<Judge> {
    let script = root().join("tests/contract/sdk_judge.py");
    match std::env::var_os("FLEXUS_CONTRACT_PYTHON") {
        Some(p) => {
            let python = PathBuf::from(p);
            assert!(
                python.exists(),
                "FLEXUS_CONTRACT_PYTHON={} does not exist",
                python.display()
            );
            assert!(script.exists(), "the judge {} is missing", script.display());
            Some(Judge { python, script })
        }
        None => {
            let python = root().join("target/contract-venv/bin/python");
            if python.exists() && script.exists() {
                Some(Judge { python, script })
            } else {
                eprintln!(
                    "contract: no SDK venv (run scripts/test.sh or set FLEXUS_CONTRACT_PYTHON); not judged"
                );
                None
            }
        }
    }
}

impl Judge {
    /// Runs a judge command; returns its exit status and JSON report.
    pub(crate) fn run(&self, cmd: &str, input: Option<&Value>) -> (i32, Value) {
        let mut c = std::process::Command::new(&self.python);
        c.arg(&self.script).arg(cmd);
        let file = input.map(|v| {
            let f =
                std::env::temp_dir().join(format!("flexus-contract-{}.json", uuid::Uuid::new_v4()));
            std::fs::write(&f, serde_json::to_vec(v).unwrap()).unwrap();
            f
        });
        if let Some(f) = &file {
            c.arg(f);
        }
        let o = c.output().expect("the judge runs");
        if let Some(f) = file {
            let _ = std::fs::remove_file(f);
        }
        let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "judge {cmd} printed no JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        });
        (o.status.code().unwrap_or(-1), report)
    }

    pub(crate) fn assert_clean(&self, cmd: &str, records: &[Value]) -> Value {
        let (code, report) = self.run(cmd, Some(&Value::from(records.to_vec())));
        assert_eq!(code, 0, "{cmd}: {report:#}");
        report
    }
}

// ---------------------------------------------------------------- the operations
pub(crate) struct Op {
    pub(crate) name: String,
    pub(crate) method: String,
    pub(crate) segs: Vec<Option<String>>,
    pub(crate) status: u16,
    pub(crate) full: Value,
    pub(crate) sparse: Value,
}

pub(crate) fn ops_of(gen: &Value) -> Vec<Op> {
    gen.as_object()
        .unwrap()
        .iter()
        .map(|(name, g)| Op {
            name: name.clone(),
            method: g["method"].as_str().unwrap().to_string(),
            segs: g["path"]
                .as_str()
                .unwrap()
                .split('/')
                .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
                .collect(),
            status: g["status"].as_u64().unwrap_or(200) as u16,
            full: g["full"].clone(),
            sparse: g["sparse"].clone(),
        })
        .collect()
}

/// The operation a request is for: same method, same path shape, most literal segments.
pub(crate) fn op_for<'a>(ops: &'a [Op], method: &str, path: &str) -> Option<&'a Op> {
    let segs: Vec<&str> = path.split('/').collect();
    ops.iter()
        .filter(|o| o.method == method && o.segs.len() == segs.len())
        .filter(|o| {
            o.segs
                .iter()
                .zip(&segs)
                .all(|(t, s)| t.as_deref().is_none_or(|t| t == *s))
        })
        .max_by_key(|o| o.segs.iter().filter(|s| s.is_some()).count())
}

// ---------------------------------------------------------------- the fake cloud
pub(crate) type Log = Arc<Mutex<Vec<Value>>>;

#[derive(Clone)]
pub(crate) struct Fake {
    pub(crate) ops: Arc<Vec<Op>>,
    pub(crate) sparse: bool,
    pub(crate) log: Log,
}

/// A fixed gateway clock, far from the local one, to prove `server_now` follows it.
pub(crate) const GATEWAY_DATE: &str = "Tue, 01 Jan 2030 12:00:00 GMT";

pub(crate) fn record(parts: &axum::http::request::Parts, bytes: &[u8]) -> Value {
    let query: Vec<Value> = url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .map(|(k, v)| json!([k, v]))
        .collect();
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or(""))))
        .collect();
    json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "raw_query": parts.uri.query().unwrap_or(""),
        "query": query,
        "headers": headers,
        "body": serde_json::from_slice::<Value>(bytes).unwrap_or(Value::Null),
    })
}

pub(crate) async fn fake(State(f): State<Fake>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let rec = record(&parts, &bytes);
    f.log.lock().unwrap().push(rec.clone());
    let Some(op) = op_for(&f.ops, parts.method.as_str(), parts.uri.path()) else {
        return Response::builder()
            .status(404)
            .body(Body::from(
                r#"{"error_code":"APIGW.0101","error_msg":"no such API"}"#,
            ))
            .unwrap();
    };
    let follow_up = rec["query"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q[0] == "marker");
    // The second RMS page (asked with the first page's marker) is the sparse one: it ends paging.
    let mut reply = if f.sparse || follow_up {
        op.sparse.clone()
    } else {
        op.full.clone()
    };
    if op.name == "keystone_list_projects" {
        // One project per region, named as asked, so scoping can be checked.
        let name = rec["query"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q[0] == "name")
            .and_then(|q| q[1].as_str())
            .unwrap_or("")
            .to_string();
        let mut p = op.full["projects"][0].clone();
        p["id"] = json!(format!("proj-{name}"));
        p["name"] = json!(name);
        reply["projects"] = json!([p]);
    }
    if op.name == "keystone_list_auth_domains" {
        reply = op.full.clone();
    }
    let body = if reply.as_object().is_some_and(|o| o.is_empty()) && op.status == 204 {
        Body::empty()
    } else {
        Body::from(reply.to_string())
    };
    Response::builder()
        .status(op.status)
        .header("content-type", "application/json")
        .header("date", GATEWAY_DATE)
        .body(body)
        .unwrap()
}

pub(crate) async fn start_fake(ops: Arc<Vec<Op>>, sparse: bool) -> (String, Log) {
    let log: Log = Arc::default();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", tcp.local_addr().unwrap());
    let app = axum::Router::new().fallback(fake).with_state(Fake {
        ops,
        sparse,
        log: log.clone(),
    });
    tokio::spawn(async move { axum::serve(tcp, app).await.unwrap() });
    (url, log)
}

// ---------------------------------------------------------------- the simulator
#[derive(Clone)]
pub(crate) struct Proxy {
    pub(crate) target: String,
    pub(crate) log: Log,
    pub(crate) http: reqwest::Client,
}

/// Forwards to the simulator unchanged (the Host header too, so signatures verify)
/// and records the request and the reply.
pub(crate) async fn proxy(State(p): State<Proxy>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let mut rec = record(&parts, &bytes);
    let url = format!(
        "{}{}",
        p.target,
        parts
            .uri
            .path_and_query()
            .map(|x| x.as_str())
            .unwrap_or("/")
    );
    let mut rb = p.http.request(parts.method.clone(), url);
    for (k, v) in &parts.headers {
        rb = rb.header(k, v);
    }
    let resp = rb.body(bytes.to_vec()).send().await.unwrap();
    let status = resp.status().as_u16();
    let out = resp.bytes().await.unwrap();
    rec["status"] = json!(status);
    rec["reply"] = serde_json::from_slice(&out).unwrap_or(Value::Null);
    p.log.lock().unwrap().push(rec);
    Response::builder()
        .status(status)
        .body(Body::from(out))
        .unwrap()
}

/// Every operation the SDK models list (`ops`, by name) is in the judge's report at
/// least once: a driver that stops calling one fails here.
pub(crate) fn assert_every_op_judged(report: &Value, ops: &Value, never: &str) {
    let seen: Vec<&str> = report["ops"]
        .as_array()
        .expect("the report lists the operations it judged")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for op in ops.as_object().expect("operations by name").keys() {
        assert!(seen.contains(&op.as_str()), "{never} {op}");
    }
}
