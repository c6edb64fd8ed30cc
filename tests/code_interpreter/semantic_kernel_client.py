"""Drives a PythonLTS pool with Semantic Kernel's SessionsPythonTool, unchanged.

argv: pool management endpoint (https), executor token, CA file, identifier.
Its auth callback returns the executor token. Prints one JSON object.
"""
import asyncio
import json
import os
import sys
import tempfile

from httpx import AsyncClient
from semantic_kernel.core_plugins.sessions_python_tool.sessions_python_plugin import SessionsPythonTool
from semantic_kernel.core_plugins.sessions_python_tool.sessions_python_settings import SessionsPythonSettings

endpoint, token, ca_file, identifier = sys.argv[1:5]


async def main(d):
    tool = SessionsPythonTool(
        auth_callback=lambda: token,
        pool_management_endpoint=endpoint,
        settings=SessionsPythonSettings(identifier=identifier),
        http_client=AsyncClient(verify=ca_file, timeout=60),
        # Semantic Kernel refuses uploads unless told where from.
        enable_dangerous_file_uploads=True,
        allowed_upload_directories=[d],
    )
    out = {}
    out["first"] = await tool.execute_code("import numpy as np\nvalues = np.arange(4)")
    out["second"] = await tool.execute_code("int(values.sum())")
    if True:
        local = os.path.join(d, "sk-input.txt")
        with open(local, "w") as f:
            f.write("from semantic kernel\n")
        meta = await tool.upload_file(local_file_path=local)
        out["uploaded"] = {"filename": meta.filename, "size": meta.size_in_bytes}
    out["listed"] = sorted(f.filename for f in await tool.list_files())
    data = await tool.download_file(remote_file_name="sk-input.txt")
    out["downloaded"] = data.read().decode()
    print(json.dumps(out))


with tempfile.TemporaryDirectory() as d:
    asyncio.run(main(d))
