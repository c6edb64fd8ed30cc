//! Cluster calls: `GET /.cluster/status`.

use super::{Client, ClientError};
use crate::api::{CLUSTER_STATUS_PATH, ClusterStatus};
use reqwest::Method;

impl Client {
    /// The cluster as the daemon it reaches sees it (one node in single-host mode).
    pub async fn cluster_status(&self) -> Result<ClusterStatus, ClientError> {
        self.send(Method::GET, CLUSTER_STATUS_PATH, None, &[])
            .await?
            .json()
    }
}
