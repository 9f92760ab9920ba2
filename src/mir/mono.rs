//! Monomorphization: instantiates the generic (elaborated) bodies reachable from the entry
//! point and the test wrappers.
//!
//! Instances are keyed by `(FnId, type arguments)` and processed from a worklist. Each copy
//! has its types substituted (`Ty::subst`), `Callee::Fn`/`Callee::Behavior` (also inside
//! function-value constants) rewritten to `Callee::Instance` — behavior calls resolved by
//! structurally matching the substituted `self_ty` against each `ImplDef::self_ty` — and the
//! `Drop`s of types that turned out not to need drop replaced by `Goto`. Every concrete ADT
//! type reachable from a dropped type (or from the type argument of a `DropGlue`/`DropInPlace`
//! intrinsic) whose definition has a `drop_fn` gets that method instantiated and recorded in
//! `Program::drop_fns`.

use super::ir::{
    AggregateKind, Body, Callee, ConstValue, InstanceId, Operand, Program, Rvalue, StatementKind, TerminatorKind,
    VTable,
};
use super::tyutil::{adt_field_tys, display_ty, needs_drop, place_ty};
use crate::diagnostics::Diagnostic;
use crate::sema::hir;
use crate::sema::ty::FnId;
use crate::sema::ty::Ty;
use crate::span::Span;
use std::collections::{HashMap, HashSet, VecDeque};

/// Instantiates everything reachable from `program.entry` and the test wrappers; `generic[f]`
/// is the elaborated body of function `f` (if it has one).
pub fn monomorphize(program: &hir::Program, generic: &[Option<Body>]) -> Result<Program, Vec<Diagnostic>> {
    let mut m = Mono {
        program,
        generic,
        map: HashMap::new(),
        keys: Vec::new(),
        bodies: Vec::new(),
        queue: VecDeque::new(),
        drop_fns: Vec::new(),
        drop_seen: HashSet::new(),
        vtables: Vec::new(),
        class_vtables: Vec::new(),
        tested: HashSet::new(),
        diags: Vec::new(),
    };
    let entry = program.entry.map(|f| m.instance(f, Vec::new()));
    let tests = program.tests.iter().map(|t| (t.name.clone(), m.instance(t.wrapper, Vec::new()))).collect();
    while let Some(i) = m.queue.pop_front() {
        let body = m.instantiate(i);
        m.bodies[i] = Some(body);
    }
    if !m.diags.is_empty() {
        return Err(m.diags);
    }
    m.dyn_implements();
    let bodies = m.bodies.into_iter().map(|b| b.expect("every queued instance is built")).collect();
    let behaviors = program.behaviors.iter().map(|b| b.name.clone()).collect();
    Ok(Program {
        bodies,
        adts: program.adts.clone(),
        drop_fns: m.drop_fns,
        entry,
        tests,
        vtables: m.vtables,
        behaviors,
        classes: program.classes.clone(),
        statics: program.statics.clone(),
        class_vtables: m.class_vtables,
    })
}

struct Mono<'a> {
    program: &'a hir::Program,
    generic: &'a [Option<Body>],
    map: HashMap<(FnId, Vec<Ty>), InstanceId>,
    keys: Vec<(FnId, Vec<Ty>)>,
    bodies: Vec<Option<Body>>,
    queue: VecDeque<InstanceId>,
    drop_fns: Vec<(Ty, InstanceId)>,
    drop_seen: HashSet<Ty>,
    vtables: Vec<VTable>,
    class_vtables: Vec<super::ir::ClassVTable>,
    /// Behaviors `B` of `is dyn B` tests.
    tested: HashSet<usize>,
    diags: Vec<Diagnostic>,
}

impl Mono<'_> {
    fn instance(&mut self, f: FnId, args: Vec<Ty>) -> InstanceId {
        if let Some(i) = self.map.get(&(f, args.clone())) {
            return *i;
        }
        let i = self.keys.len();
        self.keys.push((f, args.clone()));
        self.map.insert((f, args), i);
        self.bodies.push(None);
        self.queue.push_back(i);
        i
    }

    fn instantiate(&mut self, i: InstanceId) -> Body {
        let (f, args) = self.keys[i].clone();
        let def = &self.program.fns[f];
        let Some(generic) = self.generic.get(f).and_then(|b| b.as_ref()) else {
            self.diags.push(Diagnostic::error(
                "E0213",
                format!("`{}` has no body to instantiate", def.name),
                def.span,
                "called here",
            ));
            return empty_body(def, f);
        };
        let mut body = generic.clone();
        body.ty_args = args.clone();
        if !args.is_empty() {
            let shown: Vec<String> = args.iter().map(|t| display_ty(self.program, t, &[])).collect();
            body.name = format!("{}[{}]", def.name, shown.join(", "));
        }
        for l in &mut body.locals {
            l.ty = l.ty.subst(&args);
        }
        for bb in &mut body.blocks {
            for s in &mut bb.statements {
                if let StatementKind::Assign(_, rv) = &mut s.kind {
                    self.rvalue(rv, &args, s.span);
                }
            }
            let span = bb.terminator.span;
            match &mut bb.terminator.kind {
                TerminatorKind::SwitchInt { discr, .. } => self.operand(discr, &args, span),
                TerminatorKind::Call { callee, args: call_args, .. } => {
                    for a in call_args.iter_mut() {
                        self.operand(a, &args, span);
                    }
                    *callee = self.callee(callee, &args, span);
                }
                _ => {}
            }
        }
        for b in 0..body.blocks.len() {
            if let TerminatorKind::Drop { place, target } = &body.blocks[b].terminator.kind {
                let ty = place_ty(self.program, &body.locals, place).0;
                if needs_drop(self.program, &ty) {
                    self.visit_dropped(&ty);
                } else {
                    body.blocks[b].terminator.kind = TerminatorKind::Goto(*target);
                }
            }
        }
        super::simplify::simplify(&mut body);
        body
    }

    fn rvalue(&mut self, rv: &mut Rvalue, args: &[Ty], span: Span) {
        match rv {
            Rvalue::Use(o) | Rvalue::UnaryOp(_, o) | Rvalue::Repeat(o, _) => self.operand(o, args, span),
            Rvalue::Cast(o, t) => {
                self.operand(o, args, span);
                *t = t.subst(args);
            }
            Rvalue::BinaryOp(_, a, b) => {
                self.operand(a, args, span);
                self.operand(b, args, span);
            }
            Rvalue::MakeDyn { operand, self_ty, behavior } => {
                let self_ty = self_ty.subst(args);
                self.operand(operand, args, span);
                let vtable = self.vtable(*behavior, self_ty, span);
                *rv = Rvalue::Aggregate(AggregateKind::Dyn(vtable), vec![operand.clone()]);
            }
            Rvalue::Aggregate(kind, ops) => {
                match kind {
                    AggregateKind::Tuple | AggregateKind::Dyn(_) => {}
                    AggregateKind::Closure(code) => {
                        // The environment's captures are dropped by glue that codegen emits
                        // for the captures tuple: its user `drop` methods must be instantiated.
                        if let Callee::Fn { id, ty_args } = code {
                            let inst_args: Vec<Ty> = ty_args.iter().map(|t| t.subst(args)).collect();
                            if let Some(env) = &self.program.fns[*id].closure_env {
                                self.visit_dropped(&env.subst(&inst_args));
                            }
                        }
                        *code = self.callee(code, args, span)
                    }
                    AggregateKind::Array(t) => *t = t.subst(args),
                    AggregateKind::Adt(_, _, tys) => tys.iter_mut().for_each(|t| *t = t.subst(args)),
                }
                ops.iter_mut().for_each(|o| self.operand(o, args, span));
            }
            Rvalue::Ref(..) | Rvalue::AddressOf(_) | Rvalue::Discriminant(_) => {}
        }
    }

    fn operand(&mut self, op: &mut Operand, args: &[Ty], span: Span) {
        if let Operand::Const(c, ty) = op {
            *ty = ty.subst(args);
            if let ConstValue::Fn(callee) = c {
                *callee = self.callee(callee, args, span);
            }
        }
    }

    /// Rewrites a generic callee to a monomorphic one.
    fn callee(&mut self, callee: &mut Callee, args: &[Ty], span: Span) -> Callee {
        match callee {
            Callee::Fn { id, ty_args } => {
                let ty_args = ty_args.iter().map(|t| t.subst(args)).collect();
                Callee::Instance(self.instance(*id, ty_args))
            }
            Callee::Behavior { behavior, method, self_ty, ty_args } => {
                let self_ty = self_ty.subst(args);
                let extra: Vec<Ty> = ty_args.iter().map(|t| t.subst(args)).collect();
                match self.resolve(*behavior, &self_ty, args) {
                    Some((imp, mut impl_args)) => {
                        impl_args.extend(extra);
                        let f = self.program.impls[imp].methods[*method];
                        Callee::Instance(self.instance(f, impl_args))
                    }
                    None => {
                        let b = &self.program.behaviors[*behavior].name;
                        let t = display_ty(self.program, &self_ty, &[]);
                        self.diags.push(Diagnostic::error(
                            "E0203",
                            format!("behavior `{b}` is not implemented for `{t}`"),
                            span,
                            "required by this call",
                        ));
                        Callee::Intrinsic(hir::Intrinsic::Panic, Vec::new())
                    }
                }
            }
            Callee::Intrinsic(op, tys) => {
                let tys: Vec<Ty> = tys.iter().map(|t| t.subst(args)).collect();
                if matches!(op, hir::Intrinsic::DropGlue | hir::Intrinsic::DropInPlace) {
                    tys.iter().for_each(|t| self.visit_dropped(t));
                }
                match (*op, tys.first()) {
                    (hir::Intrinsic::ClassNew, Some(Ty::Class(c))) => self.class_vtable(*c),
                    (hir::Intrinsic::ClassIs, Some(Ty::Dyn(b, _))) => _ = self.tested.insert(*b),
                    _ => {}
                }
                Callee::Intrinsic(*op, tys)
            }
            Callee::Value(op) => {
                self.operand(op, args, span);
                Callee::Value(op.clone())
            }
            Callee::Instance(i) => Callee::Instance(*i),
            Callee::Extern(s) => Callee::Extern(s.clone()),
            Callee::Dyn { behavior, method } => Callee::Dyn { behavior: *behavior, method: *method },
            Callee::Virtual { slot } => Callee::Virtual { slot: *slot },
        }
    }

    /// The index of the vtable of concrete `self_ty` as `dyn behavior`, instantiating the impl's
    /// methods and the type's drop glue on first use.
    fn vtable(&mut self, behavior: usize, self_ty: Ty, span: Span) -> usize {
        if let Some(i) = self.vtables.iter().position(|v| v.behavior == behavior && v.self_ty == self_ty) {
            return i;
        }
        self.visit_dropped(&self_ty);
        let methods = match self.resolve(behavior, &self_ty, &[]) {
            Some((imp, impl_args)) => {
                let fns = self.program.impls[imp].methods.clone();
                fns.into_iter().map(|f| self.instance(f, impl_args.clone())).collect()
            }
            None => {
                let b = &self.program.behaviors[behavior].name;
                let t = display_ty(self.program, &self_ty, &[]);
                self.diags.push(Diagnostic::error(
                    "E0203",
                    format!("behavior `{b}` is not implemented for `{t}`"),
                    span,
                    "required by this coercion to `dyn`",
                ));
                Vec::new()
            }
        };
        self.vtables.push(VTable { self_ty, behavior, methods, implements: Vec::new() });
        self.vtables.len() - 1
    }

    /// Fills [`VTable::implements`] of the vtables of non-class types with the tested behaviors
    /// their types implement.
    fn dyn_implements(&mut self) {
        let mut tested: Vec<usize> = self.tested.iter().copied().collect();
        tested.sort_unstable();
        for k in 0..self.vtables.len() {
            if matches!(self.vtables[k].self_ty, Ty::Class(_)) {
                continue;
            }
            let ty = self.vtables[k].self_ty.clone();
            let found = tested.iter().copied().filter(|&b| self.resolve(b, &ty, &[]).is_some()).collect();
            self.vtables[k].implements = found;
        }
    }

    /// Instantiates the vtable of class `c` (virtual methods, the destructors of every level and
    /// the drop methods its fields need) on its first construction.
    fn class_vtable(&mut self, c: crate::sema::ty::AdtId) {
        if self.class_vtables.iter().any(|v| v.class == c) {
            return;
        }
        let Some(class) = self.program.classes.get(&c) else { return };
        let slots: Vec<Option<FnId>> = class.vslots.iter().map(|s| s.1).collect();
        let methods = slots.into_iter().map(|f| f.map(|f| self.instance(f, Vec::new()))).collect();
        let mut levels = Vec::new();
        let mut level = Some(c);
        while let Some(l) = level {
            let Some(def) = self.program.classes.get(&l) else { break };
            let (drop_fn, own, parent) = (def.drop_fn, def.own_fields.clone(), def.parent);
            levels.push((l, drop_fn.map(|f| self.instance(f, Vec::new()))));
            for t in adt_field_tys(self.program, l, &[]).into_iter().skip(own.start).take(own.len()) {
                self.visit_dropped(&t);
            }
            level = parent;
        }
        self.class_vtables.push(super::ir::ClassVTable { class: c, methods, levels });
    }

    /// The impl of `behavior` for the concrete `ty` and the impl's type arguments. Impls whose
    /// `self_ty` is not a bare parameter are preferred over blanket impls. For an instance of a
    /// generic behavior (`hir::Program::behavior_instances`), its arguments are instantiated
    /// with `cur` (the type arguments of the calling instance) and matched against the
    /// arguments of the impls of instances of the same generic behavior.
    fn resolve(&self, behavior: usize, ty: &Ty, cur: &[Ty]) -> Option<(usize, Vec<Ty>)> {
        let instances = &self.program.behavior_instances;
        let wanted =
            instances.get(&behavior).map(|(base, a)| (*base, a.iter().map(|t| t.subst(cur)).collect::<Vec<_>>()));
        let mut found = None;
        for (i, imp) in self.program.impls.iter().enumerate() {
            let pats = match (&wanted, instances.get(&imp.behavior)) {
                (None, _) if imp.behavior == behavior => &[][..],
                (Some((base, want)), Some((ib, pats))) if ib == base && pats.len() == want.len() => &pats[..],
                _ => continue,
            };
            let mut binds = vec![None; imp.generics.len()];
            let args_match = match &wanted {
                Some((_, want)) => pats.iter().zip(want).all(|(p, w)| match_ty(p, w, &mut binds)),
                None => true,
            };
            if args_match && match_ty(&imp.self_ty, ty, &mut binds) {
                let args: Vec<Ty> = binds.into_iter().map(|b| b.unwrap_or(Ty::Unit)).collect();
                if !matches!(imp.self_ty, Ty::Param(_)) {
                    return Some((i, args));
                }
                found.get_or_insert((i, args));
            }
        }
        found
    }

    /// Records the drop methods needed to drop a value of the concrete type `ty`.
    fn visit_dropped(&mut self, ty: &Ty) {
        if !needs_drop(self.program, ty) || !self.drop_seen.insert(ty.clone()) {
            return;
        }
        match ty {
            Ty::Adt(id, args) => {
                if let Some(f) = self.program.adts[*id].drop_fn {
                    let impl_args = self.drop_impl_args(f, ty).unwrap_or_else(|| args.clone());
                    let inst = self.instance(f, impl_args);
                    self.drop_fns.push((ty.clone(), inst));
                }
                for t in adt_field_tys(self.program, *id, args) {
                    self.visit_dropped(&t);
                }
            }
            Ty::Tuple(ts) => ts.iter().for_each(|t| self.visit_dropped(t)),
            Ty::Array(t, _) => self.visit_dropped(t),
            _ => {}
        }
    }

    /// Type arguments of the `Drop` impl containing method `f`, matched against `ty`.
    fn drop_impl_args(&self, f: FnId, ty: &Ty) -> Option<Vec<Ty>> {
        let imp = self.program.impls.iter().find(|i| i.methods.contains(&f))?;
        let mut binds = vec![None; imp.generics.len()];
        match_ty(&imp.self_ty, ty, &mut binds).then(|| binds.into_iter().map(|b| b.unwrap_or(Ty::Unit)).collect())
    }
}

/// Structural matching of a pattern type (mentioning `binds.len()` impl parameters) against a
/// concrete type.
fn match_ty(pat: &Ty, ty: &Ty, binds: &mut Vec<Option<Ty>>) -> bool {
    let n = binds.len();
    pat.match_pattern(ty, binds) && binds.len() == n
}

fn empty_body(def: &hir::FnDef, f: FnId) -> Body {
    Body {
        name: def.name.clone(),
        source: f,
        ty_args: Vec::new(),
        locals: Vec::new(),
        arg_count: 0,
        blocks: Vec::new(),
        span: def.span,
        track_caller: def.track_caller,
    }
}
