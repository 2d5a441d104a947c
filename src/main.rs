//! The `sotay` command; all the work is in the library.

/// mimalloc rather than the system allocator: `sotay serve` frees and rebuilds large parts of
/// a site on every change across rayon's threads, and with glibc's allocator each rebuild of a
/// 10,000-document manual got slower than the last (640 → 900 ms over 15 rebuilds); with
/// mimalloc they stay level, and faster (about 450 ms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    if !std::env::args_os().any(|arg| arg == "serve") {
        keep_freed_memory();
    }
    sotay::cli::main()
}

/// A one-off command (build, check) keeps the memory it frees for its next allocations
/// instead of giving it back to the system a second later: the build's stages free and
/// allocate hundreds of megabytes in turn, and the kernel zeroing the same memory again
/// cost about 1.3 s of a 10 000-document build (docs/performance.md). `serve` runs for
/// hours and keeps the default, so an idle server gives memory back.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (v2 and v3; the Rust bindings
    // name the options around it, 14 and 16, but not this one).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set only stores an option value; any value is valid for purge_delay
    // (-1: never purge), and it may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}
