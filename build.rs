//! Build script: generates the parser from `src/syntax/grammar.lalrpop` and compiles the C
//! runtime (`runtime/src/*.c`) twice — with allocation tracking (`libtml_rt_debug.a`) and
//! without (`libtml_rt_release.a`) — into `OUT_DIR`, where `driver::runtime` embeds them.

use std::path::{Path, PathBuf};

fn runtime_sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("runtime/src")
        .map(|rd| {
            rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "c")).collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn compile_runtime(out_dir: &Path, name: &str, tracking: bool) {
    let mut build = cc::Build::new();
    build
        .files(runtime_sources())
        .include("runtime/include")
        .define("TML_TRACKING", if tracking { "1" } else { "0" })
        .opt_level(2)
        .debug(false)
        .flag_if_supported("-std=c11")
        .flag_if_supported("-fno-omit-frame-pointer")
        .warnings(true)
        .extra_warnings(true)
        .pic(true)
        .cargo_metadata(false)
        .out_dir(out_dir)
        .compile(name);
}

fn main() {
    lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .emit_rerun_directives(true)
        .process()
        .expect("lalrpop grammar");
    println!("cargo:rerun-if-changed=runtime");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    if runtime_sources().is_empty() {
        return;
    }
    compile_runtime(&out_dir, "tml_rt_debug", true);
    compile_runtime(&out_dir, "tml_rt_release", false);
}
