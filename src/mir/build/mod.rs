//! HIR → MIR lowering of one function body (DESIGN.md "MIR", MEMORY.md §5.3).
//!
//! The builder keeps a *current block* and a stack of scopes. Every scope lists the locals to
//! drop when it is left (in scheduling order; they are dropped in reverse). Leaving a scope
//! normally, or unwinding through it for `return`/`break`/`continue`, emits one `Drop`
//! terminator per local whose type needs drop (and `StorageDead` for user locals) —
//! regardless of moves: drop elaboration later removes or guards the drops of moved places.
//! Statement temporaries live in a `Temps` scope pushed around each statement, block tail,
//! `when` arm body and `if` condition; `when` scrutinee and `for` iterable temporaries live in
//! a scope around the whole construct.
//!
//! Lowering is rustc-style: [`Builder::expr_into`] evaluates an expression into a place,
//! [`Builder::as_operand`] and [`Builder::as_place`] produce operands and places (creating
//! temporaries for non-place expressions).

mod expr;
mod matching;
mod stmt;

use super::ir::{
    self, BasicBlock, BlockId, Local, LocalDecl, LocalKind, Place, Projection, Statement, StatementKind, Terminator,
    TerminatorKind,
};
use super::tyutil::{display_ty, is_copy, needs_drop, place_ty};
use crate::diagnostics::Diagnostic;
use crate::sema::hir::{self, GenericParamDef};
use crate::sema::ty::FnId;
use crate::sema::ty::Ty;
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// Location of a statement (`index < statements.len()`) or of the terminator
/// (`index == statements.len()`) in a body.
pub type Location = (BlockId, usize);

/// Source spans of the place operands used at each location: for every used place, the span
/// of the expression producing each prefix of it (`spans[k]` covers the prefix with `k`
/// projections). Move checking reports uses and moves at these spans.
pub type UseSpans = HashMap<Location, Vec<(Place, Vec<Span>)>>;

/// A freshly built (generic) body with the side tables move checking needs.
pub struct Built {
    pub body: ir::Body,
    pub uses: UseSpans,
    /// Display names of compiler temporaries that stand for user places (`a[..]` for the
    /// reference temporary of an index expression).
    pub temp_names: HashMap<Local, String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    /// A block, function or arm scope holding user bindings.
    Block,
    /// Statement temporaries.
    Temps,
}

struct Scope {
    kind: ScopeKind,
    /// Locals to drop at exit, in scheduling order, with the span of the drop.
    drops: Vec<(Local, Span)>,
}

struct LoopScope {
    /// Scope depth at loop entry: `break`/`continue` drop every scope above it.
    depth: usize,
    break_bb: BlockId,
    continue_bb: BlockId,
}

/// A lowered place with the spans of the expressions producing its prefixes.
#[derive(Clone)]
pub(crate) struct PlaceInfo {
    place: Place,
    spans: Vec<Span>,
}

/// Builds the MIR of one function.
pub(crate) struct Builder<'a> {
    program: &'a hir::Program,
    generics: &'a [GenericParamDef],
    locals: Vec<LocalDecl>,
    blocks: Vec<BasicBlock>,
    /// Whether `blocks[i]` already has its terminator.
    terminated: Vec<bool>,
    current: BlockId,
    scopes: Vec<Scope>,
    loops: Vec<LoopScope>,
    unit_sink: Option<Local>,
    /// Place uses produced by `as_place` and not yet claimed by a statement or terminator.
    pending_uses: Vec<(Place, Vec<Span>)>,
    uses: UseSpans,
    temp_names: HashMap<Local, String>,
    index_temps: HashSet<Local>,
    diags: Vec<Diagnostic>,
}

/// Lowers function `id` (which must have a body) to generic MIR.
pub fn build_fn(program: &hir::Program, id: FnId) -> Result<Built, Vec<Diagnostic>> {
    let def = &program.fns[id];
    let body = def.body.as_ref().expect("build_fn on a function without body");
    let mut b = Builder {
        program,
        generics: &def.generics,
        locals: Vec::new(),
        blocks: Vec::new(),
        terminated: Vec::new(),
        current: 0,
        scopes: Vec::new(),
        loops: Vec::new(),
        unit_sink: None,
        pending_uses: Vec::new(),
        uses: HashMap::new(),
        temp_names: HashMap::new(),
        index_temps: HashSet::new(),
        diags: Vec::new(),
    };
    b.locals.push(LocalDecl {
        ty: def.ret.clone(),
        kind: LocalKind::ReturnPlace,
        name: None,
        mutable: true,
        span: def.span,
    });
    for (i, l) in body.locals.iter().enumerate() {
        let kind = if i < body.params.len() {
            LocalKind::Arg
        } else if l.name.is_some() {
            LocalKind::User
        } else {
            LocalKind::Temp
        };
        b.locals.push(LocalDecl { ty: l.ty.clone(), kind, name: l.name.clone(), mutable: l.mutable, span: l.span });
    }
    b.current = b.new_block();
    b.push_scope(ScopeKind::Block);
    for p in &body.params {
        b.schedule_drop(Builder::local(*p), def.span.shrink_to_hi());
    }
    b.expr_into(&Place::local(0), &body.value);
    b.pop_scope();
    b.terminate(TerminatorKind::Return, def.span.shrink_to_hi());
    if !b.diags.is_empty() {
        return Err(b.diags);
    }
    let mut body = ir::Body {
        name: def.name.clone(),
        source: id,
        ty_args: Vec::new(),
        locals: b.locals,
        arg_count: body.params.len(),
        blocks: b.blocks,
        span: def.span,
        track_caller: def.track_caller,
    };
    let uses = remove_unreachable(&mut body, b.uses);
    Ok(Built { body, uses, temp_names: b.temp_names })
}

/// Removes blocks unreachable from the entry (code after diverging expressions) and renumbers
/// the rest; returns the use-span table renumbered accordingly.
fn remove_unreachable(body: &mut ir::Body, uses: UseSpans) -> UseSpans {
    let mut reachable = vec![false; body.blocks.len()];
    let mut stack = vec![0];
    while let Some(bb) = stack.pop() {
        if std::mem::replace(&mut reachable[bb], true) {
            continue;
        }
        stack.extend(successors(&body.blocks[bb].terminator.kind));
    }
    let mut map = vec![usize::MAX; body.blocks.len()];
    let mut next = 0;
    for (i, r) in reachable.iter().enumerate() {
        if *r {
            map[i] = next;
            next += 1;
        }
    }
    let blocks = std::mem::take(&mut body.blocks);
    body.blocks = blocks.into_iter().enumerate().filter(|(i, _)| reachable[*i]).map(|(_, b)| b).collect();
    for bb in &mut body.blocks {
        for t in successors_mut(&mut bb.terminator.kind) {
            *t = map[*t];
        }
    }
    uses.into_iter().filter(|((bb, _), _)| reachable[*bb]).map(|((bb, i), v)| ((map[bb], i), v)).collect()
}

/// The successor blocks of a terminator.
pub fn successors(kind: &TerminatorKind) -> Vec<BlockId> {
    match kind {
        TerminatorKind::Goto(t) | TerminatorKind::Drop { target: t, .. } => vec![*t],
        TerminatorKind::SwitchInt { targets, otherwise, .. } => {
            let mut v: Vec<BlockId> = targets.iter().map(|(_, t)| *t).collect();
            v.push(*otherwise);
            v
        }
        TerminatorKind::Call { target, .. } => target.iter().copied().collect(),
        TerminatorKind::Return | TerminatorKind::Unreachable => Vec::new(),
    }
}

/// Mutable references to the successor blocks of a terminator.
pub fn successors_mut(kind: &mut TerminatorKind) -> Vec<&mut BlockId> {
    match kind {
        TerminatorKind::Goto(t) | TerminatorKind::Drop { target: t, .. } => vec![t],
        TerminatorKind::SwitchInt { targets, otherwise, .. } => {
            let mut v: Vec<&mut BlockId> = targets.iter_mut().map(|(_, t)| t).collect();
            v.push(otherwise);
            v
        }
        TerminatorKind::Call { target, .. } => target.iter_mut().collect(),
        TerminatorKind::Return | TerminatorKind::Unreachable => Vec::new(),
    }
}

impl<'a> Builder<'a> {
    /// The MIR local of HIR local `l` (local 0 is the return place).
    fn local(l: hir::LocalId) -> Local {
        l + 1
    }

    fn new_block(&mut self) -> BlockId {
        self.blocks.push(BasicBlock {
            statements: Vec::new(),
            terminator: Terminator { kind: TerminatorKind::Unreachable, span: Span::default() },
        });
        self.terminated.push(false);
        self.blocks.len() - 1
    }

    fn temp(&mut self, ty: Ty, span: Span) -> Local {
        self.locals.push(LocalDecl { ty, kind: LocalKind::Temp, name: None, mutable: true, span });
        self.locals.len() - 1
    }

    fn ty_of(&self, place: &Place) -> Ty {
        place_ty(self.program, &self.locals, place).0
    }

    fn is_copy(&self, ty: &Ty) -> bool {
        is_copy(self.program, ty, self.generics)
    }

    fn needs_drop(&self, ty: &Ty) -> bool {
        needs_drop(self.program, ty)
    }

    fn display(&self, ty: &Ty) -> String {
        display_ty(self.program, ty, self.generics)
    }

    /// The places read or written by a statement or terminator, for claiming pending uses.
    fn claim_uses(&mut self, places: Vec<Place>) {
        let loc = (self.current, self.blocks[self.current].statements.len());
        for (n, p) in places.iter().enumerate() {
            // A place used k times by one statement (`x.absorb(x)`) claims the k most recent
            // pending uses of it, oldest first, so each occurrence keeps its own span.
            let k = places[n..].iter().filter(|q| *q == p).count();
            let matching: Vec<usize> =
                self.pending_uses.iter().enumerate().filter(|(_, (q, _))| q == p).map(|(i, _)| i).collect();
            if let Some(&i) = matching.len().checked_sub(k).and_then(|start| matching.get(start)).or(matching.first()) {
                let u = self.pending_uses.remove(i);
                self.uses.entry(loc).or_default().push(u);
            }
        }
    }

    fn push_stmt(&mut self, kind: StatementKind, span: Span) {
        let places = match &kind {
            StatementKind::Assign(_, rv) => rvalue_places(rv),
            _ => Vec::new(),
        };
        self.claim_uses(places);
        self.blocks[self.current].statements.push(Statement { kind, span });
    }

    fn assign(&mut self, place: Place, rv: ir::Rvalue, span: Span) {
        self.push_stmt(StatementKind::Assign(place, rv), span);
    }

    /// Ends the current block with `kind`. The builder continues in a fresh block that has no
    /// predecessor until someone jumps to it (removed at the end if it stays unreachable).
    fn terminate(&mut self, kind: TerminatorKind, span: Span) {
        let mut places = Vec::new();
        match &kind {
            TerminatorKind::SwitchInt { discr, .. } => places.extend(operand_place(discr)),
            TerminatorKind::Call { callee, args, .. } => {
                if let ir::Callee::Value(op) = callee {
                    places.extend(operand_place(op));
                }
                places.extend(args.iter().filter_map(operand_place));
            }
            _ => {}
        }
        self.claim_uses(places);
        if !self.terminated[self.current] {
            self.blocks[self.current].terminator = Terminator { kind, span };
            self.terminated[self.current] = true;
        }
    }

    /// Terminates the current block with `kind` and continues in `next`.
    fn terminate_into(&mut self, kind: TerminatorKind, span: Span, next: BlockId) {
        self.terminate(kind, span);
        self.current = next;
    }

    fn goto(&mut self, target: BlockId, span: Span) {
        self.terminate(TerminatorKind::Goto(target), span);
    }

    /// After a diverging terminator: continue in a fresh (unreachable) block.
    fn diverge(&mut self) {
        self.current = self.new_block();
    }

    fn push_scope(&mut self, kind: ScopeKind) {
        self.scopes.push(Scope { kind, drops: Vec::new() });
    }

    /// Schedules `local` to be dropped (if its type needs drop) and its storage ended (if it is a
    /// user local) when the innermost scope is left.
    fn schedule_drop(&mut self, local: Local, span: Span) {
        let top = self.scopes.len() - 1;
        self.schedule_drop_in(top, local, span);
    }

    /// Schedules `local` in the innermost `Block` scope (for bindings declared while a
    /// statement's temporary scope is open).
    fn schedule_binding_drop(&mut self, local: Local, span: Span) {
        let idx = self.scopes.iter().rposition(|s| s.kind == ScopeKind::Block).unwrap_or(0);
        self.schedule_drop_in(idx, local, span);
    }

    fn schedule_drop_in(&mut self, scope: usize, local: Local, span: Span) {
        self.scopes[scope].drops.push((local, span));
    }

    /// Emits the drops (and `StorageDead`s) of scope `idx` without popping it.
    fn emit_scope_drops(&mut self, idx: usize) {
        let drops: Vec<(Local, Span)> = self.scopes[idx].drops.iter().rev().cloned().collect();
        for (local, span) in drops {
            if self.needs_drop(&self.locals[local].ty.clone()) {
                let next = self.new_block();
                self.terminate_into(TerminatorKind::Drop { place: Place::local(local), target: next }, span, next);
            }
            if self.locals[local].kind == LocalKind::User {
                self.push_stmt(StatementKind::StorageDead(local), span);
            }
        }
    }

    /// Leaves the innermost scope, dropping its locals.
    fn pop_scope(&mut self) {
        let idx = self.scopes.len() - 1;
        self.emit_scope_drops(idx);
        self.scopes.pop();
    }

    /// Emits the drops of every scope above `depth`, innermost first (for early exits).
    fn unwind_to(&mut self, depth: usize) {
        for idx in (depth..self.scopes.len()).rev() {
            self.emit_scope_drops(idx);
        }
    }

    /// The shared `Unit` destination for values that are discarded.
    fn unit_sink(&mut self, span: Span) -> Place {
        let l = match self.unit_sink {
            Some(l) => l,
            None => {
                let l = self.temp(Ty::Unit, span);
                self.unit_sink = Some(l);
                l
            }
        };
        Place::local(l)
    }

    fn is_unit_sink(&self, place: &Place) -> bool {
        place.projection.is_empty() && Some(place.local) == self.unit_sink
    }

    /// The name of a place as the user wrote it (`t`, `rec.name`, `*r`).
    fn place_name(&self, place: &Place) -> String {
        place_display_name(self.program, &self.locals, &self.temp_names, place)
    }

    /// Reports moves out of borrowed or indexed places (E0303) and out of fields of types with
    /// `Drop` or of class objects (E0305) when `place` is moved; `span` is the moved expression.
    fn check_move_out(&mut self, place: &Place, span: Span) {
        for k in 0..place.projection.len() {
            let prefix = Place { local: place.local, projection: place.projection[..k].to_vec() };
            match &place.projection[k] {
                Projection::Deref if matches!(self.ty_of(&prefix), Ty::Class(_)) => {
                    let d = Diagnostic::error(
                        "E0305",
                        format!("cannot move out of `{}`, a field of a class object", self.place_name(place)),
                        span,
                        "cannot move out of here",
                    )
                    .with_help("borrow it with `ref`, or pass `.duplicate()`");
                    self.diags.push(d);
                    return;
                }
                Projection::Deref | Projection::Index(_) => {
                    let indexed = matches!(place.projection[k], Projection::Index(_))
                        || (k == 0 && self.index_temps.contains(&place.local));
                    let name = self.place_name(place);
                    let note = if indexed {
                        format!("`{name}` is an element of an indexed collection; it cannot be moved out")
                    } else {
                        format!("`{name}` is behind a reference; it cannot be moved out")
                    };
                    let d =
                        Diagnostic::error("E0303", format!("cannot move out of `{name}`"), span, "move occurs here")
                            .with_note(note)
                            .with_help("borrow it with `ref`, or pass `.duplicate()`");
                    self.diags.push(d);
                    return;
                }
                Projection::Field(_) => {
                    let base = self.ty_of(&prefix);
                    if let Ty::Adt(id, _) = &base {
                        if self.program.adts[*id].drop_fn.is_some() {
                            let t = self.display(&base);
                            let d = Diagnostic::error(
                                "E0305",
                                format!("cannot move out of type `{t}`, which implements `Drop`"),
                                span,
                                "cannot move out of here",
                            );
                            self.diags.push(d);
                            return;
                        }
                    }
                }
                Projection::Downcast(_) => {}
            }
        }
    }
}

/// Renders a place with source names: `t`, `rec.name`, `*r`, `pair.0`.
pub fn place_display_name(
    program: &hir::Program,
    locals: &[LocalDecl],
    temp_names: &HashMap<Local, String>,
    place: &Place,
) -> String {
    let mut s = match (&locals[place.local].name, temp_names.get(&place.local)) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => format!("_{}", place.local),
    };
    let mut cur = Place::local(place.local);
    let mut variant = None;
    for p in &place.projection {
        match p {
            Projection::Field(i) => {
                let (ty, _) = place_ty(program, locals, &cur);
                let name = match &ty {
                    Ty::Adt(id, _) => match &program.adts[*id].kind {
                        hir::AdtKind::Struct(fs) => fs.get(*i).map(|f| f.name.clone()),
                        hir::AdtKind::Enum(vs) => vs[variant.unwrap_or(0)].fields.get(*i).map(|f| f.name.clone()),
                    },
                    _ => None,
                };
                s = format!("{s}.{}", name.unwrap_or_else(|| i.to_string()));
                variant = None;
            }
            Projection::Deref => {
                if !(cur.projection.is_empty() && temp_names.contains_key(&place.local)) {
                    s = format!("*{s}");
                }
            }
            Projection::Index(_) => s = format!("{s}[..]"),
            Projection::Downcast(v) => variant = Some(*v),
        }
        cur = cur.project(p.clone());
    }
    s
}

fn operand_place(op: &ir::Operand) -> Option<Place> {
    match op {
        ir::Operand::Copy(p) | ir::Operand::Move(p) => Some(p.clone()),
        ir::Operand::Const(..) => None,
    }
}

fn rvalue_places(rv: &ir::Rvalue) -> Vec<Place> {
    use ir::Rvalue::*;
    match rv {
        Use(o) | UnaryOp(_, o) | Cast(o, _) | Repeat(o, _) | MakeDyn { operand: o, .. } => {
            operand_place(o).into_iter().collect()
        }
        BinaryOp(_, a, b) => operand_place(a).into_iter().chain(operand_place(b)).collect(),
        Aggregate(_, ops) => ops.iter().filter_map(operand_place).collect(),
        Ref(_, p) | AddressOf(p) | Discriminant(p) => vec![p.clone()],
    }
}
