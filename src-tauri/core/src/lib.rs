//! Flexus Desk core: everything that does not need a window or a server. The Tauri app,
//! the simulator (`flexus-sim`), the `flexus` CLI (`flexus-cli`) and the tests all go
//! through these modules.

// First: its macro declares the key enums of the modules below.
#[macro_use]
pub mod keys;

pub mod actions;
pub mod alerts;
pub mod calendar;
pub mod catalog;
pub mod client;
pub mod confirm;
pub mod debug_sign;
pub mod endpoints;
pub mod error;
pub mod expiry;
pub mod export;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod fleet;
pub mod guard;
pub mod journal;
pub mod keychain;
pub mod messages;
pub mod metrics;
pub mod outlook;
pub mod paths;
pub mod price;
pub mod purchase;
pub mod rating_codes;
pub mod secret;
pub mod sign;
pub mod timefmt;
pub mod traffic;
pub mod validate;

pub use client::{ClientOptions, CloudClient};
pub use endpoints::{Endpoints, Service, Site};
pub use error::ApiError;
pub use secret::{Credentials, Secret};
