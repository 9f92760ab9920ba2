//! `dyn` values (MEMORY.md §10.2): vtable constants, boxing a concrete value, dropping through
//! the vtable and method calls through it.
//!
//! * A `dyn B` value, and a `ref dyn B` / `mut ref dyn B`, is the pair `{ ptr data, ptr vtable }`
//!   (references to `dyn` are fat: `ref x` of a `dyn` place copies the pair).
//! * `data` points to a tracked heap box holding the concrete value (site: the coercion, type
//!   name: the concrete type, type info tracing the value for the leak report's cycle search).
//! * A vtable is a constant array of pointer-sized words: `[drop_in_place or null, size,
//!   align, type descriptor (name, class descriptor, implemented behaviors: `class.rs`),
//!   methods…]`. Method
//!   slot `4 + i` holds behavior method `i` of the impl; it takes the data pointer as its
//!   receiver (`ref T` / `mut ref T`) followed by the declared parameters.
//! * Dropping a `dyn` (helper `tml.dyn.drop(ptr pair)`) calls slot 0 on a non-null `data`,
//!   then frees the box.

use super::cx::Cx;
use super::function::FnCx;
use super::glue::ice;
use super::place::OpVal;
use super::trace::KIND_PLAIN;
use crate::mir::ir::{Operand, Place};
use crate::sema::ty::Ty;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, PointerValue};

type R<T> = Result<T, String>;

/// Index of the first method slot in a vtable.
const FIRST_METHOD: u64 = 4;

impl<'ctx> Cx<'ctx, '_> {
    /// The vtable constant of `program.vtables[v]`.
    pub fn vtable(&mut self, v: usize) -> R<PointerValue<'ctx>> {
        if let Some(p) = self.vtables.get(&v) {
            return Ok(*p);
        }
        let vt = self.program.vtables.get(v).ok_or_else(|| format!("vtable {v} does not exist"))?.clone();
        let i64t = self.llcx.i64_type();
        let null = self.ptr_ty().const_null();
        let drop = match self.drop_glue_fn(&vt.self_ty)? {
            Some(f) => f.as_global_value().as_pointer_value(),
            None => null,
        };
        let name = self.ty_name(&vt.self_ty);
        let mut slots: Vec<BasicValueEnum<'ctx>> = vec![
            drop.into(),
            i64t.const_int(self.size_of(&vt.self_ty), false).into(),
            i64t.const_int(self.align_of(&vt.self_ty) as u64, false).into(),
            self.dyn_type_descriptor(&vt.self_ty, &vt.implements)?.into(),
        ];
        for m in &vt.methods {
            slots.push(self.instance_entry(*m)?.as_global_value().as_pointer_value().as_basic_value_enum());
        }
        let value = self.llcx.const_struct(&slots, false);
        let g = self.module.add_global(value.get_type(), None, &format!("tml.vtable.{name}"));
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(inkwell::module::Linkage::Private);
        let p = g.as_pointer_value();
        self.vtables.insert(v, p);
        Ok(p)
    }

    /// `tml.dyn.drop(ptr pair)`: drops the boxed value through vtable slot 0 and frees the box.
    pub fn dyn_drop_helper(&mut self) -> R<FunctionValue<'ctx>> {
        let name = "tml.dyn.drop";
        if let Some(f) = self.helpers.get(name) {
            return Ok(*f);
        }
        let (f, b, pair) = self.glue_fn(name);
        self.helpers.insert(name.to_string(), f);
        let pt = self.pair_ty();
        let dp = b.build_struct_gep(pt, pair, 0, "datap").map_err(ice)?;
        let data = b.build_load(self.ptr_ty(), dp, "data").map_err(ice)?.into_pointer_value();
        let vp = b.build_struct_gep(pt, pair, 1, "vtp").map_err(ice)?;
        let vt = b.build_load(self.ptr_ty(), vp, "vt").map_err(ice)?.into_pointer_value();
        let live = self.llcx.append_basic_block(f, "live");
        let call = self.llcx.append_basic_block(f, "call_drop");
        let free = self.llcx.append_basic_block(f, "free");
        let done = self.llcx.append_basic_block(f, "done");
        let is_null = b.build_is_null(data, "null").map_err(ice)?;
        b.build_conditional_branch(is_null, done, live).map_err(ice)?;
        b.position_at_end(live);
        let drop = b.build_load(self.ptr_ty(), vt, "drop").map_err(ice)?.into_pointer_value();
        let no_drop = b.build_is_null(drop, "nodrop").map_err(ice)?;
        b.build_conditional_branch(no_drop, free, call).map_err(ice)?;
        b.position_at_end(call);
        let fty = self.llcx.void_type().fn_type(&[self.ptr_ty().into()], false);
        b.build_indirect_call(fty, drop, &[data.into()], "").map_err(ice)?;
        b.build_unconditional_branch(free).map_err(ice)?;
        b.position_at_end(free);
        b.build_call(self.rt("tml_free")?, &[data.into()], "").map_err(ice)?;
        b.build_unconditional_branch(done).map_err(ice)?;
        b.position_at_end(done);
        b.build_return(None).map_err(ice)?;
        Ok(f)
    }
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// `dst = Aggregate(Dyn(v), [value])`: boxes the value (of the vtable's concrete type).
    pub fn make_dyn(&mut self, dst: PointerValue<'ctx>, v: usize, ty: &Ty, value: OpVal<'ctx>) -> R<()> {
        let self_ty =
            self.cx.program.vtables.get(v).ok_or_else(|| format!("vtable {v} does not exist"))?.self_ty.clone();
        if &self_ty != ty {
            return Err(format!("`dyn` coercion of a {ty:?} with the vtable of {self_ty:?}"));
        }
        let name = self.cx.ty_name(ty);
        let i64t = self.cx.llcx.i64_type();
        let size = i64t.const_int(self.cx.size_of(ty), false);
        let align = i64t.const_int(self.cx.align_of(ty) as u64, false);
        let site = self.alloc_site(Some(&name))?;
        let info = self.cx.type_info(&name, KIND_PLAIN, Some((ty, 0)))?;
        let f = self.cx.rt("tml_alloc_info")?;
        let call = self.b.build_call(f, &[size.into(), align.into(), site.into(), info.into()], "box").map_err(ice)?;
        let data = call.try_as_basic_value().basic().expect("box pointer").into_pointer_value();
        self.store(data, ty, value)?;
        let vt = self.cx.vtable(v)?;
        let pt = self.cx.pair_ty();
        let dp = self.b.build_struct_gep(pt, dst, 0, "datap").map_err(ice)?;
        self.b.build_store(dp, data).map_err(ice)?;
        let vp = self.b.build_struct_gep(pt, dst, 1, "vtp").map_err(ice)?;
        self.b.build_store(vp, vt).map_err(ice)?;
        Ok(())
    }

    /// `dst = Aggregate(Dyn(v), [reference])` for a `ref dyn B` destination: the pair of the
    /// reference (to a value of the vtable's concrete type) and the vtable, without allocation.
    pub fn make_ref_dyn(&mut self, dst: PointerValue<'ctx>, v: usize, ty: &Ty, value: OpVal<'ctx>) -> R<()> {
        let self_ty =
            self.cx.program.vtables.get(v).ok_or_else(|| format!("vtable {v} does not exist"))?.self_ty.clone();
        if !matches!(ty, Ty::Ref(_, t) if **t == self_ty) {
            return Err(format!("borrowed `dyn` coercion of a {ty:?} with the vtable of {self_ty:?}"));
        }
        let data = match value {
            OpVal::Imm(v) => v,
            OpVal::Mem(p) => self.b.build_load(self.cx.ptr_ty(), p, "data").map_err(ice)?,
        };
        let vt = self.cx.vtable(v)?;
        let pt = self.cx.pair_ty();
        let dp = self.b.build_struct_gep(pt, dst, 0, "datap").map_err(ice)?;
        self.b.build_store(dp, data).map_err(ice)?;
        let vp = self.b.build_struct_gep(pt, dst, 1, "vtp").map_err(ice)?;
        self.b.build_store(vp, vt).map_err(ice)?;
        Ok(())
    }

    /// A call of behavior method `method` through the vtable of the first argument (a
    /// `ref dyn B` or `mut ref dyn B`).
    pub fn dyn_call(&mut self, method: usize, args: &[Operand], dest: &Place) -> R<()> {
        let recv = args.first().ok_or("`dyn` method call without a receiver")?;
        match self.operand_ty(recv)? {
            Ty::Ref(_, t) if matches!(*t, Ty::Dyn(..)) => {}
            other => return Err(format!("`dyn` method call on a receiver of type {other:?}")),
        }
        let pair = self.operand_imm(recv)?.into_struct_value();
        let data = self.b.build_extract_value(pair, 0, "data").map_err(ice)?;
        let vt = self.b.build_extract_value(pair, 1, "vt").map_err(ice)?.into_pointer_value();
        let slot_idx = self.cx.llcx.i64_type().const_int(FIRST_METHOD + method as u64, false);
        let ptr_ty: BasicTypeEnum = self.cx.ptr_ty().into();
        let slot = unsafe { self.b.build_in_bounds_gep(ptr_ty, vt, &[slot_idx], "slot") }.map_err(ice)?;
        let code = self.b.build_load(ptr_ty, slot, "method").map_err(ice)?.into_pointer_value();
        let mut params = vec![Ty::Ptr(Box::new(Ty::Unit))];
        for a in &args[1..] {
            params.push(self.operand_ty(a)?);
        }
        let ret = self.place_ty(dest)?;
        let fty = self.cx.fn_type(&params, &ret, false);
        let mut vals = vec![data.into()];
        vals.extend(self.call_args(&args[1..])?);
        self.emit_call(&ret, vals, dest, |this, a| this.b.build_indirect_call(fty, code, a, "call").map_err(ice))
    }
}
