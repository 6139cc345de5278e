//! Property tests: any path, query and header set signs without panicking, signing
//! is deterministic, and the gateway check accepts exactly what was signed.

use flexus_core::sign::{self, SignableRequest};
use flexus_core::Credentials;
use proptest::prelude::*;

fn req(
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> SignableRequest {
    SignableRequest {
        method: "POST".into(),
        host: "ecs.cn-north-4.myhuaweicloud.com".into(),
        path,
        query,
        headers,
        body,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn signing_never_panics_and_is_deterministic(
        path in "/[ -~\u{4e00}-\u{4e10}%]{0,40}",
        query in proptest::collection::vec(("[ -~\u{4e2d}]{0,8}", "[ -~\u{6587}]{0,8}"), 0..6),
        headers in proptest::collection::vec(("[A-Za-z][A-Za-z0-9_-]{0,10}", "[ -~]{0,16}"), 0..5),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        token in proptest::option::of("[A-Za-z0-9+/=]{4,20}"),
    ) {
        let creds = Credentials::new("AKPROP", "SKPROP", token.as_deref());
        let mut a = req(path.clone(), query.clone(), headers.clone(), body.clone());
        let mut b = req(path, query, headers, body);
        let sa = sign::sign(&mut a, &creds, Some("p1"), None, "20240101T000000Z");
        let sb = sign::sign(&mut b, &creds, Some("p1"), None, "20240101T000000Z");
        prop_assert_eq!(&sa.authorization, &sb.authorization);
        let auth = sign::parse_authorization(&sa.authorization).unwrap();
        prop_assert!(sign::verify(&a, &auth, "SKPROP").is_ok());
        prop_assert!(sign::verify(&a, &auth, "SKOTHER").is_err());
        prop_assert!(sign::canonical_uri(&a.path).ends_with('/'));
    }
}
