fn main() {
    std::process::exit(flexus_core::cli::main());
}
