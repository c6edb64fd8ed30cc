fn main() {
    std::process::exit(sessionpool::cli::main());
}
