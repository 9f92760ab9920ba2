//! Closure values (MEMORY.md §10.3).
//!
//! A capturing closure allocates one counted environment block laid out as the LLVM struct
//! `{ i64 rc, ptr drop_captures, (C1, …, Cn) }` (tracked, type name `closure`, site: the
//! statement creating the closure), moves or copies the captures into the tuple and pairs the
//! block with a closure thunk:
//! * `drop_captures(env)` is `tml.envdrop.<tuple>`, which runs the tuple's drop glue (captures
//!   in tuple order = order of first mention), or null when nothing needs dropping;
//! * the thunk `tml.closure::<body>` has the function-value ABI (declared parameters plus a
//!   trailing `env`) and calls the body with a pointer to the tuple inside `env` as its first
//!   argument (`ref (C1, …, Cn)`).
//!
//! A closure without captures gets a null `env` (like a named function).

use super::cx::Cx;
use super::function::FnCx;
use super::glue::ice;
use super::place::OpVal;
use super::trace::KIND_PLAIN;
use super::types::is_indirect;
use crate::mir::ir::InstanceId;
use crate::sema::ty::Ty;
use inkwell::module::Linkage;
use inkwell::types::StructType;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue, PointerValue};

type R<T> = Result<T, String>;

impl<'ctx> Cx<'ctx, '_> {
    /// The environment block type of a closure capturing the tuple `caps`.
    fn env_ty(&mut self, caps: &Ty) -> StructType<'ctx> {
        let t = self.llty(caps);
        self.llcx.struct_type(&[self.llcx.i64_type().into(), self.ptr_ty().into(), t], false)
    }

    /// Byte offset of the captures tuple inside the environment block.
    pub fn env_offset(&mut self, caps: &Ty) -> u64 {
        let et = self.env_ty(caps);
        self.td.offset_of_element(&et, 2).expect("env field")
    }

    /// The thunk of closure body `inst` (see the module doc).
    fn closure_thunk(&mut self, inst: InstanceId, caps: &Ty) -> R<FunctionValue<'ctx>> {
        let body = &self.program.bodies[inst];
        let name = format!("tml.closure::{}", body.name);
        if let Some(f) = self.helpers.get(&name) {
            return Ok(*f);
        }
        if body.arg_count == 0 {
            return Err(format!("closure body `{}` has no environment parameter", body.name));
        }
        let declared: Vec<Ty> = body.locals[2..=body.arg_count].iter().map(|l| l.ty.clone()).collect();
        let ret = body.return_ty().clone();
        let fty = self.fn_type(&declared, &ret, true);
        let f = self.module.add_function(&name, fty, Some(Linkage::Internal));
        self.helpers.insert(name, f);
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(f, "entry"));
        let params: Vec<BasicMetadataValueEnum> = f.get_param_iter().map(|p| p.into()).collect();
        let env = f.get_last_param().expect("env").into_pointer_value();
        let sret = usize::from(is_indirect(&ret));
        let caps_ptr = if matches!(caps, Ty::Tuple(ts) if ts.is_empty()) {
            self.ptr_ty().const_null()
        } else {
            let et = self.env_ty(caps);
            b.build_struct_gep(et, env, 2, "caps").map_err(ice)?
        };
        let mut args: Vec<BasicMetadataValueEnum> = params[..sret].to_vec();
        args.push(caps_ptr.into());
        args.extend_from_slice(&params[sret..params.len() - 1]);
        let body = &self.program.bodies[inst];
        if body.track_caller {
            args.push(self.site(body.span, None).into());
        }
        let call = b.build_call(self.instances[inst], &args, "r").map_err(ice)?;
        match call.try_as_basic_value().basic() {
            Some(v) => b.build_return(Some(&v)).map_err(ice)?,
            None => b.build_return(None).map_err(ice)?,
        };
        Ok(f)
    }

    /// `tml.envdrop.<caps>(env)`: drops the captures of an environment block (null when they
    /// need no dropping).
    fn env_drop_fn(&mut self, caps: &Ty) -> R<Option<FunctionValue<'ctx>>> {
        let Some(glue) = self.drop_glue_fn(caps)? else { return Ok(None) };
        let name = format!("tml.envdrop.{}", self.ty_name(caps));
        if let Some(f) = self.helpers.get(&name) {
            return Ok(Some(*f));
        }
        let (f, b, env) = self.glue_fn(&name);
        self.helpers.insert(name, f);
        let et = self.env_ty(caps);
        let tuple = b.build_struct_gep(et, env, 2, "caps").map_err(ice)?;
        b.build_call(glue, &[tuple.into()], "").map_err(ice)?;
        b.build_return(None).map_err(ice)?;
        Ok(Some(f))
    }
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// `dst = Aggregate(Closure(inst), captures)`; `vals` are the evaluated captures.
    pub fn make_closure(&mut self, dst: PointerValue<'ctx>, inst: InstanceId, vals: Vec<(Ty, OpVal<'ctx>)>) -> R<()> {
        let caps = Ty::Tuple(vals.iter().map(|(t, _)| t.clone()).collect());
        let code = self.cx.closure_thunk(inst, &caps)?.as_global_value().as_pointer_value();
        let env = if vals.is_empty() {
            self.cx.ptr_ty().const_null()
        } else {
            let et = self.cx.env_ty(&caps);
            let i64t = self.cx.llcx.i64_type();
            let size = i64t.const_int(self.cx.td.get_abi_size(&et), false);
            let align = i64t.const_int(self.cx.td.get_abi_alignment(&et) as u64, false);
            let site = self.alloc_site(Some("closure"))?;
            let offset = self.cx.env_offset(&caps);
            let info = self.cx.type_info("closure", KIND_PLAIN, Some((&caps, offset)))?;
            let f = self.cx.rt("tml_alloc_info")?;
            let call =
                self.b.build_call(f, &[size.into(), align.into(), site.into(), info.into()], "env").map_err(ice)?;
            let env = call.try_as_basic_value().basic().expect("env pointer").into_pointer_value();
            let rc = self.b.build_struct_gep(et, env, 0, "rc").map_err(ice)?;
            self.b.build_store(rc, i64t.const_int(1, false)).map_err(ice)?;
            let df = match self.cx.env_drop_fn(&caps)? {
                Some(f) => f.as_global_value().as_pointer_value(),
                None => self.cx.ptr_ty().const_null(),
            };
            let dfp = self.b.build_struct_gep(et, env, 1, "dfp").map_err(ice)?;
            self.b.build_store(dfp, df).map_err(ice)?;
            let tuple = self.b.build_struct_gep(et, env, 2, "caps").map_err(ice)?;
            let tt = self.cx.llty(&caps).into_struct_type();
            for (i, (ty, v)) in vals.into_iter().enumerate() {
                let fp = self.b.build_struct_gep(tt, tuple, i as u32, "cap").map_err(ice)?;
                self.store(fp, &ty, v)?;
            }
            env
        };
        let pt = self.cx.pair_ty();
        let cp = self.b.build_struct_gep(pt, dst, 0, "codep").map_err(ice)?;
        self.b.build_store(cp, code).map_err(ice)?;
        let ep = self.b.build_struct_gep(pt, dst, 1, "envp").map_err(ice)?;
        self.b.build_store(ep, env).map_err(ice)?;
        Ok(())
    }
}
