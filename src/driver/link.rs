//! Linking an object file with the runtime archive into an executable.

use super::session::sanitizer_list;
use crate::pipeline::Sanitizers;
use std::path::Path;
use std::process::Command;

/// Linker drivers tried in order; the first one found on `PATH` is used.
const LINKERS: [&str; 2] = ["clang-19", "cc"];

/// Links `object` with `archive` (and `-lm -lpthread`, plus `-fsanitize=LIST` for sanitizer
/// builds) into the executable `out`.
///
/// Errors: a message starting with `linking failed:` when no linker is found or the linker
/// fails; it includes the linker's own output.
pub fn link(object: &Path, archive: &Path, sanitizers: &Sanitizers, out: &Path) -> Result<(), String> {
    let mut args = vec![object.as_os_str().to_owned(), archive.as_os_str().to_owned()];
    args.extend(["-lm", "-lpthread"].map(Into::into));
    if let Some(list) = sanitizer_list(sanitizers) {
        args.push(format!("-fsanitize={list}").into());
    }
    args.push("-o".into());
    args.push(out.as_os_str().to_owned());
    for linker in LINKERS {
        match Command::new(linker).args(&args).output() {
            Ok(result) if result.status.success() => return Ok(()),
            Ok(result) => {
                let mut output = String::from_utf8_lossy(&result.stderr).into_owned();
                output.push_str(&String::from_utf8_lossy(&result.stdout));
                return Err(format!("linking failed: `{linker}` exited with {}\n{}", result.status, output.trim_end()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("linking failed: cannot run `{linker}`: {e}")),
        }
    }
    Err(format!("linking failed: no linker found (tried {})", LINKERS.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_failures_are_reported_with_the_prefix() {
        let dir = tempfile::TempDir::new().unwrap();
        let bogus = dir.path().join("not-an-object.o");
        std::fs::write(&bogus, b"garbage").unwrap();
        let err = link(&bogus, &bogus, &Sanitizers::default(), &dir.path().join("out")).unwrap_err();
        assert!(err.starts_with("linking failed:"), "{err}");
    }
}
