//! sessionpool: a self-hosted equivalent of Azure Container Apps dynamic sessions
//! with custom containers. The library holds everything; `src/main.rs` is the
//! `sessionpool` binary (CLI and `sessionpool daemon`).

pub mod api;
pub mod auth;
pub mod cli;
pub mod client;
pub mod cluster;
pub mod daemon;
pub mod entry;
pub mod identity;
pub mod image;
pub mod metrics;
pub mod pool;
pub mod proxy;
pub mod runtime;
pub mod spec;
pub mod store;
