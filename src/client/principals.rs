//! Service principal, signing key and role assignment calls.

use super::{Client, ClientError};
use crate::api::{
    AUTHORIZATION_API_VERSION, PRINCIPALS_PATH, PrincipalCreateRequest, PrincipalCreated,
    PrincipalList, RoleAssignment, SIGNING_KEYS_PATH, SigningKeyList, role_assignment_path,
};
use bytes::Bytes;
use reqwest::Method;

impl Client {
    pub async fn create_principal(
        &self,
        req: &PrincipalCreateRequest,
    ) -> Result<PrincipalCreated, ClientError> {
        let body = Bytes::from(serde_json::to_vec(req).expect("plain data serializes"));
        self.send(Method::POST, PRINCIPALS_PATH, Some(body), &[])
            .await?
            .json()
    }

    pub async fn list_principals(&self) -> Result<PrincipalList, ClientError> {
        self.send(Method::GET, PRINCIPALS_PATH, None, &[])
            .await?
            .json()
    }

    pub async fn delete_principal(&self, id: &str) -> Result<(), ClientError> {
        self.send(
            Method::DELETE,
            &format!("{PRINCIPALS_PATH}/{id}"),
            None,
            &[],
        )
        .await?;
        Ok(())
    }

    pub async fn list_signing_keys(&self) -> Result<SigningKeyList, ClientError> {
        self.send(Method::GET, SIGNING_KEYS_PATH, None, &[])
            .await?
            .json()
    }

    pub async fn rotate_signing_key(&self) -> Result<SigningKeyList, ClientError> {
        self.send(
            Method::POST,
            &format!("{SIGNING_KEYS_PATH}/rotate"),
            None,
            &[],
        )
        .await?
        .json()
    }

    /// `PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{new guid}`.
    pub async fn assign_role(
        &self,
        scope: &str,
        role_definition_id: &str,
        principal_id: &str,
    ) -> Result<RoleAssignment, ClientError> {
        let name = uuid::Uuid::new_v4().to_string();
        let body = serde_json::json!({
            "properties": {
                "roleDefinitionId": role_definition_id,
                "principalId": principal_id,
                "principalType": "ServicePrincipal",
            }
        });
        self.send(
            Method::PUT,
            &format!(
                "{}?api-version={AUTHORIZATION_API_VERSION}",
                role_assignment_path(scope, &name)
            ),
            Some(Bytes::from(body.to_string())),
            &[],
        )
        .await?
        .json()
    }
}
