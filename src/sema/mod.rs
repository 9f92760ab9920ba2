//! Semantic analysis: name resolution, type checking and inference, method resolution,
//! exhaustiveness, and lowering of the AST to the typed HIR ([`hir`]).

mod assoc;
pub(crate) mod behavior_args;
mod check;
mod class;
mod coherence;
mod collect;
mod consts;
mod ctx;
mod derive;
mod dyn_;
mod exhaustive;
mod externs;
pub mod hir;
mod infer;
mod items;
mod lang;
pub mod traits;
pub mod ty;
mod types;
mod uses;
mod validate;

#[cfg(test)]
mod tests;

use crate::diagnostics::{self, Diagnostic};
use crate::span::{self, FileId, SourceMap};
use crate::syntax::ast;

/// Where a module comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// The file named on the command line.
    Root,
    /// A user module loaded through `use`.
    User,
    /// A stdlib file, compiled into every program; its public items form the prelude.
    Stdlib,
}

/// One parsed module handed to [`analyze`].
#[derive(Clone, Debug)]
pub struct ModuleInput {
    /// The module's file relative to the root's directory, without `.tml`, split at `/`
    /// (`["geometry"]`, `["a", "b"]`, `["shapes", "mod"]`): two modules with the same path are
    /// the same file. Empty for the root; the stdlib file stem for stdlib modules.
    pub path: Vec<String>,
    pub file: FileId,
    pub ast: ast::File,
    pub kind: ModuleKind,
}

impl ModuleInput {
    /// The module's name as written in paths: its path joined with `::`, without the `mod` of
    /// a `NAME/mod.tml` file (`shapes::Square`, not `shapes::mod::Square`).
    pub fn qualified_name(&self) -> String {
        match self.path.split_last() {
            Some((last, dir)) if last == "mod" && !dir.is_empty() => dir.join("::"),
            _ => self.path.join("::"),
        }
    }
}

/// The directory of the module with path `path` (see [`ModuleInput::path`]), relative to the
/// root's directory: the base of the `use` paths written in that module (LANGUAGE.md §12.1).
pub fn module_dir(path: &[String]) -> &[String] {
    &path[..path.len().saturating_sub(1)]
}

/// Whether the root is compiled as a program (needs `main`) or a test file (collects `@test`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Program,
    Test,
}

/// Resolves and type-checks all modules. Returns the program when there are no errors, plus
/// all diagnostics (errors and warnings), sorted by position.
pub fn analyze(
    modules: &[ModuleInput],
    sources: &SourceMap,
    target: Target,
) -> (Option<hir::Program>, Vec<Diagnostic>) {
    let mut ctx = ctx::Ctx::new(sources, modules, target);
    collect::collect(&mut ctx);
    lang::register_guards(&mut ctx);
    let mut bodies = Vec::new();
    let mut incomplete = false;
    let mut closures = Vec::new();
    for id in 0..ctx.program.fns.len() {
        let (body, diags, cls) = check::check_fn(&ctx, id, ctx.program.fns.len() + closures.len());
        let diags = match ctx.derived.get(&id) {
            Some(at) => derived_diags(&ctx.program.fns[id].name, *at, diags),
            None => diags,
        };
        ctx.diags.extend(diags);
        closures.extend(cls);
        match body {
            Some(b) => bodies.push((id, b)),
            None => incomplete |= ctx.fns[id].decl.is_some_and(|d| d.body.is_some()),
        }
    }
    for (id, b) in bodies {
        ctx.program.fns[id].body = Some(b);
    }
    ctx.program.fns.extend(closures);
    let mut diags = ctx.diags;
    diagnostics::sort(&mut diags);
    diags.dedup_by(|a, b| a.code == b.code && a.message == b.message && a.primary_span() == b.primary_span());
    let mut has_errors = incomplete || diags.iter().any(Diagnostic::is_error);
    if !has_errors {
        if let Some(d) = validate::check(&ctx.program) {
            diags.push(d);
            has_errors = true;
        }
    }
    // Unused-variable warnings next to errors are mostly consequences of the errors.
    if has_errors {
        diags.retain(|d| d.code != "W0001");
    }
    let program = if has_errors { None } else { Some(ctx.program) };
    (program, diags)
}

/// Diagnostics of a generated function, reported at its derive: one error naming the
/// generated function (warnings about generated code are dropped).
fn derived_diags(name: &str, at: Option<span::Span>, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let Some(first) = diags.iter().find(|d| d.is_error()) else {
        return Vec::new();
    };
    let msg = format!("cannot derive `{name}`: {}", first.message);
    vec![Diagnostic::error("E0203", msg, at.unwrap_or_default(), "in this derive")]
}
