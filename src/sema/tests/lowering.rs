//! Shape of the produced HIR.
