"""Drive the daemon with Azure's own management SDK (azure-mgmt-appcontainers),
unchanged but for the base URL, a CA file and a token: create (long-running
PUT), get, both lists, update (PATCH) and delete. Run by tests/azure_sdk.rs.

usage: drive_pool.py BASE_URL TOKEN CA_FILE IMAGE
"""
import sys, json
from azure.core.credentials import AccessToken
from azure.mgmt.appcontainers import ContainerAppsAPIClient

url, token, ca, image = sys.argv[1:5]
class Token:
    def get_token(self, *scopes, **kwargs):
        return AccessToken(token, 4102444800)

client = ContainerAppsAPIClient(Token(), "sub-1", base_url=url, connection_verify=ca, polling_interval=0.1)
print("api-version", client._config.api_version)
ops = client.container_apps_session_pools
body = {
    "location": "westus",
    "properties": {
        "environmentId": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
        "containerType": "CustomContainer",
        "poolManagementType": "Dynamic",
        "scaleConfiguration": {"maxConcurrentSessions": 3, "readySessionInstances": 1},
        "dynamicPoolConfiguration": {"lifecycleConfiguration": {"lifecycleType": "Timed", "cooldownPeriodInSeconds": 300}},
        "customContainerTemplate": {
            "containers": [{"image": image, "name": "c", "resources": {"cpu": 0.25, "memory": "0.5Gi"}}],
            "ingress": {"targetPort": 8080},
        },
        "sessionNetworkConfiguration": {"status": "EgressDisabled"},
    },
}
pool = ops.begin_create_or_update("rg", "sdk-pool", body).result()
print("created", pool.name, pool.provisioning_state, pool.pool_management_endpoint)
got = ops.get("rg", "sdk-pool")
print("got", got.scale_configuration.ready_session_instances)
names = [p.name for p in ops.list_by_resource_group("rg")]
print("list rg", names)
names = [p.name for p in ops.list_by_subscription()]
print("list sub", names)
patched = ops.begin_update("rg", "sdk-pool", {"properties": {"scaleConfiguration": {"maxConcurrentSessions": 3, "readySessionInstances": 2}}}).result()
print("patched", patched.scale_configuration.ready_session_instances if patched else None)
ops.begin_delete("rg", "sdk-pool").result()
print("deleted", [p.name for p in ops.list_by_resource_group("rg")])
