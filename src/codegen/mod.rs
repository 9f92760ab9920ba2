//! LLVM code generation with inkwell: layouts, functions, drop glue, runtime calls, the
//! generated `main`, optimization and sanitizer pass pipelines, and object emission.
//!
//! Input is a monomorphized [`mir::ir::Program`]; output is one LLVM module written as textual
//! IR, assembly or a native object file (see [`emit`]).
//!
//! # ABI decisions
//! * **Bool** is `i1` everywhere (in registers and in memory, where LLVM stores it as one byte
//!   holding 0 or 1). C `bool` parameters and results of runtime functions carry `zeroext`.
//! * **Unit / Never** are the empty struct `{}` (zero-sized); functions returning them return
//!   `void`.
//! * **Aggregates** (tuples, arrays, structs, enums) are passed *indirectly*: the caller passes a
//!   pointer to a fresh copy that the callee owns (and may use as its own storage); they are
//!   returned through a leading `sret`-style pointer parameter and the function returns `void`.
//!   Every other type is passed and returned by value.
//! * **Enums** are `{ tag, payload }`: `tag` is the smallest of `i8`/`i16`/`i32`/`i64` holding
//!   every discriminant (sign-extended to `I64` by `Rvalue::Discriminant`); `payload` is an array
//!   of `iA` (`A` = the largest variant alignment) large enough for the largest variant. A
//!   variant's fields are laid out as the LLVM struct of its field types at the payload's start.
//! * **Function values** are `{ ptr code, ptr env }`. `code` has the lowered signature of the
//!   function type plus one trailing `ptr env` parameter; calls through a value always pass
//!   `env`. Named functions used as values get a thunk that ignores `env`, and `env` is null.
//!   A non-null `env` points to a counted block `{ i64 rc, ptr drop_captures, captures… }`
//!   allocated with `tml_alloc`; copy glue increments `rc`, drop glue decrements it and at zero
//!   calls `drop_captures(env)` (if non-null) and then `tml_free(env)`. Closures: `closure.rs`.
//! * **`dyn B`** and **`ref dyn B` / `mut ref dyn B`** are the pair `{ ptr data, ptr vtable }`
//!   (references to `dyn` are fat); vtables `[drop, size, align, type name, methods…]`, boxes
//!   and calls through slot `4 + method`: `dynobj.rs`.
//! * **`track_caller`** instances take a trailing `const TmlSite *caller`: `function.rs`.
//! * **`@extern` stdlib functions** are called directly with the C ABI (scalars, pointers,
//!   Bool): `externs.rs`.
//! * **Type info**: blocks allocated by generated code carry a `TmlTypeInfo { name, kind, trace }`
//!   with a trace function for the leak report's cycle search: `trace.rs`.
//! * **Intrinsic arguments** are owned by the intrinsic like any callee's: an argument passed by
//!   `Move` is dropped after a runtime call that only borrows it; an argument passed by `Copy`
//!   skips both the copy glue and the drop.
//! * Instance functions are internal symbols named `tml::<body name>`.

mod class;
mod closure;
mod cx;
mod dynobj;
mod emit;
mod entry;
mod externs;
mod function;
mod glue;
mod intrinsics;
mod passes;
mod place;
mod rvalue;
mod sites;
mod terminator;
mod trace;
mod types;

#[cfg(test)]
mod tests;

use crate::mir;
use crate::span::SourceMap;
use std::path::Path;

/// Which LLVM sanitizers instrument the generated code (MEMORY.md §13).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sanitizers {
    pub address: bool,
    pub undefined: bool,
    pub leak: bool,
    pub thread: bool,
    pub memory: bool,
}

/// Code generation settings.
pub struct Options {
    /// 0 to 3: the `default<ON>` LLVM pipeline (nothing at 0).
    pub opt_level: u8,
    /// Panic on integer overflow (debug builds) instead of wrapping.
    pub overflow_checks: bool,
    /// Passed to `tml_rt_init` / `tml_test_main`: run the leak check at exit.
    pub check_leaks: bool,
    pub sanitizers: Sanitizers,
    /// Generate a `main` running `program.tests` through `tml_test_main` instead of the entry.
    pub test_harness: bool,
}

/// What [`emit`] writes.
pub enum Output {
    /// Textual LLVM IR (`.ll`).
    LlvmIr,
    /// Native assembly (`.s`).
    Asm,
    /// Native object file (`.o`), position independent.
    Object,
}

/// Generates the module for `program` and writes it to `out`. Errors are internal compiler
/// errors (message).
pub fn emit(
    program: &mir::ir::Program,
    sources: &SourceMap,
    opts: &Options,
    output: Output,
    out: &Path,
) -> Result<(), String> {
    emit::emit(program, sources, opts, output, out)
}
