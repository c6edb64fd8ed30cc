// The code interpreter of a NodeLTS session, supplied by sessionpool and
// mounted read-only into the session's sandbox. It runs on the image's own
// node with its built-in modules only, so it works on any image that has
// Node.js (glibc or musl, any architecture).
//
// Same shape and internal protocol as python_server.py: this server (HTTP,
// spoken to by the daemon only) and one long-lived kernel process whose vm
// context keeps the session's variables. A call past its timeout is
// interrupted by V8 (the kernel and its state stay); a kernel that does not
// answer even then is replaced (its state is lost, and stderr says so). The
// server listens only once the kernel is ready.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');
const vm = require('vm');

const DATA = process.env.SESSIONPOOL_FILES_DIR || '/mnt/data';
const PORT = Number(process.env.SESSIONPOOL_INTERPRETER_PORT || 6070);
const OUTPUT_LIMIT = Number(process.env.SESSIONPOOL_OUTPUT_LIMIT || 1 << 20);
const KILL_GRACE_MS = 3000;

// ---------------------------------------------------------------- the kernel

function capture() {
  const parts = [];
  let size = 0;
  let cut = false;
  return {
    write(s) {
      s = String(s);
      const room = OUTPUT_LIMIT - size;
      if (s.length > room) {
        cut = true;
        s = s.slice(0, Math.max(room, 0));
      }
      if (s) {
        parts.push(s);
        size += s.length;
      }
    },
    text() {
      return parts.join('') + (cut ? `\n[output truncated at ${OUTPUT_LIMIT} characters]\n` : '');
    },
  };
}

function resultValue(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return util.inspect(v);
}

function kernel() {
  fs.mkdirSync(DATA, { recursive: true });
  process.chdir(DATA);
  let out = capture();
  let err = capture();
  const line = (args) => util.format(...args) + '\n';
  const console_ = {
    log: (...a) => out.write(line(a)),
    info: (...a) => out.write(line(a)),
    debug: (...a) => out.write(line(a)),
    error: (...a) => err.write(line(a)),
    warn: (...a) => err.write(line(a)),
  };
  const context = vm.createContext({
    console: console_, require, process, Buffer, URL, TextEncoder, TextDecoder,
    setTimeout, setInterval, clearTimeout, clearInterval, setImmediate,
  });
  process.on('message', (req) => {
    out = capture();
    err = capture();
    const started = Date.now();
    let status = 'Success';
    let result = null;
    let timedOut = false;
    try {
      result = resultValue(vm.runInContext(req.code, context, {
        filename: '<code>',
        timeout: Math.max(1, req.timeout * 1000),
      }));
    } catch (e) {
      status = 'Failure';
      if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        timedOut = true;
        err.write(`TimeoutError: the execution timed out after ${req.timeout} seconds and was interrupted\n`);
      } else {
        // The kernel's own frames are not the code's.
        const stack = e && e.stack ? e.stack : String(e);
        err.write(`${stack.split('\n').filter((l) => !/\(node:|node_server\.js/.test(l)).join('\n')}\n`);
      }
    }
    process.send({
      id: req.id, status, stdout: out.text(), stderr: err.text(), result,
      executionTimeInMilliseconds: Date.now() - started, timedOut,
    });
  });
  process.send({ ready: true });
}

// ---------------------------------------------------------------- the server

class Kernel {
  constructor() {
    this.queue = Promise.resolve();
    this.nextId = 0;
  }

  start() {
    return new Promise((resolve, reject) => {
      const child = cp.fork(__filename, ['--kernel'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.child = child;
      this.waiting = new Map();
      const waiting = this.waiting;
      child.on('message', (m) => {
        if (m.ready) return resolve();
        const done = waiting.get(m.id);
        if (done) {
          waiting.delete(m.id);
          done(m);
        }
      });
      child.on('exit', () => {
        for (const done of waiting.values()) done(null);
        waiting.clear();
      });
      child.on('error', reject);
    });
  }

  async restart() {
    try { this.child.kill('SIGKILL'); } catch (e) { /* gone already */ }
    await this.start();
  }

  execute(code, timeout) {
    const run = async () => {
      const started = Date.now();
      if (this.child.exitCode !== null || this.child.signalCode !== null) await this.start();
      const id = ++this.nextId;
      const reply = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeout * 1000 + KILL_GRACE_MS);
        this.waiting.set(id, (m) => { clearTimeout(timer); resolve(m); });
        try {
          this.child.send({ id, code, timeout });
        } catch (e) {
          clearTimeout(timer);
          resolve(null);
        }
      });
      if (reply) return reply;
      await this.restart();
      const why = reply === undefined
        ? `the execution timed out after ${timeout} seconds and the kernel did not stop, so it was restarted and its state is lost`
        : 'the kernel exited during the execution; it was restarted and its state is lost';
      return {
        status: 'Failure', stdout: '', stderr: `SessionError: ${why}\n`, result: null,
        executionTimeInMilliseconds: Date.now() - started, timedOut: reply === undefined,
      };
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }
}

function resolveName(name) {
  name = name || '';
  if (name.startsWith(DATA + '/')) name = name.slice(DATA.length + 1);
  if (name.includes('\0') || name.startsWith('/')) return null;
  const root = fs.realpathSync(DATA);
  let existing = path.resolve(root, name);
  const rest = [];
  while (!fs.existsSync(existing)) {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  const real = path.join(fs.realpathSync(existing), ...rest);
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  return real;
}

function meta(p) {
  const st = fs.statSync(p);
  return {
    name: path.basename(p),
    path: path.relative(fs.realpathSync(DATA), p),
    size: st.size,
    lastModifiedTime: st.mtime.toISOString(),
    type: st.isDirectory() ? 'directory' : 'file',
  };
}

function serve() {
  fs.mkdirSync(DATA, { recursive: true });
  const kernel_ = new Kernel();
  const send = (res, status, body, type = 'application/json') => {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : JSON.stringify(body));
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': data.length });
    res.end(data);
  };
  const error = (res, status, code, message) => send(res, status, { error: { code, message } });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url, 'http://interpreter');
        const route = url.pathname;
        const q = (k) => url.searchParams.get(k) || '';
        if (req.method === 'GET' && route === '/health') return send(res, 200, { status: 'ready' });
        if (req.method === 'POST' && route === '/execute') {
          let r;
          try { r = JSON.parse(body); } catch (e) { r = null; }
          if (!r || typeof r.code !== 'string') return error(res, 400, 'InvalidRequest', 'expected {"code": ...}');
          return send(res, 200, await kernel_.execute(r.code, Number(r.timeoutInSeconds) || 220));
        }
        if (req.method === 'GET' && route === '/files') {
          const dir = resolveName(q('path'));
          if (dir === null) return error(res, 400, 'InvalidPath', 'the path must stay inside /mnt/data');
          if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return error(res, 404, 'NotFound', 'no such directory');
          const entries = [];
          for (const e of fs.readdirSync(dir).sort()) {
            try { entries.push(meta(path.join(dir, e))); } catch (err) { /* vanished */ }
          }
          return send(res, 200, { value: entries });
        }
        if (route === '/files/meta' || route === '/files/content') {
          const p = resolveName(q('name'));
          if (p === null) return error(res, 400, 'InvalidPath', 'the path must stay inside /mnt/data');
          if (req.method === 'PUT' && route === '/files/content') {
            if (p === fs.realpathSync(DATA)) return error(res, 400, 'InvalidPath', 'a file name is required');
            fs.mkdirSync(path.dirname(p), { recursive: true });
            fs.writeFileSync(p, body);
            return send(res, 200, meta(p));
          }
          if (!fs.existsSync(p) || !fs.statSync(p).isFile()) return error(res, 404, 'NotFound', 'no such file');
          if (req.method === 'DELETE' && route === '/files/content') {
            fs.unlinkSync(p);
            res.writeHead(204);
            return res.end();
          }
          if (req.method === 'GET' && route === '/files/meta') return send(res, 200, meta(p));
          if (req.method === 'GET') return send(res, 200, fs.readFileSync(p), 'application/octet-stream');
        }
        return error(res, 404, 'NotFound', 'no such route');
      } catch (e) {
        return error(res, 500, 'InterpreterError', String(e && e.message));
      }
    });
  });
  server.keepAliveTimeout = 120000;
  kernel_.start().then(() => server.listen(PORT, '0.0.0.0'));
}

if (process.argv[2] === '--kernel') kernel();
else serve();
