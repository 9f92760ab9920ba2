//! Type information for the leak report's cycle search (MEMORY.md §12, `TmlTypeInfo` in
//! tml_runtime.h).
//!
//! Blocks allocated by generated code (`AllocTyped`/`ReallocTyped`, closure environments,
//! `dyn` boxes) carry a constant `TmlTypeInfo { name, kind, trace }`. `trace(block, visit, ctx)`
//! calls `visit(ctx, p)` for every heap pointer `p` the block's contents own. The per-type
//! value tracers `tml.trace.<T>(value, visit, ctx)` follow these rules:
//! * `Str`: the string block; function values: the environment; `dyn`: the data box;
//! * a raw pointer (`*T`): its value (the runtime ignores pointers that are not the start of
//!   a live tracked block; what the pointed-to block owns is traced through its own type info);
//! * tuples, arrays, structs and the active enum variant: their components, recursively;
//! * references and the non-owning handles `Weak[T]` / `SyncWeak[T]`: nothing.
//!
//! Block layouts known from the stdlib's type name `ty_args[0]` of `AllocTyped`:
//! `Shared[T]` / `Sync[T]` control blocks are `{ strong: I64, weak: I64, value: T }` (kind
//! `TML_KIND_SHARED` / `TML_KIND_SYNC`, the value traced); `Heap[T]` boxes hold one `T`;
//! `List[T]` buffers are arrays of `T` (kind `TML_KIND_ARRAY` with the element tracer and the
//! element size: the runtime walks every slot, and the stdlib keeps unused slots zeroed); any
//! other type's blocks (hash tables, arena and pool storage) are not traced inside.

use super::cx::Cx;
use super::glue::ice;
use crate::sema::ty::Ty;
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::values::{BasicValue, FunctionValue, PointerValue};

type R<T> = Result<T, String>;

/// `TmlTypeInfo::kind` of ordinary blocks.
pub(crate) const KIND_PLAIN: i32 = 0;
/// `TmlTypeInfo::kind` of `Shared` control blocks.
const KIND_SHARED: i32 = 1;
/// `TmlTypeInfo::kind` of `Sync` control blocks.
const KIND_SYNC: i32 = 2;
/// `TmlTypeInfo::kind` of arrays traced element by element (`List[T]` buffers).
const KIND_ARRAY: i32 = 3;

impl<'ctx> Cx<'ctx, '_> {
    /// The name of an ADT type's definition, if `ty` is one.
    fn adt_name(&self, ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Adt(id, _) => self.program.adts.get(*id).map(|a| a.name.as_str()),
            _ => None,
        }
    }

    /// Whether a value of `ty` owns heap pointers worth tracing.
    fn needs_trace(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Str | Ty::Func(..) | Ty::Dyn(..) | Ty::Ptr(_) => true,
            Ty::Tuple(ts) => ts.iter().any(|t| self.needs_trace(t)),
            Ty::Array(t, n) => *n > 0 && self.needs_trace(t),
            Ty::Adt(..) if matches!(self.adt_name(ty), Some("Weak" | "SyncWeak")) => false,
            Ty::Adt(..) => {
                (0..self.variant_count(ty)).any(|v| self.fields_of(ty, v).iter().any(|f| self.needs_trace(f)))
            }
            _ => false,
        }
    }

    /// The `TmlTypeInfo` of an `AllocTyped[ty]` block (see the module doc).
    pub fn alloc_info(&mut self, ty: &Ty) -> R<PointerValue<'ctx>> {
        let name = self.ty_name(ty);
        let arg = match ty {
            Ty::Adt(_, args) => args.first().cloned(),
            _ => None,
        };
        let adt = self.adt_name(ty).map(str::to_string);
        match (adt.as_deref(), arg) {
            (Some(n @ ("Shared" | "Sync")), Some(value)) => {
                let i64t = self.llcx.i64_type().into();
                let vt = self.llty(&value);
                let block = self.llcx.struct_type(&[i64t, i64t, vt], false);
                let offset = self.td.offset_of_element(&block, 2).expect("value field");
                let kind = if n == "Shared" { KIND_SHARED } else { KIND_SYNC };
                self.type_info(&name, kind, Some((&value, offset)))
            }
            (Some("Heap"), Some(value)) => self.type_info(&name, KIND_PLAIN, Some((&value, 0))),
            (Some("List"), Some(elem)) if self.needs_trace(&elem) && self.size_of(&elem) > 0 => {
                let size = self.size_of(&elem);
                let trace = self.trace_fn(&elem)?.map(|f| f.as_global_value().as_pointer_value());
                self.info_global(&name, KIND_ARRAY, trace, size, format!("{name}\0array"))
            }
            _ => self.type_info(&name, KIND_PLAIN, None),
        }
    }

    /// A `TmlTypeInfo` constant: reported `name`, `kind`, and a trace function tracing a value
    /// of the given type at the given byte offset in the block (or none).
    pub fn type_info(&mut self, name: &str, kind: i32, content: Option<(&Ty, u64)>) -> R<PointerValue<'ctx>> {
        let key = format!("{name}\0{kind}\0{content:?}");
        if let Some(p) = self.type_infos.get(&key) {
            return Ok(*p);
        }
        let trace = match content {
            Some((ty, offset)) => match self.trace_fn(ty)? {
                Some(f) if offset == 0 => Some(f.as_global_value().as_pointer_value()),
                Some(f) => Some(self.offset_trace(f, offset)?.as_global_value().as_pointer_value()),
                None => None,
            },
            None => None,
        };
        self.info_global(name, kind, trace, 0, key)
    }

    /// The `TmlTypeInfo { name, kind, trace, elem_size }` constant cached under `key`.
    fn info_global(
        &mut self,
        name: &str,
        kind: i32,
        trace: Option<PointerValue<'ctx>>,
        elem_size: u64,
        key: String,
    ) -> R<PointerValue<'ctx>> {
        if let Some(p) = self.type_infos.get(&key) {
            return Ok(*p);
        }
        let trace = trace.unwrap_or_else(|| self.ptr_ty().const_null());
        let value = self.llcx.const_struct(
            &[
                self.cstr(name).as_basic_value_enum(),
                self.llcx.i32_type().const_int(kind as u64, true).into(),
                trace.into(),
                self.llcx.i64_type().const_int(elem_size, false).into(),
            ],
            false,
        );
        let g = self.module.add_global(value.get_type(), None, "tml.typeinfo");
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        let p = g.as_pointer_value();
        self.type_infos.insert(key, p);
        Ok(p)
    }

    /// A new internal `void name(ptr value, ptr visit, ptr ctx)` and a builder at its entry.
    fn trace_decl(&self, name: &str) -> (FunctionValue<'ctx>, Builder<'ctx>) {
        let p = self.ptr_ty().into();
        let f =
            self.module.add_function(name, self.llcx.void_type().fn_type(&[p, p, p], false), Some(Linkage::Internal));
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(f, "entry"));
        (f, b)
    }

    /// A trace function calling `inner` on the block address plus `offset`.
    fn offset_trace(&mut self, inner: FunctionValue<'ctx>, offset: u64) -> R<FunctionValue<'ctx>> {
        let name = format!("{}.at{offset}", inner.get_name().to_string_lossy());
        if let Some(f) = self.helpers.get(&name) {
            return Ok(*f);
        }
        let (f, b) = self.trace_decl(&name);
        self.helpers.insert(name, f);
        let block = f.get_nth_param(0).expect("block").into_pointer_value();
        let i8t = self.llcx.i8_type();
        let off = self.llcx.i64_type().const_int(offset, false);
        let value = unsafe { b.build_in_bounds_gep(i8t, block, &[off], "value") }.map_err(ice)?;
        let args = [value.into(), f.get_nth_param(1).expect("visit").into(), f.get_nth_param(2).expect("ctx").into()];
        b.build_call(inner, &args, "").map_err(ice)?;
        b.build_return(None).map_err(ice)?;
        Ok(f)
    }

    /// The trace function `tml.trace.<T>` of a type, if values of it own heap pointers.
    pub fn trace_fn(&mut self, ty: &Ty) -> R<Option<FunctionValue<'ctx>>> {
        if let Some(f) = self.traces.get(ty) {
            return Ok(*f);
        }
        if !self.needs_trace(ty) {
            self.traces.insert(ty.clone(), None);
            return Ok(None);
        }
        let (f, b) = self.trace_decl(&format!("tml.trace.{}", self.ty_name(ty)));
        self.traces.insert(ty.clone(), Some(f));
        let p = f.get_nth_param(0).expect("value").into_pointer_value();
        let visit = f.get_nth_param(1).expect("visit").into_pointer_value();
        let ctx = f.get_nth_param(2).expect("ctx").into_pointer_value();
        let pt = self.pair_ty();
        let visited = match ty {
            Ty::Str | Ty::Ptr(_) => Some(b.build_load(self.ptr_ty(), p, "p").map_err(ice)?),
            Ty::Func(..) | Ty::Dyn(..) => {
                let idx = u32::from(matches!(ty, Ty::Func(..)));
                let fp = b.build_struct_gep(pt, p, idx, "fp").map_err(ice)?;
                Some(b.build_load(self.ptr_ty(), fp, "p").map_err(ice)?)
            }
            _ => None,
        };
        match visited {
            Some(v) => {
                let vty = self.llcx.void_type().fn_type(&[self.ptr_ty().into(), self.ptr_ty().into()], false);
                b.build_indirect_call(vty, visit, &[ctx.into(), v.into()], "").map_err(ice)?;
            }
            None => self.trace_components(&b, f, p, ty, visit, ctx)?,
        }
        b.build_return(None).map_err(ice)?;
        Ok(Some(f))
    }

    /// Traces every component of the aggregate at `p`.
    fn trace_components(
        &mut self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        p: PointerValue<'ctx>,
        ty: &Ty,
        visit: PointerValue<'ctx>,
        ctx: PointerValue<'ctx>,
    ) -> R<()> {
        let call = |cx: &mut Self, b: &Builder<'ctx>, fp: PointerValue<'ctx>, t: &Ty| -> R<()> {
            if let Some(tf) = cx.trace_fn(t)? {
                b.build_call(tf, &[fp.into(), visit.into(), ctx.into()], "").map_err(ice)?;
            }
            Ok(())
        };
        match ty {
            Ty::Array(elem, n) => {
                let elem = (**elem).clone();
                let aty = self.llty(ty);
                self.emit_counted_loop(b, f, *n, |cx, b, i| {
                    let zero = cx.llcx.i64_type().const_zero();
                    let ep = unsafe { b.build_in_bounds_gep(aty, p, &[zero, i], "elem") }.map_err(ice)?;
                    call(cx, b, ep, &elem)
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
                    if !fields.iter().any(|t| self.needs_trace(t)) {
                        continue;
                    }
                    let bb = self.llcx.append_basic_block(f, "variant");
                    cases.push((tag_ty.const_int(self.discriminant_of(ty, v) as u64, true), bb));
                    b.position_at_end(bb);
                    let st = self.variant_struct(ty, v);
                    for (i, t) in fields.iter().enumerate() {
                        let fp = b.build_struct_gep(st, payload, i as u32, "field").map_err(ice)?;
                        call(self, b, fp, t)?;
                    }
                    b.build_unconditional_branch(done).map_err(ice)?;
                }
                b.position_at_end(start);
                b.build_switch(tag, done, &cases).map_err(ice)?;
                b.position_at_end(done);
                Ok(())
            }
            _ => {
                let st = self.llty(ty).into_struct_type();
                let fields = self.fields_of(ty, 0);
                for (i, t) in fields.iter().enumerate() {
                    let fp = b.build_struct_gep(st, p, i as u32, "field").map_err(ice)?;
                    call(self, b, fp, t)?;
                }
                Ok(())
            }
        }
    }
}
