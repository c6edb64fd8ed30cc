//! The code interpreter data plane of PythonLTS pools, as az's
//! `containerapp session code-interpreter` calls it (api-version 2024-02-02-preview).

use super::sessions::encode_query;
use super::{Client, ClientError};
use crate::api::pool_endpoint_path;
use crate::spec::{PoolName, ResourceGroup};
use bytes::Bytes;
use hyper::Method;

const API_VERSION: &str = "2024-02-02-preview";

fn url(rg: &ResourceGroup, name: &PoolName, path: &str, identifier: &str) -> String {
    format!(
        "{}/{path}?identifier={}&api-version={API_VERSION}",
        pool_endpoint_path(rg, name),
        encode_query(identifier)
    )
}

/// Percent-encode a file name as one path segment.
fn encode_segment(s: &str) -> String {
    encode_query(s).replace('+', "%20")
}

impl Client {
    /// Run code in the identifier's session; the answer as Azure returns it.
    pub async fn execute_code(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
        code: &str,
        timeout_seconds: Option<u64>,
    ) -> Result<serde_json::Value, ClientError> {
        let mut props = serde_json::json!({
            "codeInputType": "inline",
            "executionType": "synchronous",
            "code": code,
        });
        if let Some(t) = timeout_seconds {
            props["timeoutInSeconds"] = t.into();
        }
        let body = serde_json::json!({ "properties": props }).to_string();
        let headers = [("content-type".to_string(), "application/json".to_string())];
        self.send(
            Method::POST,
            &url(rg, name, "code/execute", identifier),
            Some(body.into()),
            &headers,
        )
        .await?
        .json()
    }

    /// Upload one file into /mnt/data (multipart, field `file`).
    pub async fn upload_file(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
        file_name: &str,
        data: Bytes,
    ) -> Result<serde_json::Value, ClientError> {
        let boundary = format!("sessionpool-{}", uuid::Uuid::new_v4().simple());
        let quoted = file_name.replace('\\', "\\\\").replace('"', "\\\"");
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quoted}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let headers = [(
            "content-type".to_string(),
            format!("multipart/form-data; boundary={boundary}"),
        )];
        self.send(
            Method::POST,
            &url(rg, name, "files/upload", identifier),
            Some(body.into()),
            &headers,
        )
        .await?
        .json()
    }

    pub async fn list_files(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
    ) -> Result<serde_json::Value, ClientError> {
        self.send(Method::GET, &url(rg, name, "files", identifier), None, &[])
            .await?
            .json()
    }

    pub async fn download_file(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
        file_name: &str,
    ) -> Result<Bytes, ClientError> {
        let path = format!("files/content/{}", encode_segment(file_name));
        Ok(self
            .send(Method::GET, &url(rg, name, &path, identifier), None, &[])
            .await?
            .body)
    }

    pub async fn delete_file(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        identifier: &str,
        file_name: &str,
    ) -> Result<(), ClientError> {
        let path = format!("files/{}", encode_segment(file_name));
        self.send(Method::DELETE, &url(rg, name, &path, identifier), None, &[])
            .await
            .map(|_| ())
    }
}
