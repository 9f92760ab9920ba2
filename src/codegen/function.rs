//! Functions: declaration of one LLVM function per instance, function-value thunks, and the
//! translation of a MIR body (locals as entry-block allocas, statements, blocks).

use super::cx::Cx;
use super::glue::ice;
use super::types::is_indirect;
use crate::mir::ir::{Body, InstanceId, StatementKind};
use crate::span::Span;
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue, IntValue, PointerValue};

type R<T> = Result<T, String>;

/// Per-function translation state.
pub(crate) struct FnCx<'c, 'ctx, 'a> {
    pub cx: &'c mut Cx<'ctx, 'a>,
    pub body: &'a Body,
    pub func: FunctionValue<'ctx>,
    /// Builder for the code of the current block.
    pub b: Builder<'ctx>,
    /// Builder at the end of the allocas block (terminated last).
    alloca_b: Builder<'ctx>,
    /// Storage of every local.
    pub locals: Vec<PointerValue<'ctx>>,
    pub blocks: Vec<BasicBlock<'ctx>>,
    /// Span of the statement or terminator being translated (panic location).
    pub span: Span,
}

impl<'ctx, 'a> Cx<'ctx, 'a> {
    /// Declares one internal function per body (`tml::<name>`).
    pub fn declare_instances(&mut self) {
        let program = self.program;
        for body in &program.bodies {
            let params: Vec<_> = body.locals[1..=body.arg_count].iter().map(|l| l.ty.clone()).collect();
            let fty = self.fn_type(&params, body.return_ty(), false);
            let f = self.module.add_function(&format!("tml::{}", body.name), fty, Some(Linkage::Internal));
            self.instances.push(f);
        }
    }

    /// Translates every body.
    pub fn define_instances(&mut self) -> R<()> {
        let program = self.program;
        for (i, body) in program.bodies.iter().enumerate() {
            FnCx::new(self, body, self.instances[i]).translate().map_err(|e| format!("in `{}`: {e}", body.name))?;
        }
        Ok(())
    }

    /// The function-value code of instance `inst`: a thunk taking and ignoring `env`.
    pub fn thunk(&mut self, inst: InstanceId) -> R<FunctionValue<'ctx>> {
        if let Some(f) = self.thunks.get(&inst) {
            return Ok(*f);
        }
        let body = &self.program.bodies[inst];
        let params: Vec<_> = body.locals[1..=body.arg_count].iter().map(|l| l.ty.clone()).collect();
        let fty = self.fn_type(&params, body.return_ty(), true);
        let f = self.module.add_function(&format!("tml.thunk::{}", body.name), fty, Some(Linkage::Internal));
        self.thunks.insert(inst, f);
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(f, "entry"));
        let n = f.count_params() as usize;
        let args: Vec<BasicMetadataValueEnum> = f.get_param_iter().take(n - 1).map(|p| p.into()).collect();
        let call = b.build_call(self.instances[inst], &args, "r").map_err(ice)?;
        match call.try_as_basic_value().basic() {
            Some(v) => b.build_return(Some(&v)).map_err(ice)?,
            None => b.build_return(None).map_err(ice)?,
        };
        Ok(f)
    }
}

impl<'c, 'ctx, 'a> FnCx<'c, 'ctx, 'a> {
    fn new(cx: &'c mut Cx<'ctx, 'a>, body: &'a Body, func: FunctionValue<'ctx>) -> Self {
        let b = cx.llcx.create_builder();
        let alloca_b = cx.llcx.create_builder();
        FnCx { cx, body, func, b, alloca_b, locals: Vec::new(), blocks: Vec::new(), span: body.span }
    }

    /// A new stack slot of type `ty` in the entry block.
    pub fn alloca(&self, ty: BasicTypeEnum<'ctx>, name: &str) -> R<PointerValue<'ctx>> {
        self.alloca_b.build_alloca(ty, name).map_err(ice)
    }

    fn translate(mut self) -> R<()> {
        let body = self.body;
        let start = self.cx.llcx.append_basic_block(self.func, "start");
        self.alloca_b.position_at_end(start);
        self.blocks =
            (0..body.blocks.len()).map(|i| self.cx.llcx.append_basic_block(self.func, &format!("bb{i}"))).collect();
        let mut param = 0u32;
        let ret_indirect = is_indirect(body.return_ty());
        for (i, decl) in body.locals.iter().enumerate() {
            let lty = self.cx.llty(&decl.ty);
            let name = decl.name.clone().unwrap_or_else(|| format!("_{i}"));
            let ptr = if i == 0 && ret_indirect {
                param += 1;
                self.func.get_nth_param(0).expect("sret").into_pointer_value()
            } else if i >= 1 && i <= body.arg_count {
                let p = self.func.get_nth_param(param + (i as u32 - 1)).expect("param");
                if is_indirect(&decl.ty) {
                    p.into_pointer_value()
                } else {
                    let slot = self.alloca(lty, &name)?;
                    self.alloca_b.build_store(slot, p).map_err(ice)?;
                    slot
                }
            } else {
                self.alloca(lty, &name)?
            };
            self.locals.push(ptr);
        }
        for (i, block) in body.blocks.iter().enumerate() {
            self.b.position_at_end(self.blocks[i]);
            for st in &block.statements {
                self.span = st.span;
                match &st.kind {
                    StatementKind::Assign(place, rv) => self.assign(place, rv)?,
                    StatementKind::StorageLive(_) | StatementKind::StorageDead(_) => {}
                    StatementKind::SetDropFlag(l, v) => {
                        let c = self.cx.llcx.bool_type().const_int(*v as u64, false);
                        self.b.build_store(self.locals[*l], c).map_err(ice)?;
                    }
                }
            }
            self.span = block.terminator.span;
            self.terminator(&block.terminator.kind)?;
        }
        match self.blocks.first() {
            Some(bb0) => self.alloca_b.build_unconditional_branch(*bb0).map_err(ice)?,
            None => self.alloca_b.build_unreachable().map_err(ice)?,
        };
        Ok(())
    }

    /// Emits `if cond { panic(msg) }` at the current span.
    pub fn panic_if(&mut self, cond: IntValue<'ctx>, msg: &str) -> R<()> {
        let fail = self.cx.llcx.append_basic_block(self.func, "panic");
        let ok = self.cx.llcx.append_basic_block(self.func, "ok");
        self.b.build_conditional_branch(cond, fail, ok).map_err(ice)?;
        self.b.position_at_end(fail);
        let site = self.cx.site(self.span, None);
        let m = self.cx.cstr(msg);
        self.b.build_call(self.cx.rt("tml_panic")?, &[site.into(), m.into()], "").map_err(ice)?;
        self.b.build_unreachable().map_err(ice)?;
        self.b.position_at_end(ok);
        Ok(())
    }
}
