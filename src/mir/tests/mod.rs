//! MIR unit tests. HIR programs are built directly with the small builder below (sema lands
//! separately); [`trace`] runs a body symbolically along one path to observe calls and drops.

mod borrowck;
mod drops;
mod errors;
mod loops;
mod mono;
mod snapshots;

use crate::diagnostics::Diagnostic;
use crate::mir::ir::{self, Callee, ConstValue, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind};
use crate::sema::hir::*;
use crate::sema::ty::{AdtId, FnId, IntTy, Mutability, Ty};
use crate::span::Span;
use std::collections::HashMap;

/// Builds a HIR program.
#[derive(Default)]
pub struct Prog {
    pub p: Program,
    next_span: u32,
}

/// Builds one function body.
pub struct Fb {
    pub locals: Vec<LocalDef>,
    pub params: Vec<LocalId>,
    next_span: u32,
}

pub fn e(kind: ExprKind, ty: Ty, span: Span) -> Expr {
    Expr { kind, ty, span }
}

impl Prog {
    pub fn new() -> Prog {
        Prog::default()
    }

    /// A struct; with `drop`, it gets an empty `Drop::drop` method.
    pub fn strukt(&mut self, name: &str, fields: &[(&str, Ty)], drop: bool) -> AdtId {
        let id = self.p.adts.len();
        let fields = fields
            .iter()
            .map(|(n, t)| FieldDef { name: n.to_string(), ty: t.clone(), span: Span::default() })
            .collect();
        self.p.adts.push(AdtDef {
            name: name.to_string(),
            span: Span::default(),
            generics: vec![],
            kind: AdtKind::Struct(fields),
            is_copy: false,
            drop_fn: None,
        });
        if drop {
            let ty = Ty::Adt(id, vec![]);
            let f = self.func(&format!("{name}::drop"), &[("this", Ty::mut_ref(ty))], Ty::Unit, |f| f.unit_block());
            self.p.adts[id].drop_fn = Some(f);
        }
        id
    }

    /// A generic enum `Maybe[T] { Nothing, Just(T) }`.
    pub fn maybe(&mut self) -> AdtId {
        let id = self.p.adts.len();
        let variants = vec![
            VariantDef { name: "Nothing".into(), fields: vec![], discriminant: 0, span: Span::default() },
            VariantDef {
                name: "Just".into(),
                fields: vec![FieldDef { name: "0".into(), ty: Ty::Param(0), span: Span::default() }],
                discriminant: 1,
                span: Span::default(),
            },
        ];
        self.p.adts.push(AdtDef {
            name: "Maybe".into(),
            span: Span::default(),
            generics: vec![GenericParamDef { name: "T".into(), bounds: vec![] }],
            kind: AdtKind::Enum(variants),
            is_copy: true,
            drop_fn: None,
        });
        id
    }

    /// Declares a function without body (to be given one with [`Prog::define`]).
    pub fn declare(&mut self, name: &str, generics: &[&str], params: Vec<Ty>, ret: Ty) -> FnId {
        let generics = generics.iter().map(|g| GenericParamDef { name: g.to_string(), bounds: vec![] }).collect();
        self.p.fns.push(FnDef {
            name: name.to_string(),
            span: Span::default(),
            generics,
            params,
            ret,
            body: None,
            track_caller: false,
            closure_env: None,
            extern_symbol: None,
        });
        self.p.fns.len() - 1
    }

    /// Gives function `id` a body; the closure declares its parameters first.
    pub fn define(&mut self, id: FnId, build: impl FnOnce(&mut Fb) -> Expr) {
        let mut fb = Fb { locals: vec![], params: vec![], next_span: self.next_span };
        let value = build(&mut fb);
        self.next_span = fb.next_span;
        self.p.fns[id].body = Some(Body { locals: fb.locals, params: fb.params, value });
    }

    /// Declares and defines a non-generic function with named parameters.
    pub fn func(&mut self, name: &str, params: &[(&str, Ty)], ret: Ty, build: impl FnOnce(&mut Fb) -> Expr) -> FnId {
        let id = self.declare(name, &[], params.iter().map(|(_, t)| t.clone()).collect(), ret);
        let params: Vec<(String, Ty)> = params.iter().map(|(n, t)| (n.to_string(), t.clone())).collect();
        self.define(id, |f| {
            for (n, t) in &params {
                f.param(n, t.clone());
            }
            build(f)
        });
        id
    }
}

impl Fb {
    pub fn span(&mut self) -> Span {
        self.next_span += 2;
        Span::new(0, self.next_span as usize, self.next_span as usize + 1)
    }

    pub fn param(&mut self, name: &str, ty: Ty) -> LocalId {
        let l = self.local(name, ty, false);
        self.params.push(l);
        l
    }

    pub fn local(&mut self, name: &str, ty: Ty, mutable: bool) -> LocalId {
        let span = self.span();
        self.locals.push(LocalDef { name: Some(name.to_string()), ty, mutable, span });
        self.locals.len() - 1
    }

    pub fn var(&mut self, l: LocalId) -> Expr {
        let ty = self.locals[l].ty.clone();
        let s = self.span();
        e(ExprKind::Local(l), ty, s)
    }

    pub fn str(&mut self, s: &str) -> Expr {
        let sp = self.span();
        e(ExprKind::Lit(Const::Str(s.into())), Ty::Str, sp)
    }

    pub fn int(&mut self, v: i128, ty: IntTy) -> Expr {
        let sp = self.span();
        e(ExprKind::Lit(Const::Int(v)), Ty::Int(ty), sp)
    }

    pub fn bool(&mut self, v: bool) -> Expr {
        let sp = self.span();
        e(ExprKind::Lit(Const::Bool(v)), Ty::Bool, sp)
    }

    pub fn call(&mut self, id: FnId, args: Vec<Expr>, ret: Ty) -> Expr {
        self.call_generic(id, vec![], args, ret)
    }

    pub fn call_generic(&mut self, id: FnId, ty_args: Vec<Ty>, args: Vec<Expr>, ret: Ty) -> Expr {
        let sp = self.span();
        e(ExprKind::Call { callee: crate::sema::hir::Callee::Fn { id, ty_args }, args, site: sp }, ret, sp)
    }

    pub fn field(&mut self, base: Expr, field: usize, ty: Ty) -> Expr {
        let sp = self.span();
        e(ExprKind::Field { base: Box::new(base), field }, ty, sp)
    }

    pub fn refer(&mut self, place: Expr) -> Expr {
        let sp = self.span();
        let ty = Ty::shared_ref(place.ty.clone());
        e(ExprKind::Ref { mutability: Mutability::Not, place: Box::new(place) }, ty, sp)
    }

    pub fn deref(&mut self, r: Expr) -> Expr {
        let ty = match &r.ty {
            Ty::Ref(_, t) => (**t).clone(),
            _ => Ty::Error,
        };
        let sp = self.span();
        e(ExprKind::Deref(Box::new(r)), ty, sp)
    }

    pub fn adt(&mut self, adt: AdtId, ty_args: Vec<Ty>, variant: usize, fields: Vec<Expr>) -> Expr {
        let sp = self.span();
        let fields = fields.into_iter().enumerate().collect();
        e(ExprKind::Adt { adt, variant, ty_args: ty_args.clone(), fields }, Ty::Adt(adt, ty_args), sp)
    }

    pub fn assign(&mut self, place: Expr, value: Expr) -> Stmt {
        let sp = self.span();
        Stmt::Expr(e(ExprKind::Assign { place: Box::new(place), value: Box::new(value) }, Ty::Unit, sp))
    }

    pub fn let_(&mut self, l: LocalId, init: Option<Expr>) -> Stmt {
        let ty = self.locals[l].ty.clone();
        let sp = self.span();
        Stmt::Let {
            pattern: Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty, span: sp },
            init,
            else_block: None,
            span: sp,
        }
    }

    pub fn block(&mut self, stmts: Vec<Stmt>, tail: Option<Expr>) -> Expr {
        let sp = self.span();
        let ty = tail.as_ref().map(|t| t.ty.clone()).unwrap_or(Ty::Unit);
        let ty = if tail.is_none() && stmts.iter().any(diverges) { Ty::Never } else { ty };
        e(ExprKind::Block(Block { stmts, tail: tail.map(Box::new), span: sp }), ty, sp)
    }

    pub fn raw_block(&mut self, stmts: Vec<Stmt>) -> Block {
        let sp = self.span();
        Block { stmts, tail: None, span: sp }
    }

    pub fn unit_block(&mut self) -> Expr {
        self.block(vec![], None)
    }

    pub fn if_(&mut self, cond: Expr, then: Expr, els: Option<Expr>) -> Expr {
        let sp = self.span();
        let ty = match &els {
            Some(x) if !x.ty.is_never() => x.ty.clone(),
            Some(_) => then.ty.clone(),
            None => Ty::Unit,
        };
        e(ExprKind::If { cond: Box::new(cond), then_branch: Box::new(then), else_branch: els.map(Box::new) }, ty, sp)
    }

    pub fn ret(&mut self, v: Option<Expr>) -> Expr {
        let sp = self.span();
        e(ExprKind::Return(v.map(Box::new)), Ty::Never, sp)
    }

    pub fn brk(&mut self) -> Expr {
        let sp = self.span();
        e(ExprKind::Break, Ty::Never, sp)
    }

    pub fn cont(&mut self) -> Expr {
        let sp = self.span();
        e(ExprKind::Continue, Ty::Never, sp)
    }

    pub fn loop_(&mut self, stmts: Vec<Stmt>) -> Expr {
        let b = self.raw_block(stmts);
        let sp = self.span();
        e(ExprKind::Loop(b), Ty::Unit, sp)
    }

    pub fn pat_bind(&mut self, l: LocalId) -> Pat {
        let ty = self.locals[l].ty.clone();
        let sp = self.span();
        Pat { kind: PatKind::Binding { local: l, mode: BindingMode::ByValue }, ty, span: sp }
    }

    pub fn pat(&mut self, kind: PatKind, ty: Ty) -> Pat {
        let sp = self.span();
        Pat { kind, ty, span: sp }
    }

    pub fn when(&mut self, scrutinee: Expr, arms: Vec<(Pat, Expr)>, ty: Ty) -> Expr {
        let arms = arms.into_iter().map(|(pattern, body)| Arm { span: body.span, pattern, body }).collect();
        let sp = self.span();
        e(ExprKind::Match { scrutinee: Box::new(scrutinee), arms }, ty, sp)
    }

    pub fn for_range(&mut self, pattern: Pat, start: Expr, end: Expr, inclusive: bool, body: Vec<Stmt>) -> Expr {
        let body = self.raw_block(body);
        let sp = self.span();
        e(
            ExprKind::For {
                pattern,
                iter: ForIter::Range { start: Box::new(start), end: Box::new(end), inclusive },
                body,
            },
            Ty::Unit,
            sp,
        )
    }
}

fn diverges(s: &Stmt) -> bool {
    matches!(s, Stmt::Expr(x) if x.ty.is_never())
}

pub fn s(e: Expr) -> Stmt {
    Stmt::Expr(e)
}

/// The usual fixture: `Tracer { label: Str }` with `Drop`, `tracer(Str) -> Tracer`,
/// `consume(Tracer)`, `look(ref Tracer)`, `flag() -> Bool`.
pub struct Fixture {
    pub prog: Prog,
    pub tracer_ty: Ty,
    pub tracer: FnId,
    pub consume: FnId,
    pub look: FnId,
    pub flag: FnId,
}

pub fn fixture() -> Fixture {
    let mut prog = Prog::new();
    let tracer_adt = prog.strukt("Tracer", &[("label", Ty::Str)], true);
    let tracer_ty = Ty::Adt(tracer_adt, vec![]);
    let t2 = tracer_ty.clone();
    let tracer = prog.func("tracer", &[("label", Ty::Str)], tracer_ty.clone(), |f| {
        let l = f.var(0);
        let v = f.adt(tracer_adt, vec![], 0, vec![l]);
        f.block(vec![], Some(v))
    });
    let consume = prog.func("consume", &[("t", t2.clone())], Ty::Unit, |f| f.unit_block());
    let look = prog.func("look", &[("t", Ty::shared_ref(t2))], Ty::Unit, |f| f.unit_block());
    let flag = prog.func("flag", &[], Ty::Bool, |f| {
        let b = f.bool(true);
        f.block(vec![], Some(b))
    });
    Fixture { prog, tracer_ty, tracer, consume, look, flag }
}

impl Fixture {
    /// `tracer("label")`.
    pub fn mk(&self, f: &mut Fb, label: &str) -> Expr {
        let s = f.str(label);
        f.call(self.tracer, vec![s], self.tracer_ty.clone())
    }

    /// Adds `main` built by `build` and makes it the entry point.
    pub fn main(&mut self, params: &[(&str, Ty)], build: impl FnOnce(&Fixture, &mut Fb) -> Expr) -> FnId {
        let mut prog = std::mem::take(&mut self.prog);
        let id = prog.func("main", params, Ty::Unit, |f| build(self, f));
        prog.p.entry = Some(id);
        self.prog = prog;
        id
    }
}

/// Lowers the whole program, panicking on errors.
pub fn lower_ok(p: &Program) -> ir::Program {
    match crate::mir::lower(p) {
        Ok(m) => m,
        Err(d) => panic!("unexpected errors: {d:#?}"),
    }
}

/// Lowers the whole program, expecting errors.
pub fn lower_err(p: &Program) -> Vec<Diagnostic> {
    match crate::mir::lower(p) {
        Ok(m) => panic!("expected errors, got MIR:\n{}", crate::mir::pretty(&m)),
        Err(d) => d,
    }
}

pub fn body<'a>(m: &'a ir::Program, name: &str) -> &'a ir::Body {
    m.bodies.iter().find(|b| b.name == name).unwrap_or_else(|| panic!("no body {name}"))
}

fn place_text(b: &ir::Body, p: &Place) -> String {
    let mut s = b.locals[p.local].name.clone().unwrap_or_else(|| format!("_{}", p.local));
    for x in &p.projection {
        match x {
            Projection::Field(i) => s = format!("{s}.{i}"),
            Projection::Deref => s = format!("*{s}"),
            Projection::Index(_) => s = format!("{s}[]"),
            Projection::Downcast(v) => s = format!("{s}@{v}"),
        }
    }
    s
}

/// Runs `b` along one path: scalars assigned from constants, copies, drop flags and simple
/// integer operations are tracked (`args` gives initial values); returns the calls
/// (`call NAME("str args")`) and drops (`drop PLACE`) in execution order.
pub fn trace(m: &ir::Program, b: &ir::Body, args: &[(usize, i128)]) -> Vec<String> {
    let mut vals: HashMap<usize, i128> = args.iter().copied().collect();
    let mut out = Vec::new();
    let mut bb = 0;
    let eval = |vals: &HashMap<usize, i128>, o: &Operand| -> Option<i128> {
        match o {
            Operand::Const(ConstValue::Scalar(Const::Int(i)), _) => Some(*i),
            Operand::Const(ConstValue::Scalar(Const::Bool(v)), _) => Some(*v as i128),
            Operand::Copy(p) | Operand::Move(p) if p.projection.is_empty() => vals.get(&p.local).copied(),
            _ => None,
        }
    };
    for _ in 0..100_000 {
        let block = &b.blocks[bb];
        for st in &block.statements {
            match &st.kind {
                StatementKind::SetDropFlag(l, v) => {
                    vals.insert(*l, *v as i128);
                }
                StatementKind::Assign(p, rv) if p.projection.is_empty() => {
                    let v = match rv {
                        Rvalue::Use(o) | Rvalue::Cast(o, _) => eval(&vals, o),
                        Rvalue::BinaryOp(op, x, y) => match (eval(&vals, x), eval(&vals, y)) {
                            (Some(x), Some(y)) => match op {
                                BinOp::Add => Some(x + y),
                                BinOp::Sub => Some(x - y),
                                BinOp::Lt => Some((x < y) as i128),
                                BinOp::Le => Some((x <= y) as i128),
                                BinOp::Eq => Some((x == y) as i128),
                                BinOp::Ge => Some((x >= y) as i128),
                                _ => None,
                            },
                            _ => None,
                        },
                        _ => None,
                    };
                    match v {
                        Some(v) => vals.insert(p.local, v),
                        None => vals.remove(&p.local),
                    };
                }
                _ => {}
            }
        }
        match &block.terminator.kind {
            TerminatorKind::Goto(t) => bb = *t,
            TerminatorKind::SwitchInt { discr, targets, otherwise } => {
                let v = eval(&vals, discr).unwrap_or_else(|| panic!("unknown switch value in bb{bb} of {}", b.name));
                bb = targets.iter().find(|(x, _)| *x == v).map(|(_, t)| *t).unwrap_or(*otherwise);
            }
            TerminatorKind::Call { callee, args, target, dest } => {
                let name = match callee {
                    Callee::Instance(i) => m.bodies[*i].name.clone(),
                    Callee::Intrinsic(op, _) => format!("{op:?}"),
                    _ => "?".into(),
                };
                let shown: Vec<String> = args
                    .iter()
                    .filter_map(|a| match a {
                        Operand::Const(ConstValue::Scalar(Const::Str(s)), _) => Some(format!("{s:?}")),
                        _ => None,
                    })
                    .collect();
                out.push(format!("call {name}({})", shown.join(", ")));
                // Results are unknown; Bool-returning calls (`flag`, `pred`) are taken as true.
                if dest.projection.is_empty() {
                    vals.insert(dest.local, 1);
                }
                match target {
                    Some(t) => bb = *t,
                    None => return out,
                }
            }
            TerminatorKind::Drop { place, target } => {
                out.push(format!("drop {}", place_text(b, place)));
                bb = *target;
            }
            TerminatorKind::Return => return out,
            TerminatorKind::Unreachable => {
                out.push("unreachable".into());
                return out;
            }
        }
    }
    panic!("trace did not terminate");
}

/// Number of `DropFlag` locals of a body.
pub fn flag_count(b: &ir::Body) -> usize {
    b.locals.iter().filter(|l| l.kind == ir::LocalKind::DropFlag).count()
}
