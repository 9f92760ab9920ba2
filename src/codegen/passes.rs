//! Optimization and sanitizer pass pipelines (new pass manager pipeline strings).

use super::{Options, Sanitizers};
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::module::Module;

/// The function attributes that mark functions for instrumentation by the selected sanitizers.
fn sanitizer_attributes(s: &Sanitizers) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.address {
        out.push("sanitize_address");
    }
    if s.memory {
        out.push("sanitize_memory");
    }
    if s.thread {
        out.push("sanitize_thread");
    }
    out
}

/// Adds `nounwind` (TML never unwinds: panics exit the process) and the `sanitize_*`
/// attributes of the selected sanitizers to every function defined in `module`.
pub(crate) fn add_function_attributes(llcx: &Context, module: &Module, s: &Sanitizers) {
    let mut attrs = sanitizer_attributes(s);
    attrs.push("nounwind");
    let mut f = module.get_first_function();
    while let Some(func) = f {
        if func.count_basic_blocks() > 0 {
            for a in &attrs {
                let attr = llcx.create_enum_attribute(Attribute::get_named_enum_kind_id(a), 0);
                func.add_attribute(AttributeLoc::Function, attr);
            }
        }
        f = func.get_next_function();
    }
}

/// The pipelines to run, in order: the `default<ON>` optimization pipeline (none at `-O0`),
/// then the instrumentation passes of the selected sanitizers (after optimization, like
/// clang). UBSan and standalone LSan need no instrumentation pass: our own checks cover the
/// former, the latter only needs its runtime at link time.
pub(crate) fn pipelines(opts: &Options) -> Vec<String> {
    let mut out = Vec::new();
    if opts.opt_level > 0 {
        out.push(format!("default<O{}>", opts.opt_level.min(3)));
    }
    let s = &opts.sanitizers;
    if s.address {
        out.push("asan".to_string());
    }
    if s.memory {
        out.push("msan".to_string());
    }
    if s.thread {
        out.push("tsan-module,function(tsan)".to_string());
    }
    out
}
