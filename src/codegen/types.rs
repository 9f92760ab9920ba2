//! Layouts: the LLVM type of every concrete [`Ty`], enum layouts, sizes and alignments from the
//! target data layout, and lowered function signatures (see the ABI notes in `mod.rs`).

use super::cx::Cx;
use crate::sema::hir::AdtKind;
use crate::sema::ty::{FloatTy, IntTy, Ty};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType, IntType, StructType};

/// Whether values of `ty` are passed and returned indirectly (through a pointer).
pub(crate) fn is_indirect(ty: &Ty) -> bool {
    matches!(ty, Ty::Tuple(_) | Ty::Array(..) | Ty::Adt(..))
}

/// Whether `ty` is passed, returned and stored as nothing at all.
pub(crate) fn is_void(ty: &Ty) -> bool {
    matches!(ty, Ty::Unit | Ty::Never)
}

impl<'ctx> Cx<'ctx, '_> {
    /// The LLVM type of a concrete type.
    pub fn llty(&mut self, ty: &Ty) -> BasicTypeEnum<'ctx> {
        if let Some(t) = self.types.get(ty) {
            return *t;
        }
        let c = self.llcx;
        let t: BasicTypeEnum<'ctx> = match ty {
            Ty::Bool => c.bool_type().into(),
            Ty::Int(i) => self.int_type(i.bits()).into(),
            Ty::Float(FloatTy::F32) => c.f32_type().into(),
            Ty::Float(FloatTy::F64) => c.f64_type().into(),
            Ty::Char => c.i32_type().into(),
            Ty::Ref(_, t) if matches!(**t, Ty::Dyn(..)) => self.pair_ty().into(),
            Ty::Str | Ty::Ref(..) | Ty::Ptr(_) | Ty::Class(_) => self.ptr_ty().into(),
            Ty::Func(..) | Ty::Dyn(..) => self.pair_ty().into(),
            Ty::Tuple(ts) => {
                let fields: Vec<BasicTypeEnum> = ts.iter().map(|t| self.llty(t)).collect();
                c.struct_type(&fields, false).into()
            }
            Ty::Array(t, n) => self.llty(t).array_type(*n as u32).into(),
            Ty::Adt(id, _) => match &self.program.adts[*id].kind {
                AdtKind::Struct(_) => self.variant_struct(ty, 0).into(),
                AdtKind::Enum(vs) => {
                    let tag = self.enum_tag_ty(*id);
                    let (mut size, mut align) = (0u64, 1u32);
                    for v in 0..vs.len() {
                        let st = self.variant_struct(ty, v);
                        size = size.max(self.td.get_abi_size(&st));
                        align = align.max(self.td.get_abi_alignment(&st));
                    }
                    let unit = self.int_type(align * 8);
                    let payload = unit.array_type(size.div_ceil(align as u64) as u32);
                    c.struct_type(&[tag.into(), payload.into()], false).into()
                }
            },
            Ty::Unit | Ty::Never | Ty::Param(_) | Ty::Infer(_) | Ty::Error => c.struct_type(&[], false).into(),
        };
        self.types.insert(ty.clone(), t);
        t
    }

    /// `{ ptr, ptr }`: function values, `dyn` values and references to `dyn`.
    pub fn pair_ty(&self) -> StructType<'ctx> {
        self.llcx.struct_type(&[self.ptr_ty().into(), self.ptr_ty().into()], false)
    }

    /// The integer type of `bits` bits (8, 16, 32, 64 or 128).
    pub fn int_type(&self, bits: u32) -> IntType<'ctx> {
        match bits {
            8 => self.llcx.i8_type(),
            16 => self.llcx.i16_type(),
            32 => self.llcx.i32_type(),
            64 => self.llcx.i64_type(),
            _ => self.llcx.i128_type(),
        }
    }

    /// Whether `ty` is an enum type.
    pub fn is_enum(&self, ty: &Ty) -> bool {
        matches!(ty, Ty::Adt(id, _) if matches!(self.program.adts[*id].kind, AdtKind::Enum(_)))
    }

    /// Number of variants of an enum type (1 for other types).
    pub fn variant_count(&self, ty: &Ty) -> usize {
        match ty {
            Ty::Adt(id, _) => match &self.program.adts[*id].kind {
                AdtKind::Enum(vs) => vs.len(),
                AdtKind::Struct(_) => 1,
            },
            _ => 1,
        }
    }

    /// The concrete field types of a struct (variant 0), an enum variant or a tuple.
    pub fn fields_of(&self, ty: &Ty, variant: usize) -> Vec<Ty> {
        match ty {
            Ty::Tuple(ts) => ts.clone(),
            Ty::Adt(id, args) => {
                let fields = match &self.program.adts[*id].kind {
                    AdtKind::Struct(fs) => fs,
                    AdtKind::Enum(vs) => &vs[variant].fields,
                };
                fields.iter().map(|f| f.ty.subst(args)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The LLVM struct of a struct's fields or of an enum variant's payload fields.
    pub fn variant_struct(&mut self, ty: &Ty, variant: usize) -> StructType<'ctx> {
        let fields: Vec<BasicTypeEnum> = self.fields_of(ty, variant).iter().map(|t| self.llty(t)).collect();
        self.llcx.struct_type(&fields, false)
    }

    /// The tag type of enum `adt`: the smallest signed width holding every discriminant.
    pub fn enum_tag_ty(&self, adt: usize) -> IntType<'ctx> {
        let bits = match &self.program.adts[adt].kind {
            AdtKind::Enum(vs) => {
                let fits = |b: u32| {
                    let (lo, hi) = (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1);
                    vs.iter().all(|v| (lo..=hi).contains(&(v.discriminant as i128)))
                };
                [8, 16, 32, 64].into_iter().find(|b| fits(*b)).unwrap_or(64)
            }
            AdtKind::Struct(_) => 8,
        };
        self.int_type(bits)
    }

    /// The discriminant value of variant `v` of enum type `ty`.
    pub fn discriminant_of(&self, ty: &Ty, v: usize) -> i64 {
        match ty {
            Ty::Adt(id, _) => match &self.program.adts[*id].kind {
                AdtKind::Enum(vs) => vs[v].discriminant,
                AdtKind::Struct(_) => 0,
            },
            _ => 0,
        }
    }

    /// `size_of[T]` in bytes.
    pub fn size_of(&mut self, ty: &Ty) -> u64 {
        let t = self.llty(ty);
        self.td.get_abi_size(&t)
    }

    /// `align_of[T]` in bytes.
    pub fn align_of(&mut self, ty: &Ty) -> u32 {
        let t = self.llty(ty);
        self.td.get_abi_alignment(&t)
    }

    /// The lowered signature of a function with these parameter and result types; `env` adds the
    /// trailing environment pointer of function-value code.
    pub fn fn_type(&mut self, params: &[Ty], ret: &Ty, env: bool) -> FunctionType<'ctx> {
        let mut ps: Vec<BasicMetadataTypeEnum> = Vec::new();
        if is_indirect(ret) {
            ps.push(self.ptr_ty().into());
        }
        for p in params {
            let t = if is_indirect(p) { self.ptr_ty().into() } else { self.llty(p) };
            ps.push(t.into());
        }
        if env {
            ps.push(self.ptr_ty().into());
        }
        if is_indirect(ret) || is_void(ret) {
            self.llcx.void_type().fn_type(&ps, false)
        } else {
            self.llty(ret).fn_type(&ps, false)
        }
    }
}

/// Whether comparisons and extensions of `ty` are signed (signed integers only; Bool, Char and
/// unsigned integers compare unsigned).
pub(crate) fn is_signed(ty: &Ty) -> bool {
    matches!(ty, Ty::Int(i) if i.is_signed())
}

/// The integer kind of `ty`, if it is an integer.
pub(crate) fn int_ty(ty: &Ty) -> Option<IntTy> {
    match ty {
        Ty::Int(i) => Some(*i),
        _ => None,
    }
}
