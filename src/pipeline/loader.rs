//! Module loading (LANGUAGE.md §12.1): reads and parses the root file, follows its `use`
//! declarations to other files, and adds the stdlib modules compiled into every program.
//!
//! This is the only place where the front end touches the file system. Paths that do not
//! exist are left alone: semantic analysis reports them (E0104) with the `use` span.

use crate::diagnostics::Diagnostic;
use crate::sema::{module_dir, ModuleInput, ModuleKind};
use crate::span::SourceMap;
use crate::syntax::{self, ast};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The stdlib sources, `(module name, text)`, compiled into every program.
const STDLIB: &[(&str, &str)] = &[
    ("prelude", include_str!("../../stdlib/prelude.tml")),
    ("prims", include_str!("../../stdlib/prims.tml")),
    ("list", include_str!("../../stdlib/list.tml")),
    ("hashmap", include_str!("../../stdlib/hashmap.tml")),
    ("text", include_str!("../../stdlib/text.tml")),
    ("numbers", include_str!("../../stdlib/numbers.tml")),
    ("arena", include_str!("../../stdlib/arena.tml")),
    ("pool", include_str!("../../stdlib/pool.tml")),
    ("heap", include_str!("../../stdlib/heap.tml")),
    ("shared", include_str!("../../stdlib/shared.tml")),
    ("cell", include_str!("../../stdlib/cell.tml")),
];

/// `use` prefixes that name the prelude or standard paths, never files (LANGUAGE.md §12.3).
const STANDARD_ROOTS: &[&str] = &["test", "core", "std"];

/// Loaded modules and the diagnostics of parsing them.
pub struct Loaded {
    pub modules: Vec<ModuleInput>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads `root` (shown as `display_name`), every user module it reaches through `use`, and the
/// stdlib. Errors: the root file cannot be read (message).
pub fn load(root: &Path, display_name: &str, sources: &mut SourceMap) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    let mut loaded = Loaded { modules: Vec::new(), diagnostics: Vec::new() };
    let base_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let display_dir = match display_name.rfind('/') {
        Some(i) => display_name[..=i].to_string(),
        None => String::new(),
    };
    let mut queue = vec![(Vec::new(), display_name.to_string(), text, ModuleKind::Root)];
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    seen.insert(Vec::new());
    while let Some((path, name, text, kind)) = queue.pop() {
        let file = sources.add(name, text);
        let (ast, diags) = syntax::parse_file(file, &sources.get(file).text);
        loaded.diagnostics.extend(diags);
        for target in imported_files(&ast, &base_dir, module_dir(&path)) {
            if seen.insert(target.path.clone()) {
                if let Ok(text) = std::fs::read_to_string(&target.file) {
                    let shown = format!("{display_dir}{}", target.relative);
                    queue.push((target.path, shown, text, ModuleKind::User));
                }
            }
        }
        loaded.modules.push(ModuleInput { path, file, ast, kind });
    }
    for (name, text) in STDLIB {
        let file = sources.add(format!("<stdlib>/{name}.tml"), *text);
        let (ast, diags) = syntax::parse_file(file, text);
        loaded.diagnostics.extend(diags);
        loaded.modules.push(ModuleInput { path: vec![name.to_string()], file, ast, kind: ModuleKind::Stdlib });
    }
    Ok(loaded)
}

/// A module file a `use` refers to.
struct Import {
    /// The file relative to the root directory, without `.tml`, split at `/`.
    path: Vec<String>,
    /// The file on disk.
    file: PathBuf,
    /// The file relative to the root directory, with `/` separators.
    relative: String,
}

/// The files named by `file`'s `use` declarations, relative to `dir` (the importing file's
/// directory below `base_dir`): for `use a::b::c` the longest prefix that exists as
/// `a/b/c.tml`, `a/b/c/mod.tml`, `a/b.tml`, … (LANGUAGE.md §12.1).
fn imported_files(file: &ast::File, base_dir: &Path, dir: &[String]) -> Vec<Import> {
    let mut out = Vec::new();
    for u in &file.uses {
        let segs: Vec<String> = u.path.iter().map(|i| i.name.clone()).collect();
        if segs.first().is_none_or(|s| STANDARD_ROOTS.contains(&s.as_str())) {
            continue;
        }
        for prefix in (1..=segs.len()).rev().map(|k| [dir, &segs[..k]].concat()) {
            let rel = prefix.join("/");
            let flat = (base_dir.join(format!("{rel}.tml")), format!("{rel}.tml"), prefix.clone());
            let nested_path = [prefix, vec!["mod".to_string()]].concat();
            let nested = (base_dir.join(&rel).join("mod.tml"), format!("{rel}/mod.tml"), nested_path);
            if let Some((file, relative, path)) = [flat, nested].into_iter().find(|(f, _, _)| f.is_file()) {
                out.push(Import { path, file, relative });
                break;
            }
        }
    }
    out
}
