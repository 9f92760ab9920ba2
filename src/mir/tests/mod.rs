//! MIR unit tests.
