//! The code generation context: the LLVM module under construction plus caches for layouts,
//! glue functions, sites and string constants, and declarations of runtime and LLVM
//! intrinsic functions.

use super::Options;
use crate::mir::ir::{InstanceId, Program};
use crate::sema::ty::{Ty, TyDisplay};
use crate::span::SourceMap;
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::intrinsics::Intrinsic;
use inkwell::module::{Linkage, Module};
use inkwell::targets::TargetData;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{FunctionValue, PointerValue};
use inkwell::AddressSpace;
use std::collections::HashMap;

/// Key of a site record: file name, line, column, type name.
pub(crate) type SiteKey = (String, usize, usize, Option<String>);

/// Module-wide code generation state.
pub(crate) struct Cx<'ctx, 'a> {
    pub llcx: &'ctx Context,
    pub module: Module<'ctx>,
    /// Data layout of the target machine (sizes and alignments).
    pub td: TargetData,
    pub program: &'a Program,
    pub sources: &'a SourceMap,
    pub opts: &'a Options,
    /// LLVM type per concrete type.
    pub types: HashMap<Ty, BasicTypeEnum<'ctx>>,
    /// One LLVM function per `program.bodies` entry.
    pub instances: Vec<FunctionValue<'ctx>>,
    /// `env`-taking thunks of instances used as function values.
    pub thunks: HashMap<InstanceId, FunctionValue<'ctx>>,
    /// Drop glue per type (`None`: nothing to drop).
    pub drop_glue: HashMap<Ty, Option<FunctionValue<'ctx>>>,
    /// Copy glue per aggregate type (`None`: trivially copyable).
    pub copy_glue: HashMap<Ty, Option<FunctionValue<'ctx>>>,
    /// User `Drop::drop` instance per type.
    pub drop_fns: HashMap<Ty, InstanceId>,
    pub sites: HashMap<SiteKey, PointerValue<'ctx>>,
    /// NUL-terminated C string constants.
    pub cstrs: HashMap<String, PointerValue<'ctx>>,
    /// Static `TmlStr` blocks of string literals.
    pub strs: HashMap<String, PointerValue<'ctx>>,
    /// Generated helper functions (power, env counting) by symbol name.
    pub helpers: HashMap<String, FunctionValue<'ctx>>,
}

impl<'ctx, 'a> Cx<'ctx, 'a> {
    /// A fresh context for `program`; `module` must already carry the target's triple and
    /// data layout.
    pub fn new(
        llcx: &'ctx Context,
        module: Module<'ctx>,
        td: TargetData,
        program: &'a Program,
        sources: &'a SourceMap,
        opts: &'a Options,
    ) -> Self {
        Cx {
            llcx,
            module,
            td,
            program,
            sources,
            opts,
            types: HashMap::new(),
            instances: Vec::new(),
            thunks: HashMap::new(),
            drop_glue: HashMap::new(),
            copy_glue: HashMap::new(),
            drop_fns: program.drop_fns.iter().cloned().collect(),
            sites: HashMap::new(),
            cstrs: HashMap::new(),
            strs: HashMap::new(),
            helpers: HashMap::new(),
        }
    }

    /// The opaque pointer type.
    pub fn ptr_ty(&self) -> inkwell::types::PointerType<'ctx> {
        self.llcx.ptr_type(AddressSpace::default())
    }

    /// The user-facing spelling of a concrete type (`"Maybe[I64]"`).
    pub fn ty_name(&self, ty: &Ty) -> String {
        let adts = &self.program.adts;
        let adt_name = |id: usize| adts.get(id).map_or_else(|| format!("adt#{id}"), |a| a.name.clone());
        let param_name = |i: u32| format!("T{i}");
        let behavior_name = |id: usize| format!("behavior#{id}");
        TyDisplay { ty, adt_name: &adt_name, behavior_name: &behavior_name, param_name: &param_name }.to_string()
    }

    /// The declaration of LLVM intrinsic `name` overloaded on `tys`.
    pub fn intrinsic(&self, name: &str, tys: &[BasicTypeEnum<'ctx>]) -> Result<FunctionValue<'ctx>, String> {
        Intrinsic::find(name)
            .and_then(|i| i.get_declaration(&self.module, tys))
            .ok_or_else(|| format!("LLVM intrinsic {name} not found"))
    }

    /// The declaration of C runtime function `name` (tml_runtime.h), added on first use.
    pub fn rt(&self, name: &str) -> Result<FunctionValue<'ctx>, String> {
        if let Some(f) = self.module.get_function(name) {
            return Ok(f);
        }
        let sig = rt_signature(name).ok_or_else(|| format!("unknown runtime function {name}"))?;
        let (ret, params) = sig.split_once(':').expect("signature has a colon");
        let params: Vec<BasicMetadataTypeEnum> = params.chars().map(|c| self.abi_ty(c).into()).collect();
        let fn_ty = match ret {
            "v" | "n" => self.llcx.void_type().fn_type(&params, false),
            r => self.abi_ty(r.chars().next().expect("return code")).fn_type(&params, false),
        };
        let f = self.module.add_function(name, fn_ty, Some(Linkage::External));
        let zext = self.enum_attr("zeroext");
        for (i, c) in sig.split_once(':').expect("colon").1.chars().enumerate() {
            if c == 'b' {
                f.add_attribute(AttributeLoc::Param(i as u32), zext);
            }
        }
        if ret == "b" {
            f.add_attribute(AttributeLoc::Return, zext);
        }
        if ret == "n" {
            f.add_attribute(AttributeLoc::Function, self.enum_attr("noreturn"));
        }
        Ok(f)
    }

    /// An attribute without a value (`"noreturn"`, `"zeroext"`).
    pub fn enum_attr(&self, name: &str) -> Attribute {
        self.llcx.create_enum_attribute(Attribute::get_named_enum_kind_id(name), 0)
    }

    fn abi_ty(&self, c: char) -> BasicTypeEnum<'ctx> {
        match c {
            'p' => self.ptr_ty().into(),
            'l' => self.llcx.i64_type().into(),
            'i' | 'c' => self.llcx.i32_type().into(),
            'b' => self.llcx.bool_type().into(),
            'B' => self.llcx.i8_type().into(),
            'd' => self.llcx.f64_type().into(),
            'f' => self.llcx.f32_type().into(),
            other => unreachable!("bad runtime signature code {other}"),
        }
    }
}

/// Signatures of the runtime functions codegen calls, as `RET:PARAMS` with one code per type:
/// `p` pointer, `l` int64_t, `i` int32_t, `c` uint32_t, `b` bool, `B` uint8_t, `d` double,
/// `f` float, `v` void, `n` noreturn void.
fn rt_signature(name: &str) -> Option<&'static str> {
    Some(match name {
        "tml_panic" | "tml_panic_str" => "n:pp",
        "tml_panic_bounds" => "n:pll",
        "tml_alloc" | "tml_alloc_zeroed" => "p:llp",
        "tml_free" => "v:p",
        "tml_realloc" => "p:pllp",
        "tml_arg_count" => "l:",
        "tml_arg" => "p:lp",
        "tml_test_record_err" => "v:p",
        "tml_live_allocations" | "tml_live_bytes" => "l:",
        "tml_str_retain" | "tml_str_release" => "v:p",
        "tml_str_concat" => "p:ppp",
        "tml_str_concat_n" => "p:plp",
        "tml_str_eq" | "tml_str_contains" | "tml_str_starts_with" | "tml_str_ends_with" => "b:pp",
        "tml_str_cmp" => "i:pp",
        "tml_str_hash" => "l:p",
        "tml_i64_to_str" | "tml_u64_to_str" => "p:lp",
        "tml_f64_to_str" => "p:dp",
        "tml_f32_to_str" => "p:fp",
        "tml_f64_to_str_prec" => "p:dip",
        "tml_bool_to_str" => "p:bp",
        "tml_char_to_str" => "p:cp",
        "tml_str_slice" => "p:pllp",
        "tml_str_find" => "l:ppl",
        "tml_str_to_uppercase"
        | "tml_str_to_lowercase"
        | "tml_str_trim"
        | "tml_str_trim_start"
        | "tml_str_trim_end" => "p:pp",
        "tml_str_replace" => "p:pppp",
        "tml_str_repeat" => "p:plp",
        "tml_str_byte_at" => "B:plp",
        "tml_print" => "v:pib",
        "tml_rt_init" => "v:ipb",
        "tml_rt_shutdown" => "i:i",
        "tml_exit" => "n:i",
        "tml_test_main" => "i:ipplb",
        _ => return None,
    })
}
