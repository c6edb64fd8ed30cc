/work/main/examples/session-server/target/release/deps/session_server-53d87efd75abdc8f.d: src/main.rs src/http.rs src/ws.rs

/work/main/examples/session-server/target/release/deps/session_server-53d87efd75abdc8f: src/main.rs src/http.rs src/ws.rs

src/main.rs:
src/http.rs:
src/ws.rs:
