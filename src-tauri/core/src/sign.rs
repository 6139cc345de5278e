// Over 400 lines on purpose: the signer and its byte-level tests against the SDK signer belong together.
//! SDK-HMAC-SHA256 request signing, byte for byte what Huawei's official SDK signer
//! (huaweicloudsdkcore `signer.py`) produces. The simulator verifies with the same
//! functions, so client and gateway can never drift apart.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::secret::Credentials;

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Everything the signature covers. `path` is the raw request path (may hold
/// percent-escapes), `query` the raw (undecoded-by-us) key/value pairs. Its `Debug`
/// shows header names and the body length only (the token and a password live there).
#[derive(Clone, Default)]
pub struct SignableRequest {
    pub method: String,
    pub host: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for SignableRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl SignableRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn set_header_if_absent(&mut self, name: &str, value: &str) {
        if self.header(name).is_none() {
            self.headers.push((name.to_string(), value.to_string()));
        }
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }
}

/// The intermediate strings, exposed for `flexus debug sign` and for the gateway's
/// "verify aksk signature fail, canonicalRequest:..." message. The canonical request
/// holds the security token, so `Debug` shows only the signed header names.
#[derive(Clone)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
    pub signature: String,
    pub authorization: String,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signature")
            .field("signed_headers", &self.signed_headers)
            .field("canonical_request", &"***")
            .field("string_to_sign", &"***")
            .finish()
    }
}

/// Python's `urllib.parse.quote(s, safe='~')` over UTF-8 bytes.
pub fn url_encode(s: &str) -> String {
    encode_bytes(s.as_bytes())
}

fn encode_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(
                char::from_digit((b >> 4) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
            out.push(
                char::from_digit((b & 15) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
        }
    }
    out
}

/// Python's `urllib.parse.unquote` (UTF-8, invalid sequences replaced).
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn canonical_uri(path: &str) -> String {
    let decoded = url_decode(path);
    let mut uri = decoded
        .split('/')
        .map(url_encode)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn signed_header_names(req: &SignableRequest) -> Vec<String> {
    let mut names: Vec<String> = req
        .headers
        .iter()
        .filter(|(k, _)| !k.contains('_'))
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn payload_hash(req: &SignableRequest) -> String {
    match req.header("X-Sdk-Content-Sha256") {
        Some(v) if v == UNSIGNED_PAYLOAD => UNSIGNED_PAYLOAD.to_string(),
        _ => sha256_hex(&req.body),
    }
}

/// Canonical request over the headers named in `signed` (lowercase, sorted).
pub fn canonical_request_with(req: &SignableRequest, signed: &[String]) -> String {
    let mut headers = String::new();
    for name in signed {
        let value = req.header(name).unwrap_or("").trim();
        headers.push_str(name);
        headers.push(':');
        headers.push_str(value);
        headers.push('\n');
    }
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method.to_ascii_uppercase(),
        canonical_uri(&req.path),
        canonical_query(&req.query),
        headers,
        signed.join(";"),
        payload_hash(req)
    )
}

pub fn string_to_sign(date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

pub fn hmac_hex(key: &[u8], data: &str) -> String {
    // HMAC accepts keys of any length; new_from_slice cannot fail for Hmac<Sha256>.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(data.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Adds the headers the SDK adds before signing: X-Project-Id / X-Domain-Id /
/// X-Security-Token from the credentials, X-Sdk-Content-Sha256 for non-JSON bodies,
/// X-Sdk-Date and Host.
pub fn prepare(
    req: &mut SignableRequest,
    creds: &Credentials,
    project_id: Option<&str>,
    domain_id: Option<&str>,
    x_sdk_date: &str,
) {
    if let Some(p) = project_id {
        req.set_header("X-Project-Id", p);
    }
    if let Some(d) = domain_id {
        req.set_header("X-Domain-Id", d);
    }
    if let Some(t) = &creds.security_token {
        req.set_header("X-Security-Token", t.expose());
    }
    let non_json = req
        .header("Content-Type")
        .map(|ct| !ct.starts_with("application/json"))
        .unwrap_or(false);
    if non_json {
        req.set_header("X-Sdk-Content-Sha256", UNSIGNED_PAYLOAD);
    }
    req.set_header("X-Sdk-Date", x_sdk_date);
    let host = req.host.clone();
    req.set_header_if_absent("Host", &host);
}

/// Signs a prepared request (see [`prepare`]) and returns the pieces.
pub fn sign_prepared(req: &SignableRequest, ak: &str, sk: &str) -> Signature {
    let date = req.header("X-Sdk-Date").unwrap_or("").to_string();
    let signed = signed_header_names(req);
    let canonical_request = canonical_request_with(req, &signed);
    let sts = string_to_sign(&date, &canonical_request);
    let signature = hmac_hex(sk.as_bytes(), &sts);
    let signed_headers = signed.join(";");
    let authorization =
        format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}");
    Signature {
        canonical_request,
        string_to_sign: sts,
        signed_headers,
        signature,
        authorization,
    }
}

/// Prepare + sign + attach `Authorization`. Returns the signature pieces.
pub fn sign(
    req: &mut SignableRequest,
    creds: &Credentials,
    project_id: Option<&str>,
    domain_id: Option<&str>,
    x_sdk_date: &str,
) -> Signature {
    prepare(req, creds, project_id, domain_id, x_sdk_date);
    let sig = sign_prepared(req, &creds.access_key, creds.secret_key.expose());
    req.set_header("Authorization", &sig.authorization);
    sig
}

/// A parsed `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthHeader {
    pub access: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(value: &str) -> Option<AuthHeader> {
    let rest = value.strip_prefix(ALGORITHM)?.trim_start();
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Access" => access = Some(v.to_string()),
            "SignedHeaders" => signed = Some(v.split(';').map(str::to_string).collect()),
            "Signature" => signature = Some(v.to_string()),
            _ => return None,
        }
    }
    Some(AuthHeader {
        access: access?,
        signed_headers: signed?,
        signature: signature?,
    })
}

/// Gateway-side check: recompute over the headers the client said it signed.
/// Returns the server's canonical request on mismatch (the gateway echoes it).
pub fn verify(req: &SignableRequest, auth: &AuthHeader, sk: &str) -> Result<(), String> {
    let date = req.header("X-Sdk-Date").unwrap_or("");
    let mut signed = auth.signed_headers.clone();
    signed.iter_mut().for_each(|h| h.make_ascii_lowercase());
    let cr = canonical_request_with(req, &signed);
    let expected = hmac_hex(sk.as_bytes(), &string_to_sign(date, &cr));
    if constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        Ok(())
    } else {
        Err(cr)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_python_quote() {
        assert_eq!(url_encode("a b/c~d*"), "a%20b%2Fc~d%2A");
        assert_eq!(url_encode("测"), "%E6%B5%8B");
        assert_eq!(url_decode("my%20file"), "my file");
        assert_eq!(url_decode("100%"), "100%");
        assert_eq!(url_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn canonical_uri_appends_slash_and_reencodes() {
        assert_eq!(canonical_uri("/v1/a%20b"), "/v1/a%20b/");
        assert_eq!(canonical_uri("/v1/x/"), "/v1/x/");
        assert_eq!(canonical_uri("/"), "/");
    }

    #[test]
    fn query_sorted_on_raw_pairs() {
        let q = vec![
            ("type.x".into(), "1".into()),
            ("type".into(), "2".into()),
            ("type-y".into(), "3".into()),
        ];
        assert_eq!(canonical_query(&q), "type=2&type-y=3&type.x=1");
    }

    #[test]
    fn parse_and_verify_roundtrip() {
        let creds = Credentials::new("AK1", "SK1", None);
        let mut req = SignableRequest {
            method: "GET".into(),
            host: "h:1".into(),
            path: "/v1/x".into(),
            ..Default::default()
        };
        let sig = sign(&mut req, &creds, Some("p"), None, "20240101T000000Z");
        let auth = parse_authorization(&sig.authorization).unwrap();
        assert_eq!(auth.access, "AK1");
        assert!(verify(&req, &auth, "SK1").is_ok());
        assert!(verify(&req, &auth, "SK2").is_err());
        assert!(parse_authorization("Bearer x").is_none());
        assert!(parse_authorization("SDK-HMAC-SHA256 Access=a").is_none());
    }

    /// Authorization values produced by huaweicloudsdkcore 3.1.219's own signer for
    /// three of the official vectors (spaces in the query, a project-scoped ECS read,
    /// a Flexus L purchase with a body), pinned here so a signer change shows at once.
    #[test]
    fn pinned_official_authorizations() {
        let sign_one = |ak: &str,
                        sk: &str,
                        project: Option<&str>,
                        method: &str,
                        host: &str,
                        path: &str,
                        query: &[(&str, &str)],
                        headers: &[(&str, &str)],
                        body: &str,
                        date: &str| {
            let mut req = SignableRequest {
                method: method.into(),
                host: host.into(),
                path: path.into(),
                query: query
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            };
            sign(
                &mut req,
                &Credentials::new(ak, sk, None),
                project,
                None,
                date,
            )
            .authorization
        };
        let (ak1, sk1) = (
            "HPUAEXAMPLEAK0000001",
            "Xk9fTq2LmZ8vR4wB7nJc1EaYs6HdUo3GpKiV0tNf",
        );
        let (ak2, sk2) = (
            "HPUAEXAMPLEAK0000002",
            "q7PzW1xR8mK3nV5bL0cT9yH2fJ6gD4sA8eU1iO7k",
        );
        assert_eq!(
            sign_one(ak2, sk2, None, "GET", "ecs.cn-north-4.myhuaweicloud.com", "/v1/search",
                &[("name", "my server 01"), ("desc", " lead and trail ")], &[], "", "20240615T101112Z"),
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000002, SignedHeaders=host;x-sdk-date, Signature=a742380c2f49b867b5f9d0b40d5af7ff4b9b0e8d86921d2c51819e71bf04fb09"
        );
        assert_eq!(
            sign_one(ak2, sk2, Some("0a1b2c3d4e5f60718293a4b5c6d7e8f9"), "GET", "ecs.cn-north-4.myhuaweicloud.com",
                "/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloudservers/6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                &[], &[("Content-Type", "application/json")], "", "20240902T030405Z"),
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000002, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=c48ec0e7218f03afacec8ac43a9fd51f1db0611cf903b587f7d05eb4766b350d"
        );
        assert_eq!(
            sign_one(ak1, sk1, Some("0a1b2c3d4e5f60718293a4b5c6d7e8f9"), "POST", "hcss.cn-north-4.myhuaweicloud.com",
                "/v1/light-instances", &[],
                &[("Content-Type", "application/json"), ("User-Agent", "flexus-desktop/0.1.0")],
                r#"{"name":"flexus-l-01","flavor_id":"hf.large.1.linux","image_id":"img-0001","charging_mode":"prePaid","period_type":"month","period_num":1,"is_auto_renew":false,"count":1}"#,
                "20241010T101010Z"),
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=8b06feecbac610301e0063af614e9b23f742557fecf6955ebb47befcbff870b0"
        );
    }
}
