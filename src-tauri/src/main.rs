// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Keys are cached in memory: a crash must not write them into a core file.
    flexus_core::secret::harden_release();
    flexus_desk::run();
}
