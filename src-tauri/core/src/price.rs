//! The price a person was shown and confirmed, kept with the confirmation and in the
//! journal (so Activity can say what an action cost).

use serde::{Deserialize, Serialize};

use crate::client::models::Decimal;

/// The price the person saw, as text with two decimals ("12.00"), so it compares
/// exactly whatever number type the reply used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quoted {
    pub amount: String,
    pub currency: String,
}

impl Quoted {
    pub fn new(amount: Decimal, currency: &str) -> Self {
        Quoted {
            amount: format!("{:.2}", amount.round_dp(2)),
            currency: currency.to_string(),
        }
    }
}
