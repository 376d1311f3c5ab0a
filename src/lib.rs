//! hoplock: was this email transmitted with TLS?
//!
//! [`core`] is the pure, sans-IO analysis (`analyze(bytes) -> Report`), compiled and tested
//! natively. [`ui`] is the thin Leptos shell, compiled only for `wasm32`.
#![forbid(unsafe_code)]

pub mod core;
#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use crate::core::{Report, analyze};
