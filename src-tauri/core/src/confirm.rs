//! Confirmations as a Rust-side fact. A review or quote issues a single-use id
//! bound to the account, the exact paid action and the amount shown; the paid
//! command brings back only that id. Taking it removes it first, so a double
//! click or a replayed call cannot send twice, and nothing the webview says can
//! change what was reviewed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::actions::PaidAction;
pub use crate::price::Quoted;

/// What a confirmation id stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub profile: String,
    pub action: PaidAction,
    pub quote: Option<Quoted>,
}

crate::message_keys! {
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    #[error("this confirmation was already used or never issued; review again")]
    Unknown,
    #[error("this confirmation expired; review again")]
    Expired,
    #[error("this was reviewed for account '{reviewed}', but '{active}' is active now")]
    OtherProfile { reviewed: String, active: String },
    #[error("the price changed from {was} to {now}; review again")]
    PriceChanged { was: String, now: String },
}
}

impl ConfirmError {
    pub fn kind(&self) -> &'static str {
        match self {
            ConfirmError::Unknown | ConfirmError::Expired => "not_confirmed",
            ConfirmError::OtherProfile { .. } => "profile_changed",
            ConfirmError::PriceChanged { .. } => "price_changed",
        }
    }
}

impl Confirmation {
    /// Refuses when a fresh quote differs from the one shown.
    pub fn check_quote(&self, fresh: &Quoted) -> Result<(), ConfirmError> {
        match &self.quote {
            Some(q) if q != fresh => Err(ConfirmError::PriceChanged {
                was: format!("{} {}", q.amount, q.currency),
                now: format!("{} {}", fresh.amount, fresh.currency),
            }),
            _ => Ok(()),
        }
    }
}

pub struct ConfirmStore {
    ttl: Duration,
    pending: Mutex<HashMap<String, (Instant, Confirmation)>>,
}

/// Long enough to read a review, short enough that a forgotten dialog goes stale.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10 * 60);

impl Default for ConfirmStore {
    fn default() -> Self {
        ConfirmStore::new(DEFAULT_TTL)
    }
}

impl ConfirmStore {
    pub fn new(ttl: Duration) -> Self {
        ConfirmStore {
            ttl,
            pending: Mutex::new(HashMap::new()),
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Confirmation)>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new random id (128 bits) for `c`; expired ones are dropped on the way.
    pub fn issue(&self, c: Confirmation) -> String {
        let id = format!("{:032x}", rand::random::<u128>());
        let mut m = self.map();
        let ttl = self.ttl;
        m.retain(|_, (at, _)| at.elapsed() < ttl);
        m.insert(id.clone(), (Instant::now(), c));
        id
    }

    /// Removes the id and returns what it stands for, if it is fresh and was
    /// issued for the account that is active now. Any failure also consumes it.
    pub fn take(&self, id: &str, active_profile: &str) -> Result<Confirmation, ConfirmError> {
        let (at, c) = self.map().remove(id).ok_or(ConfirmError::Unknown)?;
        if at.elapsed() >= self.ttl {
            return Err(ConfirmError::Expired);
        }
        if c.profile != active_profile {
            return Err(ConfirmError::OtherProfile {
                reviewed: c.profile,
                active: active_profile.to_string(),
            });
        }
        Ok(c)
    }

    pub fn len(&self) -> usize {
        self.map().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::models::Decimal;

    fn pay(order: &str) -> Confirmation {
        Confirmation {
            profile: "shop".into(),
            action: PaidAction::Pay {
                order_id: order.into(),
            },
            quote: Some(Quoted::new(Decimal::new(12, 0), "USD")),
        }
    }

    #[test]
    fn an_id_works_once() {
        let s = ConfirmStore::default();
        let id = s.issue(pay("CS1"));
        assert_eq!(id.len(), 32);
        assert_eq!(s.take(&id, "shop").unwrap(), pay("CS1"));
        assert_eq!(s.take(&id, "shop"), Err(ConfirmError::Unknown), "replay");
        assert_eq!(s.take("made-up", "shop"), Err(ConfirmError::Unknown));
    }

    #[test]
    fn ids_are_bound_to_the_account() {
        let s = ConfirmStore::default();
        let id = s.issue(pay("CS1"));
        let e = s.take(&id, "other").unwrap_err();
        assert_eq!(e.kind(), "profile_changed");
        assert_eq!(s.take(&id, "shop"), Err(ConfirmError::Unknown), "consumed");
    }

    #[test]
    fn ids_expire() {
        let s = ConfirmStore::new(Duration::from_millis(30));
        let id = s.issue(pay("CS1"));
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(s.take(&id, "shop"), Err(ConfirmError::Expired));
        let _ = s.issue(pay("CS2"));
        std::thread::sleep(Duration::from_millis(50));
        let _ = s.issue(pay("CS3"));
        assert_eq!(s.len(), 1, "expired ones are purged");
    }

    #[test]
    fn a_changed_price_is_refused() {
        let c = pay("CS1");
        assert!(c
            .check_quote(&Quoted::new(Decimal::new(12, 0), "USD"))
            .is_ok());
        assert!(
            c.check_quote(&Quoted::new(Decimal::new(12000, 3), "USD"))
                .is_ok(),
            "same amount at another scale"
        );
        assert_eq!(
            c.check_quote(&Quoted::new(Decimal::new(125, 1), "USD"))
                .unwrap_err()
                .kind(),
            "price_changed"
        );
        assert!(c
            .check_quote(&Quoted::new(Decimal::new(1200, 2), "CNY"))
            .is_err());
    }

    #[test]
    fn ids_are_not_guessable_in_sequence() {
        let s = ConfirmStore::default();
        let a = s.issue(pay("CS1"));
        let b = s.issue(pay("CS1"));
        assert_ne!(a, b);
    }
}
