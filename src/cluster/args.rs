//! Flags of `sessionpool daemon` that join a cluster.

use std::path::PathBuf;

/// Cluster mode (see the README's "Run a cluster"). Without `--cluster` the
/// daemon runs alone on its SQLite state, as ever.
#[derive(Debug, Clone, clap::Args)]
pub struct ClusterArgs {
    /// Join a cluster whose shared state lives in etcd (v3 API), as
    /// etcd://HOST:PORT[,HOST:PORT...]; etcds:// speaks TLS to etcd.
    #[arg(long, value_name = "ETCD_URLS", env = "SESSIONPOOL_CLUSTER")]
    pub cluster: Option<String>,
    /// CA certificate (PEM) that signs etcd's server certificates (etcds://).
    #[arg(long, value_name = "FILE", requires = "cluster")]
    pub cluster_ca: Option<PathBuf>,
    /// Client certificate (PEM) for etcd (etcds://).
    #[arg(long, value_name = "FILE", requires_all = ["cluster", "cluster_key"])]
    pub cluster_cert: Option<PathBuf>,
    /// Client key (PEM) for etcd (etcds://).
    #[arg(long, value_name = "FILE", requires_all = ["cluster", "cluster_cert"])]
    pub cluster_key: Option<PathBuf>,
    /// etcd user name, when etcd has authentication enabled.
    #[arg(long, value_name = "NAME", requires_all = ["cluster", "cluster_password_file"])]
    pub cluster_user: Option<String>,
    /// File holding the etcd user's password.
    #[arg(long, value_name = "FILE", requires = "cluster_user")]
    pub cluster_password_file: Option<PathBuf>,
    /// File holding the secret every node of the cluster shares (at least 32
    /// bytes, e.g. `head -c 32 /dev/urandom`; owner-only): it authenticates
    /// node-to-node forwarding and seals pool secrets kept in etcd.
    #[arg(long, value_name = "FILE", requires = "cluster")]
    pub cluster_secret_file: Option<PathBuf>,
    /// This node's name in the cluster, unique per node [default: the host name].
    #[arg(long, value_name = "NAME", requires = "cluster")]
    pub node_name: Option<String>,
    /// Where the other nodes reach this one (https://HOST:PORT of --listen)
    /// [default: --public-url, else the --listen URL].
    #[arg(long, value_name = "URL", requires = "cluster")]
    pub node_url: Option<String>,
    /// CA certificate (PEM) that signs the other nodes' --tls-cert.
    #[arg(long, value_name = "FILE", requires = "cluster")]
    pub cluster_peer_ca: Option<PathBuf>,
    /// Seconds of this node's lease in etcd. A node that cannot renew it for
    /// this long stops serving its sessions (they are lost); the cluster then
    /// frees its identifiers and moves its share of ready sandboxes.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(2..=600))]
    pub cluster_lease_ttl: u64,
}

/// `etcd://a:1,b:2` → (tls, ["http://a:1", "http://b:2"]).
pub fn endpoints(spec: &str) -> Result<(bool, Vec<String>), String> {
    let (tls, rest) = if let Some(r) = spec.strip_prefix("etcds://") {
        (true, r)
    } else if let Some(r) = spec.strip_prefix("etcd://") {
        (false, r)
    } else {
        return Err(format!(
            "--cluster: expected etcd://HOST:PORT[,HOST:PORT...] or etcds://..., got {spec:?}"
        ));
    };
    let scheme = if tls { "https" } else { "http" };
    let mut out = Vec::new();
    for part in rest.split(',') {
        let part = part
            .trim()
            .trim_start_matches("etcd://")
            .trim_start_matches("etcds://");
        let part = part.trim_end_matches('/');
        let valid = part
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0));
        if !valid {
            return Err(format!(
                "--cluster: {part:?} is not HOST:PORT (in {spec:?})"
            ));
        }
        out.push(format!("{scheme}://{part}"));
    }
    Ok((tls, out))
}

#[cfg(test)]
mod tests {
    use super::endpoints;

    #[test]
    fn etcd_urls_are_read_and_checked() {
        assert_eq!(
            endpoints("etcd://10.0.0.1:2379,10.0.0.2:2379").unwrap(),
            (
                false,
                vec!["http://10.0.0.1:2379".into(), "http://10.0.0.2:2379".into()]
            )
        );
        assert_eq!(
            endpoints("etcds://e:2379").unwrap(),
            (true, vec!["https://e:2379".into()])
        );
        for bad in [
            "http://e:2379",
            "etcd://",
            "etcd://e",
            "etcd://e:0",
            "etcd://:1",
        ] {
            let e = endpoints(bad).unwrap_err();
            assert!(e.starts_with("--cluster:"), "{bad}: {e}");
        }
    }
}
