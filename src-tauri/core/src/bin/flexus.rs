fn main() {
    flexus_core::secret::harden_release();
    std::process::exit(flexus_core::cli::main());
}
