//! Build settings from flags and environment (CLI.md §1, §1.5, §2; MEMORY.md §12–§13).

use super::DriverError;
use crate::pipeline::{Emit, Options, Sanitizers};
use std::path::{Path, PathBuf};

/// The code-generation flags shared by `build`, `run` and `test`, as given on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildFlags {
    /// `--release`.
    pub release: bool,
    /// `-O N`, when given (0..=3).
    pub opt_level: Option<u8>,
    /// `Some(true)` for `--check-leaks`, `Some(false)` for `--no-check-leaks` (the last one
    /// given wins), `None` when neither was given.
    pub check_leaks: Option<bool>,
    /// Each `--sanitize=LIST` value, in order.
    pub sanitize: Vec<String>,
}

/// Reads an environment variable; injectable so that the rules can be tested.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment as an [`EnvLookup`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The environment variables that add a sanitizer (MEMORY.md §13), with the sanitizer name.
const SANITIZER_ENV: [(&str, &str); 5] = [
    ("TML_ENABLE_ASAN", "address"),
    ("TML_ENABLE_UBSAN", "undefined"),
    ("TML_ENABLE_LSAN", "leak"),
    ("TML_ENABLE_TSAN", "thread"),
    ("TML_ENABLE_MSAN", "memory"),
];

/// Resolves flags and environment into pipeline options.
///
/// Optimisation defaults to 0 (debug) or 2 (`--release`). Leak checking: a flag wins over
/// `TML_CHECK_LEAKS=0/1`, which wins over the default (on for debug, off for release).
/// Sanitizers are the union of every `--sanitize` list and the `TML_ENABLE_*=1` variables.
///
/// Errors: [`DriverError::Usage`] for an unknown sanitizer name or an invalid combination.
pub fn resolve_options(flags: &BuildFlags, env: EnvLookup) -> Result<Options, DriverError> {
    let opt_level = flags.opt_level.unwrap_or(if flags.release { 2 } else { 0 });
    let env_leaks = match env("TML_CHECK_LEAKS").as_deref() {
        Some("0") => Some(false),
        Some("1") => Some(true),
        _ => None,
    };
    let check_leaks = flags.check_leaks.or(env_leaks).unwrap_or(!flags.release);
    let mut sanitizers = Sanitizers::default();
    for list in &flags.sanitize {
        add_sanitizer_list(&mut sanitizers, list).map_err(DriverError::Usage)?;
    }
    for (var, name) in SANITIZER_ENV {
        if env(var).as_deref() == Some("1") {
            add_sanitizer_list(&mut sanitizers, name).map_err(DriverError::Usage)?;
        }
    }
    validate_sanitizers(&sanitizers).map_err(DriverError::Usage)?;
    Ok(Options { opt_level, release: flags.release, check_leaks, sanitizers })
}

/// Adds every sanitizer of a comma-separated `LIST` to `set`.
///
/// Errors: the usage message for an unknown or empty name.
pub fn add_sanitizer_list(set: &mut Sanitizers, list: &str) -> Result<(), String> {
    for name in list.split(',').map(str::trim) {
        let flag = match name {
            "address" => &mut set.address,
            "undefined" => &mut set.undefined,
            "leak" => &mut set.leak,
            "thread" => &mut set.thread,
            "memory" => &mut set.memory,
            _ => {
                return Err(format!("unknown sanitizer `{name}` (expected address, undefined, leak, thread or memory)"))
            }
        };
        *flag = true;
    }
    Ok(())
}

/// Checks the combination rules of MEMORY.md §13: `address` excludes `thread` and `memory`,
/// `thread` excludes `memory`, `leak` excludes `thread` and `memory`; `thread` and `memory`
/// need Linux on x86-64 or AArch64.
///
/// Errors: the usage message naming the conflicting pair.
pub fn validate_sanitizers(s: &Sanitizers) -> Result<(), String> {
    let conflicts = [
        (s.address && s.thread, "address", "thread"),
        (s.address && s.memory, "address", "memory"),
        (s.thread && s.memory, "thread", "memory"),
        (s.leak && s.thread, "leak", "thread"),
        (s.leak && s.memory, "leak", "memory"),
    ];
    if let Some((_, a, b)) = conflicts.iter().find(|c| c.0) {
        return Err(format!("sanitizers `{a}` and `{b}` cannot be combined"));
    }
    let supported = cfg!(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")));
    if (s.thread || s.memory) && !supported {
        let name = if s.thread { "thread" } else { "memory" };
        return Err(format!("sanitizer `{name}` is supported on Linux x86-64 and AArch64 only"));
    }
    Ok(())
}

/// The `-fsanitize=` value for a set (`address,undefined`), or `None` for no sanitizer.
pub fn sanitizer_list(s: &Sanitizers) -> Option<String> {
    let names: Vec<&str> = [
        (s.address, "address"),
        (s.undefined, "undefined"),
        (s.leak, "leak"),
        (s.thread, "thread"),
        (s.memory, "memory"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect();
    (!names.is_empty()).then(|| names.join(","))
}

/// A source path as shown in messages (CLI.md §2): as given, with `/` separators and without
/// leading `./` components.
pub fn display_name(path: &Path) -> String {
    let mut text = path.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR != '/' {
        text = text.replace(std::path::MAIN_SEPARATOR, "/");
    }
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    rest.to_string()
}

/// The default output path for `tmlc build FILE` (CLI.md §1.1): the file stem in the current
/// directory, with the extension of the emitted kind.
pub fn default_output(file: &Path, emit: Emit) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let name = match emit {
        Emit::Exe => format!("{stem}{}", std::env::consts::EXE_SUFFIX),
        Emit::LlvmIr => format!("{stem}.ll"),
        Emit::Mir => format!("{stem}.mir"),
        Emit::Asm => format!("{stem}.s"),
        Emit::Obj => format!("{stem}.o"),
    };
    PathBuf::from(name)
}

/// Checks that a source file given on the command line can be read.
///
/// Errors: [`DriverError::Usage`] naming the file and the reason.
pub fn check_readable(path: &Path) -> Result<(), DriverError> {
    let shown = path.display();
    if path.is_dir() {
        return Err(DriverError::Usage(format!("cannot read `{shown}`: it is a directory")));
    }
    std::fs::File::open(path)
        .map(|_| ())
        .map_err(|e| DriverError::Usage(format!("cannot read `{shown}`: {}", io_reason(&e))))
}

/// An I/O error's description without the `(os error N)` suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn debug_and_release_defaults() {
        let debug = resolve_options(&BuildFlags::default(), &no_env).unwrap();
        assert_eq!((debug.opt_level, debug.release, debug.check_leaks), (0, false, true));
        let flags = BuildFlags { release: true, ..BuildFlags::default() };
        let release = resolve_options(&flags, &no_env).unwrap();
        assert_eq!((release.opt_level, release.release, release.check_leaks), (2, true, false));
        let flags = BuildFlags { release: true, opt_level: Some(1), check_leaks: Some(true), ..BuildFlags::default() };
        let tuned = resolve_options(&flags, &no_env).unwrap();
        assert_eq!((tuned.opt_level, tuned.check_leaks), (1, true));
    }

    #[test]
    fn leak_env_is_overridden_by_flags() {
        let env_off = |name: &str| (name == "TML_CHECK_LEAKS").then(|| "0".to_string());
        assert!(!resolve_options(&BuildFlags::default(), &env_off).unwrap().check_leaks);
        let flags = BuildFlags { check_leaks: Some(true), ..BuildFlags::default() };
        assert!(resolve_options(&flags, &env_off).unwrap().check_leaks);
        let env_on = |name: &str| (name == "TML_CHECK_LEAKS").then(|| "1".to_string());
        let release = BuildFlags { release: true, ..BuildFlags::default() };
        assert!(resolve_options(&release, &env_on).unwrap().check_leaks);
    }

    #[test]
    fn sanitizers_from_flags_and_env() {
        let env = |name: &str| (name == "TML_ENABLE_UBSAN").then(|| "1".to_string());
        let flags = BuildFlags { sanitize: vec!["address,leak".into()], ..BuildFlags::default() };
        let opts = resolve_options(&flags, &env).unwrap();
        let want = Sanitizers { address: true, undefined: true, leak: true, ..Sanitizers::default() };
        assert_eq!(opts.sanitizers, want);
        assert_eq!(sanitizer_list(&opts.sanitizers).as_deref(), Some("address,undefined,leak"));
        assert_eq!(sanitizer_list(&Sanitizers::default()), None);
    }

    #[test]
    fn invalid_sanitizers_are_usage_errors() {
        for bad in ["address,thread", "address,memory", "thread,memory", "leak,thread", "leak,memory", "bogus", ""] {
            let flags = BuildFlags { sanitize: vec![bad.into()], ..BuildFlags::default() };
            let err = resolve_options(&flags, &no_env).unwrap_err();
            assert!(matches!(err, DriverError::Usage(_)), "{bad}: {err:?}");
        }
        let env = |name: &str| (name == "TML_ENABLE_TSAN").then(|| "1".to_string());
        let flags = BuildFlags { sanitize: vec!["address".into()], ..BuildFlags::default() };
        assert!(resolve_options(&flags, &env).is_err());
        for good in ["undefined,thread", "undefined,memory", "address,leak,undefined"] {
            let flags = BuildFlags { sanitize: vec![good.into()], ..BuildFlags::default() };
            assert!(resolve_options(&flags, &no_env).is_ok(), "{good}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name(Path::new("hello.tml")), "hello.tml");
        assert_eq!(display_name(Path::new("./hello.tml")), "hello.tml");
        assert_eq!(display_name(Path::new("././src/main.tml")), "src/main.tml");
        assert_eq!(display_name(Path::new(".//a/b.tml")), "a/b.tml");
        assert_eq!(display_name(Path::new("../x/y.tml")), "../x/y.tml");
        assert_eq!(display_name(Path::new("/abs/y.tml")), "/abs/y.tml");
    }

    #[test]
    fn default_outputs() {
        assert_eq!(default_output(Path::new("src/hello.tml"), Emit::Exe), PathBuf::from("hello"));
        assert_eq!(default_output(Path::new("hello.tml"), Emit::LlvmIr), PathBuf::from("hello.ll"));
        assert_eq!(default_output(Path::new("hello.tml"), Emit::Mir), PathBuf::from("hello.mir"));
        assert_eq!(default_output(Path::new("hello.tml"), Emit::Asm), PathBuf::from("hello.s"));
        assert_eq!(default_output(Path::new("hello.tml"), Emit::Obj), PathBuf::from("hello.o"));
    }

    #[test]
    fn unreadable_files() {
        let err = check_readable(Path::new("/definitely/not/here.tml")).unwrap_err();
        assert_eq!(err, DriverError::Usage("cannot read `/definitely/not/here.tml`: No such file or directory".into()));
        assert!(check_readable(Path::new("/")).is_err());
    }
}
