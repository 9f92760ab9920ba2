//! The generated C `main`: runs the user's entry between `tml_rt_init` and `tml_rt_shutdown`,
//! or, for test executables, hands the `TmlTest` table to `tml_test_main`.

use super::cx::Cx;
use super::glue::ice;
use super::types::is_indirect;
use crate::sema::ty::{IntTy, Ty};
use inkwell::module::Linkage;
use inkwell::values::{BasicValue, BasicValueEnum};

type R<T> = Result<T, String>;

impl<'ctx> Cx<'ctx, '_> {
    /// Emits `int main(int argc, char **argv)` (nothing when there is neither an entry nor a
    /// test harness).
    pub fn emit_main(&mut self) -> R<()> {
        if !self.opts.test_harness && self.program.entry.is_none() {
            return Ok(());
        }
        let i32t = self.llcx.i32_type();
        let fty = i32t.fn_type(&[i32t.into(), self.ptr_ty().into()], false);
        let main = self.module.add_function("main", fty, Some(Linkage::External));
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(main, "entry"));
        let argc = main.get_nth_param(0).expect("argc");
        let argv = main.get_nth_param(1).expect("argv");
        let leaks = self.llcx.bool_type().const_int(self.opts.check_leaks as u64, false);
        if self.opts.test_harness {
            let test_ty = self.llcx.struct_type(&[self.ptr_ty().into(), self.ptr_ty().into()], false);
            let mut entries = Vec::new();
            let program = self.program;
            for (name, inst) in &program.tests {
                let n = self.cstr(name).as_basic_value_enum();
                let f = self.instance_entry(*inst)?.as_global_value().as_pointer_value().as_basic_value_enum();
                entries.push(test_ty.const_named_struct(&[n, f]));
            }
            let table = test_ty.const_array(&entries);
            let g = self.module.add_global(table.get_type(), None, "tml.tests");
            g.set_initializer(&table);
            g.set_constant(true);
            g.set_linkage(Linkage::Private);
            let count = self.llcx.i64_type().const_int(entries.len() as u64, false);
            let args = [argc.into(), argv.into(), g.as_pointer_value().into(), count.into(), leaks.into()];
            let r = b.build_call(self.rt("tml_test_main")?, &args, "status").map_err(ice)?;
            let status = r.try_as_basic_value().basic().expect("status");
            b.build_return(Some(&status)).map_err(ice)?;
            return Ok(());
        }
        b.build_call(self.rt("tml_rt_init")?, &[argc.into(), argv.into(), leaks.into()], "").map_err(ice)?;
        let entry = self.program.entry.expect("checked above");
        let ret = self.program.bodies[entry].return_ty().clone();
        let mut args = Vec::new();
        if is_indirect(&ret) {
            let lty = self.llty(&ret);
            args.push(b.build_alloca(lty, "result").map_err(ice)?.into());
        }
        let r = b.build_call(self.instance_entry(entry)?, &args, "result").map_err(ice)?;
        let status: BasicValueEnum = match (ret, r.try_as_basic_value().basic()) {
            (Ty::Int(IntTy::I32), Some(v)) => v,
            _ => i32t.const_zero().into(),
        };
        let r = b.build_call(self.rt("tml_rt_shutdown")?, &[status.into()], "status").map_err(ice)?;
        let status = r.try_as_basic_value().basic().expect("status");
        b.build_return(Some(&status)).map_err(ice)?;
        Ok(())
    }
}
