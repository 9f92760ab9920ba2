//! Driving code generation: target machine setup, module generation, verification, pass
//! pipelines and writing the output file.

use super::cx::Cx;
use super::passes::{add_function_attributes, pipelines};
use super::{Options, Output};
use crate::mir::ir::Program;
use crate::span::SourceMap;
use inkwell::context::Context;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;
use std::path::Path;

/// A target machine for the host (generic CPU, position-independent code).
fn host_machine(opt_level: u8) -> Result<TargetMachine, String> {
    Target::initialize_native(&InitializationConfig::default())?;
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| e.to_string())?;
    let level = match opt_level {
        0 => OptimizationLevel::None,
        1 => OptimizationLevel::Less,
        2 => OptimizationLevel::Default,
        _ => OptimizationLevel::Aggressive,
    };
    target
        .create_target_machine(&triple, "generic", "", level, RelocMode::PIC, CodeModel::Default)
        .ok_or_else(|| format!("cannot create a target machine for {}", triple))
}

/// See [`super::emit`].
pub(crate) fn emit(
    program: &Program,
    sources: &SourceMap,
    opts: &Options,
    output: Output,
    out: &Path,
) -> Result<(), String> {
    let tm = host_machine(opts.opt_level)?;
    let llcx = Context::create();
    let module = llcx.create_module("tml");
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    let mut cx = Cx::new(&llcx, module, tm.get_target_data(), program, sources, opts);
    cx.declare_instances();
    cx.define_instances()?;
    cx.emit_main()?;
    let module = cx.module;
    module.verify().map_err(|e| format!("LLVM module verification failed: {}", e.to_string()))?;
    add_function_attributes(&llcx, &module, &opts.sanitizers);
    for p in pipelines(opts) {
        module
            .run_passes(&p, &tm, PassBuilderOptions::create())
            .map_err(|e| format!("LLVM passes `{p}` failed: {e}"))?;
    }
    match output {
        Output::LlvmIr => module.print_to_file(out).map_err(|e| e.to_string()),
        Output::Asm => tm.write_to_file(&module, FileType::Assembly, out).map_err(|e| e.to_string()),
        Output::Object => tm.write_to_file(&module, FileType::Object, out).map_err(|e| e.to_string()),
    }
}
