//! The `sotay` command; all the work is in the library.

fn main() -> std::process::ExitCode {
    sotay::cli::main()
}
