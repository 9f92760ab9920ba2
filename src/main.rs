//! The `tmlc` command line (CLI.md).

fn main() {
    println!("tmlc {} (TML core)", env!("CARGO_PKG_VERSION"));
}
