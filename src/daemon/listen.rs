//! Listeners: the root-only unix socket, optional TCP, optional TLS on TCP.

use super::routes::app;
use super::state::{AppState, Listener, Peer};
use super::{DaemonArgs, DaemonError, io_err};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsAcceptor;

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

fn spawn_connection<S>(io: S, router: axum::Router, peer: Option<std::net::IpAddr>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let router = router.layer(axum::Extension(Peer(peer)));
        let service = TowerToHyperService::new(router);
        if let Err(e) = Builder::new(TokioExecutor::new())
            .serve_connection_with_upgrades(TokioIo::new(io), service)
            .await
        {
            tracing::debug!(error = %e, "connection ended with an error");
        }
    });
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
    let unix_router = app(state.clone(), Listener::Unix);
    tokio::spawn(async move {
        loop {
            match unix.accept().await {
                Ok((io, _)) => spawn_connection(io, unix_router.clone(), None),
                Err(e) => tracing::warn!(error = %e, "accept on the unix socket failed"),
            }
        }
    });
    if let Some(addr) = &args.listen {
        let tcp = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| DaemonError::Listen(format!("{addr}: {e}")))?;
        let router = app(state.clone(), Listener::Tcp { tls: tls.is_some() });
        let acceptor = tls.map(TlsAcceptor::from);
        tracing::info!(address = %addr, tls = acceptor.is_some(), "listening on TCP");
        tokio::spawn(async move {
            loop {
                let (io, addr) = match tcp.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept on TCP failed");
                        continue;
                    }
                };
                let _ = io.set_nodelay(true);
                match &acceptor {
                    None => spawn_connection(io, router.clone(), Some(addr.ip())),
                    Some(acceptor) => {
                        let (acceptor, router) = (acceptor.clone(), router.clone());
                        tokio::spawn(async move {
                            match acceptor.accept(io).await {
                                Ok(io) => spawn_connection(io, router, Some(addr.ip())),
                                Err(e) => tracing::debug!(error = %e, "TLS handshake failed"),
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
