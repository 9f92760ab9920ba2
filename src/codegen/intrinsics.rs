//! Intrinsic calls (`sema::hir::Intrinsic`): runtime calls for strings, printing, panics and
//! allocation; inline LLVM for numeric methods and raw memory access.
//!
//! Ownership: the intrinsic owns its arguments like any callee. A `Str` argument passed by
//! `Move` is released after the runtime call that borrowed it; one passed by `Copy` is neither
//! retained nor released.

use super::function::FnCx;
use super::glue::ice;
use super::types::{is_signed, is_void};
use crate::mir::ir::{Operand, Place};
use crate::sema::hir::Intrinsic;
use crate::sema::ty::{FloatTy, Ty};
use inkwell::values::BasicValue;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, PointerValue};
use inkwell::{AtomicOrdering, AtomicRMWBinOp, FloatPredicate, IntPredicate};

type R<T> = Result<T, String>;

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// Stores `v` into `dest` (nothing for zero-sized results).
    fn set_dest(&mut self, dest: &Place, v: BasicValueEnum<'ctx>) -> R<()> {
        let d = self.place(dest)?;
        if !is_void(&d.ty) {
            self.b.build_store(d.ptr, v).map_err(ice)?;
        }
        Ok(())
    }

    /// Calls a runtime function and returns its result, if any.
    fn rt_call(&mut self, name: &str, args: &[BasicMetadataValueEnum<'ctx>]) -> R<Option<BasicValueEnum<'ctx>>> {
        let f = self.cx.rt(name)?;
        Ok(self.b.build_call(f, args, "rt").map_err(ice)?.try_as_basic_value().basic())
    }

    /// Calls a runtime function returning a value.
    fn rt_val(&mut self, name: &str, args: &[BasicMetadataValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        self.rt_call(name, args)?.ok_or_else(|| format!("{name} returns nothing"))
    }

    /// Calls an LLVM intrinsic overloaded on the type of its first argument.
    fn llvm_call(&mut self, name: &str, args: &[BasicValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        let f: FunctionValue<'ctx> = self.cx.intrinsic(name, &[args[0].get_type()])?;
        let a: Vec<BasicMetadataValueEnum> = args.iter().map(|v| (*v).into()).collect();
        let c = self.b.build_call(f, &a, "llvm").map_err(ice)?;
        c.try_as_basic_value().basic().ok_or_else(|| format!("{name} returns nothing"))
    }

    /// Evaluates the arguments for a borrowing runtime call; returns the values and the moved
    /// `Str` values to release afterwards.
    fn borrowed_args(&mut self, args: &[Operand]) -> R<(Vec<BasicValueEnum<'ctx>>, Vec<BasicValueEnum<'ctx>>)> {
        let mut vals = Vec::new();
        let mut release = Vec::new();
        for a in args {
            let v = self.operand_imm(a)?;
            if matches!(a, Operand::Move(_)) && self.operand_ty(a)? == Ty::Str {
                release.push(v);
            }
            vals.push(v);
        }
        Ok((vals, release))
    }

    fn release_all(&mut self, strs: Vec<BasicValueEnum<'ctx>>) -> R<()> {
        for s in strs {
            self.rt_call("tml_str_release", &[s.into()])?;
        }
        Ok(())
    }

    /// The `Str` allocation site of the current span.
    fn str_site(&mut self) -> R<PointerValue<'ctx>> {
        self.alloc_site(Some("Str"))
    }

    /// A string-producing runtime call `name(args…, site)` whose result goes to `dest`.
    fn str_op(&mut self, name: &str, dest: &Place, vals: &[BasicValueEnum<'ctx>]) -> R<()> {
        let site = self.str_site()?;
        let mut a: Vec<BasicMetadataValueEnum> = vals.iter().map(|v| (*v).into()).collect();
        a.push(site.into());
        let r = self.rt_val(name, &a)?;
        self.set_dest(dest, r)
    }

    /// `tml_str_concat_n` over the given parts.
    fn concat_n(&mut self, parts: &[BasicValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        let arr_ty = self.cx.ptr_ty().array_type(parts.len() as u32);
        let arr = self.alloca(arr_ty.into(), "parts")?;
        let i64t = self.cx.llcx.i64_type();
        for (i, p) in parts.iter().enumerate() {
            let idx = [i64t.const_zero(), i64t.const_int(i as u64, false)];
            let slot = unsafe { self.b.build_in_bounds_gep(arr_ty, arr, &idx, "part") }.map_err(ice)?;
            self.b.build_store(slot, *p).map_err(ice)?;
        }
        let site = self.str_site()?;
        let n = i64t.const_int(parts.len() as u64, false);
        self.rt_val("tml_str_concat_n", &[arr.into(), n.into(), site.into()])
    }

    /// Translates an intrinsic call writing its result to `dest`.
    pub fn intrinsic(&mut self, op: Intrinsic, tys: &[Ty], args: &[Operand], dest: &Place) -> R<()> {
        use Intrinsic as I;
        if let Some(r) = self.class_intrinsic(op, tys, args, dest) {
            return r;
        }
        let i64t = self.cx.llcx.i64_type();
        let arg_ty = match args.first() {
            Some(a) => self.operand_ty(a)?,
            None => Ty::Unit,
        };
        match op {
            I::ToString if arg_ty == Ty::Str => {
                let v = self.operand(&args[0])?;
                let d = self.place(dest)?;
                return self.store(d.ptr, &Ty::Str, v);
            }
            I::PtrRead => {
                let t = tys.first().ok_or("PtrRead without a type argument")?.clone();
                let p = self.operand_imm(&args[0])?.into_pointer_value();
                let d = self.place(dest)?;
                return self.copy_bytes(d.ptr, p, &t);
            }
            I::PtrWrite => {
                let p = self.operand_imm(&args[0])?.into_pointer_value();
                let vty = self.operand_ty(&args[1])?;
                let v = self.operand(&args[1])?;
                return self.store(p, &vty, v);
            }
            _ => {}
        }
        let (v, release) = self.borrowed_args(args)?;
        let site_none = self.panic_site();
        match op {
            I::Print { stream, newline } => {
                let s = self.cx.llcx.i32_type().const_int(stream as u64, false);
                let nl = self.cx.llcx.bool_type().const_int(newline as u64, false);
                self.rt_call("tml_print", &[v[0].into(), s.into(), nl.into()])?;
            }
            I::Panic => {
                self.rt_call("tml_panic_str", &[site_none.into(), v[0].into()])?;
            }
            I::Exit => {
                self.rt_call("tml_exit", &[v[0].into()])?;
            }
            I::ToString => match &arg_ty {
                Ty::Int(_) => {
                    let w = self
                        .b
                        .build_int_cast_sign_flag(v[0].into_int_value(), i64t, is_signed(&arg_ty), "w")
                        .map_err(ice)?;
                    let f = if is_signed(&arg_ty) { "tml_i64_to_str" } else { "tml_u64_to_str" };
                    self.str_op(f, dest, &[w.into()])?;
                }
                Ty::Float(FloatTy::F32) => self.str_op("tml_f32_to_str", dest, &v)?,
                Ty::Float(FloatTy::F64) => self.str_op("tml_f64_to_str", dest, &v)?,
                Ty::Bool => self.str_op("tml_bool_to_str", dest, &v)?,
                Ty::Char => self.str_op("tml_char_to_str", dest, &v)?,
                Ty::Unit => {
                    let s = self.cx.str_literal("()");
                    self.set_dest(dest, s.into())?;
                }
                other => return Err(format!("ToString of {other:?}")),
            },
            I::FloatToStrPrec(n) => {
                let d = self.b.build_float_ext(v[0].into_float_value(), self.cx.llcx.f64_type(), "d").map_err(ice)?;
                let prec = self.cx.llcx.i32_type().const_int(n as u64, false);
                self.str_op("tml_f64_to_str_prec", dest, &[d.into(), prec.into()])?;
            }
            I::StrDebug => {
                let mut s = v[0];
                let mut owned = false;
                for (from, to) in [("\\", "\\\\"), ("\"", "\\\""), ("\n", "\\n"), ("\t", "\\t")] {
                    let (f, t) = (self.cx.str_literal(from), self.cx.str_literal(to));
                    let site = self.str_site()?;
                    let r = self.rt_val("tml_str_replace", &[s.into(), f.into(), t.into(), site.into()])?;
                    if owned {
                        self.rt_call("tml_str_release", &[s.into()])?;
                    }
                    s = r;
                    owned = true;
                }
                let q = self.cx.str_literal("\"").into();
                let r = self.concat_n(&[q, s, q])?;
                self.rt_call("tml_str_release", &[s.into()])?;
                self.set_dest(dest, r)?;
            }
            I::CharDebug => {
                let site = self.str_site()?;
                let c = self.rt_val("tml_char_to_str", &[v[0].into(), site.into()])?;
                let q = self.cx.str_literal("'").into();
                let r = self.concat_n(&[q, c, q])?;
                self.rt_call("tml_str_release", &[c.into()])?;
                self.set_dest(dest, r)?;
            }
            I::StrConcat => self.str_op("tml_str_concat", dest, &v)?,
            I::StrConcatN => {
                let r = self.concat_n(&v)?;
                self.set_dest(dest, r)?;
            }
            I::StrEq | I::StrCmp | I::StrHash | I::StrContains | I::StrStartsWith | I::StrEndsWith => {
                let name = match op {
                    I::StrEq => "tml_str_eq",
                    I::StrCmp => "tml_str_cmp",
                    I::StrHash => "tml_str_hash",
                    I::StrContains => "tml_str_contains",
                    I::StrStartsWith => "tml_str_starts_with",
                    _ => "tml_str_ends_with",
                };
                let a: Vec<BasicMetadataValueEnum> = v.iter().map(|x| (*x).into()).collect();
                let r = self.rt_val(name, &a)?;
                self.set_dest(dest, r)?;
            }
            I::StrLen => {
                let lp = unsafe {
                    self.b.build_in_bounds_gep(i64t, v[0].into_pointer_value(), &[i64t.const_int(1, false)], "lenp")
                }
                .map_err(ice)?;
                let len = self.b.build_load(i64t, lp, "len").map_err(ice)?;
                self.set_dest(dest, len)?;
            }
            I::StrFind => {
                let r = self.rt_val("tml_str_find", &[v[0].into(), v[1].into(), i64t.const_zero().into()])?;
                self.set_dest(dest, r)?;
            }
            I::StrSlice => self.str_op("tml_str_slice", dest, &v)?,
            I::StrToUppercase => self.str_op("tml_str_to_uppercase", dest, &v)?,
            I::StrToLowercase => self.str_op("tml_str_to_lowercase", dest, &v)?,
            I::StrTrim => self.str_op("tml_str_trim", dest, &v)?,
            I::StrTrimStart => self.str_op("tml_str_trim_start", dest, &v)?,
            I::StrTrimEnd => self.str_op("tml_str_trim_end", dest, &v)?,
            I::StrReplace => self.str_op("tml_str_replace", dest, &v)?,
            I::StrRepeat => self.str_op("tml_str_repeat", dest, &v)?,
            I::StrByteAt => {
                let site = self.panic_site();
                let r = self.rt_val("tml_str_byte_at", &[v[0].into(), v[1].into(), site.into()])?;
                self.set_dest(dest, r)?;
            }
            I::StrFromChar => self.str_op("tml_char_to_str", dest, &v)?,
            _ => {
                let r = self.numeric_or_memory(op, tys, &arg_ty, &v)?;
                if let Some(r) = r {
                    self.set_dest(dest, r)?;
                }
            }
        }
        self.release_all(release)
    }

    /// Numeric methods and raw memory intrinsics; returns the result value, if any.
    fn numeric_or_memory(
        &mut self,
        op: Intrinsic,
        tys: &[Ty],
        arg_ty: &Ty,
        v: &[BasicValueEnum<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        use Intrinsic as I;
        let i64t = self.cx.llcx.i64_type();
        let float = arg_ty.is_float();
        let signed = is_signed(arg_ty);
        Ok(Some(match op {
            I::Abs if float => self.llvm_call("llvm.fabs", v)?,
            I::Abs if !signed => v[0],
            I::Abs => {
                let x = v[0].into_int_value();
                if self.cx.opts.overflow_checks {
                    let t = x.get_type();
                    let min = t.const_int(1u64 << (t.get_bit_width() - 1), false);
                    let is_min = self.b.build_int_compare(IntPredicate::EQ, x, min, "min").map_err(ice)?;
                    self.panic_if(is_min, "attempt to negate with overflow")?;
                }
                let no_poison = self.cx.llcx.bool_type().const_zero();
                self.llvm_call("llvm.abs", &[x.into(), no_poison.into()])?
            }
            I::Min | I::Max => {
                let name = match (op, float, signed) {
                    (I::Min, true, _) => "llvm.minnum",
                    (I::Max, true, _) => "llvm.maxnum",
                    (I::Min, _, true) => "llvm.smin",
                    (I::Min, _, false) => "llvm.umin",
                    (_, _, true) => "llvm.smax",
                    _ => "llvm.umax",
                };
                self.llvm_call(name, v)?
            }
            I::Pow if float => self.llvm_call("llvm.pow", v)?,
            I::Pow => self
                .int_pow(
                    v[0].into_int_value(),
                    v[1].into_int_value(),
                    signed,
                    "attempt to raise to a power with overflow",
                )?
                .into(),
            I::WrappingAdd => {
                self.b.build_int_add(v[0].into_int_value(), v[1].into_int_value(), "wadd").map_err(ice)?.into()
            }
            I::WrappingSub => {
                self.b.build_int_sub(v[0].into_int_value(), v[1].into_int_value(), "wsub").map_err(ice)?.into()
            }
            I::WrappingMul => {
                self.b.build_int_mul(v[0].into_int_value(), v[1].into_int_value(), "wmul").map_err(ice)?.into()
            }
            I::Sqrt => self.llvm_call("llvm.sqrt", v)?,
            I::Floor => self.llvm_call("llvm.floor", v)?,
            I::Ceil => self.llvm_call("llvm.ceil", v)?,
            I::Round => self.llvm_call("llvm.round", v)?,
            I::IsNan => {
                let x = v[0].into_float_value();
                self.b.build_float_compare(FloatPredicate::UNO, x, x, "nan").map_err(ice)?.into()
            }
            I::MemAlloc | I::MemAllocZeroed => {
                let site = self.alloc_site(None)?;
                let name = if op == I::MemAlloc { "tml_alloc" } else { "tml_alloc_zeroed" };
                self.rt_val(name, &[v[0].into(), i64t.const_int(16, false).into(), site.into()])?
            }
            I::MemFree => {
                self.rt_call("tml_free", &[v[0].into()])?;
                return Ok(None);
            }
            I::MemCopy => {
                let (d, s) = (v[0].into_pointer_value(), v[1].into_pointer_value());
                self.b.build_memmove(d, 1, s, 1, v[2].into_int_value()).map_err(ice)?;
                return Ok(None);
            }
            I::MemSet => {
                self.b
                    .build_memset(v[0].into_pointer_value(), 1, v[1].into_int_value(), v[2].into_int_value())
                    .map_err(ice)?;
                return Ok(None);
            }
            I::PtrByteOffset => unsafe {
                self.b.build_gep(self.cx.llcx.i8_type(), v[0].into_pointer_value(), &[v[1].into_int_value()], "boff")
            }
            .map_err(ice)?
            .into(),
            I::PtrElemOffset => {
                let elem = match arg_ty {
                    Ty::Ptr(t) | Ty::Ref(_, t) => (**t).clone(),
                    other => return Err(format!("PtrElemOffset on {other:?}")),
                };
                let lty = self.cx.llty(&elem);
                unsafe { self.b.build_gep(lty, v[0].into_pointer_value(), &[v[1].into_int_value()], "eoff") }
                    .map_err(ice)?
                    .into()
            }
            I::PtrIsNull => self.b.build_is_null(v[0].into_pointer_value(), "isnull").map_err(ice)?.into(),
            I::SizeOf | I::AlignOf => {
                let t = tys.first().ok_or("SizeOf without a type argument")?;
                let n = if op == I::SizeOf { self.cx.size_of(t) } else { self.cx.align_of(t) as u64 };
                i64t.const_int(n, false).into()
            }
            I::LiveAllocations => self.rt_val("tml_live_allocations", &[])?,
            I::LiveBytes => self.rt_val("tml_live_bytes", &[])?,
            _ => return self.stdlib_support(op, tys, v),
        }))
    }

    /// Intrinsics behind the stdlib's heap types, tests and arguments; returns the result, if
    /// any.
    fn stdlib_support(
        &mut self,
        op: Intrinsic,
        tys: &[Ty],
        v: &[BasicValueEnum<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        use Intrinsic as I;
        let ty_arg = || tys.first().cloned().ok_or_else(|| format!("intrinsic {op:?} without a type argument"));
        Ok(Some(match op {
            I::DropInPlace => {
                let t = ty_arg()?;
                self.cx.emit_drop(&self.b, v[0].into_pointer_value(), &t)?;
                return Ok(None);
            }
            I::AllocTyped | I::ReallocTyped => {
                let t = ty_arg()?;
                let name = self.cx.ty_name(&t);
                let site = self.alloc_site(Some(&name))?;
                let info = self.cx.alloc_info(&t)?;
                let mut a: Vec<BasicMetadataValueEnum> = v.iter().map(|x| (*x).into()).collect();
                a.push(site.into());
                a.push(info.into());
                let f = if op == I::AllocTyped { "tml_alloc_info" } else { "tml_realloc_info" };
                self.rt_val(f, &a)?
            }
            I::AtomicAdd | I::AtomicSub => {
                let rmw = if op == I::AtomicAdd { AtomicRMWBinOp::Add } else { AtomicRMWBinOp::Sub };
                let (p, n) = (v[0].into_pointer_value(), v[1].into_int_value());
                self.b.build_atomicrmw(rmw, p, n, AtomicOrdering::SequentiallyConsistent).map_err(ice)?.into()
            }
            I::AtomicLoad => {
                let l = self.b.build_load(self.cx.llcx.i64_type(), v[0].into_pointer_value(), "atomic").map_err(ice)?;
                let inst = l.as_instruction_value().expect("load instruction");
                inst.set_atomic_ordering(AtomicOrdering::SequentiallyConsistent).map_err(|e| e.to_string())?;
                inst.set_alignment(8).map_err(|e| e.to_string())?;
                l
            }
            I::DropGlue => match self.cx.drop_glue_fn(&ty_arg()?)? {
                Some(f) => f.as_global_value().as_pointer_value().into(),
                None => self.cx.ptr_ty().const_null().into(),
            },
            I::Site => self.panic_site().into(),
            I::AllocSite => {
                let name = self.cx.ty_name(&ty_arg()?);
                self.alloc_site(Some(&name))?.into()
            }
            I::NeedsDrop => {
                let t = ty_arg()?;
                self.cx.llcx.bool_type().const_int(u64::from(self.cx.needs_drop(&t)), false).into()
            }
            I::TestRecordErr => {
                self.rt_call("tml_test_record_err", &[v[0].into()])?;
                return Ok(None);
            }
            I::ArgCount => self.rt_val("tml_arg_count", &[])?,
            I::Arg => {
                let site = self.str_site()?;
                self.rt_val("tml_arg", &[v[0].into(), site.into()])?
            }
            other => return Err(format!("intrinsic {other:?} is not supported here")),
        }))
    }
}
