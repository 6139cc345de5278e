//! Request and response types, named and shaped as in Huawei's documentation and SDK
//! models. Responses are read leniently (unknown fields ignored, most fields optional)
//! because the real services add fields over time. One file per service.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use rust_decimal::Decimal;

/// SDK models default every field to `None` and the services send explicit `null` for
/// empty optional lists and objects: `null` reads as the type's default.
pub fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Money, read exactly: the SDK declares some amounts as strings (`"24.00"`,
/// renew-rate) and others as numbers; both become a `Decimal`, never an `f64`.
pub fn decimal_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    use serde::de::Error;
    let text = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(D::Error::custom(format!("expected an amount, got {other}"))),
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map(Some)
        .map_err(|_| D::Error::custom(format!("not an amount: {text:?}")))
}

/// ECS returns some numbers as strings ("vcpus": "2"); accept both.
pub fn str_or_num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

mod bss;
mod ecs;
mod hcss;
mod iam;
mod rms;

pub use bss::*;
pub use ecs::*;
pub use hcss::*;
pub use iam::*;
pub use rms::*;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn explicit_null_reads_as_empty() {
        let s: ServerDetail = serde_json::from_value(json!({
            "id": "s1", "name": null, "status": null, "addresses": null,
            "flavor": null, "metadata": null
        }))
        .unwrap();
        assert!(s.name.is_empty() && s.addresses.is_empty() && s.metadata.is_empty());
        let o: OrderIdsResponse =
            serde_json::from_value(json!({"order_ids": null, "fail_resource_infos": null}))
                .unwrap();
        assert!(o.order_ids.is_empty() && o.fail_resource_infos.is_empty());
        let d: OrderDetailsResponse = serde_json::from_value(
            json!({"total_count": null, "order_info": null, "order_line_items": null}),
        )
        .unwrap();
        assert!(d.order_line_items.is_empty());
    }

    #[test]
    fn amounts_are_exact_decimals_from_strings_or_numbers() {
        let r: RenewRateResponse = serde_json::from_value(json!({
            "renew_inquiry_results": [
                {"resource_id": "a", "amount": "24.10"},
                {"resource_id": "b", "amount": 0.2}
            ]
        }))
        .unwrap();
        let ids = ["a".to_string(), "b".to_string()];
        // 24.10 + 0.2 is exactly 24.30 (in f64 it is 24.300000000000001).
        assert_eq!(r.total_of(&ids), Some("24.30".parse().unwrap()));
        assert_eq!(r.total_of(&["a".into(), "c".into()]), None, "fail closed");
        assert!(serde_json::from_value::<RenewInquiryResult>(
            json!({"resource_id": "a", "amount": "24,10"})
        )
        .is_err());
    }
}
