//! MIR: lowering of the typed HIR to control-flow graphs, initialization/move checking,
//! borrow checking, drop elaboration, monomorphization and a readable printer.

pub mod ir;
