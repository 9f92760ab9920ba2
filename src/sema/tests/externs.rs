//! `@extern` declarations in stdlib modules (`sema::externs`).

use crate::sema::hir::Program;
use crate::sema::{analyze, ModuleInput, ModuleKind, Target};
use crate::span::SourceMap;

/// Analyzes `main` as the root and `lib` as a stdlib module; returns the program (if accepted)
/// and the error codes.
fn with_stdlib(main: &str, lib: &str) -> (Option<Program>, Vec<&'static str>) {
    let mut sm = SourceMap::new();
    let mut modules = Vec::new();
    for (name, src, kind) in [("main", main, ModuleKind::Root), ("lib", lib, ModuleKind::Stdlib)] {
        let file = sm.add(format!("{name}.tml"), src);
        let (ast, pdiags) = crate::syntax::parse_file(file, src);
        assert!(pdiags.iter().all(|d| !d.is_error()), "syntax errors: {pdiags:#?}");
        let path = if kind == ModuleKind::Root { Vec::new() } else { vec![name.to_string()] };
        modules.push(ModuleInput { path, file, ast, kind });
    }
    let (p, diags) = analyze(&modules, &sm, Target::Program);
    (p, diags.iter().filter(|d| d.is_error()).map(|d| d.code).collect())
}

fn lib_codes(lib: &str) -> Vec<&'static str> {
    with_stdlib("func main() {}", lib).1
}

#[test]
fn stdlib_extern_declaration_records_its_symbol() {
    let lib = "@extern(\"c_twice\")\nfunc twice(x: I64) -> I64\n\npub func use_twice(x: I64) -> I64 { twice(x) }\n";
    let (p, codes) = with_stdlib("func main() { let y = use_twice(2) }", lib);
    assert!(codes.is_empty(), "{codes:?}");
    let p = p.expect("program");
    let f = p.fns.iter().find(|f| f.name.ends_with("twice") && f.body.is_none()).expect("extern fn");
    assert_eq!(f.extern_symbol.as_deref(), Some("c_twice"));
}

#[test]
fn extern_declarations_are_checked() {
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f(x: I64) -> I64 { x }\n"), ["E0108"]);
    assert_eq!(lib_codes("@extern\nfunc f(x: I64)\n"), ["E0108"]);
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f(s: Str)\n"), ["E0108"]);
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f() -> (I64, I64)\n"), ["E0108"]);
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f[T](p: *T)\n"), ["E0108"]);
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f(b: Bool, p: *Unit, x: F64) -> U8\n"), Vec::<&str>::new());
}

#[test]
fn extern_functions_are_only_called() {
    assert_eq!(lib_codes("@extern(\"c\")\nfunc f()\n\npub func g() { let h = f }\n"), ["E0108"]);
}

#[test]
fn extern_outside_stdlib_is_rejected() {
    assert_eq!(super::codes("@extern(\"c\")\nfunc f(x: I64) -> I64\n\nfunc main() {}\n"), ["E0108"]);
}
