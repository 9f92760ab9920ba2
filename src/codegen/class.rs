//! Class objects (MEMORY.md §10.1): class vtables and descriptors, destructors, object
//! allocation, `is` tests, virtual calls and static variables.
//!
//! * A class value is a pointer to its object, the struct of the class's object ADT
//!   `{ ptr vtable, root fields…, …, own fields… }`.
//! * The class vtable `tml.class.vtable.<C>` is `{ ptr destructor, i64 size, ptr descriptor,
//!   ptr method… }` (virtual methods from slot 3 on, base class methods first). Methods take
//!   the receiver as `ref C` (a pointer to a class value holding the object pointer).
//! * The descriptor `tml.class.desc.<C>` is `{ ptr name, ptr parent descriptor or null, i64 n,
//!   ptr ids }`: `ids` is an array of the `n` behavior ids the class implements (used by
//!   `is Interface`). The type descriptor of a `dyn` vtable has the same layout, with the class
//!   descriptor of the concrete type (null if it is not a class) in place of the parent.
//! * The destructor `tml.class.dtor.<C>(ptr object)` runs, from `C` up to the root, each level's
//!   `drop` method and then its own fields in declaration order, and frees the object.
//! * A static is a private global `tml.static.<Class::field>` holding its initial value.

use super::cx::Cx;
use super::function::FnCx;
use super::glue::ice;
use super::trace::KIND_PLAIN;
use crate::mir::ir::{Operand, Place};
use crate::sema::hir::{Const, Intrinsic};
use crate::sema::ty::{AdtId, Ty};
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;

type R<T> = Result<T, String>;

/// Index of the first virtual method slot in a class vtable.
const FIRST_SLOT: u64 = 3;

impl<'ctx> Cx<'ctx, '_> {
    fn class_name(&self, c: AdtId) -> String {
        self.program.adts[c].name.clone()
    }

    /// The descriptor constant of class `c` (and, recursively, of its ancestors).
    pub fn class_descriptor(&mut self, c: AdtId) -> R<PointerValue<'ctx>> {
        let sym = format!("tml.class.desc.{}", self.class_name(c));
        if let Some(g) = self.module.get_global(&sym) {
            return Ok(g.as_pointer_value());
        }
        let parent = match self.program.classes.get(&c).and_then(|d| d.parent) {
            Some(p) => self.class_descriptor(p)?,
            None => self.ptr_ty().const_null(),
        };
        let name = self.cstr(&self.class_name(c));
        let ids = self.program.classes.get(&c).map(|d| d.interfaces.clone()).unwrap_or_default();
        let value = self.descriptor_value(name, parent, &ids);
        let g = self.module.add_global(value.get_type(), None, &sym);
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        Ok(g.as_pointer_value())
    }

    /// `{ name, link, n, ids }` (see the module documentation).
    fn descriptor_value(
        &mut self,
        name: PointerValue<'ctx>,
        link: PointerValue<'ctx>,
        ids: &[usize],
    ) -> inkwell::values::StructValue<'ctx> {
        let i64t = self.llcx.i64_type();
        let arr = if ids.is_empty() {
            self.ptr_ty().const_null()
        } else {
            let vals: Vec<_> = ids.iter().map(|&b| i64t.const_int(b as u64, false)).collect();
            let value = i64t.const_array(&vals);
            let g = self.module.add_global(value.get_type(), None, "tml.implements");
            g.set_initializer(&value);
            g.set_constant(true);
            g.set_linkage(Linkage::Private);
            g.as_pointer_value()
        };
        let n = i64t.const_int(ids.len() as u64, false);
        self.llcx.const_struct(&[name.into(), link.into(), n.into(), arr.into()], false)
    }

    /// The LLVM type of a class or `dyn` type descriptor.
    fn descriptor_ty(&self) -> inkwell::types::StructType<'ctx> {
        let ptr = self.ptr_ty().into();
        self.llcx.struct_type(&[ptr, ptr, self.llcx.i64_type().into(), ptr], false)
    }

    /// The type descriptor of a `dyn` vtable for concrete type `ty`, which implements the
    /// behaviors `ids` (among those tested by `is`).
    pub fn dyn_type_descriptor(&mut self, ty: &Ty, ids: &[usize]) -> R<PointerValue<'ctx>> {
        let name = self.ty_name(ty);
        let sym = format!("tml.dyn.desc.{name}");
        if let Some(g) = self.module.get_global(&sym) {
            return Ok(g.as_pointer_value());
        }
        let class = match ty {
            Ty::Class(c) => self.class_descriptor(*c)?,
            _ => self.ptr_ty().const_null(),
        };
        let name = self.cstr(&name);
        let value = self.descriptor_value(name, class, ids);
        let g = self.module.add_global(value.get_type(), None, &sym);
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        Ok(g.as_pointer_value())
    }

    /// The vtable constant of class `c` (which monomorphization instantiated).
    pub fn class_vtable(&mut self, c: AdtId) -> R<PointerValue<'ctx>> {
        let sym = format!("tml.class.vtable.{}", self.class_name(c));
        if let Some(g) = self.module.get_global(&sym) {
            return Ok(g.as_pointer_value());
        }
        let vt = self.program.class_vtables.iter().find(|v| v.class == c).cloned();
        let vt = vt.ok_or_else(|| format!("class {} has no vtable", self.class_name(c)))?;
        let dtor = self.class_dtor(c, &vt.levels)?;
        let size = self.size_of(&Ty::Adt(c, Vec::new()));
        let desc = self.class_descriptor(c)?;
        let mut slots: Vec<BasicValueEnum<'ctx>> = vec![
            dtor.as_global_value().as_pointer_value().into(),
            self.llcx.i64_type().const_int(size, false).into(),
            desc.into(),
        ];
        for m in &vt.methods {
            slots.push(match m {
                Some(i) => self.instance_entry(*i)?.as_global_value().as_pointer_value().into(),
                None => self.ptr_ty().const_null().into(),
            });
        }
        let value = self.llcx.const_struct(&slots, false);
        let g = self.module.add_global(value.get_type(), None, &sym);
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        Ok(g.as_pointer_value())
    }

    /// `tml.class.dtor.<C>(ptr object)`: the level-by-level destruction of MEMORY.md §10.1.
    fn class_dtor(&mut self, c: AdtId, levels: &[(AdtId, Option<usize>)]) -> R<inkwell::values::FunctionValue<'ctx>> {
        let (f, b, obj) = self.glue_fn(&format!("tml.class.dtor.{}", self.class_name(c)));
        let obj_ty = Ty::Adt(c, Vec::new());
        let st = self.llty(&obj_ty).into_struct_type();
        let fields = self.fields_of(&obj_ty, 0);
        for (level, drop) in levels {
            if let Some(inst) = drop {
                let slot = b.build_alloca(self.ptr_ty(), "this").map_err(ice)?;
                b.build_store(slot, obj).map_err(ice)?;
                let user = self.instance_entry(*inst)?;
                b.build_call(user, &[slot.into()], "").map_err(ice)?;
            }
            let own = self.program.classes.get(level).map(|d| d.own_fields.clone()).unwrap_or_default();
            for i in own {
                let p = b.build_struct_gep(st, obj, i as u32, "field").map_err(ice)?;
                self.emit_drop(&b, p, &fields[i])?;
            }
        }
        b.build_call(self.rt("tml_free")?, &[obj.into()], "").map_err(ice)?;
        b.build_return(None).map_err(ice)?;
        Ok(f)
    }

    /// Emits the drop of the class value at `ptr`: its destructor through vtable slot 0.
    pub fn emit_class_drop(&mut self, b: &Builder<'ctx>, ptr: PointerValue<'ctx>) -> R<()> {
        let obj = b.build_load(self.ptr_ty(), ptr, "obj").map_err(ice)?.into_pointer_value();
        let vt = b.build_load(self.ptr_ty(), obj, "vt").map_err(ice)?.into_pointer_value();
        let dtor = b.build_load(self.ptr_ty(), vt, "dtor").map_err(ice)?.into_pointer_value();
        let fty = self.llcx.void_type().fn_type(&[self.ptr_ty().into()], false);
        b.build_indirect_call(fty, dtor, &[obj.into()], "").map_err(ice)?;
        Ok(())
    }

    /// The global holding static `i`.
    fn static_global(&mut self, i: usize) -> R<PointerValue<'ctx>> {
        let def = self.program.statics.get(i).ok_or_else(|| format!("static {i} does not exist"))?.clone();
        let sym = format!("tml.static.{}", def.name);
        if let Some(g) = self.module.get_global(&sym) {
            return Ok(g.as_pointer_value());
        }
        let init: BasicValueEnum<'ctx> = match (&def.init, &def.ty) {
            (Const::Int(v), Ty::Int(it)) => self.int_type(it.bits()).const_int(*v as u64, true).into(),
            (Const::Bool(v), _) => self.llcx.bool_type().const_int(u64::from(*v), false).into(),
            (Const::Char(c), _) => self.llcx.i32_type().const_int(*c as u64, false).into(),
            (Const::Float(v), t) => match self.llty(t) {
                BasicTypeEnum::FloatType(ft) => ft.const_float(*v).into(),
                _ => return Err(format!("static {} of non-float type", def.name)),
            },
            _ => return Err(format!("unsupported initialiser of static {}", def.name)),
        };
        let g = self.module.add_global(init.get_type(), None, &sym);
        g.set_initializer(&init);
        g.set_linkage(Linkage::Private);
        Ok(g.as_pointer_value())
    }
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// Translates the class intrinsics ([`Intrinsic::ClassNew`], [`Intrinsic::ClassIs`],
    /// [`Intrinsic::StaticPtr`]); `None` for other intrinsics.
    pub fn class_intrinsic(&mut self, op: Intrinsic, tys: &[Ty], args: &[Operand], dest: &Place) -> Option<R<()>> {
        match op {
            Intrinsic::ClassNew => Some(self.class_new(tys)),
            Intrinsic::ClassIs => Some(self.class_is(tys, args)),
            Intrinsic::StaticPtr(i) => Some(self.cx.static_global(i).map(|p| Some(p.into()))),
            _ => None,
        }
        .map(|r| r.and_then(|v| self.store_dest(dest, v)))
    }

    fn store_dest(&mut self, dest: &Place, v: Option<BasicValueEnum<'ctx>>) -> R<()> {
        if let Some(v) = v {
            let d = self.place(dest)?;
            self.b.build_store(d.ptr, v).map_err(ice)?;
        }
        Ok(())
    }

    /// A new object of class `tys[0]` with its vtable set (nothing for a value class).
    fn class_new(&mut self, tys: &[Ty]) -> R<Option<BasicValueEnum<'ctx>>> {
        let Some(Ty::Class(c)) = tys.first() else { return Ok(None) };
        let obj_ty = Ty::Adt(*c, Vec::new());
        let name = self.cx.ty_name(&obj_ty);
        let i64t = self.cx.llcx.i64_type();
        let size = i64t.const_int(self.cx.size_of(&obj_ty), false);
        let align = i64t.const_int(self.cx.align_of(&obj_ty) as u64, false);
        let site = self.alloc_site(Some(&name))?;
        let info = self.cx.type_info(&name, KIND_PLAIN, Some((&obj_ty, 0)))?;
        let f = self.cx.rt("tml_alloc_info")?;
        let call = self.b.build_call(f, &[size.into(), align.into(), site.into(), info.into()], "obj").map_err(ice)?;
        let obj = call.try_as_basic_value().basic().ok_or("tml_alloc_info returns a pointer")?;
        let vt = self.cx.class_vtable(*c)?;
        self.b.build_store(obj.into_pointer_value(), vt).map_err(ice)?;
        Ok(Some(obj))
    }

    /// `ClassIs`: whether the object behind the `ref C` / `ref dyn B` argument is an instance
    /// of `tys[0]` (a class or a `dyn`); `tys[1]` is the operand's type.
    fn class_is(&mut self, tys: &[Ty], args: &[Operand]) -> R<Option<BasicValueEnum<'ctx>>> {
        let target = tys.first().ok_or("ClassIs without a tested type")?;
        let arg = args.first().ok_or("ClassIs without an operand")?;
        let ptr = self.cx.ptr_ty();
        if !matches!(tys.get(1), Some(Ty::Dyn(..))) {
            let r = self.operand_imm(arg)?.into_pointer_value();
            let desc = self.object_descriptor(r)?;
            return Ok(Some(self.descriptor_test(desc, target)?.into()));
        }
        let pair = self.operand_imm(arg)?.into_struct_value();
        let data = self.b.build_extract_value(pair, 0, "data").map_err(ice)?.into_pointer_value();
        let vt = self.b.build_extract_value(pair, 1, "dynvt").map_err(ice)?.into_pointer_value();
        let i64t = self.cx.llcx.i64_type();
        let dp = unsafe { self.b.build_in_bounds_gep(ptr, vt, &[i64t.const_int(3, false)], "tdescp") }.map_err(ice)?;
        let tdesc = self.b.build_load(ptr, dp, "tdesc").map_err(ice)?.into_pointer_value();
        let dty = self.cx.descriptor_ty();
        let cp = self.b.build_struct_gep(dty, tdesc, 1, "classp").map_err(ice)?;
        let class = self.b.build_load(ptr, cp, "class").map_err(ice)?.into_pointer_value();
        let no_class = self.b.build_is_null(class, "noclass").map_err(ice)?;
        let plain = self.cx.llcx.append_basic_block(self.func, "is.plain");
        let object = self.cx.llcx.append_basic_block(self.func, "is.object");
        let done = self.cx.llcx.append_basic_block(self.func, "is.end");
        self.b.build_conditional_branch(no_class, plain, object).map_err(ice)?;
        self.b.position_at_end(plain);
        let plain_hit = match target {
            Ty::Dyn(..) => self.descriptor_test(tdesc, target)?,
            _ => self.cx.llcx.bool_type().const_zero(),
        };
        let plain_end = self.b.get_insert_block().ok_or("no insert block")?;
        self.b.build_unconditional_branch(done).map_err(ice)?;
        self.b.position_at_end(object);
        let desc = self.object_descriptor(data)?;
        let object_hit = self.descriptor_test(desc, target)?;
        let object_end = self.b.get_insert_block().ok_or("no insert block")?;
        self.b.build_unconditional_branch(done).map_err(ice)?;
        self.b.position_at_end(done);
        let hit = self.b.build_phi(self.cx.llcx.bool_type(), "is").map_err(ice)?;
        hit.add_incoming(&[(&plain_hit, plain_end), (&object_hit, object_end)]);
        Ok(Some(hit.as_basic_value()))
    }

    /// The descriptor of the dynamic class of the object whose class value `r` points to.
    fn object_descriptor(&mut self, r: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        let ptr = self.cx.ptr_ty();
        let obj = self.b.build_load(ptr, r, "obj").map_err(ice)?.into_pointer_value();
        let vt = self.b.build_load(ptr, obj, "vt").map_err(ice)?.into_pointer_value();
        let i64t = self.cx.llcx.i64_type();
        let dp = unsafe { self.b.build_in_bounds_gep(ptr, vt, &[i64t.const_int(2, false)], "descp") }.map_err(ice)?;
        Ok(self.b.build_load(ptr, dp, "desc").map_err(ice)?.into_pointer_value())
    }

    /// Whether descriptor `desc` is (a subclass of) class `target`, or lists behavior `target`
    /// (a `dyn B`) among its implemented ones.
    fn descriptor_test(&mut self, desc: PointerValue<'ctx>, target: &Ty) -> R<IntValue<'ctx>> {
        match target {
            Ty::Class(c) => {
                let want = self.cx.class_descriptor(*c)?;
                self.ancestor_test(desc, want)
            }
            Ty::Dyn(b, _) => self.listed_test(desc, *b),
            other => Err(format!("ClassIs of {other:?}")),
        }
    }

    /// Whether `want` is `desc` or one of its parents (a loop up the descriptor chain).
    fn ancestor_test(&mut self, desc: PointerValue<'ctx>, want: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let ptr = self.cx.ptr_ty();
        let entry = self.b.get_insert_block().ok_or("no insert block")?;
        let head = self.cx.llcx.append_basic_block(self.func, "is.head");
        let next = self.cx.llcx.append_basic_block(self.func, "is.next");
        let done = self.cx.llcx.append_basic_block(self.func, "is.done");
        self.b.build_unconditional_branch(head).map_err(ice)?;
        self.b.position_at_end(head);
        let cur = self.b.build_phi(ptr, "cur").map_err(ice)?;
        let cur_v = cur.as_basic_value().into_pointer_value();
        let null = self.b.build_is_null(cur_v, "end").map_err(ice)?;
        let hit = self.b.build_int_compare(IntPredicate::EQ, cur_v, want, "hit").map_err(ice)?;
        let stop = self.b.build_or(null, hit, "stop").map_err(ice)?;
        self.b.build_conditional_branch(stop, done, next).map_err(ice)?;
        self.b.position_at_end(next);
        let pp = self.b.build_struct_gep(self.cx.descriptor_ty(), cur_v, 1, "parentp").map_err(ice)?;
        let parent = self.b.build_load(ptr, pp, "parent").map_err(ice)?.into_pointer_value();
        self.b.build_unconditional_branch(head).map_err(ice)?;
        cur.add_incoming(&[(&desc, entry), (&parent, next)]);
        self.b.position_at_end(done);
        Ok(hit)
    }

    /// Whether behavior id `b` is in the `ids` array of descriptor `desc` (a linear search).
    fn listed_test(&mut self, desc: PointerValue<'ctx>, b: usize) -> R<IntValue<'ctx>> {
        let (ptr, i64t, dty) = (self.cx.ptr_ty(), self.cx.llcx.i64_type(), self.cx.descriptor_ty());
        let np = self.b.build_struct_gep(dty, desc, 2, "np").map_err(ice)?;
        let n = self.b.build_load(i64t, np, "n").map_err(ice)?.into_int_value();
        let ip = self.b.build_struct_gep(dty, desc, 3, "idsp").map_err(ice)?;
        let ids = self.b.build_load(ptr, ip, "ids").map_err(ice)?.into_pointer_value();
        let entry = self.b.get_insert_block().ok_or("no insert block")?;
        let head = self.cx.llcx.append_basic_block(self.func, "is.head");
        let cmp = self.cx.llcx.append_basic_block(self.func, "is.cmp");
        let next = self.cx.llcx.append_basic_block(self.func, "is.next");
        let done = self.cx.llcx.append_basic_block(self.func, "is.done");
        self.b.build_unconditional_branch(head).map_err(ice)?;
        self.b.position_at_end(head);
        let cur = self.b.build_phi(i64t, "i").map_err(ice)?;
        let i = cur.as_basic_value().into_int_value();
        let end = self.b.build_int_compare(IntPredicate::EQ, i, n, "end").map_err(ice)?;
        self.b.build_conditional_branch(end, done, cmp).map_err(ice)?;
        self.b.position_at_end(cmp);
        let p = unsafe { self.b.build_in_bounds_gep(i64t, ids, &[i], "idp") }.map_err(ice)?;
        let id = self.b.build_load(i64t, p, "id").map_err(ice)?.into_int_value();
        let want = i64t.const_int(b as u64, false);
        let hit = self.b.build_int_compare(IntPredicate::EQ, id, want, "hit").map_err(ice)?;
        self.b.build_conditional_branch(hit, done, next).map_err(ice)?;
        self.b.position_at_end(next);
        let i1 = self.b.build_int_add(i, i64t.const_int(1, false), "i1").map_err(ice)?;
        self.b.build_unconditional_branch(head).map_err(ice)?;
        cur.add_incoming(&[(&i64t.const_zero(), entry), (&i1, next)]);
        self.b.position_at_end(done);
        let t = self.cx.llcx.bool_type();
        let found = self.b.build_phi(t, "found").map_err(ice)?;
        found.add_incoming(&[(&t.const_zero(), head), (&t.const_int(1, false), cmp)]);
        Ok(found.as_basic_value().into_int_value())
    }

    /// A call of virtual method `slot` through the vtable of the object behind the receiver.
    pub fn virtual_call(&mut self, slot: usize, args: &[Operand], dest: &Place) -> R<()> {
        let recv = args.first().ok_or("virtual call without a receiver")?;
        let ptr = self.cx.ptr_ty();
        let r = self.operand_imm(recv)?.into_pointer_value();
        let obj = self.b.build_load(ptr, r, "obj").map_err(ice)?.into_pointer_value();
        let vt = self.b.build_load(ptr, obj, "vt").map_err(ice)?.into_pointer_value();
        let idx = self.cx.llcx.i64_type().const_int(FIRST_SLOT + slot as u64, false);
        let sp = unsafe { self.b.build_in_bounds_gep(ptr, vt, &[idx], "slot") }.map_err(ice)?;
        let code = self.b.build_load(ptr, sp, "method").map_err(ice)?.into_pointer_value();
        let mut params = Vec::new();
        for a in args {
            params.push(self.operand_ty(a)?);
        }
        let ret = self.place_ty(dest)?;
        let fty = self.cx.fn_type(&params, &ret, false);
        let vals = self.call_args(args)?;
        self.emit_call(&ret, vals, dest, |this, a| this.b.build_indirect_call(fty, code, a, "call").map_err(ice))
    }
}
