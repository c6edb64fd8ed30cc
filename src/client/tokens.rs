//! Token management calls.

use super::{Client, ClientError};
use crate::api::{TOKENS_PATH, TokenCreateRequest, TokenCreated, TokenList};
use bytes::Bytes;
use reqwest::Method;

impl Client {
    pub async fn create_token(
        &self,
        req: &TokenCreateRequest,
    ) -> Result<TokenCreated, ClientError> {
        let body = Bytes::from(serde_json::to_vec(req).expect("plain data serializes"));
        self.send(Method::POST, TOKENS_PATH, Some(body), &[])
            .await?
            .json()
    }

    pub async fn list_tokens(&self) -> Result<TokenList, ClientError> {
        self.send(Method::GET, TOKENS_PATH, None, &[]).await?.json()
    }

    pub async fn revoke_token(&self, id: &str) -> Result<(), ClientError> {
        self.send(Method::DELETE, &format!("{TOKENS_PATH}/{id}"), None, &[])
            .await?;
        Ok(())
    }
}
