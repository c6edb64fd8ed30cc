# The code interpreter of a PythonLTS session, supplied by sessionpool and
# mounted read-only into the session's sandbox. It runs on the image's own
# python3 with the standard library only, so it works on any image that has
# Python (glibc or musl, any architecture).
#
# Two processes: this server (HTTP on the sandbox's loopback, spoken to by the
# daemon only) and one long-lived kernel that keeps the session's variables.
# A call that runs past its timeout gets SIGINT (KeyboardInterrupt) and, if it
# does not stop, the kernel is replaced (its state is lost, and stderr says so).
# The server binds its port only once the kernel is ready, so a sandbox that
# accepts connections has a ready kernel (warm pools skip the interpreter start).
#
# Internal protocol (the daemon turns it into Azure's shapes):
#   POST /execute {"code", "timeoutInSeconds"} -> {"status", "stdout", "stderr",
#        "result", "executionTimeInMilliseconds"}
#   GET /files?path=DIR -> {"value": [meta...]};  GET /files/meta?name=N -> meta
#   GET|PUT|DELETE /files/content?name=N  (PUT body: the file's bytes)
# Names are relative to /mnt/data; anything resolving outside it is refused.

import ast
import base64
import datetime
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA = os.environ.get("SESSIONPOOL_FILES_DIR", "/mnt/data")
HERE = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ.get("SESSIONPOOL_INTERPRETER_PORT", "6070"))
# stdout and stderr are each cut at this many characters.
OUTPUT_LIMIT = int(os.environ.get("SESSIONPOOL_OUTPUT_LIMIT", str(1 << 20)))
# After SIGINT, how long the code has to stop before the kernel is replaced.
INTERRUPT_GRACE = 3.0


# ---------------------------------------------------------------- the kernel


class _Capture(io.TextIOBase):
    """A bounded stdout/stderr: keeps the first OUTPUT_LIMIT characters."""

    def __init__(self):
        self.parts = []
        self.size = 0
        self.truncated = False

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        room = OUTPUT_LIMIT - self.size
        if len(s) > room:
            self.truncated = True
            s = s[: max(room, 0)]
        if s:
            self.parts.append(s)
            self.size += len(s)
        return len(s)

    def text(self):
        out = "".join(self.parts)
        if self.truncated:
            out += "\n[output truncated at %d characters]\n" % OUTPUT_LIMIT
        return out


def _result_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, float) and value != value:
            return repr(value)
        return value
    return repr(value)


def _run(code, ns, images):
    out, err = _Capture(), _Capture()
    status, result = "Success", None
    started = time.monotonic()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        tree = ast.parse(code, "<code>", "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<code>", "exec"), ns)
        if last is not None:
            result = _result_value(eval(compile(last, "<code>", "eval"), ns))
    except KeyboardInterrupt:
        status = "Failure"
        err.write("KeyboardInterrupt: the execution was interrupted\n")
    except BaseException as e:  # SystemExit too: the kernel stays
        status = "Failure"
        tb = e.__traceback__
        # Drop this function's own frame from the traceback.
        if tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        err.write("".join(traceback.format_exception(type(e), e, tb)))
    finally:
        sys.stdout, sys.stderr = old
    if images:
        result = {"type": "image", "format": "png", "base64_data": images[-1]}
        images.clear()
    return {
        "status": status,
        "stdout": out.text(),
        "stderr": err.text(),
        "result": result,
        "executionTimeInMilliseconds": int((time.monotonic() - started) * 1000),
    }


def kernel():
    # Replies go on a private copy of fd 1; the code's own fd 1 is the log.
    chan = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    sys.stdin = open(os.devnull)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.path.insert(0, HERE)
    os.environ.setdefault("MPLBACKEND", "module://sessionpool_mpl")
    os.makedirs(DATA, exist_ok=True)
    os.chdir(DATA)
    images = []
    try:
        import sessionpool_mpl

        sessionpool_mpl.IMAGES = images
    except Exception:
        pass
    if os.environ["MPLBACKEND"] == "module://sessionpool_mpl":
        try:
            import matplotlib

            matplotlib.use("module://sessionpool_mpl")
        except Exception:
            pass  # an image without matplotlib
    ns = {"__name__": "__main__", "__builtins__": __builtins__}
    chan.write(b'{"ready": true}\n')
    while True:
        try:
            line = requests.readline()
            if not line:
                return
            req = json.loads(line)
            reply = _run(req["code"], ns, images)
            reply["id"] = req["id"]
            chan.write(json.dumps(reply).encode() + b"\n")
        except KeyboardInterrupt:
            # A late SIGINT (the code had just finished): nothing to stop.
            continue


# ------------------------------------------------------- Shell sessions
# `python_server.py --shell`: each call is one `bash -c` in its own process
# group (killed whole at the timeout); the working directory and exported
# variables carry over to the next call, as in a terminal.

SHELL_STATE = "/tmp/.sessionpool-shell"


class Shell:
    def __init__(self):
        self.lock = threading.Lock()
        os.makedirs(SHELL_STATE, exist_ok=True)

    def execute(self, command, timeout):
        cwd_file = os.path.join(SHELL_STATE, "cwd")
        env_file = os.path.join(SHELL_STATE, "env")
        script = (
            "trap 'pwd > %s; export -p > %s' EXIT\n"
            'cd "$(cat %s 2>/dev/null || echo %s)" 2>/dev/null\n'
            "[ -f %s ] && . %s\n" % (cwd_file, env_file, cwd_file, DATA, env_file, env_file)
        ) + command + "\n"
        started = time.monotonic()
        with self.lock:
            proc = subprocess.Popen(
                ["bash", "-c", script],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=DATA,
                start_new_session=True,
            )
            out, err = _Capture(), _Capture()
            readers = [
                threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
                threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True),
            ]
            for r in readers:
                r.start()
            timed_out = False
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
            for r in readers:
                r.join(timeout=5)
        if timed_out:
            err.write("TimeoutError: the execution timed out after %s seconds and was interrupted\n" % timeout)
        return {
            "status": "Success" if code == 0 and not timed_out else "Failure",
            "exitCode": 124 if timed_out else code,
            "stdout": out.text(),
            "stderr": err.text(),
            "result": None,
            "executionTimeInMilliseconds": int((time.monotonic() - started) * 1000),
            "timedOut": timed_out,
        }


def _drain(stream, capture):
    decoder = __import__("codecs").getincrementaldecoder("utf-8")("replace")
    for chunk in iter(lambda: stream.read1(65536), b""):
        capture.write(decoder.decode(chunk))
    capture.write(decoder.decode(b"", final=True))


# ---------------------------------------------------------------- the server


class Kernel:
    """The session's kernel process and one execution at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next_id = 0
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--kernel"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.replies = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc, self.replies), daemon=True).start()
        ready = self.replies.get(timeout=120)
        if not ready or not ready.get("ready"):
            raise RuntimeError("the kernel did not start")

    @staticmethod
    def _read(proc, replies):
        for line in proc.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                pass
        replies.put(None)

    def _wait(self, rid, deadline):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                reply = self.replies.get(timeout=left)
            except queue.Empty:
                return None
            if reply is None:
                return {"dead": True}
            if reply.get("id") == rid:
                return reply

    def execute(self, code, timeout):
        with self.lock:
            if self.proc.poll() is not None:
                self.start()
            self.next_id += 1
            rid = self.next_id
            started = time.monotonic()
            try:
                self.proc.stdin.write(json.dumps({"id": rid, "code": code}).encode() + b"\n")
                self.proc.stdin.flush()
            except OSError:
                self.restart()
                return self._failure("the kernel had exited; it was restarted and its state is lost", started)
            reply = self._wait(rid, started + timeout)
            if reply is not None and not reply.get("dead"):
                return reply
            if reply is None:
                self.proc.send_signal(signal.SIGINT)
                late = self._wait(rid, time.monotonic() + INTERRUPT_GRACE)
                message = "the execution timed out after %s seconds and was interrupted" % timeout
                if late is not None and not late.get("dead"):
                    late["status"] = "Failure"
                    late["stderr"] = (late.get("stderr") or "") + "TimeoutError: " + message + "\n"
                    late["timedOut"] = True
                    return late
                self.restart()
                out = self._failure(message + "; the kernel did not stop, so it was restarted and its state is lost", started)
                out["timedOut"] = True
                return out
            self.restart()
            return self._failure("the kernel exited during the execution; it was restarted and its state is lost", started)

    def restart(self):
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except Exception:
            pass
        self.start()

    @staticmethod
    def _failure(message, started):
        return {
            "status": "Failure",
            "stdout": "",
            "stderr": "SessionError: " + message + "\n",
            "result": None,
            "executionTimeInMilliseconds": int((time.monotonic() - started) * 1000),
        }


def resolve(name):
    """The real path of `name` inside /mnt/data, or None when it leaves it."""
    name = name or ""
    if name.startswith(DATA + "/"):
        name = name[len(DATA) + 1 :]
    if "\0" in name or name.startswith("/"):
        return None
    root = os.path.realpath(DATA)
    path = os.path.realpath(os.path.join(root, name))
    if path != root and not path.startswith(root + os.sep):
        return None
    return path


def meta(path):
    st = os.stat(path)
    root = os.path.realpath(DATA)
    rel = os.path.relpath(path, root)
    modified = datetime.datetime.fromtimestamp(st.st_mtime, datetime.timezone.utc)
    return {
        "name": os.path.basename(path),
        "path": rel,
        "size": st.st_size,
        "lastModifiedTime": modified.isoformat().replace("+00:00", "Z"),
        "type": "directory" if os.path.isdir(path) else "file",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY a kept-alive
    # connection waits for the peer's delayed ACK (40 ms) between them.
    disable_nagle_algorithm = True
    kernel = None

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="application/json"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status, code, message):
        self._send(status, {"error": {"code": code, "message": message}})

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _route(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        return url.path, query

    def _path(self, query, key="name"):
        path = resolve(query.get(key, ""))
        if path is None:
            self._error(400, "InvalidPath", "the path must stay inside /mnt/data")
        return path

    def do_GET(self):
        route, query = self._route()
        if route == "/health":
            return self._send(200, {"status": "ready"})
        if route == "/files":
            path = self._path(query, "path")
            if path is None:
                return
            if not os.path.isdir(path):
                return self._error(404, "NotFound", "no such directory")
            entries = []
            for entry in sorted(os.listdir(path)):
                try:
                    entries.append(meta(os.path.join(path, entry)))
                except OSError:
                    pass
            return self._send(200, {"value": entries})
        if route in ("/files/meta", "/files/content"):
            path = self._path(query)
            if path is None:
                return
            if not os.path.isfile(path):
                return self._error(404, "NotFound", "no such file")
            if route == "/files/meta":
                return self._send(200, meta(path))
            with open(path, "rb") as f:
                data = f.read()
            return self._send(200, data, "application/octet-stream")
        self._error(404, "NotFound", "no such route")

    def do_PUT(self):
        route, query = self._route()
        body = self._body()
        if route != "/files/content":
            return self._error(404, "NotFound", "no such route")
        path = self._path(query)
        if path is None:
            return
        if os.path.realpath(DATA) == path:
            return self._error(400, "InvalidPath", "a file name is required")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
        self._send(200, meta(path))

    def do_DELETE(self):
        route, query = self._route()
        if route != "/files/content":
            return self._error(404, "NotFound", "no such route")
        path = self._path(query)
        if path is None:
            return
        if not os.path.isfile(path):
            return self._error(404, "NotFound", "no such file")
        os.remove(path)
        self._send(204)

    def do_POST(self):
        route, _ = self._route()
        body = self._body()
        if route != "/execute":
            return self._error(404, "NotFound", "no such route")
        try:
            req = json.loads(body)
            code = req["code"]
            timeout = float(req.get("timeoutInSeconds") or 220)
        except (ValueError, KeyError, TypeError):
            return self._error(400, "InvalidRequest", "expected {\"code\": ...}")
        self._send(200, Handler.kernel.execute(code, timeout))


def serve(shell=False):
    os.makedirs(DATA, exist_ok=True)
    Handler.kernel = Shell() if shell else Kernel()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1:] == ["--kernel"]:
        kernel()
    else:
        serve(shell=sys.argv[1:] == ["--shell"])
