mod cli;

fn main() {
    flexus_core::secret::harden_release();
    std::process::exit(cli::main());
}
