//! Rebuild when the built-in theme changes: it is embedded in the binary with `include_dir!`,
//! which cannot tell cargo about files added to the folder.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
