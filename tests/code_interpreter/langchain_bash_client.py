"""Drives a Shell pool with LangChain's SessionsBashTool, unchanged
(api-version 2025-02-02-preview: executions and the flat file shapes).

argv: pool management endpoint, access token, session identifier.
Prints one JSON object with what the tool returned; the Rust test checks it.
"""
import io
import json
import sys

from langchain_azure_dynamic_sessions import SessionsBashTool

endpoint, token, identifier = sys.argv[1:4]
tool = SessionsBashTool(
    pool_management_endpoint=endpoint,
    access_token_provider=lambda: token,
    session_id=identifier,
)
out = {}
content, _ = tool._run("export GREETING=hello; mkdir -p work; cd work; echo $GREETING > note.txt")
out["first"] = json.loads(content)
content, _ = tool._run("cat note.txt; pwd; exit 3")
out["second"] = json.loads(content)
meta = tool.upload_file(data=io.BytesIO(b"abc"), remote_file_path="up.txt")
out["uploaded"] = {"filename": meta.filename, "size": meta.size_in_bytes}
out["listed"] = sorted(f.filename for f in tool.list_files())
out["downloaded"] = tool.download_file(remote_file_path="work/note.txt").read().decode()
print(json.dumps(out))
