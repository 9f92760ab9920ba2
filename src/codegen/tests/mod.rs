//! Codegen tests on hand-built MIR programs: IR verification and end-to-end runs linked with a
//! runtime test double (`rt_double.c`).

mod builder;
mod arith;
mod memory;
mod calls;
