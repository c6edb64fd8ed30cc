//! Pool calls: ARM paths, api-version and long-running operation polling.

use super::{Answer, Client, ClientError};
use crate::api::{self, OperationStatus, PoolList, PoolResource};
use crate::spec::{PoolName, ResourceGroup};
use bytes::Bytes;
use reqwest::Method;
use std::time::Duration;

fn versioned(path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}api-version={}", api::CLIENT_API_VERSION)
}

fn body(resource: &impl serde::Serialize) -> Option<Bytes> {
    Some(Bytes::from(
        serde_json::to_vec(resource).expect("plain data serializes"),
    ))
}

/// The accepted start of a long-running operation.
#[derive(Debug)]
pub struct Started {
    pub resource: Option<PoolResource>,
    /// The Azure-AsyncOperation URL to poll, when the daemon gave one.
    pub operation: Option<String>,
}

impl Started {
    fn from(answer: Answer) -> Result<Self, ClientError> {
        let resource = if answer.body.is_empty() {
            None
        } else {
            Some(answer.json()?)
        };
        let operation = answer.header("azure-asyncoperation").map(str::to_string);
        Ok(Self {
            resource,
            operation,
        })
    }
}

impl Client {
    pub async fn get_pool(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<PoolResource, ClientError> {
        let path = versioned(&api::pool_path(api::DEFAULT_SUBSCRIPTION, rg, name));
        self.send(Method::GET, &path, None, &[]).await?.json()
    }

    /// Every pool of a resource group (or all), following nextLink.
    pub async fn list_pools(
        &self,
        rg: Option<&ResourceGroup>,
    ) -> Result<Vec<PoolResource>, ClientError> {
        let mut next = Some(versioned(&match rg {
            Some(rg) => api::rg_pools_path(api::DEFAULT_SUBSCRIPTION, rg),
            None => api::sub_pools_path(api::DEFAULT_SUBSCRIPTION),
        }));
        let mut all = Vec::new();
        while let Some(url) = next {
            let page: PoolList = self.send(Method::GET, &url, None, &[]).await?.json()?;
            all.extend(page.value);
            next = page.next_link;
        }
        Ok(all)
    }

    pub async fn put_pool(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        resource: &PoolResource,
    ) -> Result<Started, ClientError> {
        let path = versioned(&api::pool_path(api::DEFAULT_SUBSCRIPTION, rg, name));
        Started::from(self.send(Method::PUT, &path, body(resource), &[]).await?)
    }

    pub async fn patch_pool(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        patch: &serde_json::Value,
    ) -> Result<Started, ClientError> {
        let path = versioned(&api::pool_path(api::DEFAULT_SUBSCRIPTION, rg, name));
        Started::from(self.send(Method::PATCH, &path, body(patch), &[]).await?)
    }

    /// Returns the operation to poll, or None when there was nothing to delete.
    pub async fn delete_pool(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<Option<String>, ClientError> {
        let path = versioned(&api::pool_path(api::DEFAULT_SUBSCRIPTION, rg, name));
        let answer = self.send(Method::DELETE, &path, None, &[]).await?;
        Ok(answer.header("azure-asyncoperation").map(str::to_string))
    }

    pub async fn operation(&self, url: &str) -> Result<OperationStatus, ClientError> {
        self.send(Method::GET, url, None, &[]).await?.json()
    }

    /// Poll an operation until it is terminal, calling `tick` between polls.
    pub async fn wait(
        &self,
        url: &str,
        mut tick: impl FnMut(&OperationStatus),
    ) -> Result<OperationStatus, ClientError> {
        let mut delay = Duration::from_millis(50);
        loop {
            let status = self.operation(url).await?;
            tick(&status);
            if status.is_terminal() {
                return Ok(status);
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(1));
        }
    }
}
