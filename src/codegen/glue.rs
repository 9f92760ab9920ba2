//! Drop glue and copy glue (MEMORY.md §2.2, §5.2; DESIGN.md "Drop glue").
//!
//! `tml.drop.<T>(ptr)` runs `T`'s user `drop` (if any), then drops the components in
//! declaration order (tuples and arrays left to right, enums: the active variant's payload).
//! `tml.copy.<T>(ptr)` increments every counted component (`Str`, function environments) of a
//! value that was just copied bitwise. Types with nothing to do get no glue at all.
//! Function environments are counted by `tml.env.retain` / `tml.env.release` (layout in
//! `mod.rs`).

use super::cx::Cx;
use crate::sema::ty::Ty;
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::values::{FunctionValue, IntValue, PointerValue};
use inkwell::IntPredicate;

type R<T> = Result<T, String>;

/// Maps builder errors to internal-error strings.
pub(crate) fn ice(e: inkwell::builder::BuilderError) -> String {
    format!("LLVM builder error: {e}")
}

impl<'ctx> Cx<'ctx, '_> {
    /// Whether dropping a value of `ty` does anything.
    pub fn needs_drop(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Str | Ty::Func(..) | Ty::Dyn(..) | Ty::Class(_) => true,
            Ty::Tuple(ts) => ts.iter().any(|t| self.needs_drop(t)),
            Ty::Array(t, n) => *n > 0 && self.needs_drop(t),
            Ty::Adt(..) => {
                self.drop_fns.contains_key(ty)
                    || (0..self.variant_count(ty)).any(|v| self.fields_of(ty, v).iter().any(|f| self.needs_drop(f)))
            }
            _ => false,
        }
    }

    /// Whether copying a value of `ty` must increment counts.
    pub fn needs_copy(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Str | Ty::Func(..) => true,
            Ty::Tuple(ts) => ts.iter().any(|t| self.needs_copy(t)),
            Ty::Array(t, n) => *n > 0 && self.needs_copy(t),
            Ty::Adt(..) => {
                (0..self.variant_count(ty)).any(|v| self.fields_of(ty, v).iter().any(|f| self.needs_copy(f)))
            }
            _ => false,
        }
    }

    /// Emits the drop of the value of type `ty` stored at `ptr`.
    pub fn emit_drop(&mut self, b: &Builder<'ctx>, ptr: PointerValue<'ctx>, ty: &Ty) -> R<()> {
        match ty {
            Ty::Str => {
                let s = b.build_load(self.ptr_ty(), ptr, "s").map_err(ice)?;
                b.build_call(self.rt("tml_str_release")?, &[s.into()], "").map_err(ice)?;
            }
            Ty::Func(..) => {
                let env = self.load_env(b, ptr, ty)?;
                let f = self.env_helper(false)?;
                b.build_call(f, &[env.into()], "").map_err(ice)?;
            }
            Ty::Dyn(..) => {
                let f = self.dyn_drop_helper()?;
                b.build_call(f, &[ptr.into()], "").map_err(ice)?;
            }
            Ty::Class(_) => self.emit_class_drop(b, ptr)?,
            _ => {
                if let Some(f) = self.drop_glue_fn(ty)? {
                    b.build_call(f, &[ptr.into()], "").map_err(ice)?;
                }
            }
        }
        Ok(())
    }

    /// Emits the copy glue of the value of type `ty` stored at `ptr` (a fresh bitwise copy).
    pub fn emit_copy(&mut self, b: &Builder<'ctx>, ptr: PointerValue<'ctx>, ty: &Ty) -> R<()> {
        match ty {
            Ty::Str => {
                let s = b.build_load(self.ptr_ty(), ptr, "s").map_err(ice)?;
                b.build_call(self.rt("tml_str_retain")?, &[s.into()], "").map_err(ice)?;
            }
            Ty::Func(..) => {
                let env = self.load_env(b, ptr, ty)?;
                let f = self.env_helper(true)?;
                b.build_call(f, &[env.into()], "").map_err(ice)?;
            }
            _ => {
                if let Some(f) = self.copy_glue_fn(ty)? {
                    b.build_call(f, &[ptr.into()], "").map_err(ice)?;
                }
            }
        }
        Ok(())
    }

    fn load_env(&mut self, b: &Builder<'ctx>, ptr: PointerValue<'ctx>, ty: &Ty) -> R<PointerValue<'ctx>> {
        let fty = self.llty(ty).into_struct_type();
        let p = b.build_struct_gep(fty, ptr, 1, "envp").map_err(ice)?;
        Ok(b.build_load(self.ptr_ty(), p, "env").map_err(ice)?.into_pointer_value())
    }

    /// A new internal `void name(ptr)` function and a builder at its entry; returns
    /// `(function, builder, argument)`.
    pub fn glue_fn(&self, name: &str) -> (FunctionValue<'ctx>, Builder<'ctx>, PointerValue<'ctx>) {
        let fty = self.llcx.void_type().fn_type(&[self.ptr_ty().into()], false);
        let f = self.module.add_function(name, fty, Some(Linkage::Internal));
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(f, "entry"));
        let p = f.get_nth_param(0).expect("glue parameter").into_pointer_value();
        (f, b, p)
    }

    /// `tml.env.retain` (`retain` true) or `tml.env.release`: count a function environment.
    fn env_helper(&mut self, retain: bool) -> R<FunctionValue<'ctx>> {
        let name = if retain { "tml.env.retain" } else { "tml.env.release" };
        if let Some(f) = self.helpers.get(name) {
            return Ok(*f);
        }
        let (f, b, env) = self.glue_fn(name);
        self.helpers.insert(name.to_string(), f);
        let i64t = self.llcx.i64_type();
        let live = self.llcx.append_basic_block(f, "live");
        let done = self.llcx.append_basic_block(f, "done");
        let is_null = b.build_is_null(env, "null").map_err(ice)?;
        b.build_conditional_branch(is_null, done, live).map_err(ice)?;
        b.position_at_end(live);
        let rc = b.build_load(i64t, env, "rc").map_err(ice)?.into_int_value();
        if retain {
            let rc1 = b.build_int_add(rc, i64t.const_int(1, false), "rc1").map_err(ice)?;
            b.build_store(env, rc1).map_err(ice)?;
            b.build_unconditional_branch(done).map_err(ice)?;
        } else {
            let rc1 = b.build_int_sub(rc, i64t.const_int(1, false), "rc1").map_err(ice)?;
            b.build_store(env, rc1).map_err(ice)?;
            let dead = self.llcx.append_basic_block(f, "dead");
            let zero = b.build_int_compare(IntPredicate::EQ, rc1, i64t.const_zero(), "zero").map_err(ice)?;
            b.build_conditional_branch(zero, dead, done).map_err(ice)?;
            b.position_at_end(dead);
            let dfp = unsafe { b.build_in_bounds_gep(i64t, env, &[i64t.const_int(1, false)], "dfp") }.map_err(ice)?;
            let df = b.build_load(self.ptr_ty(), dfp, "df").map_err(ice)?.into_pointer_value();
            let call_drop = self.llcx.append_basic_block(f, "call_drop");
            let free = self.llcx.append_basic_block(f, "free");
            let no_df = b.build_is_null(df, "nodf").map_err(ice)?;
            b.build_conditional_branch(no_df, free, call_drop).map_err(ice)?;
            b.position_at_end(call_drop);
            let dty = self.llcx.void_type().fn_type(&[self.ptr_ty().into()], false);
            b.build_indirect_call(dty, df, &[env.into()], "").map_err(ice)?;
            b.build_unconditional_branch(free).map_err(ice)?;
            b.position_at_end(free);
            b.build_call(self.rt("tml_free")?, &[env.into()], "").map_err(ice)?;
            b.build_unconditional_branch(done).map_err(ice)?;
        }
        b.position_at_end(done);
        b.build_return(None).map_err(ice)?;
        Ok(f)
    }

    /// The drop glue function `void(ptr)` of a type, if it needs one.
    pub fn drop_glue_fn(&mut self, ty: &Ty) -> R<Option<FunctionValue<'ctx>>> {
        if let Some(f) = self.drop_glue.get(ty) {
            return Ok(*f);
        }
        if !self.needs_drop(ty) {
            self.drop_glue.insert(ty.clone(), None);
            return Ok(None);
        }
        let (f, b, p) = self.glue_fn(&format!("tml.drop.{}", self.ty_name(ty)));
        self.drop_glue.insert(ty.clone(), Some(f));
        match ty {
            Ty::Str | Ty::Func(..) | Ty::Dyn(..) | Ty::Class(_) => self.emit_drop(&b, p, ty)?,
            _ => {
                if let Some(&inst) = self.drop_fns.get(ty) {
                    let user_drop = self.instance_entry(inst)?;
                    b.build_call(user_drop, &[p.into()], "").map_err(ice)?;
                }
                self.emit_components(&b, f, p, ty, false)?;
            }
        }
        b.build_return(None).map_err(ice)?;
        Ok(Some(f))
    }

    /// The copy glue function of an aggregate type, if it needs one.
    pub fn copy_glue_fn(&mut self, ty: &Ty) -> R<Option<FunctionValue<'ctx>>> {
        if let Some(f) = self.copy_glue.get(ty) {
            return Ok(*f);
        }
        if !self.needs_copy(ty) {
            self.copy_glue.insert(ty.clone(), None);
            return Ok(None);
        }
        let (f, b, p) = self.glue_fn(&format!("tml.copy.{}", self.ty_name(ty)));
        self.copy_glue.insert(ty.clone(), Some(f));
        self.emit_components(&b, f, p, ty, true)?;
        b.build_return(None).map_err(ice)?;
        Ok(Some(f))
    }

    /// Drops (`copy` false) or copies (`copy` true) every component of the aggregate at `p`.
    fn emit_components(
        &mut self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        p: PointerValue<'ctx>,
        ty: &Ty,
        copy: bool,
    ) -> R<()> {
        let wanted = |cx: &Self, t: &Ty| {
            if copy {
                cx.needs_copy(t)
            } else {
                cx.needs_drop(t)
            }
        };
        match ty {
            Ty::Array(elem, n) => {
                let elem = (**elem).clone();
                if !wanted(self, &elem) {
                    return Ok(());
                }
                let aty = self.llty(ty);
                self.emit_counted_loop(b, f, *n, |cx, b, i| {
                    let zero = cx.llcx.i64_type().const_zero();
                    let ep = unsafe { b.build_in_bounds_gep(aty, p, &[zero, i], "elem") }.map_err(ice)?;
                    if copy {
                        cx.emit_copy(b, ep, &elem)
                    } else {
                        cx.emit_drop(b, ep, &elem)
                    }
                })
            }
            Ty::Adt(id, _) if self.is_enum(ty) => {
                let lty = self.llty(ty).into_struct_type();
                let tag_ty = self.enum_tag_ty(*id);
                let tag = b.build_load(tag_ty, p, "tag").map_err(ice)?.into_int_value();
                let payload = b.build_struct_gep(lty, p, 1, "payload").map_err(ice)?;
                let start = b.get_insert_block().expect("positioned");
                let done = self.llcx.append_basic_block(f, "done");
                let mut cases = Vec::new();
                for v in 0..self.variant_count(ty) {
                    let fields = self.fields_of(ty, v);
                    if !fields.iter().any(|t| wanted(self, t)) {
                        continue;
                    }
                    let bb = self.llcx.append_basic_block(f, "variant");
                    cases.push((tag_ty.const_int(self.discriminant_of(ty, v) as u64, true), bb));
                    b.position_at_end(bb);
                    let st = self.variant_struct(ty, v);
                    self.emit_fields(b, payload, st, &fields, copy)?;
                    b.build_unconditional_branch(done).map_err(ice)?;
                }
                b.position_at_end(start);
                b.build_switch(tag, done, &cases).map_err(ice)?;
                b.position_at_end(done);
                Ok(())
            }
            _ => {
                let st = self.llty(ty).into_struct_type();
                let fields = match ty {
                    Ty::Tuple(ts) => ts.clone(),
                    _ => self.fields_of(ty, 0),
                };
                self.emit_fields(b, p, st, &fields, copy)
            }
        }
    }

    fn emit_fields(
        &mut self,
        b: &Builder<'ctx>,
        p: PointerValue<'ctx>,
        st: inkwell::types::StructType<'ctx>,
        fields: &[Ty],
        copy: bool,
    ) -> R<()> {
        for (i, t) in fields.iter().enumerate() {
            let needed = if copy { self.needs_copy(t) } else { self.needs_drop(t) };
            if !needed {
                continue;
            }
            let fp = b.build_struct_gep(st, p, i as u32, "field").map_err(ice)?;
            if copy {
                self.emit_copy(b, fp, t)?;
            } else {
                self.emit_drop(b, fp, t)?;
            }
        }
        Ok(())
    }

    /// Emits `for i in 0..n { body(i) }` (i: i64) at `b`'s position; `b` ends after the loop.
    pub fn emit_counted_loop(
        &mut self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        n: u64,
        mut body: impl FnMut(&mut Self, &Builder<'ctx>, IntValue<'ctx>) -> R<()>,
    ) -> R<()> {
        let i64t = self.llcx.i64_type();
        let pre = b.get_insert_block().expect("positioned");
        let head = self.llcx.append_basic_block(f, "loop");
        let exit = self.llcx.append_basic_block(f, "loop_end");
        b.build_unconditional_branch(head).map_err(ice)?;
        b.position_at_end(head);
        let phi = b.build_phi(i64t, "i").map_err(ice)?;
        let i = phi.as_basic_value().into_int_value();
        body(self, b, i)?;
        let next = b.build_int_add(i, i64t.const_int(1, false), "next").map_err(ice)?;
        let more = b.build_int_compare(IntPredicate::ULT, next, i64t.const_int(n, false), "more").map_err(ice)?;
        let latch = b.get_insert_block().expect("positioned");
        b.build_conditional_branch(more, head, exit).map_err(ice)?;
        phi.add_incoming(&[(&i64t.const_zero(), pre), (&next, latch)]);
        b.position_at_end(exit);
        Ok(())
    }
}
