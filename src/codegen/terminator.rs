//! Terminators: jumps, switches, calls (instances, function values, intrinsics), returns and
//! drops.

use super::function::FnCx;
use super::glue::ice;
use super::place::OpVal;
use super::types::{is_indirect, is_void};
use crate::mir::ir::{BlockId, Callee, Operand, Place, TerminatorKind};
use crate::sema::ty::Ty;
use inkwell::types::FunctionType;
use inkwell::values::{BasicMetadataValueEnum, CallSiteValue, PointerValue};

type R<T> = Result<T, String>;

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// Translates a block terminator.
    pub fn terminator(&mut self, kind: &TerminatorKind) -> R<()> {
        match kind {
            TerminatorKind::Goto(t) => {
                self.b.build_unconditional_branch(self.blocks[*t]).map_err(ice)?;
            }
            TerminatorKind::SwitchInt { discr, targets, otherwise } => {
                let v = self.operand_imm(discr)?.into_int_value();
                let t = v.get_type();
                let cases: Vec<_> =
                    targets.iter().map(|(val, bb)| (t.const_int(*val as u64, false), self.blocks[*bb])).collect();
                self.b.build_switch(v, self.blocks[*otherwise], &cases).map_err(ice)?;
            }
            TerminatorKind::Call { callee, args, dest, target } => self.call(callee, args, dest, *target)?,
            TerminatorKind::Return => {
                let ret = self.body.return_ty();
                if is_indirect(ret) || is_void(ret) {
                    self.b.build_return(None).map_err(ice)?;
                } else {
                    let lty = self.cx.llty(ret);
                    let v = self.b.build_load(lty, self.locals[0], "ret").map_err(ice)?;
                    self.b.build_return(Some(&v)).map_err(ice)?;
                }
            }
            TerminatorKind::Drop { place, target } => {
                let pr = self.place(place)?;
                self.cx.emit_drop(&self.b, pr.ptr, &pr.ty)?;
                self.b.build_unconditional_branch(self.blocks[*target]).map_err(ice)?;
            }
            TerminatorKind::Unreachable => {
                self.b.build_unreachable().map_err(ice)?;
            }
        }
        Ok(())
    }

    fn call(&mut self, callee: &Callee, args: &[Operand], dest: &Place, target: Option<BlockId>) -> R<()> {
        match callee {
            Callee::Dyn { method, .. } => self.dyn_call(*method, args, dest)?,
            Callee::Virtual { slot } => self.virtual_call(*slot, args, dest)?,
            Callee::Instance(id) => {
                let f = self.cx.instances[*id];
                let ret = self.cx.program.bodies[*id].return_ty().clone();
                let mut vals = self.call_args(args)?;
                if self.cx.program.bodies[*id].track_caller {
                    vals.push(self.panic_site().into());
                }
                self.emit_call(&ret, vals, dest, |this, a| this.b.build_call(f, a, "call").map_err(ice))?;
            }
            Callee::Value(fv) => {
                let fty = self.operand_ty(fv)?;
                let (params, ret) = match &fty {
                    Ty::Func(ps, r) => (ps.clone(), (**r).clone()),
                    other => return Err(format!("call of non-function value of type {other:?}")),
                };
                let v = self.operand_imm(fv)?.into_struct_value();
                let code = self.b.build_extract_value(v, 0, "code").map_err(ice)?.into_pointer_value();
                let env = self.b.build_extract_value(v, 1, "env").map_err(ice)?;
                let llfty: FunctionType<'ctx> = self.cx.fn_type(&params, &ret, true);
                let mut vals = self.call_args(args)?;
                vals.push(env.into());
                self.emit_call(&ret, vals, dest, |this, a| {
                    this.b.build_indirect_call(llfty, code, a, "call").map_err(ice)
                })?;
                if let Operand::Move(p) = &**fv {
                    let pr = self.place(p)?;
                    self.cx.emit_drop(&self.b, pr.ptr, &pr.ty)?;
                }
            }
            Callee::Intrinsic(op, tys) => self.intrinsic(*op, tys, args, dest)?,
            Callee::Extern(symbol) => self.extern_call(symbol, args, dest)?,
            Callee::Fn { .. } | Callee::Behavior { .. } => {
                return Err(format!("call of a non-monomorphized callee {callee:?}"));
            }
        }
        match target {
            Some(t) => self.b.build_unconditional_branch(self.blocks[t]).map_err(ice)?,
            None => self.b.build_unreachable().map_err(ice)?,
        };
        Ok(())
    }

    /// Evaluates call arguments as owned values (indirect ones as pointers to fresh copies).
    pub fn call_args(&mut self, args: &[Operand]) -> R<Vec<BasicMetadataValueEnum<'ctx>>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            out.push(match self.operand(a)? {
                OpVal::Imm(v) => v.into(),
                OpVal::Mem(p) => p.into(),
            });
        }
        Ok(out)
    }

    /// Emits a call returning `ret` (through a temporary when indirect) and stores the result
    /// into `dest`.
    pub fn emit_call(
        &mut self,
        ret: &Ty,
        mut args: Vec<BasicMetadataValueEnum<'ctx>>,
        dest: &Place,
        build: impl FnOnce(&mut Self, &[BasicMetadataValueEnum<'ctx>]) -> R<CallSiteValue<'ctx>>,
    ) -> R<()> {
        let sret: Option<PointerValue<'ctx>> = if is_indirect(ret) {
            let lty = self.cx.llty(ret);
            let tmp = self.alloca(lty, "sret")?;
            args.insert(0, tmp.into());
            Some(tmp)
        } else {
            None
        };
        let call = build(self, &args)?;
        if ret.is_never() {
            return Ok(());
        }
        if let Some(tmp) = sret {
            let d = self.place(dest)?;
            self.copy_bytes(d.ptr, tmp, ret)?;
        } else if let Some(v) = call.try_as_basic_value().basic() {
            let d = self.place(dest)?;
            self.b.build_store(d.ptr, v).map_err(ice)?;
        }
        Ok(())
    }
}
