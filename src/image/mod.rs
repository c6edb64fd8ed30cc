//! Container images: parsing references, pulling from OCI registries (anonymous,
//! basic and token auth) or local OCI layouts, OCI and Docker schema 2
//! manifests with the host's platform picked from indexes (`platform`), the
//! content-addressed blob cache (layers fetched in parallel), safe layer
//! unpacking (gzip/zstd/plain; whiteouts, opaque directories, hard links,
//! xattrs) and one read-only rootfs per manifest digest that sandboxes share as
//! their overlay's lower layer.
//!
//! Everything lives under `DATA_DIR/images/`:
//! - `blobs/sha256/<hex>`: verified blobs (layers and configs),
//! - `manifests/<hex>.json`: what a pulled manifest needs without network,
//! - `rootfs/<hex>/`: the unpacked rootfs of manifest `sha256:<hex>`,
//! - `locks/`: per-digest lock files that serialise concurrent pulls.

mod blobs;
mod config;
mod credentials;
mod digest;
mod error;
mod gc;
mod layout;
mod limits;
mod lock;
mod manifest;
mod oci_layout;
mod platform;
mod pull;
mod reference;
mod registry;
mod store;
mod unpack;

pub use config::ImageConfig;
pub use credentials::RegistryCredentials;
pub use error::ImageError;
pub use gc::GcReport;
pub use limits::PullLimits;
pub use pull::{PullProgress, PulledImage};
pub use reference::ImageReference;
pub use store::ImageStore;
