//! Resolution of AST types to semantic types (LANGUAGE.md §5), and the infinite-size check
//! for recursive types (E0211).

use super::consts::{self, CVal, ConstEnv};
use super::ctx::{Ctx, Def};
use super::hir::AdtKind;
use super::ty::{AdtId, Ty};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, TypeKind};
use std::collections::HashSet;

/// The names a type annotation can see besides module items.
#[derive(Clone, Copy)]
pub struct TyScope<'s> {
    pub module: usize,
    /// Generic parameter names; `Ty::Param(i)` is `generics[i]`.
    pub generics: &'s [String],
    /// What `This` means, if anything.
    pub this: Option<&'s Ty>,
    /// Local constants visible to array lengths.
    pub local_consts: &'s [(String, CVal, Ty)],
}

/// Reads already evaluated constants for array lengths.
struct ReadEnv<'c, 'a, 's> {
    ctx: &'c Ctx<'a>,
    scope: TyScope<'s>,
    diags: &'c mut Vec<Diagnostic>,
}

impl ConstEnv for ReadEnv<'_, '_, '_> {
    fn lookup_const(&mut self, name: &str) -> Option<Option<(CVal, Ty)>> {
        if let Some((_, v, t)) = self.scope.local_consts.iter().rev().find(|c| c.0 == name) {
            return Some(Some((v.clone(), t.clone())));
        }
        match self.ctx.lookup(self.scope.module, name)? {
            Def::Const(j) => Some(self.ctx.consts.get(j).and_then(|c| c.value.clone())),
            _ => None,
        }
    }

    fn resolve_type(&mut self, ty: &ast::Type) -> Ty {
        resolve(self.ctx, self.scope, ty, self.diags)
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

/// Evaluates a constant expression that may refer to already evaluated constants.
pub fn eval_const(
    ctx: &Ctx,
    scope: TyScope,
    e: &ast::Expr,
    expect: Option<&Ty>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(CVal, Ty)> {
    let mut env = ReadEnv { ctx, scope, diags };
    consts::eval(&mut env, e, expect)
}

/// Resolves a type annotation; errors go to `diags` and yield `Ty::Error`.
pub fn resolve(ctx: &Ctx, scope: TyScope, ty: &ast::Type, diags: &mut Vec<Diagnostic>) -> Ty {
    resolve_depth(ctx, scope, ty, diags, 0)
}

fn resolve_depth(ctx: &Ctx, scope: TyScope, ty: &ast::Type, diags: &mut Vec<Diagnostic>, depth: u32) -> Ty {
    let sub = |t: &ast::Type, diags: &mut Vec<Diagnostic>| resolve_depth(ctx, scope, t, diags, depth);
    match &ty.kind {
        TypeKind::Path(p) => resolve_path(ctx, scope, p, diags, depth),
        TypeKind::Ref(t) => Ty::shared_ref(sub(t, diags)),
        TypeKind::MutRef(t) => Ty::mut_ref(sub(t, diags)),
        TypeKind::Ptr(t) => Ty::Ptr(Box::new(sub(t, diags))),
        TypeKind::Unit => Ty::Unit,
        TypeKind::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| sub(t, diags)).collect()),
        TypeKind::Func(ps, r) => {
            let ps = ps.iter().map(|t| sub(t, diags)).collect();
            let r = r.as_ref().map(|t| sub(t, diags)).unwrap_or(Ty::Unit);
            Ty::Func(ps, Box::new(r))
        }
        TypeKind::Array(t, n) => {
            let elem = sub(t, diags);
            let mut env = ReadEnv { ctx, scope, diags };
            match consts::eval(&mut env, n, Some(&Ty::I64)) {
                Some((CVal::Int(v), Ty::Int(_))) if v >= 0 => Ty::Array(Box::new(elem), v as u64),
                Some(_) => {
                    env.diags.push(Diagnostic::error(
                        "E0200",
                        "array length must be a non-negative `I64` constant",
                        n.span,
                        "invalid array length",
                    ));
                    Ty::Error
                }
                None => Ty::Error,
            }
        }
        TypeKind::Dyn(p) => {
            let args = p.segments.last().map(|s| s.args.iter().map(|t| sub(t, diags)).collect()).unwrap_or_default();
            super::dyn_::resolve_dyn(ctx, p, args, scope, diags)
        }
    }
}

fn unknown(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error("E0101", format!("cannot find type `{name}` in this scope"), span, "not found in this scope")
}

fn resolve_path(ctx: &Ctx, scope: TyScope, p: &ast::PathType, diags: &mut Vec<Diagnostic>, depth: u32) -> Ty {
    let Some(first) = p.segments.first() else {
        return Ty::Error;
    };
    let mut module = scope.module;
    let mut seg = first;
    if p.segments.len() > 1 {
        if first.name.name == "This" && p.segments.len() == 2 {
            return super::assoc::resolve_this_assoc(ctx, scope.this, &p.segments[1].name, diags);
        }
        if let Some(t) = super::assoc::resolve_param_assoc(scope, p, diags) {
            return t;
        }
        match ctx.lookup(scope.module, &first.name.name) {
            Some(Def::Module(m)) if p.segments.len() == 2 => {
                module = m;
                seg = &p.segments[1];
                if !ctx.is_public(m, &seg.name.name) {
                    diags.push(ctx.private("type", &seg.name.name, seg.name.span));
                }
            }
            _ => {
                let full: Vec<&str> = p.segments.iter().map(|s| s.name.name.as_str()).collect();
                diags.push(unknown(&full.join("::"), p.span));
                return Ty::Error;
            }
        }
    }
    let args: Vec<Ty> = seg.args.iter().map(|a| resolve_depth(ctx, scope, a, diags, depth)).collect();
    let name = seg.name.name.as_str();
    let no_args = |diags: &mut Vec<Diagnostic>, t: Ty| {
        if args.is_empty() {
            t
        } else {
            diags.push(Diagnostic::error(
                "E0202",
                format!("type `{name}` takes no type arguments"),
                seg.name.span,
                "unexpected type arguments",
            ));
            Ty::Error
        }
    };
    if module == scope.module {
        if let Some(t) = consts::prim_ty_named(name) {
            return no_args(diags, t);
        }
        if name == "This" {
            return match scope.this {
                Some(t) => no_args(diags, t.clone()),
                None => {
                    diags.push(Diagnostic::error(
                        "E0101",
                        "`This` is only available inside `impl` blocks",
                        seg.name.span,
                        "`This` not allowed here",
                    ));
                    Ty::Error
                }
            };
        }
        if let Some(i) = scope.generics.iter().rposition(|g| g == name) {
            return no_args(diags, Ty::Param(i as u32));
        }
    }
    match ctx.lookup(module, name) {
        Some(Def::Adt(id)) => {
            let want = ctx.program.adts.get(id).map(|a| a.generics.len()).unwrap_or(0);
            if args.len() != want {
                diags.push(Diagnostic::error(
                    "E0202",
                    format!("wrong number of type arguments: `{name}` takes {want}, found {}", args.len()),
                    seg.name.span,
                    format!("expected {want} type argument{}", if want == 1 { "" } else { "s" }),
                ));
                return Ty::Error;
            }
            if ctx.program.classes.contains_key(&id) {
                return Ty::Class(id);
            }
            Ty::Adt(id, args)
        }
        Some(Def::Behavior(b)) if ctx.classes.interfaces.contains(&b) => Ty::Dyn(b, args),
        Some(Def::Alias(j)) => {
            let Some(info) = ctx.aliases.get(j) else {
                return Ty::Error;
            };
            if depth > 32 {
                diags.push(Diagnostic::error(
                    "E0211",
                    format!("type alias `{name}` refers to itself"),
                    seg.name.span,
                    "recursive alias",
                ));
                return Ty::Error;
            }
            if args.len() != info.decl.generics.len() {
                diags.push(Diagnostic::error(
                    "E0202",
                    format!("wrong number of type arguments for `{name}`"),
                    seg.name.span,
                    "wrong number of type arguments",
                ));
                return Ty::Error;
            }
            let gnames: Vec<String> = info.decl.generics.iter().map(|g| g.name.name.clone()).collect();
            let inner = TyScope { module: info.module, generics: &gnames, this: None, local_consts: &[] };
            resolve_depth(ctx, inner, &info.decl.ty, diags, depth + 1).subst(&args)
        }
        _ => {
            diags.push(unknown(name, seg.name.span));
            Ty::Error
        }
    }
}

/// Whether `ty` contains `target` by value (not behind a pointer or reference).
fn contains_by_value(ctx: &Ctx, ty: &Ty, target: AdtId, seen: &mut HashSet<Ty>) -> bool {
    match ty {
        Ty::Tuple(ts) => ts.iter().any(|t| contains_by_value(ctx, t, target, seen)),
        Ty::Array(t, n) => *n > 0 && contains_by_value(ctx, t, target, seen),
        Ty::Adt(id, args) => {
            if *id == target {
                return true;
            }
            if !seen.insert(ty.clone()) {
                return false;
            }
            super::traits::adt_field_types(&ctx.program, *id, args)
                .iter()
                .any(|t| contains_by_value(ctx, t, target, seen))
        }
        _ => false,
    }
}

/// Reports E0211 for every struct or enum that contains itself by value.
pub fn check_recursive(ctx: &mut Ctx) {
    let mut errs = Vec::new();
    for (id, adt) in ctx.program.adts.iter().enumerate() {
        let fields: Vec<(Ty, Span)> = match &adt.kind {
            AdtKind::Struct(fs) => fs.iter().map(|f| (f.ty.clone(), f.span)).collect(),
            AdtKind::Enum(vs) => vs.iter().flat_map(|v| v.fields.iter().map(|f| (f.ty.clone(), f.span))).collect(),
        };
        if let Some((_, span)) = fields.iter().find(|(t, _)| contains_by_value(ctx, t, id, &mut HashSet::new())) {
            errs.push(
                Diagnostic::error(
                    "E0211",
                    format!("recursive type `{}` has infinite size", adt.name),
                    adt.span,
                    "recursive type has infinite size",
                )
                .with_secondary(*span, "recursive without indirection")
                .with_help("insert some indirection (e.g. `Heap`, `List`) to break the cycle"),
            );
        }
    }
    ctx.diags.extend(errs);
}
