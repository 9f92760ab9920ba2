//! Static data: `TmlSite` records (one per distinct location and type name), NUL-terminated C
//! strings, and string literals as static `TmlStr` blocks.

use super::cx::Cx;
use crate::span::Span;
use inkwell::module::Linkage;
use inkwell::values::{BasicValue, BasicValueEnum, PointerValue};

impl<'ctx> Cx<'ctx, '_> {
    /// A private constant global holding `value`.
    fn private_const(&self, name: &str, value: BasicValueEnum<'ctx>) -> PointerValue<'ctx> {
        let g = self.module.add_global(value.get_type(), None, name);
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        g.as_pointer_value()
    }

    /// Pointer to a NUL-terminated constant copy of `s`.
    pub fn cstr(&mut self, s: &str) -> PointerValue<'ctx> {
        if let Some(p) = self.cstrs.get(s) {
            return *p;
        }
        let v = self.llcx.const_string(s.as_bytes(), true);
        let p = self.private_const("tml.cstr", v.into());
        self.cstrs.insert(s.to_string(), p);
        p
    }

    /// Pointer to the static `TmlStr { -1, len, bytes\0 }` block of a string literal.
    pub fn str_literal(&mut self, s: &str) -> PointerValue<'ctx> {
        if let Some(p) = self.strs.get(s) {
            return *p;
        }
        let i64t = self.llcx.i64_type();
        let v = self.llcx.const_struct(
            &[
                i64t.const_int(u64::MAX, true).into(),
                i64t.const_int(s.len() as u64, false).into(),
                self.llcx.const_string(s.as_bytes(), true).into(),
            ],
            false,
        );
        let g = self.module.add_global(v.get_type(), None, "tml.str");
        g.set_initializer(&v);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        g.set_alignment(8);
        let p = g.as_pointer_value();
        self.strs.insert(s.to_string(), p);
        p
    }

    /// Pointer to the `TmlSite { file, line, col, type_name }` record of `span` (`type_name`
    /// `None` is NULL: panic-only sites and `raw` allocations).
    pub fn site(&mut self, span: Span, type_name: Option<&str>) -> PointerValue<'ctx> {
        let (file, line, col) = if span.file < self.sources.len() {
            let (f, l, c) = self.sources.location(span);
            (f.to_string(), l, c)
        } else {
            ("<unknown>".to_string(), 0, 0)
        };
        let key = (file.clone(), line, col, type_name.map(str::to_string));
        if let Some(p) = self.sites.get(&key) {
            return *p;
        }
        let i32t = self.llcx.i32_type();
        let file_p = self.cstr(&file);
        let tn = match type_name {
            Some(t) => self.cstr(t),
            None => self.ptr_ty().const_null(),
        };
        let v = self.llcx.const_struct(
            &[
                file_p.as_basic_value_enum(),
                i32t.const_int(line as u64, false).into(),
                i32t.const_int(col as u64, false).into(),
                tn.as_basic_value_enum(),
            ],
            false,
        );
        let p = self.private_const("tml.site", v.into());
        self.sites.insert(key, p);
        p
    }
}
