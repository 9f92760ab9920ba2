//! Unit tests of the syntax stage.
