"""Stock Azure identity clients against the daemon's authority: azure-identity's
ClientSecretCredential and CertificateCredential (MSAL underneath) with
azure-mgmt-appcontainers, a data-plane call with a token for
https://dynamicsessions.io/.default, and raw MSAL with instance discovery
pointed at the daemon. Run by tests/azure_identity.rs; prints one line per check.

usage: drive_identity.py BASE TENANT SUB MGR_ID MGR_SECRET EXEC_ID EXEC_SECRET CERT_ID CERT_PEM IMAGE
"""
import sys
import requests
import msal
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
from azure.identity import CertificateCredential, ClientSecretCredential
from azure.mgmt.appcontainers import ContainerAppsAPIClient

(base, tenant, sub, mgr_id, mgr_secret, exec_id, exec_secret, cert_id, cert_pem, image) = sys.argv[1:11]
opts = dict(authority=base, disable_instance_discovery=True)
MGMT = "https://management.azure.com/.default"


def pools(cred):
    return ContainerAppsAPIClient(cred, sub, base_url=base, credential_scopes=[MGMT],
                                  polling_interval=0.1).container_apps_session_pools


mgr = ClientSecretCredential(tenant, mgr_id, mgr_secret, **opts)
ops = pools(mgr)
body = {
    "location": "westus",
    "properties": {
        "environmentId": f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
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
pool = ops.begin_create_or_update("rg", "idpool", body).result()
print("created", pool.name, pool.provisioning_state)
print("got", ops.get("rg", "idpool").name)
p1 = ops.get("rg", "p1")
print("listed", sorted(p.name for p in ops.list_by_resource_group("rg")))

# The executor: a data-plane token reaches p1's sessions, not p2's, not ARM.
executor = ClientSecretCredential(tenant, exec_id, exec_secret, **opts)
token = executor.get_token("https://dynamicsessions.io/.default").token
auth = {"Authorization": f"Bearer {token}"}
r = requests.get(f"{p1.pool_management_endpoint}/?identifier=user-1", headers=auth, timeout=60)
print("data plane p1", r.status_code, r.text.strip()[:40])
r = requests.get(f"{base}/pools/rg/p2/?identifier=user-1", headers=auth, timeout=60)
print("data plane p2", r.status_code)
try:
    pools(executor).get("rg", "p1")
    print("executor manages: yes")
except HttpResponseError as e:
    print("executor manages:", e.status_code)

# A certificate instead of a secret (MSAL signs the client assertion).
cert = CertificateCredential(tenant, cert_id, certificate_path=cert_pem, **opts)
print("certificate lists", sorted(p.name for p in pools(cert).list_by_resource_group("rg")))

# A wrong secret: Entra's error, surfaced by azure-identity.
try:
    ClientSecretCredential(tenant, mgr_id, "wrong-secret-value", **opts).get_token(MGMT)
    print("wrong secret: accepted")
except ClientAuthenticationError as e:
    print("wrong secret:", "AADSTS7000215" in str(e), "wrong-secret-value" in str(e))

# Raw MSAL, instance discovery answered by the daemon instead of Microsoft's host.
app = msal.ConfidentialClientApplication(
    mgr_id, client_credential=mgr_secret, authority=f"{base}/{tenant}",
    instance_discovery=f"{base}/common/discovery/instance")
result = app.acquire_token_for_client(scopes=[MGMT])
print("msal instance discovery", "access_token" in result, result.get("error"))

ops.begin_delete("rg", "idpool").result()
print("deleted", sorted(p.name for p in ops.list_by_resource_group("rg")))
