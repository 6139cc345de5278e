//! The simulated cloud's state as a file, so the demo a person is using survives the
//! app handing over between its window process and its tray agent (one process owns
//! the data at a time; the demo cloud lives in that process).

use std::collections::BTreeSet;

use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::world::{Account, Idempotent, Instance, Job, Key, Order};
use crate::{lock, Sim};

/// Everything a person can change in the demo: accounts and their balance,
/// instances, orders, jobs, answered client tokens, the moved clock, and the
/// features refused. Faults, request counts and the admin token stay with the process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    accounts: Vec<Account>,
    extra_keys: Vec<Key>,
    instances: Vec<Instance>,
    orders: Vec<Order>,
    jobs: Vec<Job>,
    client_requests: Vec<((String, String), Idempotent)>,
    last_advance: Option<OffsetDateTime>,
    clock_offset: Duration,
    refused: BTreeSet<String>,
}

impl Sim {
    pub fn snapshot(&self) -> Snapshot {
        let w = lock(&self.inner.world);
        Snapshot {
            accounts: w.accounts.clone(),
            extra_keys: w.extra_keys.clone(),
            instances: w.instances.clone(),
            orders: w.orders.clone(),
            jobs: w.jobs.clone(),
            client_requests: w
                .client_requests
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            last_advance: w.last_advance,
            clock_offset: *lock(&self.inner.clock_offset),
            refused: lock(&self.inner.refused).clone(),
        }
    }

    /// Replaces this simulator's state with `s`. New ids come from a fresh random
    /// seed: the seeded sequence would repeat ids the snapshot already holds.
    pub fn restore(&self, s: Snapshot) {
        *lock(&self.inner.clock_offset) = s.clock_offset;
        *lock(&self.inner.refused) = s.refused;
        let mut w = lock(&self.inner.world);
        w.accounts = s.accounts;
        w.extra_keys = s.extra_keys;
        w.instances = s.instances;
        w.orders = s.orders;
        w.jobs = s.jobs;
        w.client_requests = s.client_requests.into_iter().collect();
        w.last_advance = s.last_advance;
        w.rng = rand::rngs::StdRng::seed_from_u64(uuid::Uuid::new_v4().as_u64_pair().0);
        let now = OffsetDateTime::now_utc() + s.clock_offset;
        w.advance(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SimOptions;

    /// The state, without when it was last moved forward (restoring moves it to now).
    fn json(s: &Sim) -> serde_json::Value {
        let mut v = serde_json::to_value(s.snapshot()).unwrap();
        v["last_advance"] = serde_json::Value::Null;
        v
    }

    #[test]
    fn a_restored_demo_has_the_same_instances_orders_and_clock() {
        let a = Sim::new(&SimOptions::default());
        a.advance(Duration::days(9));
        {
            let mut w = lock(&a.inner.world);
            w.instances[0].name = "renamed-by-the-person".into();
            w.accounts[0].balance -= 42.0;
        }
        let saved = serde_json::to_vec(&a.snapshot()).unwrap();
        let b = Sim::new(&SimOptions::default());
        assert_ne!(
            json(&a),
            json(&b),
            "a fresh demo differs, or the test proves nothing"
        );
        b.restore(serde_json::from_slice(&saved).unwrap());
        assert_eq!(json(&a), json(&b));
        let skew = (b.now() - a.now()).abs();
        assert!(
            skew < Duration::seconds(5),
            "the moved clock came along: {skew}"
        );
        // New ids do not repeat the restored ones.
        let ids: BTreeSet<String> = lock(&b.inner.world)
            .instances
            .iter()
            .map(|i| i.id.clone())
            .collect();
        let fresh = crate::world::uuid_like(&mut lock(&b.inner.world).rng);
        assert!(!ids.contains(&fresh));
    }
}
