fn main() {
    // The embedded runtime re-executes this binary as a single-threaded shim;
    // that path must run before anything starts threads.
    if let Some(code) = sessionpool::runtime::shim_entry() {
        std::process::exit(code);
    }
    std::process::exit(sessionpool::entry::main());
}
