//! The signer against the 34 official signing vectors (computed by huaweicloudsdkcore's
//! own signer; vendored in `fixtures/signing_vectors_public.json`, see fixtures/README.md).
//! The file must be there: without it this test fails, it never skips.

use flexus_core::client::wire_url;
use flexus_core::debug_sign::{sign_vector, VectorInput};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/signing_vectors_public.json"
    );
    let text = std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("the official signing vectors are missing ({p}): {e}"));
    let v: Value = serde_json::from_str(&text).expect("vectors parse");
    assert_eq!(v["sdk"], "huaweicloudsdkcore 3.1.219");
    let list = v["vectors"].as_array().expect("vectors").clone();
    assert_eq!(list.len(), 34, "all 34 public vectors");
    assert_eq!(v["count"], 34);
    list
}

#[test]
fn every_official_vector_signs_identically() {
    for v in vectors() {
        let name = v["name"].as_str().unwrap();
        let input: VectorInput = serde_json::from_value(v["input"].clone()).unwrap();
        let sig = sign_vector(&input);
        let e = &v["expected"];
        assert_eq!(
            sig.canonical_request, e["canonical_request"],
            "{name}: canonical request"
        );
        assert_eq!(
            sig.string_to_sign, e["string_to_sign"],
            "{name}: string to sign"
        );
        assert_eq!(
            sig.signed_headers, e["signed_headers"],
            "{name}: signed headers"
        );
        assert_eq!(sig.signature, e["signature"], "{name}: signature");
        assert_eq!(
            sig.authorization, e["authorization"],
            "{name}: authorization"
        );
    }
}

/// The query the client puts on the wire is byte for byte the one the SDK sends
/// (and signs): spaces as %20, reserved characters, Chinese, repeated keys.
#[test]
fn the_sent_query_is_the_sdk_one() {
    for v in vectors() {
        let name = v["name"].as_str().unwrap();
        let input: VectorInput = serde_json::from_value(v["input"].clone()).unwrap();
        let base = reqwest::Url::parse("https://example.invalid/v1/x").unwrap();
        let sent = wire_url(&base, &input.query);
        let expected = v["expected"]["uri"]
            .as_str()
            .unwrap()
            .split_once('?')
            .map(|(_, q)| q.to_string());
        assert_eq!(sent.query().map(str::to_string), expected, "{name}");
    }
}
