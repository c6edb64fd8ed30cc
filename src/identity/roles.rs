//! Azure's built-in roles that matter here, with Azure's GUIDs (templates and
//! scripts hard-code them), and what each lets a principal do.

/// What a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// GET of ARM resources (pools, environments, operations, assignments).
    Read,
    /// PUT/PATCH/DELETE of pools, provider registration.
    Write,
    /// Create and delete role assignments.
    AssignRoles,
    /// The data plane of a pool: sessions, session management.
    Execute,
    /// The daemon's own APIs: opaque tokens, principals, signing keys,
    /// metrics, logs (Owner at the subscription).
    Administer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDefinition {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// ARM actions and data actions, as Azure lists them.
    pub actions: &'static [&'static str],
    pub not_actions: &'static [&'static str],
    pub data_actions: &'static [&'static str],
    grants: &'static [Action],
}

impl RoleDefinition {
    pub fn grants(&self, action: Action) -> bool {
        self.grants.contains(&action)
    }
}

pub const OWNER: RoleDefinition = RoleDefinition {
    id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    name: "Owner",
    description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    actions: &["*"],
    not_actions: &[],
    data_actions: &[],
    grants: &[
        Action::Read,
        Action::Write,
        Action::AssignRoles,
        Action::Administer,
    ],
};

pub const CONTRIBUTOR: RoleDefinition = RoleDefinition {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    name: "Contributor",
    description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.",
    actions: &["*"],
    not_actions: &[
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
    ],
    data_actions: &[],
    grants: &[Action::Read, Action::Write],
};

pub const READER: RoleDefinition = RoleDefinition {
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    name: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    actions: &["*/read"],
    not_actions: &[],
    data_actions: &[],
    grants: &[Action::Read],
};

pub const SESSION_EXECUTOR: RoleDefinition = RoleDefinition {
    id: "0fb8eba5-a2bb-4abe-b1c1-49dfad359bb0",
    name: "Azure ContainerApps Session Executor",
    description: "Grants permission to execute sessions in a session pool.",
    actions: &["Microsoft.App/sessionPools/read"],
    not_actions: &[],
    data_actions: &["Microsoft.App/sessionPools/*"],
    grants: &[Action::Execute],
};

pub const BUILT_IN_ROLES: [RoleDefinition; 4] = [OWNER, CONTRIBUTOR, READER, SESSION_EXECUTOR];

/// A role by GUID or by a full role definition id (`.../roleDefinitions/{guid}`).
pub fn role_by_id(id: &str) -> Option<&'static RoleDefinition> {
    let guid = id.rsplit('/').next().unwrap_or(id);
    BUILT_IN_ROLES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(guid))
}

/// A role by its display name (az's `--role NAME`), as Azure, ignoring case.
pub fn role_by_name(name: &str) -> Option<&'static RoleDefinition> {
    BUILT_IN_ROLES
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_semantics() {
        // Neither Owner nor Contributor reaches the data plane; only the executor does.
        assert!(!OWNER.grants(Action::Execute) && !CONTRIBUTOR.grants(Action::Execute));
        assert!(SESSION_EXECUTOR.grants(Action::Execute));
        assert!(!CONTRIBUTOR.grants(Action::AssignRoles) && OWNER.grants(Action::AssignRoles));
        assert!(!READER.grants(Action::Write));
        assert_eq!(
            role_by_id(
                "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/0FB8EBA5-a2bb-4abe-b1c1-49dfad359bb0"
            ),
            Some(&SESSION_EXECUTOR)
        );
        assert_eq!(
            role_by_name("azure containerapps session executor"),
            Some(&SESSION_EXECUTOR)
        );
        assert_eq!(role_by_name("Janitor"), None);
    }
}
