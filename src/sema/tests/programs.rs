//! Whole programs that must be accepted.

use super::ok;

#[test]
fn hello_example() {
    ok(include_str!("../../../tests/parse_corpus/hello.tml"));
}

#[test]
fn control_flow_example() {
    ok(include_str!("../../../tests/parse_corpus/control_flow.tml"));
}

#[test]
fn use_after_move_passes_sema() {
    ok(include_str!("../../../tests/parse_corpus/use_after_move.tml"));
}
