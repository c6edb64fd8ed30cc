//! Listeners: the root-only unix socket, optional TCP, optional TLS on TCP.
//!
//! Every connection is bounded: its request headers must arrive within the
//! header-read timeout (slowloris; hyper also applies it to a kept-alive
//! connection waiting for its next request) and bounds pauses inside a request
//! body, an answer the client stops reading fails after the idle timeout, TLS
//! handshakes share the header timeout, and TCP connections beyond the cap are
//! closed on accept.

use super::data_plane::{DataPlane, pool_route};
use super::routes::app;
use super::state::{AppState, Listener, Peer};
use super::{DaemonArgs, DaemonError, io_err};
use crate::proxy::IdleTimeout;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;
use tower_http::timeout::RequestBodyTimeout;

pub fn tls_config(args: &DaemonArgs) -> Result<Option<Arc<rustls::ServerConfig>>, DaemonError> {
    let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) else {
        return Ok(None);
    };
    let tls = |m: String| DaemonError::Tls(m);
    let certs = rustls_pemfile::certs(&mut std::io::BufReader::new(
        std::fs::File::open(cert).map_err(io_err(cert))?,
    ))
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| tls(format!("{}: {e}", cert.display())))?;
    if certs.is_empty() {
        return Err(tls(format!("{} holds no PEM certificate", cert.display())));
    }
    let key = rustls_pemfile::private_key(&mut std::io::BufReader::new(
        std::fs::File::open(key).map_err(io_err(key))?,
    ))
    .map_err(|e| tls(format!("{}: {e}", key.display())))?
    .ok_or_else(|| tls(format!("{} holds no PEM private key", key.display())))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| tls(e.to_string()))?
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .map_err(|e| tls(e.to_string()))?;
    Ok(Some(Arc::new(config)))
}

/// The bounds every connection gets (daemon flags).
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    pub header_read: Duration,
    pub idle: Duration,
}

impl ConnLimits {
    pub fn from_args(args: &DaemonArgs) -> Self {
        ConnLimits {
            header_read: Duration::from_secs_f64(args.header_read_timeout),
            idle: Duration::from_secs_f64(args.idle_timeout),
        }
    }
}

/// What every connection of one listener shares.
#[derive(Clone)]
struct Served {
    router: axum::Router,
    data_plane: Arc<DataPlane>,
}

fn spawn_connection<S>(
    io: S,
    served: Served,
    peer: Option<std::net::IpAddr>,
    limits: ConnLimits,
    permit: Option<OwnedSemaphorePermit>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let Served { router, data_plane } = served;
        let router = router.layer(axum::Extension(Peer(peer)));
        // A request body that pauses as long as headers may take fails (a
        // forwarded one then answers 400, before the longer idle timeout of
        // the container's side could blame the container); the response side
        // is bounded by `IdleTimeout` below.
        let service = TowerToHyperService::new(RequestBodyTimeout::new(router, limits.header_read));
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read);
        builder.http2().timer(TokioTimer::new());
        let io = IdleTimeout::writes_only(io, limits.idle);
        // hyper's header timer starts only once the HTTP version is known; a
        // client that sends too little to tell (under 24 bytes) would wait
        // forever. So the first request must arrive within the header timeout.
        let seen = Arc::new(AtomicBool::new(false));
        let service = {
            let seen = seen.clone();
            hyper::service::service_fn(move |mut req: hyper::Request<_>| {
                seen.store(true, Ordering::Relaxed);
                collapse_leading_slashes(&mut req);
                // The path's bytes are shared (`Bytes`): keeping them costs
                // no copy; the segments are read off them again in place.
                let routed: BoxedAnswer = if pool_route(req.uri().path()).is_some() {
                    let data_plane = data_plane.clone();
                    let path = req.uri().clone();
                    Box::pin(async move {
                        let (rg, name) = pool_route(path.path()).unwrap_or_default();
                        Ok(data_plane.serve(req, rg, name, peer).await)
                    })
                } else {
                    Box::pin(hyper::service::Service::call(&service, req))
                };
                routed
            })
        };
        let first_request_late = async {
            tokio::time::sleep(limits.header_read).await;
            if seen.load(Ordering::Relaxed) {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = builder.serve_connection_with_upgrades(TokioIo::new(io), service) => {
                if let Err(e) = served {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            }
            () = first_request_late => tracing::debug!("no request within the header timeout"),
        }
        drop(permit);
    });
}

/// A request's answer, whichever way it was served.
type BoxedAnswer = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<axum::response::Response, std::convert::Infallible>>
            + Send,
    >,
>;

/// `//metadata/endpoints` → `/metadata/endpoints`: clients configured with
/// a base URL that ends in `/` (az's `--endpoint-resource-manager URL/`)
/// join paths with a doubled slash, which ARM accepts. Only the start of the
/// path is touched: what follows a pool's endpoint is forwarded as sent.
fn collapse_leading_slashes<B>(req: &mut hyper::Request<B>) {
    let path = req.uri().path();
    if !path.starts_with("//") {
        return;
    }
    let fixed = format!("/{}", path.trim_start_matches('/'));
    let pq = match req.uri().query() {
        Some(q) => format!("{fixed}?{q}"),
        None => fixed,
    };
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = pq.parse() {
        parts.path_and_query = Some(pq);
        if let Ok(uri) = hyper::Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
}

pub async fn serve(
    state: AppState,
    args: &DaemonArgs,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> Result<(), DaemonError> {
    let socket = &args.socket;
    if let Some(dir) = socket.parent() {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    // A socket left by a previous run blocks bind; nothing else may live there.
    if socket.exists() {
        std::fs::remove_file(socket).map_err(io_err(socket))?;
    }
    let unix = tokio::net::UnixListener::bind(socket).map_err(io_err(socket))?;
    super::restrict(socket, 0o600)?;
    tracing::info!(socket = %socket.display(), "listening on the unix socket");
    let limits = ConnLimits::from_args(args);
    let served = |listener| Served {
        router: app(state.clone(), listener),
        data_plane: Arc::new(DataPlane {
            state: state.clone(),
            listener,
            body_timeout: limits.header_read,
        }),
    };
    let unix_served = served(Listener::Unix);
    tokio::spawn(async move {
        loop {
            match unix.accept().await {
                // Root only, so not capped: an operator can always get in.
                Ok((io, _)) => spawn_connection(io, unix_served.clone(), None, limits, None),
                Err(e) => tracing::warn!(error = %e, "accept on the unix socket failed"),
            }
        }
    });
    if let Some(addr) = &args.listen {
        let tcp = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| DaemonError::Listen(format!("{addr}: {e}")))?;
        let tcp_served = served(Listener::Tcp { tls: tls.is_some() });
        let acceptor = tls.map(TlsAcceptor::from);
        tracing::info!(address = %addr, tls = acceptor.is_some(), "listening on TCP");
        let max_connections = args.max_connections;
        let slots = Arc::new(Semaphore::new(max_connections as usize));
        tokio::spawn(async move {
            loop {
                let (io, addr) = match tcp.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept on TCP failed");
                        continue;
                    }
                };
                let Ok(permit) = slots.clone().try_acquire_owned() else {
                    tracing::debug!(peer = %addr, max = max_connections, "connection cap reached; closing a new connection");
                    drop(io);
                    continue;
                };
                let _ = io.set_nodelay(true);
                match &acceptor {
                    None => spawn_connection(
                        io,
                        tcp_served.clone(),
                        Some(addr.ip()),
                        limits,
                        Some(permit),
                    ),
                    Some(acceptor) => {
                        let (acceptor, served) = (acceptor.clone(), tcp_served.clone());
                        tokio::spawn(async move {
                            match tokio::time::timeout(limits.header_read, acceptor.accept(io))
                                .await
                            {
                                Ok(Ok(io)) => spawn_connection(
                                    io,
                                    served,
                                    Some(addr.ip()),
                                    limits,
                                    Some(permit),
                                ),
                                Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                                Err(_) => tracing::debug!(peer = %addr, "TLS handshake timed out"),
                            }
                        });
                    }
                }
            }
        });
    }
    println!("sessionpool daemon ready");
    shutdown_signal().await;
    tracing::info!("shutting down");
    let _ = std::fs::remove_file(socket);
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("installing a SIGTERM handler works");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
