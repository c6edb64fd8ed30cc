"""Drives a PythonLTS pool with LangChain's SessionsPythonREPLTool, unchanged.

argv: pool management endpoint, access token, session identifier.
Prints one JSON object with what the tool returned; the Rust test checks it.
"""
import io
import json
import sys

from langchain_azure_dynamic_sessions import SessionsPythonREPLTool

endpoint, token, identifier = sys.argv[1:4]
tool = SessionsPythonREPLTool(
    pool_management_endpoint=endpoint,
    access_token_provider=lambda: token,
    session_id=identifier,
)
out = {}
out["first"] = tool.execute("x = 6 * 7\nprint('x is set')")
out["second"] = tool.execute("x")
# The tool's own entry point, as an agent calls it.
content, _ = tool._run("print(x + 1)")
out["run"] = json.loads(content)
meta = tool.upload_file(data=io.BytesIO(b"hello from the host\n"), remote_file_path="input.txt")
out["uploaded"] = {"filename": meta.filename, "size": meta.size_in_bytes, "full_path": meta.full_path}
out["listed"] = [{"filename": f.filename, "size": f.size_in_bytes} for f in tool.list_files()]
out["read_back"] = tool.execute("open('/mnt/data/input.txt').read()")
tool.execute("with open('/mnt/data/report.csv', 'w') as f:\n    f.write('a,b\\n1,2\\n')")
out["downloaded"] = tool.download_file(remote_file_path="report.csv").read().decode()
out["plot"] = tool.execute(
    "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()"
)
out["error"] = tool.execute("1 / 0")
print(json.dumps(out))
