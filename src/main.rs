//! The `sotay` command; all the work is in the library.

/// mimalloc rather than the system allocator: `sotay serve` frees and rebuilds large parts of
/// a site on every change across rayon's threads, and with glibc's allocator each rebuild of a
/// 10,000-document manual got slower than the last (640 → 900 ms over 15 rebuilds); with
/// mimalloc they stay level, and faster (about 450 ms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sotay::cli::main()
}
