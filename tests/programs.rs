//! File-driven tests over `tests/run` and `tests/ui` (see DESIGN.md "Tests").

fn main() {}
