//! Functions: declaration of one LLVM function per instance, function-value thunks, and the
//! translation of a MIR body (locals as entry-block allocas, statements, blocks).
//!
//! `track_caller` instances take a hidden trailing `const TmlSite *caller` parameter. Calls
//! pass the call's site (or, from another `track_caller` function, its own `caller`); inside,
//! panics report `caller` and allocations report its file/line/column with their own type name
//! (a `TmlSite` built on the stack: the runtime copies site records into block headers).
//! Callers without a call site (function-value thunks, drop glue, vtables, the generated
//! `main`) pass the site of the function's own definition.

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
    /// The hidden `caller` site parameter of a `track_caller` body.
    caller: Option<PointerValue<'ctx>>,
}

impl<'ctx, 'a> Cx<'ctx, 'a> {
    /// Declares one internal function per body (`tml::<name>`).
    pub fn declare_instances(&mut self) {
        let program = self.program;
        for body in &program.bodies {
            let params: Vec<_> = body.locals[1..=body.arg_count].iter().map(|l| l.ty.clone()).collect();
            let fty = self.fn_type(&params, body.return_ty(), body.track_caller);
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
        self.forward(f, inst, 1)?;
        Ok(f)
    }

    /// Instance `inst` as a function without the hidden site parameter: the instance itself, or
    /// for a `track_caller` instance a wrapper passing the site of its definition.
    pub fn instance_entry(&mut self, inst: InstanceId) -> R<FunctionValue<'ctx>> {
        if !self.program.bodies[inst].track_caller {
            return Ok(self.instances[inst]);
        }
        if let Some(f) = self.entries.get(&inst) {
            return Ok(*f);
        }
        let body = &self.program.bodies[inst];
        let params: Vec<_> = body.locals[1..=body.arg_count].iter().map(|l| l.ty.clone()).collect();
        let fty = self.fn_type(&params, body.return_ty(), false);
        let f = self.module.add_function(&format!("tml.entry::{}", body.name), fty, Some(Linkage::Internal));
        self.entries.insert(inst, f);
        self.forward(f, inst, 0)?;
        Ok(f)
    }

    /// Defines `f` as a call of instance `inst` with `f`'s parameters except the last `drop`
    /// ones (plus the definition's site for a `track_caller` instance), returning its result.
    fn forward(&mut self, f: FunctionValue<'ctx>, inst: InstanceId, drop: usize) -> R<()> {
        let b = self.llcx.create_builder();
        b.position_at_end(self.llcx.append_basic_block(f, "entry"));
        let n = f.count_params() as usize;
        let mut args: Vec<BasicMetadataValueEnum> = f.get_param_iter().take(n - drop).map(|p| p.into()).collect();
        let body = &self.program.bodies[inst];
        if body.track_caller {
            args.push(self.site(body.span, None).into());
        }
        let call = b.build_call(self.instances[inst], &args, "r").map_err(ice)?;
        match call.try_as_basic_value().basic() {
            Some(v) => b.build_return(Some(&v)).map_err(ice)?,
            None => b.build_return(None).map_err(ice)?,
        };
        Ok(())
    }
}

impl<'c, 'ctx, 'a> FnCx<'c, 'ctx, 'a> {
    fn new(cx: &'c mut Cx<'ctx, 'a>, body: &'a Body, func: FunctionValue<'ctx>) -> Self {
        let b = cx.llcx.create_builder();
        let alloca_b = cx.llcx.create_builder();
        let caller =
            body.track_caller.then(|| func.get_last_param().expect("caller site parameter").into_pointer_value());
        FnCx { cx, body, func, b, alloca_b, locals: Vec::new(), blocks: Vec::new(), span: body.span, caller }
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
        let site = self.panic_site();
        let m = self.cx.cstr(msg);
        self.b.build_call(self.cx.rt("tml_panic")?, &[site.into(), m.into()], "").map_err(ice)?;
        self.b.build_unreachable().map_err(ice)?;
        self.b.position_at_end(ok);
        Ok(())
    }

    /// The site record of the current span for a panic or a call to a `track_caller` function;
    /// inside a `track_caller` body, the caller's site.
    pub fn panic_site(&mut self) -> PointerValue<'ctx> {
        match self.caller {
            Some(caller) => caller,
            None => self.cx.site(self.span, None),
        }
    }

    /// The site record of an allocation at the current span shown as `type_name` (`None`:
    /// `raw`); inside a `track_caller` body, the caller's location.
    pub fn alloc_site(&mut self, type_name: Option<&str>) -> R<PointerValue<'ctx>> {
        let Some(caller) = self.caller else { return Ok(self.cx.site(self.span, type_name)) };
        let st = self.cx.site_ty();
        let local = self.alloca(st.into(), "site")?;
        for i in 0..3 {
            let src = self.b.build_struct_gep(st, caller, i, "src").map_err(ice)?;
            let dst = self.b.build_struct_gep(st, local, i, "dst").map_err(ice)?;
            let fty = st.get_field_type_at_index(i).expect("site field");
            let v = self.b.build_load(fty, src, "f").map_err(ice)?;
            self.b.build_store(dst, v).map_err(ice)?;
        }
        let tn = self.b.build_struct_gep(st, local, 3, "tn").map_err(ice)?;
        let name = match type_name {
            Some(n) => self.cx.cstr(n),
            None => self.cx.ptr_ty().const_null(),
        };
        self.b.build_store(tn, name).map_err(ice)?;
        Ok(local)
    }
}
