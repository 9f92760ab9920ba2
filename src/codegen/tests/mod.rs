//! Codegen tests on hand-built MIR programs: IR verification and end-to-end runs linked with a
//! runtime test double (`rt_double.c`).

mod arith;
mod builder;
mod calls;
mod memory;
mod objects;
mod support;
