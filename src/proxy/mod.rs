//! The streaming reverse proxy into a session's container.
//!
//! Requests go out over keep-alive connections opened by a caller-supplied
//! dialer (the runtime opens them inside the sandbox's network namespace), so
//! this module knows nothing of namespaces. Bodies stream both ways with
//! bounded memory; HTTP/1.1 upgrades (WebSocket) are spliced. Every connection
//! to a sandbox carries an idle timeout (`IdleTimeout`), which also ends a
//! tunnel once neither side has sent anything for that long.

mod dial;
mod forward;
mod headers;
mod idle;

pub use dial::{Dial, Dialer};
pub use forward::{ForwardError, Forwarder, Target};
pub use headers::{
    append_forwarded_for, forwarded_headers, response_headers, strip_cluster_headers,
    strip_hop_by_hop, strip_hop_by_hop_but_upgrade,
};
pub use idle::IdleTimeout;
