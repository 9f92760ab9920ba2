//! tmlc: the TML core compiler as a library.
//!
//! The pipeline, one module per stage, data flowing forward only:
//! source → [`syntax`] (logos lexer, lalrpop parser) → AST → [`sema`] (name resolution, type
//! checking) → typed HIR → [`mir`] (CFG lowering, move/borrow checking, drop elaboration,
//! monomorphization) → [`codegen`] (LLVM IR via inkwell, object file) → [`driver`] (linking
//! against the C runtime, running, testing). No stage prints or exits; problems come back as
//! [`diagnostics::Diagnostic`] values.

// IR trees (AST, HIR, MIR statements) favour direct pattern matching over boxing their large
// variants; they are built once per node and never copied in hot loops.
#![allow(clippy::large_enum_variant)]

pub mod codegen;
pub mod diagnostics;
pub mod driver;
pub mod mir;
pub mod pipeline;
pub mod sema;
pub mod span;
pub mod syntax;
