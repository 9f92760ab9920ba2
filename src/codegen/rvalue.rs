//! Rvalues: assignments, aggregates, operators with overflow/division checks (LANGUAGE.md
//! §6.3) and primitive casts (§6.4).

use super::function::FnCx;
use super::glue::ice;
use super::place::OpVal;
use super::types::{int_ty, is_signed};
use crate::mir::ir::{AggregateKind, Callee, Operand, Place, Projection, Rvalue};
use crate::sema::hir::{BinOp, UnOp};
use crate::sema::ty::{IntTy, Ty};
use inkwell::types::IntType;
use inkwell::values::{BasicValueEnum, FunctionValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

type R<T> = Result<T, String>;

/// The operator word in `attempt to … with overflow`.
fn overflow_msg(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "attempt to add with overflow",
        BinOp::Sub => "attempt to subtract with overflow",
        BinOp::Mul => "attempt to multiply with overflow",
        BinOp::Pow => "attempt to raise to a power with overflow",
        BinOp::Shl => "attempt to shift left with overflow",
        _ => "attempt to shift right with overflow",
    }
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// `place = rvalue` (the old value is not dropped).
    pub fn assign(&mut self, place: &Place, rv: &Rvalue) -> R<()> {
        match rv {
            Rvalue::MakeDyn { .. } => Err("`dyn` coercion reached codegen before monomorphization".into()),
            Rvalue::Use(op) => {
                let v = self.operand(op)?;
                let dst = self.place(place)?;
                self.store(dst.ptr, &dst.ty, v)
            }
            Rvalue::Ref(_, p) => {
                let src = self.ref_target(p)?;
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, src).map_err(ice)?;
                Ok(())
            }
            Rvalue::AddressOf(p) => {
                let src = self.place(p)?.ptr;
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, src).map_err(ice)?;
                Ok(())
            }
            Rvalue::BinaryOp(op, a, b) => {
                let ty = self.operand_ty(a)?;
                let rty = self.operand_ty(b)?;
                let l = self.operand_imm(a)?;
                let r = self.operand_imm(b)?;
                let v = self.binop(*op, &ty, l, r, &rty)?;
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, v).map_err(ice)?;
                Ok(())
            }
            Rvalue::UnaryOp(op, a) => {
                let ty = self.operand_ty(a)?;
                let v = self.operand_imm(a)?;
                let v = self.unop(*op, &ty, v)?;
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, v).map_err(ice)?;
                Ok(())
            }
            Rvalue::Cast(a, to) => {
                let from = self.operand_ty(a)?;
                let v = self.operand_imm(a)?;
                let v = self.cast(v, &from, to)?;
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, v).map_err(ice)?;
                Ok(())
            }
            Rvalue::Aggregate(kind, ops) => self.aggregate(place, kind, ops),
            Rvalue::Repeat(op, n) => self.repeat(place, op, *n),
            Rvalue::Discriminant(p) => {
                let pr = self.place(p)?;
                let d = match &pr.ty {
                    Ty::Adt(id, _) if self.cx.is_enum(&pr.ty) => {
                        let tag_ty = self.cx.enum_tag_ty(*id);
                        let tag = self.b.build_load(tag_ty, pr.ptr, "tag").map_err(ice)?.into_int_value();
                        self.b.build_int_s_extend_or_bit_cast(tag, self.cx.llcx.i64_type(), "discr").map_err(ice)?
                    }
                    _ => self.cx.llcx.i64_type().const_zero(),
                };
                let dst = self.place(place)?;
                self.b.build_store(dst.ptr, d).map_err(ice)?;
                Ok(())
            }
        }
    }

    /// The value of `ref place`: the place's address, or for a `dyn` place (or the target of a
    /// reference to `dyn`) the fat pair `{data, vtable}`.
    fn ref_target(&mut self, p: &Place) -> R<BasicValueEnum<'ctx>> {
        if let Some((Projection::Deref, base)) = p.projection.split_last() {
            let base = Place { local: p.local, projection: base.to_vec() };
            if matches!(self.place_ty(&base)?, Ty::Ref(_, t) if matches!(*t, Ty::Dyn(..))) {
                let pr = self.place(&base)?;
                return self.b.build_load(self.cx.pair_ty(), pr.ptr, "pair").map_err(ice);
            }
        }
        let pr = self.place(p)?;
        if matches!(pr.ty, Ty::Dyn(..)) {
            return self.b.build_load(self.cx.pair_ty(), pr.ptr, "pair").map_err(ice);
        }
        Ok(pr.ptr.into())
    }

    fn aggregate(&mut self, place: &Place, kind: &AggregateKind, ops: &[Operand]) -> R<()> {
        let mut vals = Vec::with_capacity(ops.len());
        for op in ops {
            vals.push((self.operand_ty(op)?, self.operand(op)?));
        }
        let dst = self.place(place)?;
        let i64t = self.cx.llcx.i64_type();
        match kind {
            AggregateKind::Closure(Callee::Instance(inst)) => self.make_closure(dst.ptr, *inst, vals)?,
            AggregateKind::Closure(other) => return Err(format!("closure of a non-monomorphized body {other:?}")),
            AggregateKind::Dyn(v) => {
                let mut vals = vals.into_iter();
                let (Some((ty, value)), None) = (vals.next(), vals.next()) else {
                    return Err("`dyn` coercion needs exactly one operand".into());
                };
                if matches!(&dst.ty, Ty::Ref(..)) {
                    self.make_ref_dyn(dst.ptr, *v, &ty, value)?;
                } else {
                    self.make_dyn(dst.ptr, *v, &ty, value)?;
                }
            }
            AggregateKind::Array(_) => {
                let aty = self.cx.llty(&dst.ty);
                for (i, (ty, v)) in vals.into_iter().enumerate() {
                    let idx = [i64t.const_zero(), i64t.const_int(i as u64, false)];
                    let ep = unsafe { self.b.build_in_bounds_gep(aty, dst.ptr, &idx, "elem") }.map_err(ice)?;
                    self.store(ep, &ty, v)?;
                }
            }
            AggregateKind::Tuple | AggregateKind::Adt(..) => {
                let (base, st) = match kind {
                    AggregateKind::Adt(id, v, _) if self.cx.is_enum(&dst.ty) => {
                        let lty = self.cx.llty(&dst.ty).into_struct_type();
                        let tag_ty = self.cx.enum_tag_ty(*id);
                        let d = self.cx.discriminant_of(&dst.ty, *v);
                        self.b.build_store(dst.ptr, tag_ty.const_int(d as u64, true)).map_err(ice)?;
                        let payload = self.b.build_struct_gep(lty, dst.ptr, 1, "payload").map_err(ice)?;
                        (payload, self.cx.variant_struct(&dst.ty, *v))
                    }
                    _ => (dst.ptr, self.cx.llty(&dst.ty).into_struct_type()),
                };
                for (i, (ty, v)) in vals.into_iter().enumerate() {
                    let fp = self.b.build_struct_gep(st, base, i as u32, "fld").map_err(ice)?;
                    self.store(fp, &ty, v)?;
                }
            }
        }
        Ok(())
    }

    /// `[value; n]`: every element is a copy (with copy glue) of the value, which is then dropped.
    fn repeat(&mut self, place: &Place, op: &Operand, n: u64) -> R<()> {
        let ety = self.operand_ty(op)?;
        let v = self.operand(op)?;
        let lty = self.cx.llty(&ety);
        let tmp = match v {
            OpVal::Mem(p) => p,
            OpVal::Imm(v) => {
                let p = self.alloca(lty, "rep")?;
                self.b.build_store(p, v).map_err(ice)?;
                p
            }
        };
        let dst = self.place(place)?;
        if n > 0 {
            let aty = self.cx.llty(&dst.ty);
            let size = self.cx.size_of(&ety);
            let align = self.cx.align_of(&ety);
            let f = self.func;
            let b = self.cx.llcx.create_builder();
            b.position_at_end(self.b.get_insert_block().expect("positioned"));
            self.cx.emit_counted_loop(&b, f, n, |cx, b, i| {
                let zero = cx.llcx.i64_type().const_zero();
                let ep = unsafe { b.build_in_bounds_gep(aty, dst.ptr, &[zero, i], "elem") }.map_err(ice)?;
                if size > 0 {
                    b.build_memcpy(ep, align, tmp, align, cx.llcx.i64_type().const_int(size, false)).map_err(ice)?;
                }
                cx.emit_copy(b, ep, &ety)
            })?;
            self.b.position_at_end(b.get_insert_block().expect("positioned"));
        }
        self.cx.emit_drop(&self.b, tmp, &ety)
    }

    /// `llvm.<name>.with.overflow` on `ty`: returns `(result, overflowed)`.
    fn with_overflow(
        &mut self,
        name: &str,
        l: IntValue<'ctx>,
        r: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let f = self.cx.intrinsic(&format!("llvm.{name}.with.overflow"), &[l.get_type().into()])?;
        let res = self.b.build_call(f, &[l.into(), r.into()], "ov").map_err(ice)?;
        let s = res.try_as_basic_value().basic().expect("struct result").into_struct_value();
        let v = self.b.build_extract_value(s, 0, "val").map_err(ice)?.into_int_value();
        let o = self.b.build_extract_value(s, 1, "ovf").map_err(ice)?.into_int_value();
        Ok((v, o))
    }

    /// A binary operator on two scalars (`rty` is the right operand's type, for shifts).
    pub fn binop(
        &mut self,
        op: BinOp,
        ty: &Ty,
        l: BasicValueEnum<'ctx>,
        r: BasicValueEnum<'ctx>,
        rty: &Ty,
    ) -> R<BasicValueEnum<'ctx>> {
        let b = &self.b;
        if let Ty::Float(_) = ty {
            let (l, r) = (l.into_float_value(), r.into_float_value());
            let cmp = |p| b.build_float_compare(p, l, r, "fcmp").map(Into::into).map_err(ice);
            return match op {
                BinOp::Add => b.build_float_add(l, r, "fadd").map(Into::into).map_err(ice),
                BinOp::Sub => b.build_float_sub(l, r, "fsub").map(Into::into).map_err(ice),
                BinOp::Mul => b.build_float_mul(l, r, "fmul").map(Into::into).map_err(ice),
                BinOp::Div => b.build_float_div(l, r, "fdiv").map(Into::into).map_err(ice),
                BinOp::Rem => b.build_float_rem(l, r, "frem").map(Into::into).map_err(ice),
                BinOp::Pow => {
                    let f = self.cx.intrinsic("llvm.pow", &[l.get_type().into()])?;
                    let c = self.b.build_call(f, &[l.into(), r.into()], "pow").map_err(ice)?;
                    Ok(c.try_as_basic_value().basic().expect("pow result"))
                }
                BinOp::Eq => cmp(FloatPredicate::OEQ),
                BinOp::Ne => cmp(FloatPredicate::UNE),
                BinOp::Lt => cmp(FloatPredicate::OLT),
                BinOp::Le => cmp(FloatPredicate::OLE),
                BinOp::Gt => cmp(FloatPredicate::OGT),
                BinOp::Ge => cmp(FloatPredicate::OGE),
                other => Err(format!("float operator {other:?}")),
            };
        }
        if matches!(ty, Ty::Unit) {
            let t = matches!(op, BinOp::Eq | BinOp::Le | BinOp::Ge);
            return Ok(self.cx.llcx.bool_type().const_int(t as u64, false).into());
        }
        let signed = is_signed(ty);
        if l.is_pointer_value() {
            let (l, r) = (l.into_pointer_value(), r.into_pointer_value());
            let i64t = self.cx.llcx.i64_type();
            let li = b.build_ptr_to_int(l, i64t, "pl").map_err(ice)?;
            let ri = b.build_ptr_to_int(r, i64t, "pr").map_err(ice)?;
            return self.binop(op, &Ty::Int(IntTy::U64), li.into(), ri.into(), &Ty::Int(IntTy::U64));
        }
        let (l, r) = (l.into_int_value(), r.into_int_value());
        let lt = l.get_type();
        let checks = self.cx.opts.overflow_checks;
        let pred = |s: IntPredicate, u: IntPredicate| if signed { s } else { u };
        let v: IntValue<'ctx> = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul if checks && int_ty(ty).is_some() => {
                let name = match op {
                    BinOp::Add => "add",
                    BinOp::Sub => "sub",
                    _ => "mul",
                };
                let (v, o) = self.with_overflow(&format!("{}{name}", if signed { "s" } else { "u" }), l, r)?;
                self.panic_if(o, overflow_msg(op))?;
                v
            }
            BinOp::Add => b.build_int_add(l, r, "add").map_err(ice)?,
            BinOp::Sub => b.build_int_sub(l, r, "sub").map_err(ice)?,
            BinOp::Mul => b.build_int_mul(l, r, "mul").map_err(ice)?,
            BinOp::Div | BinOp::Rem => {
                let zero = b.build_int_compare(IntPredicate::EQ, r, lt.const_zero(), "z").map_err(ice)?;
                let msg = if op == BinOp::Div {
                    "attempt to divide by zero"
                } else {
                    "attempt to calculate the remainder with a divisor of zero"
                };
                self.panic_if(zero, msg)?;
                if signed {
                    let min = lt.const_int(1u64 << (lt.get_bit_width() - 1), false);
                    let b = &self.b;
                    let is_min = b.build_int_compare(IntPredicate::EQ, l, min, "min").map_err(ice)?;
                    let is_m1 = b.build_int_compare(IntPredicate::EQ, r, lt.const_all_ones(), "m1").map_err(ice)?;
                    let both = b.build_and(is_min, is_m1, "ovf").map_err(ice)?;
                    self.panic_if(both, "attempt to divide with overflow")?;
                }
                let b = &self.b;
                match (op, signed) {
                    (BinOp::Div, true) => b.build_int_signed_div(l, r, "div"),
                    (BinOp::Div, false) => b.build_int_unsigned_div(l, r, "div"),
                    (_, true) => b.build_int_signed_rem(l, r, "rem"),
                    (_, false) => b.build_int_unsigned_rem(l, r, "rem"),
                }
                .map_err(ice)?
            }
            BinOp::Pow => {
                if is_signed(rty) {
                    let rt = r.get_type();
                    let neg = self.b.build_int_compare(IntPredicate::SLT, r, rt.const_zero(), "neg").map_err(ice)?;
                    self.panic_if(neg, "attempt to raise to a negative power")?;
                }
                self.int_pow(l, r, signed, overflow_msg(BinOp::Pow))?
            }
            BinOp::BitAnd | BinOp::And => b.build_and(l, r, "and").map_err(ice)?,
            BinOp::BitOr | BinOp::Or => b.build_or(l, r, "or").map_err(ice)?,
            BinOp::BitXor => b.build_xor(l, r, "xor").map_err(ice)?,
            BinOp::Shl | BinOp::Shr => {
                let bits = lt.get_bit_width() as u64;
                let i64t = self.cx.llcx.i64_type();
                let amt = if checks {
                    let wide = b.build_int_cast_sign_flag(r, i64t, is_signed(rty), "amt64").map_err(ice)?;
                    let too_big = b
                        .build_int_compare(IntPredicate::UGE, wide, i64t.const_int(bits, false), "big")
                        .map_err(ice)?;
                    self.panic_if(too_big, overflow_msg(op))?;
                    self.b.build_int_cast_sign_flag(wide, lt, false, "amt").map_err(ice)?
                } else {
                    let a = b.build_int_cast_sign_flag(r, lt, false, "amt").map_err(ice)?;
                    b.build_and(a, lt.const_int(bits - 1, false), "mask").map_err(ice)?
                };
                let b = &self.b;
                if op == BinOp::Shl {
                    b.build_left_shift(l, amt, "shl").map_err(ice)?
                } else {
                    b.build_right_shift(l, amt, signed, "shr").map_err(ice)?
                }
            }
            BinOp::Eq => b.build_int_compare(IntPredicate::EQ, l, r, "eq").map_err(ice)?,
            BinOp::Ne => b.build_int_compare(IntPredicate::NE, l, r, "ne").map_err(ice)?,
            BinOp::Lt => b.build_int_compare(pred(IntPredicate::SLT, IntPredicate::ULT), l, r, "lt").map_err(ice)?,
            BinOp::Le => b.build_int_compare(pred(IntPredicate::SLE, IntPredicate::ULE), l, r, "le").map_err(ice)?,
            BinOp::Gt => b.build_int_compare(pred(IntPredicate::SGT, IntPredicate::UGT), l, r, "gt").map_err(ice)?,
            BinOp::Ge => b.build_int_compare(pred(IntPredicate::SGE, IntPredicate::UGE), l, r, "ge").map_err(ice)?,
        };
        Ok(v.into())
    }

    /// Integer power `base ** exp` (`exp` non-negative, any integer width); with overflow checks
    /// panics with `msg` on overflow, else wraps.
    pub fn int_pow(&mut self, base: IntValue<'ctx>, exp: IntValue<'ctx>, signed: bool, msg: &str) -> R<IntValue<'ctx>> {
        let i64t = self.cx.llcx.i64_type();
        let e = self.b.build_int_cast_sign_flag(exp, i64t, false, "exp").map_err(ice)?;
        let f = self.pow_helper(base.get_type(), signed)?;
        let c = self.b.build_call(f, &[base.into(), e.into()], "pow").map_err(ice)?;
        let s = c.try_as_basic_value().basic().expect("pow result").into_struct_value();
        let v = self.b.build_extract_value(s, 0, "val").map_err(ice)?.into_int_value();
        if self.cx.opts.overflow_checks {
            let o = self.b.build_extract_value(s, 1, "ovf").map_err(ice)?.into_int_value();
            self.panic_if(o, msg)?;
        }
        Ok(v)
    }

    /// `{iN, i1} tml.ipow.{s|u}N(iN base, i64 exp)`: exponentiation by squaring with an
    /// overflow flag.
    fn pow_helper(&mut self, t: IntType<'ctx>, signed: bool) -> R<FunctionValue<'ctx>> {
        let name = format!("tml.ipow.{}{}", if signed { "s" } else { "u" }, t.get_bit_width());
        if let Some(f) = self.cx.helpers.get(&name) {
            return Ok(*f);
        }
        let c = self.cx.llcx;
        let i64t = c.i64_type();
        let bt = c.bool_type();
        let rt = c.struct_type(&[t.into(), bt.into()], false);
        let f = self.cx.module.add_function(
            &name,
            rt.fn_type(&[t.into(), i64t.into()], false),
            Some(inkwell::module::Linkage::Internal),
        );
        self.cx.helpers.insert(name, f);
        let mul =
            self.cx.intrinsic(&format!("llvm.{}mul.with.overflow", if signed { "s" } else { "u" }), &[t.into()])?;
        let b = c.create_builder();
        let entry = c.append_basic_block(f, "entry");
        let head = c.append_basic_block(f, "head");
        let body = c.append_basic_block(f, "body");
        let done = c.append_basic_block(f, "done");
        b.position_at_end(entry);
        let base0 = f.get_nth_param(0).expect("base").into_int_value();
        let exp0 = f.get_nth_param(1).expect("exp").into_int_value();
        b.build_unconditional_branch(head).map_err(ice)?;
        b.position_at_end(head);
        let acc = b.build_phi(t, "acc").map_err(ice)?;
        let base = b.build_phi(t, "base").map_err(ice)?;
        let exp = b.build_phi(i64t, "exp").map_err(ice)?;
        let ovf = b.build_phi(bt, "ovf").map_err(ice)?;
        let (accv, basev, expv, ovfv) = (
            acc.as_basic_value().into_int_value(),
            base.as_basic_value().into_int_value(),
            exp.as_basic_value().into_int_value(),
            ovf.as_basic_value().into_int_value(),
        );
        let fin = b.build_int_compare(IntPredicate::EQ, expv, i64t.const_zero(), "fin").map_err(ice)?;
        b.build_conditional_branch(fin, done, body).map_err(ice)?;
        b.position_at_end(body);
        let mulov = |x: IntValue<'ctx>, y: IntValue<'ctx>| -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
            let r = b.build_call(mul, &[x.into(), y.into()], "m").map_err(ice)?;
            let s = r.try_as_basic_value().basic().expect("mul result").into_struct_value();
            Ok((
                b.build_extract_value(s, 0, "mv").map_err(ice)?.into_int_value(),
                b.build_extract_value(s, 1, "mo").map_err(ice)?.into_int_value(),
            ))
        };
        let odd = b.build_int_truncate(expv, bt, "odd").map_err(ice)?;
        let (prod, po) = mulov(accv, basev)?;
        let acc2 = b.build_select(odd, prod, accv, "acc2").map_err(ice)?.into_int_value();
        let po = b.build_and(po, odd, "po").map_err(ice)?;
        let exp2 = b.build_right_shift(expv, i64t.const_int(1, false), false, "exp2").map_err(ice)?;
        let (sq, so) = mulov(basev, basev)?;
        let more = b.build_int_compare(IntPredicate::NE, exp2, i64t.const_zero(), "more").map_err(ice)?;
        let so = b.build_and(so, more, "so").map_err(ice)?;
        let o1 = b.build_or(ovfv, po, "o1").map_err(ice)?;
        let o2 = b.build_or(o1, so, "o2").map_err(ice)?;
        b.build_unconditional_branch(head).map_err(ice)?;
        acc.add_incoming(&[(&t.const_int(1, false), entry), (&acc2, body)]);
        base.add_incoming(&[(&base0, entry), (&sq, body)]);
        exp.add_incoming(&[(&exp0, entry), (&exp2, body)]);
        ovf.add_incoming(&[(&bt.const_zero(), entry), (&o2, body)]);
        b.position_at_end(done);
        let r0 = b.build_insert_value(rt.get_undef(), accv, 0, "r0").map_err(ice)?;
        let r1 = b.build_insert_value(r0, ovfv, 1, "r1").map_err(ice)?;
        b.build_return(Some(&r1.into_struct_value())).map_err(ice)?;
        Ok(f)
    }

    /// A unary operator on a scalar.
    pub fn unop(&mut self, op: UnOp, ty: &Ty, v: BasicValueEnum<'ctx>) -> R<BasicValueEnum<'ctx>> {
        match (op, ty) {
            (UnOp::Neg, Ty::Float(_)) => {
                self.b.build_float_neg(v.into_float_value(), "fneg").map(Into::into).map_err(ice)
            }
            (UnOp::Neg, _) => {
                let v = v.into_int_value();
                let zero = v.get_type().const_zero();
                if self.cx.opts.overflow_checks {
                    let (r, o) = self.with_overflow("ssub", zero, v)?;
                    self.panic_if(o, "attempt to negate with overflow")?;
                    Ok(r.into())
                } else {
                    self.b.build_int_sub(zero, v, "neg").map(Into::into).map_err(ice)
                }
            }
            (UnOp::Not | UnOp::BitNot, _) => self.b.build_not(v.into_int_value(), "not").map(Into::into).map_err(ice),
        }
    }

    /// A primitive cast of `v` from `from` to `to`.
    pub fn cast(&mut self, v: BasicValueEnum<'ctx>, from: &Ty, to: &Ty) -> R<BasicValueEnum<'ctx>> {
        if from == to {
            return Ok(v);
        }
        let tty = self.cx.llty(to);
        let b = &self.b;
        let is_int = |t: &Ty| matches!(t, Ty::Int(_) | Ty::Bool | Ty::Char);
        let is_ptr = |t: &Ty| matches!(t, Ty::Ptr(_) | Ty::Ref(..) | Ty::Str);
        Ok(match (from, to) {
            (f, t) if is_int(f) && is_int(t) => b
                .build_int_cast_sign_flag(v.into_int_value(), tty.into_int_type(), is_signed(f), "cast")
                .map_err(ice)?
                .into(),
            (f, Ty::Float(_)) if is_int(f) => {
                let ft = tty.into_float_type();
                if is_signed(f) {
                    b.build_signed_int_to_float(v.into_int_value(), ft, "sitofp").map_err(ice)?.into()
                } else {
                    b.build_unsigned_int_to_float(v.into_int_value(), ft, "uitofp").map_err(ice)?.into()
                }
            }
            (Ty::Float(_), t) if is_int(t) => {
                let name = if is_signed(t) { "llvm.fptosi.sat" } else { "llvm.fptoui.sat" };
                let f = self.cx.intrinsic(name, &[tty, v.get_type()])?;
                let c = self.b.build_call(f, &[v.into()], "fptoi").map_err(ice)?;
                c.try_as_basic_value().basic().expect("cast result")
            }
            (Ty::Float(_), Ty::Float(_)) => {
                b.build_float_cast(v.into_float_value(), tty.into_float_type(), "fcast").map_err(ice)?.into()
            }
            (f, t) if is_ptr(f) && is_int(t) => {
                b.build_ptr_to_int(v.into_pointer_value(), tty.into_int_type(), "p2i").map_err(ice)?.into()
            }
            (f, t) if is_int(f) && is_ptr(t) => {
                b.build_int_to_ptr(v.into_int_value(), tty.into_pointer_type(), "i2p").map_err(ice)?.into()
            }
            (f, t) if is_ptr(f) && is_ptr(t) => v,
            (f, t) => return Err(format!("unsupported cast {f:?} as {t:?}")),
        })
    }
}
