//! Semantic analysis: name resolution, type checking and inference, method resolution,
//! exhaustiveness, and lowering of the AST to the typed HIR ([`hir`]).

pub mod hir;
pub mod ty;

use crate::span::FileId;
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
    /// Module path segments relative to the root's directory (`["geometry"]`, `["a", "b"]`);
    /// empty for the root; the stdlib file stem for stdlib modules.
    pub path: Vec<String>,
    pub file: FileId,
    pub ast: ast::File,
    pub kind: ModuleKind,
}

/// Whether the root is compiled as a program (needs `main`) or a test file (collects `@test`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Program,
    Test,
}
