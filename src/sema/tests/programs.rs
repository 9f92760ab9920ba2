//! Whole programs that must be accepted.

use super::ok;

#[test]
fn hello_example() {
    ok(include_str!("../../../../../shared/examples/hello.tml"));
}

#[test]
fn control_flow_example() {
    ok(include_str!("../../../../../shared/examples/control_flow.tml"));
}

#[test]
fn use_after_move_passes_sema() {
    ok(include_str!("../../../../../shared/examples/use_after_move.tml"));
}
