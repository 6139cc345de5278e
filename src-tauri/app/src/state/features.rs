//! Locks and caches of the issue #15 features: one user at a time of the guard's file
//! and of the alerts outbox, and the dashboard's sparklines.

/// One user at a time of the guard's file and of the outbox file.
#[derive(Debug, Default)]
pub struct FeatureLocks {
    pub guard: tokio::sync::Mutex<()>,
    pub outbox: tokio::sync::Mutex<()>,
    /// The dashboard's sparklines by instance id, with when they were read.
    pub sparks: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, Vec<f64>)>>,
}
