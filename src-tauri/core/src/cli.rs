//! The `flexus` command line (placeholder until the full CLI lands).
use std::io::Read;

pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("debug") && args.get(2).map(String::as_str) == Some("sign") {
        let mut s = String::new();
        if std::io::stdin().read_to_string(&mut s).is_err() {
            return 2;
        }
        let input: crate::debug_sign::VectorInput = match serde_json::from_str(&s) {
            Ok(v) => v,
            Err(e) => { eprintln!("bad input: {e}"); return 2; }
        };
        let sig = crate::debug_sign::sign_vector(&input);
        println!("{}", serde_json::json!({"authorization": sig.authorization, "canonical_request": sig.canonical_request, "string_to_sign": sig.string_to_sign, "signed_headers": sig.signed_headers}));
        return 0;
    }
    2
}
