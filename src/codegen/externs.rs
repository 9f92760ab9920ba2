//! Calls of stdlib `@extern("symbol")` functions (MIR `Callee::Extern`): the C function is
//! declared once with external linkage, its signature taken from the argument and destination
//! types (scalars, raw pointers and Bool only; sema checks the declaration), and called
//! directly with the C ABI: Bool and unsigned integers narrower than 32 bits carry `zeroext`,
//! signed ones `signext`.

use super::function::FnCx;
use super::glue::ice;
use super::types::is_void;
use crate::mir::ir::{Operand, Place};
use crate::sema::ty::Ty;
use inkwell::attributes::AttributeLoc;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType};
use inkwell::values::FunctionValue;

type R<T> = Result<T, String>;

/// The extension attribute a C caller applies to a value of `ty`, if any.
fn extension(ty: &Ty) -> Option<&'static str> {
    match ty {
        Ty::Bool => Some("zeroext"),
        Ty::Int(i) if i.bits() < 32 => Some(if i.is_signed() { "signext" } else { "zeroext" }),
        _ => None,
    }
}

impl<'ctx> FnCx<'_, 'ctx, '_> {
    /// Calls the C function `symbol` with `args`, storing its result into `dest`.
    pub fn extern_call(&mut self, symbol: &str, args: &[Operand], dest: &Place) -> R<()> {
        let params = args.iter().map(|a| self.operand_ty(a)).collect::<R<Vec<Ty>>>()?;
        let ret = self.place_ty(dest)?;
        let f = self.extern_fn(symbol, &params, &ret)?;
        let vals = self.call_args(args)?;
        self.emit_call(&ret, vals, dest, |this, a| this.b.build_call(f, a, "extern").map_err(ice))
    }

    /// The declaration of C function `symbol` (added on first use).
    fn extern_fn(&mut self, symbol: &str, params: &[Ty], ret: &Ty) -> R<FunctionValue<'ctx>> {
        if let Some(f) = self.cx.module.get_function(symbol) {
            return Ok(f);
        }
        if let Some(t) = params.iter().chain([ret]).find(|t| !is_void(t) && !is_c_scalar(t)) {
            return Err(format!("`@extern` function {symbol} cannot pass a value of type {t:?}"));
        }
        let lparams: Vec<BasicMetadataTypeEnum> = params.iter().map(|t| self.cx.llty(t).into()).collect();
        let fty = if is_void(ret) {
            self.cx.llcx.void_type().fn_type(&lparams, false)
        } else {
            self.cx.llty(ret).fn_type(&lparams, false)
        };
        let f = self.cx.module.add_function(symbol, fty, Some(Linkage::External));
        for (i, t) in params.iter().enumerate() {
            if let Some(attr) = extension(t) {
                f.add_attribute(AttributeLoc::Param(i as u32), self.cx.enum_attr(attr));
            }
        }
        if let Some(attr) = extension(ret) {
            f.add_attribute(AttributeLoc::Return, self.cx.enum_attr(attr));
        }
        Ok(f)
    }
}

/// Whether `ty` is passed as a C scalar (integer, float, Bool or pointer).
fn is_c_scalar(ty: &Ty) -> bool {
    matches!(ty, Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Ptr(_))
}
