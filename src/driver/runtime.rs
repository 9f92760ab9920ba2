//! The C runtime that every executable links against (DESIGN.md "Building, linking,
//! sanitizers").
//!
//! `build.rs` compiles `runtime/src/*.c` into a tracking archive (`TML_TRACKING=1`, used when
//! leak checking is on) and a plain one; both are embedded in the binary and written to a
//! per-version cache directory on first use. Sanitizer builds compile the runtime from its
//! embedded sources ([`SOURCES`]) with the same `-fsanitize=` flags, once per flag set.

use super::session::sanitizer_list;
use crate::pipeline::Sanitizers;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The runtime built with allocation tracking (`TML_TRACKING=1`).
static TRACKING_ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libtml_rt_debug.a"));
/// The runtime built without tracking (`TML_TRACKING=0`).
static PLAIN_ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libtml_rt_release.a"));

/// The runtime's sources as `(path below runtime/, text)`, for sanitizer builds.
///
/// Every file of `runtime/include/` and `runtime/src/` must be listed here; a new runtime file
/// must be added by hand (the unit test `sources_table_is_complete` fails until it is).
pub const SOURCES: &[(&str, &str)] = &[
    ("include/tml_runtime.h", include_str!("../../runtime/include/tml_runtime.h")),
    ("src/alloc.c", include_str!("../../runtime/src/alloc.c")),
    ("src/arena.c", include_str!("../../runtime/src/arena.c")),
    ("src/cycles.c", include_str!("../../runtime/src/cycles.c")),
    ("src/fmt.c", include_str!("../../runtime/src/fmt.c")),
    ("src/io.c", include_str!("../../runtime/src/io.c")),
    ("src/leak.c", include_str!("../../runtime/src/leak.c")),
    ("src/panic.c", include_str!("../../runtime/src/panic.c")),
    ("src/parse.c", include_str!("../../runtime/src/parse.c")),
    ("src/pool.c", include_str!("../../runtime/src/pool.c")),
    ("src/process.c", include_str!("../../runtime/src/process.c")),
    ("src/rt_internal.h", include_str!("../../runtime/src/rt_internal.h")),
    ("src/str.c", include_str!("../../runtime/src/str.c")),
    ("src/str_search.c", include_str!("../../runtime/src/str_search.c")),
    ("src/str_transform.c", include_str!("../../runtime/src/str_transform.c")),
    ("src/test_harness.c", include_str!("../../runtime/src/test_harness.c")),
];

/// C compilers tried for sanitizer runtimes, in order.
const C_COMPILERS: [&str; 2] = ["clang-19", "clang"];
/// Archivers tried for sanitizer runtimes, in order.
const ARCHIVERS: [&str; 2] = ["llvm-ar-19", "ar"];

/// Returns the path of a runtime archive for a build with leak tracking `tracking` and the
/// given sanitizers, writing or building it if needed.
///
/// Archives live in the cache directory (`$XDG_CACHE_HOME/tmlc/VERSION-HASH/`, else
/// `$HOME/.cache/tmlc/VERSION-HASH/`); when that cannot be created they are written below
/// `scratch`, a directory owned by the current build.
///
/// Errors: a message (shown as an internal compiler error) when the archive cannot be written
/// or the sanitizer runtime cannot be compiled.
pub fn runtime_archive(tracking: bool, sanitizers: &Sanitizers, scratch: &Path) -> Result<PathBuf, String> {
    let dir = cache_dir().unwrap_or_else(|| scratch.to_path_buf());
    match sanitizer_list(sanitizers) {
        None => {
            let (name, bytes) =
                if tracking { ("libtml_rt_debug.a", TRACKING_ARCHIVE) } else { ("libtml_rt_release.a", PLAIN_ARCHIVE) };
            let path = dir.join(name);
            let current = std::fs::metadata(&path).map(|m| m.len() == bytes.len() as u64).unwrap_or(false);
            if !current {
                write_atomically(&dir, &path, bytes)
                    .map_err(|e| format!("cannot write the runtime archive `{}`: {e}", path.display()))?;
            }
            Ok(path)
        }
        Some(list) => sanitizer_archive(&dir, &list, tracking, sanitizers.undefined),
    }
}

/// The versioned cache directory, created if needed; `None` when no usable location exists.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    let dir = base.join("tmlc").join(format!("{}-{}", env!("CARGO_PKG_VERSION"), content_hash()));
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// A short hex hash of everything embedded, so that different builds of the same version never
/// share cached archives.
fn content_hash() -> String {
    let mut hasher = DefaultHasher::new();
    TRACKING_ARCHIVE.hash(&mut hasher);
    PLAIN_ARCHIVE.hash(&mut hasher);
    SOURCES.hash(&mut hasher);
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// Writes `bytes` to `path` (inside `dir`) through a temporary file and a rename, so that
/// concurrent tmlc processes never see a partial file.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Returns (building on first use) the runtime compiled with `-fsanitize=LIST`, cached in
/// `DIR/san-LIST-{tracking|plain}/libtml_rt.a`.
fn sanitizer_archive(dir: &Path, list: &str, tracking: bool, undefined: bool) -> Result<PathBuf, String> {
    let key = format!("san-{}-{}", list.replace(',', "-"), if tracking { "tracking" } else { "plain" });
    let target_dir = dir.join(key);
    let archive = target_dir.join("libtml_rt.a");
    if archive.is_file() {
        return Ok(archive);
    }
    let fail = |e: String| format!("building the sanitizer runtime failed: {e}");
    std::fs::create_dir_all(&target_dir).map_err(|e| fail(e.to_string()))?;
    let work = tempfile::TempDir::new_in(&target_dir).map_err(|e| fail(e.to_string()))?;
    for (rel, text) in SOURCES {
        let path = work.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        std::fs::write(&path, text).map_err(|e| fail(e.to_string()))?;
    }
    let mut objects = Vec::new();
    for (rel, _) in SOURCES.iter().filter(|(rel, _)| rel.ends_with(".c")) {
        let object = work.path().join(rel.replace('/', "_")).with_extension("o");
        let mut args: Vec<String> = vec![
            "-c".into(),
            "-std=c11".into(),
            "-O1".into(),
            "-g".into(),
            "-fPIC".into(),
            "-fno-omit-frame-pointer".into(),
            format!("-fsanitize={list}"),
            format!("-DTML_TRACKING={}", u8::from(tracking)),
            "-I".into(),
            work.path().join("include").to_string_lossy().into_owned(),
        ];
        if undefined {
            args.push("-fno-sanitize-recover=undefined".into());
        }
        args.push(work.path().join(rel).to_string_lossy().into_owned());
        args.push("-o".into());
        args.push(object.to_string_lossy().into_owned());
        run_first_available(&C_COMPILERS, &args).map_err(fail)?;
        objects.push(object.to_string_lossy().into_owned());
    }
    let built = work.path().join("libtml_rt.a");
    let mut args = vec!["rcs".to_string(), built.to_string_lossy().into_owned()];
    args.extend(objects);
    run_first_available(&ARCHIVERS, &args).map_err(fail)?;
    std::fs::rename(&built, &archive).map_err(|e| fail(e.to_string()))?;
    Ok(archive)
}

/// Runs the first of `programs` that exists with `args`.
///
/// Errors: none of them exists, or the one found failed (its stderr is included).
pub fn run_first_available(programs: &[&str], args: &[String]) -> Result<(), String> {
    for program in programs {
        match Command::new(program).args(args).output() {
            Ok(out) if out.status.success() => return Ok(()),
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                return Err(format!("`{program}` failed ({}):\n{}", out.status, stderr.trim_end()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot run `{program}`: {e}")),
        }
    }
    Err(format!("none of {} was found on PATH", programs.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_table_is_complete() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk = Vec::new();
        for sub in ["include", "src"] {
            for entry in std::fs::read_dir(root.join(sub)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name.ends_with(".c") || name.ends_with(".h") {
                    on_disk.push(format!("{sub}/{name}"));
                }
            }
        }
        on_disk.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(rel, _)| rel.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "runtime::SOURCES must list every runtime source file");
    }

    #[test]
    fn archives_are_written_once_and_reused() {
        let scratch = tempfile::TempDir::new().unwrap();
        let first = runtime_archive(true, &Sanitizers::default(), scratch.path()).unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), TRACKING_ARCHIVE);
        let again = runtime_archive(true, &Sanitizers::default(), scratch.path()).unwrap();
        assert_eq!(first, again);
        let plain = runtime_archive(false, &Sanitizers::default(), scratch.path()).unwrap();
        assert_eq!(std::fs::read(plain).unwrap(), PLAIN_ARCHIVE);
    }

    #[test]
    fn missing_tools_are_reported() {
        let err = run_first_available(&["tmlc-no-such-tool"], &[]).unwrap_err();
        assert!(err.contains("tmlc-no-such-tool"), "{err}");
    }
}
