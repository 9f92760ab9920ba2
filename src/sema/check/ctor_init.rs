//! Definite initialisation of a constructor's own fields (LANGUAGE.md §9.2, E0507).
//!
//! A flow-sensitive pass over the checked HIR of a constructor body. The state is, per own
//! field, whether it is assigned on every path (`must`) and on some path (`may`) to the current
//! point (`None`: unreachable). Branches of `if`/`when` are joined; a loop body starts from the
//! entry state with every field it assigns counted as possibly assigned; `break` states flow to
//! the loop's exit.
//!
//! * `this.f = v` on a field that is not yet assigned on every path becomes an initialising
//!   write ([`Intrinsic::PtrWrite`], nothing to drop). If the field may already hold a value
//!   there, that is only allowed for fields that need no drop (nothing to leak), else E0507.
//! * Any other mention of `this` (a read, passing it, a method call, a closure capture) before
//!   all own fields are assigned on every path is E0507, as is a `return` before that point
//!   and the end of the body with a field left unassigned. Only the first such error is
//!   reported.

use super::FnCk;
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{BinOp, Block, Expr, ExprKind, ForIter, Intrinsic, LocalId, Stmt};
use crate::sema::ty::Ty;
use crate::span::Span;

/// Per own field: (assigned on every path, assigned on some path).
type State = Option<(Vec<bool>, Vec<bool>)>;

/// The pass over one constructor body.
pub(super) struct InitFlow {
    this: LocalId,
    /// Indices (in the object ADT) of the class's own fields.
    own: std::ops::Range<usize>,
    /// Per object field: its name and whether it needs no drop.
    fields: Vec<(String, bool)>,
    state: State,
    /// One entry per enclosing loop: the join of its `break` states.
    loops: Vec<State>,
    /// The first error found.
    pub error: Option<Diagnostic>,
}

fn join(a: State, b: State) -> State {
    match (a, b) {
        (None, s) | (s, None) => s,
        (Some((m1, y1)), Some((m2, y2))) => Some((
            m1.iter().zip(&m2).map(|(a, b)| *a && *b).collect(),
            y1.iter().zip(&y2).map(|(a, b)| *a || *b).collect(),
        )),
    }
}

impl InitFlow {
    /// A pass for constructor parameter `this` where the fields flagged in `init` (object
    /// field indices) are already assigned; `fields` gives every object field's name and
    /// whether it needs no drop.
    pub fn new(this: LocalId, own: std::ops::Range<usize>, fields: Vec<(String, bool)>, init: &[bool]) -> Self {
        let init = init.to_vec();
        InitFlow { this, own, fields, state: Some((init.clone(), init)), loops: Vec::new(), error: None }
    }

    fn report(&mut self, d: Diagnostic) {
        if self.error.is_none() {
            self.error = Some(d);
        }
    }

    /// The first own field not assigned on every path (`None` if all are, or unreachable).
    fn missing(&self) -> Option<usize> {
        let (must, _) = self.state.as_ref()?;
        self.own.clone().find(|&i| !must[i])
    }

    /// A mention of `this` at `span`.
    fn use_this(&mut self, span: Span) {
        if let Some(i) = self.missing() {
            let name = self.fields[i].0.clone();
            self.report(
                Diagnostic::error(
                    "E0507",
                    "`this` is used before all fields are initialised",
                    span,
                    "`this` used here",
                )
                .with_help(format!("field `{name}` is not assigned on every path before this use")),
            );
        }
    }

    /// Runs the pass over the body statements, rewriting initialising assignments, and checks
    /// the state at the end of the body (`decl` is the constructor's span).
    pub fn run(&mut self, stmts: &mut [Stmt], decl: Span) {
        for s in stmts.iter_mut() {
            self.stmt(s);
        }
        if let Some(i) = self.missing() {
            let name = self.fields[i].0.clone();
            self.report(Diagnostic::error(
                "E0507",
                format!("constructor leaves field `{name}` uninitialised"),
                decl,
                "field not assigned on every path in this constructor",
            ));
        }
    }

    fn stmt(&mut self, s: &mut Stmt) {
        match s {
            Stmt::Expr(e) => self.expr(e),
            Stmt::Let { init, else_block, .. } => {
                if let Some(e) = init {
                    self.expr(e);
                }
                if let Some(b) = else_block {
                    let after = self.state.clone();
                    self.block(b);
                    self.state = after;
                }
            }
        }
    }

    fn block(&mut self, b: &mut Block) {
        for s in &mut b.stmts {
            self.stmt(s);
        }
        if let Some(t) = &mut b.tail {
            self.expr(t);
        }
    }

    /// The own field `k` if `place` is `this.k`.
    fn this_field(&self, place: &Expr) -> Option<usize> {
        let ExprKind::Field { base, field } = &place.kind else { return None };
        let mut root = &**base;
        while let ExprKind::Deref(inner) = &root.kind {
            root = inner;
        }
        (matches!(root.kind, ExprKind::Local(l) if l == self.this) && self.own.contains(field)).then_some(*field)
    }

    /// Own fields assigned anywhere in `e`.
    fn assigned_in(&self, e: &mut Expr, out: &mut Vec<usize>) {
        if let ExprKind::Assign { place, .. } = &e.kind {
            out.extend(self.this_field(place));
        }
        for_each_child(e, &mut |c| self.assigned_in(c, out));
    }

    /// Enters loop `body`: the fields it assigns may be assigned at its head.
    fn loop_head(&mut self, body: &mut Expr) -> State {
        let mut assigned = Vec::new();
        self.assigned_in(body, &mut assigned);
        if let Some((_, may)) = &mut self.state {
            assigned.iter().for_each(|&i| may[i] = true);
        }
        self.loops.push(None);
        self.state.clone()
    }

    fn expr(&mut self, e: &mut Expr) {
        let span = e.span;
        match &mut e.kind {
            ExprKind::Local(l) if *l == self.this => self.use_this(span),
            ExprKind::Assign { place, value } if self.this_field(place).is_some() => {
                let k = self.this_field(place).expect("checked");
                self.expr(value);
                let Some((must, may)) = &mut self.state else { return };
                if must[k] {
                    return;
                }
                let twice = may[k] && !self.fields[k].1;
                must[k] = true;
                may[k] = true;
                if twice {
                    let name = self.fields[k].0.clone();
                    self.report(Diagnostic::error(
                        "E0507",
                        format!("field `{name}` may already be initialised here"),
                        span,
                        "assigned on some paths only before this",
                    ));
                    return;
                }
                let ExprKind::Assign { place, value } = std::mem::replace(&mut e.kind, ExprKind::Break) else {
                    unreachable!("matched an assignment")
                };
                *e = init_write(*place, *value, span);
            }
            ExprKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                let start = self.state.clone();
                self.expr(then_branch);
                let then_end = std::mem::replace(&mut self.state, start);
                if let Some(b) = else_branch {
                    self.expr(b);
                }
                self.state = join(then_end, self.state.take());
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                let start = self.state.clone();
                let mut end = None;
                for arm in arms {
                    self.state = start.clone();
                    self.expr(&mut arm.body);
                    end = join(end, self.state.take());
                }
                self.state = end;
            }
            ExprKind::Binary { op: BinOp::And | BinOp::Or, lhs, rhs, .. } => {
                self.expr(lhs);
                let skip = self.state.clone();
                self.expr(rhs);
                self.state = join(skip, self.state.take());
            }
            ExprKind::Loop(_) | ExprKind::For { .. } => {
                if let ExprKind::For { iter, .. } = &mut e.kind {
                    match iter {
                        ForIter::Range { start, end, .. } => {
                            self.expr(start);
                            self.expr(end);
                        }
                        ForIter::Array(a) => self.expr(a),
                    }
                }
                let head = self.loop_head(e);
                let (body, may_skip) = match &mut e.kind {
                    ExprKind::Loop(b) => (b, false),
                    ExprKind::For { body, .. } => (body, true),
                    _ => unreachable!("a loop"),
                };
                self.block(body);
                let breaks = self.loops.pop().flatten();
                let skipped = if may_skip { join(head, self.state.take()) } else { None };
                self.state = join(breaks, skipped);
            }
            ExprKind::Break => {
                let s = self.state.take();
                if let Some(l) = self.loops.last_mut() {
                    *l = join(l.take(), s);
                }
            }
            ExprKind::Continue => self.state = None,
            ExprKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
                if let Some(i) = self.missing() {
                    let name = self.fields[i].0.clone();
                    self.report(Diagnostic::error(
                        "E0507",
                        format!("constructor returns before field `{name}` is initialised"),
                        span,
                        "early return",
                    ));
                }
                self.state = None;
            }
            ExprKind::Block(b) => self.block(b),
            _ => for_each_child(e, &mut |c| self.expr(c)),
        }
    }
}

/// `ptr_write(&place, value)`: initialises a field without dropping the old contents.
pub(super) fn init_write(place: Expr, value: Expr, span: Span) -> Expr {
    let pty = Ty::Ptr(Box::new(place.ty.clone()));
    let addr = FnCk::mk(ExprKind::AddrOf(Box::new(place)), pty, span);
    let op = ExprKind::Intrinsic { op: Intrinsic::PtrWrite, ty_args: Vec::new(), args: vec![addr, value], site: span };
    FnCk::mk(op, Ty::Unit, span)
}

/// The statements' expressions and the tail of `b` (`let` initialisers and `else` blocks
/// included), in evaluation order.
fn block_children(b: &mut Block, f: &mut dyn FnMut(&mut Expr)) {
    for s in &mut b.stmts {
        match s {
            Stmt::Expr(x) => f(x),
            Stmt::Let { init, else_block, .. } => {
                if let Some(x) = init {
                    f(x);
                }
                if let Some(b) = else_block {
                    block_children(b, f);
                }
            }
        }
    }
    if let Some(t) = &mut b.tail {
        f(t);
    }
}

/// Calls `f` on the direct subexpressions of `e` in evaluation order.
fn for_each_child(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    match &mut e.kind {
        ExprKind::Lit(_) | ExprKind::Local(_) | ExprKind::Break | ExprKind::Continue | ExprKind::FnRef { .. } => {}
        ExprKind::Field { base: x, .. }
        | ExprKind::Deref(x)
        | ExprKind::Ref { place: x, .. }
        | ExprKind::AddrOf(x)
        | ExprKind::Unary { operand: x, .. }
        | ExprKind::Cast(x)
        | ExprKind::ArrayRepeat(x, _)
        | ExprKind::ToDyn(x)
        | ExprKind::ClassCast(x) => f(x),
        ExprKind::Index { base: a, index: b, .. } | ExprKind::Binary { lhs: a, rhs: b, .. } => {
            f(a);
            f(b);
        }
        ExprKind::Assign { place, value } | ExprKind::CompoundAssign { place, value, .. } => {
            f(value);
            f(place);
        }
        ExprKind::Call { args: xs, .. }
        | ExprKind::Intrinsic { args: xs, .. }
        | ExprKind::Tuple(xs)
        | ExprKind::Array(xs)
        | ExprKind::Closure { captures: xs, .. } => xs.iter_mut().for_each(f),
        ExprKind::Adt { fields, .. } => fields.iter_mut().for_each(|(_, x)| f(x)),
        ExprKind::Block(b) | ExprKind::Loop(b) => block_children(b, f),
        ExprKind::If { cond, then_branch, else_branch } => {
            f(cond);
            f(then_branch);
            if let Some(x) = else_branch {
                f(x);
            }
        }
        ExprKind::Match { scrutinee, arms } => {
            f(scrutinee);
            arms.iter_mut().for_each(|a| f(&mut a.body));
        }
        ExprKind::For { iter, body, .. } => {
            match iter {
                ForIter::Range { start, end, .. } => {
                    f(start);
                    f(end);
                }
                ForIter::Array(a) => f(a),
            }
            block_children(body, f);
        }
        ExprKind::Return(x) => {
            if let Some(x) = x {
                f(x);
            }
        }
    }
}
