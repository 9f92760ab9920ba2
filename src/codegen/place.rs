//! Places (pointer + type, bounds-checked indexing) and operands (owned values with copy glue).

use super::function::FnCx;
use super::glue::ice;
use super::types::{is_indirect, is_signed};
use crate::mir::ir::{Callee, ConstValue, Operand, Place, Projection};
use crate::sema::hir::Const;
use crate::sema::ty::{FloatTy, Ty};
use inkwell::values::{BasicValue, BasicValueEnum, PointerValue};
use inkwell::IntPredicate;

type R<T> = Result<T, String>;

/// A place in memory: its address, its type, and the enum variant it was downcast to.
pub(crate) struct PlaceRef<'ctx> {
    pub ptr: PointerValue<'ctx>,
    pub ty: Ty,
    /// `Some(v)`: `ptr` points at the payload of variant `v` of the enum type `ty`.
    pub variant: Option<usize>,
}

/// An evaluated operand, owned by whoever consumes it.
pub(crate) enum OpVal<'ctx> {
    /// A value of a directly passed type.
    Imm(BasicValueEnum<'ctx>),
    /// A fresh temporary holding a value of an indirectly passed type.
    Mem(PointerValue<'ctx>),
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// The type of a place after `proj`, from `ty` (downcast to `variant`).
    fn project_ty(&self, ty: &Ty, variant: Option<usize>, proj: &Projection) -> R<(Ty, Option<usize>)> {
        Ok(match proj {
            Projection::Field(i) => {
                let fields = self.cx.fields_of(ty, variant.unwrap_or(0));
                let t = fields.get(*i).ok_or_else(|| format!("field {i} out of range in {ty:?}"))?;
                (t.clone(), None)
            }
            Projection::Deref => match ty {
                Ty::Ref(_, t) if matches!(**t, Ty::Dyn(..)) => {
                    return Err("a reference to `dyn` can only be reborrowed or used as a method receiver".into())
                }
                Ty::Ref(_, t) | Ty::Ptr(t) => ((**t).clone(), None),
                Ty::Class(id) => (Ty::Adt(*id, Vec::new()), None),
                other => return Err(format!("deref of non-pointer {other:?}")),
            },
            Projection::Index(_) => match ty {
                Ty::Array(t, _) => ((**t).clone(), None),
                other => return Err(format!("index of non-array {other:?}")),
            },
            Projection::Downcast(v) => (ty.clone(), Some(*v)),
        })
    }

    /// The type of a place, without emitting code.
    pub fn place_ty(&self, p: &Place) -> R<Ty> {
        let mut ty = self.body.locals[p.local].ty.clone();
        let mut variant = None;
        for proj in &p.projection {
            (ty, variant) = self.project_ty(&ty, variant, proj)?;
        }
        Ok(ty)
    }

    /// The type of an operand.
    pub fn operand_ty(&self, op: &Operand) -> R<Ty> {
        match op {
            Operand::Copy(p) | Operand::Move(p) => self.place_ty(p),
            Operand::Const(_, ty) => Ok(ty.clone()),
        }
    }

    /// Computes the address of a place (bounds checks at the current span).
    pub fn place(&mut self, p: &Place) -> R<PlaceRef<'ctx>> {
        let mut cur = PlaceRef { ptr: self.locals[p.local], ty: self.body.locals[p.local].ty.clone(), variant: None };
        for proj in &p.projection {
            let (ty, variant) = self.project_ty(&cur.ty, cur.variant, proj)?;
            let ptr = match proj {
                Projection::Field(i) => {
                    let st = match cur.variant {
                        Some(v) => self.cx.variant_struct(&cur.ty, v),
                        None => self.cx.llty(&cur.ty).into_struct_type(),
                    };
                    self.b.build_struct_gep(st, cur.ptr, *i as u32, "fld").map_err(ice)?
                }
                Projection::Deref => {
                    self.b.build_load(self.cx.ptr_ty(), cur.ptr, "deref").map_err(ice)?.into_pointer_value()
                }
                Projection::Index(l) => {
                    let len = match &cur.ty {
                        Ty::Array(_, n) => *n,
                        _ => unreachable!("checked by project_ty"),
                    };
                    let idx_ty = self.body.locals[*l].ty.clone();
                    let i64t = self.cx.llcx.i64_type();
                    let raw =
                        self.b.build_load(self.cx.llty(&idx_ty), self.locals[*l], "idx").map_err(ice)?.into_int_value();
                    let idx = self.b.build_int_cast_sign_flag(raw, i64t, is_signed(&idx_ty), "idx64").map_err(ice)?;
                    let lenv = i64t.const_int(len, false);
                    let oob = self.b.build_int_compare(IntPredicate::UGE, idx, lenv, "oob").map_err(ice)?;
                    let fail = self.cx.llcx.append_basic_block(self.func, "oob");
                    let ok = self.cx.llcx.append_basic_block(self.func, "inb");
                    self.b.build_conditional_branch(oob, fail, ok).map_err(ice)?;
                    self.b.position_at_end(fail);
                    let site = self.panic_site();
                    let f = self.cx.rt("tml_panic_bounds")?;
                    self.b.build_call(f, &[site.into(), lenv.into(), idx.into()], "").map_err(ice)?;
                    self.b.build_unreachable().map_err(ice)?;
                    self.b.position_at_end(ok);
                    let aty = self.cx.llty(&cur.ty);
                    unsafe { self.b.build_in_bounds_gep(aty, cur.ptr, &[i64t.const_zero(), idx], "elem") }
                        .map_err(ice)?
                }
                Projection::Downcast(_) => {
                    let st = self.cx.llty(&cur.ty).into_struct_type();
                    self.b.build_struct_gep(st, cur.ptr, 1, "payload").map_err(ice)?
                }
            };
            cur = PlaceRef { ptr, ty, variant };
        }
        Ok(cur)
    }

    /// Copies `ty`'s bytes from `src` to `dst` (no glue).
    pub fn copy_bytes(&mut self, dst: PointerValue<'ctx>, src: PointerValue<'ctx>, ty: &Ty) -> R<()> {
        let size = self.cx.size_of(ty);
        if size == 0 {
            return Ok(());
        }
        let align = self.cx.align_of(ty);
        let n = self.cx.llcx.i64_type().const_int(size, false);
        self.b.build_memcpy(dst, align, src, align, n).map_err(ice)?;
        Ok(())
    }

    /// Evaluates an operand into a value owned by the caller: `Copy` runs copy glue, `Move`
    /// transfers the bits.
    pub fn operand(&mut self, op: &Operand) -> R<OpVal<'ctx>> {
        match op {
            Operand::Copy(p) | Operand::Move(p) => {
                let pr = self.place(p)?;
                let copy = matches!(op, Operand::Copy(_));
                if is_indirect(&pr.ty) {
                    let lty = self.cx.llty(&pr.ty);
                    let tmp = self.alloca(lty, "tmp")?;
                    self.copy_bytes(tmp, pr.ptr, &pr.ty)?;
                    if copy {
                        self.cx.emit_copy(&self.b, tmp, &pr.ty)?;
                    }
                    Ok(OpVal::Mem(tmp))
                } else {
                    if copy {
                        self.cx.emit_copy(&self.b, pr.ptr, &pr.ty)?;
                    }
                    let lty = self.cx.llty(&pr.ty);
                    Ok(OpVal::Imm(self.b.build_load(lty, pr.ptr, "v").map_err(ice)?))
                }
            }
            Operand::Const(c, ty) => {
                let v = self.constant(c, ty)?;
                if is_indirect(ty) {
                    let tmp = self.alloca(v.get_type(), "const")?;
                    self.b.build_store(tmp, v).map_err(ice)?;
                    Ok(OpVal::Mem(tmp))
                } else {
                    Ok(OpVal::Imm(v))
                }
            }
        }
    }

    /// The value of a directly passed operand, without copy glue (for operators, switches and
    /// borrowed intrinsic arguments).
    pub fn operand_imm(&mut self, op: &Operand) -> R<BasicValueEnum<'ctx>> {
        match op {
            Operand::Copy(p) | Operand::Move(p) => {
                let pr = self.place(p)?;
                let lty = self.cx.llty(&pr.ty);
                self.b.build_load(lty, pr.ptr, "v").map_err(ice)
            }
            Operand::Const(c, ty) => self.constant(c, ty),
        }
    }

    /// Stores an owned operand value into `dst` (of type `ty`).
    pub fn store(&mut self, dst: PointerValue<'ctx>, ty: &Ty, v: OpVal<'ctx>) -> R<()> {
        match v {
            OpVal::Imm(v) => {
                self.b.build_store(dst, v).map_err(ice)?;
            }
            OpVal::Mem(src) => self.copy_bytes(dst, src, ty)?,
        }
        Ok(())
    }

    /// An LLVM constant for a MIR constant of type `ty`.
    pub fn constant(&mut self, c: &ConstValue, ty: &Ty) -> R<BasicValueEnum<'ctx>> {
        let lty = self.cx.llty(ty);
        Ok(match c {
            ConstValue::Scalar(Const::Bool(b)) => self.cx.llcx.bool_type().const_int(*b as u64, false).into(),
            ConstValue::Scalar(Const::Int(i)) => match ty {
                Ty::Float(_) => lty.into_float_type().const_float(*i as f64).into(),
                _ => lty.into_int_type().const_int(*i as u64, false).into(),
            },
            ConstValue::Scalar(Const::Float(f)) => match ty {
                Ty::Float(FloatTy::F32) => self.cx.llcx.f32_type().const_float(*f as f32 as f64).into(),
                _ => self.cx.llcx.f64_type().const_float(*f).into(),
            },
            ConstValue::Scalar(Const::Char(ch)) => self.cx.llcx.i32_type().const_int(*ch as u64, false).into(),
            ConstValue::Scalar(Const::Str(s)) => self.cx.str_literal(s).into(),
            ConstValue::Scalar(Const::Unit) => lty.const_zero(),
            ConstValue::Scalar(Const::Null) => self.cx.ptr_ty().const_null().into(),
            ConstValue::Fn(Callee::Instance(i)) => {
                let code = self.cx.thunk(*i)?.as_global_value().as_pointer_value();
                let null = self.cx.ptr_ty().const_null();
                self.cx.llcx.const_struct(&[code.as_basic_value_enum(), null.into()], false).into()
            }
            ConstValue::Fn(other) => return Err(format!("function constant {other:?} is not a monomorphic instance")),
        })
    }
}
