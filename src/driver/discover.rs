//! Which files `tmlc test` compiles (CLI.md §4.1).

use super::session::{check_readable, display_name, io_reason};
use super::DriverError;
use std::path::{Path, PathBuf};

/// The suffix of test files searched for in directories.
pub const TEST_SUFFIX: &str = ".test.tml";

/// A test file to compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFile {
    /// The path to open.
    pub path: PathBuf,
    /// The path as shown in test names and messages (CLI.md §2).
    pub display: String,
}

/// Finds the test files for `paths` (files used as given, directories searched recursively for
/// `*.test.tml`, hidden directories skipped). Without paths, `tests/` below `cwd` is searched
/// if it exists, else `cwd` itself. The result is sorted byte-wise by display name, without
/// duplicates; it may be empty.
///
/// Errors: [`DriverError::Usage`] when a path does not exist or a directory cannot be read.
pub fn discover(paths: &[PathBuf], cwd: &Path) -> Result<Vec<TestFile>, DriverError> {
    let defaults;
    let roots: &[PathBuf] = if paths.is_empty() {
        defaults = [PathBuf::from(if cwd.join("tests").is_dir() { "tests" } else { "." })];
        &defaults
    } else {
        paths
    };
    let mut found = Vec::new();
    for root in roots {
        let on_disk = cwd.join(root);
        if on_disk.is_dir() {
            search_dir(root, &on_disk, &mut found)?;
        } else if on_disk.is_file() {
            check_readable(&on_disk)?;
            found.push(TestFile { path: on_disk, display: display_name(root) });
        } else {
            return Err(DriverError::Usage(format!("cannot read `{}`: No such file or directory", root.display())));
        }
    }
    found.sort_by(|a, b| a.display.as_bytes().cmp(b.display.as_bytes()));
    found.dedup_by(|a, b| a.display == b.display);
    Ok(found)
}

/// Adds every `*.test.tml` below `on_disk` (shown as below `shown`) to `found`.
fn search_dir(shown: &Path, on_disk: &Path, found: &mut Vec<TestFile>) -> Result<(), DriverError> {
    let walker = walkdir::WalkDir::new(on_disk).follow_links(true).into_iter().filter_entry(|e| {
        e.depth() == 0 || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
    });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
            DriverError::Usage(format!("cannot read `{}`: {reason}", e.path().unwrap_or(on_disk).display()))
        })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(TEST_SUFFIX) {
            let below = entry.path().strip_prefix(on_disk).unwrap_or(entry.path());
            found.push(TestFile { path: entry.path().to_path_buf(), display: display_name(&shown.join(below)) });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }

    fn names(files: &[TestFile]) -> Vec<&str> {
        files.iter().map(|f| f.display.as_str()).collect()
    }

    #[test]
    fn searches_directories_in_bytewise_order() {
        let dir = tempfile::TempDir::new().unwrap();
        for rel in [
            "b.test.tml",
            "a/z.test.tml",
            "a/Y.test.tml",
            "a_b.test.tml",
            "c.tml",
            ".hidden/h.test.tml",
            "d/.x.test.tml",
        ] {
            touch(dir.path(), rel);
        }
        let files = discover(&[PathBuf::from(".")], dir.path()).unwrap();
        assert_eq!(names(&files), ["a/Y.test.tml", "a/z.test.tml", "a_b.test.tml", "b.test.tml", "d/.x.test.tml"]);
        assert_eq!(files[0].path, dir.path().join("./a/Y.test.tml"));
    }

    #[test]
    fn default_is_tests_dir_else_cwd() {
        let dir = tempfile::TempDir::new().unwrap();
        touch(dir.path(), "top.test.tml");
        assert_eq!(names(&discover(&[], dir.path()).unwrap()), ["top.test.tml"]);
        touch(dir.path(), "tests/inner.test.tml");
        assert_eq!(names(&discover(&[], dir.path()).unwrap()), ["tests/inner.test.tml"]);
    }

    #[test]
    fn files_are_used_as_given() {
        let dir = tempfile::TempDir::new().unwrap();
        touch(dir.path(), "sub/plain.tml");
        touch(dir.path(), "sub/x.test.tml");
        let given = [PathBuf::from("./sub/plain.tml"), PathBuf::from("sub"), PathBuf::from("sub/x.test.tml")];
        assert_eq!(names(&discover(&given, dir.path()).unwrap()), ["sub/plain.tml", "sub/x.test.tml"]);
        let missing = discover(&[PathBuf::from("nope")], dir.path()).unwrap_err();
        assert!(matches!(missing, DriverError::Usage(_)));
    }

    #[test]
    fn empty_directory_finds_nothing() {
        let dir = tempfile::TempDir::new().unwrap();
        assert!(discover(&[], dir.path()).unwrap().is_empty());
    }
}
