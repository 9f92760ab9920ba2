//! Move paths and the forward initialization dataflow shared by move checking and drop
//! elaboration.
//!
//! A *move path* is a local followed by `Field`/`Downcast` projections (places through `Deref`
//! or `Index` are not tracked: moving out of them is rejected while building). Per path the
//! state records whether it may be initialised, may be uninitialised, and which moves may
//! have left it uninitialised — so "initialised", "moved", "maybe moved" and "partially moved"
//! (a descendant uninitialised) are all derivable. States are merged at joins by union.
//! The analysis is a Kildall-style worklist fixpoint, as in rustc's
//! `MaybeInitializedPlaces`/`MaybeUninitializedPlaces` (here fused into one lattice).

use super::build::{successors, Location, UseSpans};
use super::ir::{Body, Callee, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind};
use crate::span::Span;
use std::collections::{BTreeSet, HashMap, VecDeque};

/// Index of a move path.
pub type PathId = usize;

/// One move path: its place and its position in the path tree.
pub struct MovePath {
    pub place: Place,
    /// The path of the place without its last projection (`None` for a local).
    pub parent: Option<PathId>,
    /// Tracked paths one projection longer.
    pub children: Vec<PathId>,
}

/// All move paths of a body: one root per local plus every tracked projection mentioned.
pub struct MovePaths {
    pub paths: Vec<MovePath>,
    by_place: HashMap<Place, PathId>,
}

impl MovePaths {
    fn new(body: &Body) -> MovePaths {
        let mut mp = MovePaths { paths: Vec::new(), by_place: HashMap::new() };
        for l in 0..body.locals.len() {
            mp.intern(&Place::local(l));
        }
        for bb in &body.blocks {
            for s in &bb.statements {
                if let StatementKind::Assign(p, rv) = &s.kind {
                    mp.intern(p);
                    rvalue_places(rv, &mut |q| mp.intern(q));
                }
            }
            match &bb.terminator.kind {
                TerminatorKind::SwitchInt { discr, .. } => operand_places(discr, &mut |q| mp.intern(q)),
                TerminatorKind::Call { callee, args, dest, .. } => {
                    if let Callee::Value(op) = callee {
                        operand_places(op, &mut |q| mp.intern(q));
                    }
                    args.iter().for_each(|a| operand_places(a, &mut |q| mp.intern(q)));
                    mp.intern(dest);
                }
                TerminatorKind::Drop { place, .. } => mp.intern(place),
                _ => {}
            }
        }
        mp
    }

    /// Creates the paths for every tracked prefix of `place`.
    fn intern(&mut self, place: &Place) {
        let mut parent = None;
        for k in 0..=place.projection.len() {
            if k > 0 && matches!(place.projection[k - 1], Projection::Deref | Projection::Index(_)) {
                return;
            }
            let prefix = Place { local: place.local, projection: place.projection[..k].to_vec() };
            let id = match self.by_place.get(&prefix) {
                Some(id) => *id,
                None => {
                    let id = self.paths.len();
                    self.paths.push(MovePath { place: prefix.clone(), parent, children: Vec::new() });
                    if let Some(p) = parent {
                        self.paths[p].children.push(id);
                    }
                    self.by_place.insert(prefix, id);
                    id
                }
            };
            parent = Some(id);
        }
    }

    /// The path of the longest tracked prefix of `place`, and whether it is all of `place`.
    pub fn lookup(&self, place: &Place) -> (PathId, bool) {
        let mut k = place
            .projection
            .iter()
            .position(|p| matches!(p, Projection::Deref | Projection::Index(_)))
            .unwrap_or(place.projection.len());
        loop {
            let prefix = Place { local: place.local, projection: place.projection[..k].to_vec() };
            if let Some(id) = self.by_place.get(&prefix) {
                return (*id, k == place.projection.len());
            }
            k -= 1;
        }
    }

    /// The path of exactly `place`, if tracked.
    pub fn find(&self, place: &Place) -> Option<PathId> {
        self.by_place.get(place).copied()
    }

    /// `id` and all its descendants, preorder.
    pub fn subtree(&self, id: PathId) -> Vec<PathId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.paths[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }

    /// The ancestors of `id` from the root down, then `id`.
    pub fn ancestors_and_self(&self, id: PathId) -> Vec<PathId> {
        let mut v = vec![id];
        while let Some(p) = self.paths[*v.last().expect("nonempty")].parent {
            v.push(p);
        }
        v.reverse();
        v
    }
}

/// A move out of a path, with the span of the moved expression.
pub struct MoveSite {
    pub path: PathId,
    pub span: Span,
}

/// What a statement or terminator does to move paths, in execution order.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Reads, borrows or moves `place` (must be initialised); `spans` are its prefix spans.
    Use { place: Place, spans: Vec<Span> },
    /// The written place of an assignment: its strict ancestors must be initialised.
    Write { place: Place, spans: Vec<Span> },
    /// Moves out of a path (index into [`Analysis::moves`]).
    Move(usize),
    /// Initialises the place's subtree.
    Init(Place),
    /// Makes the place's subtree uninitialised without a move (storage, drop).
    Kill(Place),
}

/// State of one path.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PathState {
    pub maybe_init: bool,
    pub maybe_uninit: bool,
    /// Moves that may have left it uninitialised.
    pub moves: BTreeSet<usize>,
}

/// The state of every path at a program point.
pub type State = Vec<PathState>;

/// The result of the analysis of one body.
pub struct Analysis {
    pub paths: MovePaths,
    pub moves: Vec<MoveSite>,
    /// `effects[bb][i]`: the effects of statement `i` (the terminator at `statements.len()`).
    pub effects: Vec<Vec<Vec<Effect>>>,
    /// Entry state of each block (`None`: unreachable).
    pub entry: Vec<Option<State>>,
}

impl Analysis {
    /// Runs the fixpoint over `body`; `uses` supplies source spans of operands.
    pub fn run(body: &Body, uses: &UseSpans) -> Analysis {
        let paths = MovePaths::new(body);
        let mut moves = Vec::new();
        let mut effects = Vec::new();
        for (b, bb) in body.blocks.iter().enumerate() {
            let mut per = Vec::new();
            for (i, s) in bb.statements.iter().enumerate() {
                per.push(statement_effects(&paths, &mut moves, uses, (b, i), &s.kind, s.span));
            }
            per.push(terminator_effects(
                &paths,
                &mut moves,
                uses,
                (b, bb.statements.len()),
                &bb.terminator.kind,
                bb.terminator.span,
            ));
            effects.push(per);
        }
        let mut a = Analysis { paths, moves, effects, entry: vec![None; body.blocks.len()] };
        let mut start: State =
            vec![PathState { maybe_init: false, maybe_uninit: true, moves: BTreeSet::new() }; a.paths.paths.len()];
        for l in 1..=body.arg_count {
            for p in a.paths.subtree(l) {
                start[p] = PathState { maybe_init: true, maybe_uninit: false, moves: BTreeSet::new() };
            }
        }
        a.entry[0] = Some(start);
        let mut work: VecDeque<usize> = VecDeque::from([0]);
        while let Some(b) = work.pop_front() {
            let mut st = a.entry[b].clone().expect("reachable");
            for e in a.effects[b].iter().flatten() {
                a.apply(&mut st, e);
            }
            for s in successors(&body.blocks[b].terminator.kind) {
                let changed = match &mut a.entry[s] {
                    None => {
                        a.entry[s] = Some(st.clone());
                        true
                    }
                    Some(old) => join(old, &st),
                };
                if changed && !work.contains(&s) {
                    work.push_back(s);
                }
            }
        }
        a
    }

    /// Applies one effect to `st`.
    pub fn apply(&self, st: &mut State, e: &Effect) {
        let set = |st: &mut State, place: &Place, init: bool, mv: Option<usize>| {
            let (id, exact) = self.paths.lookup(place);
            if !exact {
                return;
            }
            for p in self.paths.subtree(id) {
                st[p] = PathState { maybe_init: init, maybe_uninit: !init, moves: mv.into_iter().collect() };
            }
        };
        match e {
            Effect::Use { .. } | Effect::Write { .. } => {}
            Effect::Move(m) => {
                let place = self.paths.paths[self.moves[*m].path].place.clone();
                set(st, &place, false, Some(*m));
            }
            Effect::Init(p) => set(st, p, true, None),
            Effect::Kill(p) => set(st, p, false, None),
        }
    }
}

fn join(old: &mut State, new: &State) -> bool {
    let mut changed = false;
    for (o, n) in old.iter_mut().zip(new) {
        if n.maybe_init && !o.maybe_init {
            o.maybe_init = true;
            changed = true;
        }
        if n.maybe_uninit && !o.maybe_uninit {
            o.maybe_uninit = true;
            changed = true;
        }
        for m in &n.moves {
            changed |= o.moves.insert(*m);
        }
    }
    changed
}

/// The prefix spans of `place` at `loc`. The same place may occur several times at one location
/// (`x.absorb(x)`): the n-th lookup (n = earlier uses of `place` already in `done`) takes the
/// n-th recorded occurrence, so each operand keeps its own span.
fn spans_for(uses: &UseSpans, loc: Location, place: &Place, fallback: Span, done: &[Effect]) -> Vec<Span> {
    let nth = done
        .iter()
        .filter(|e| matches!(e, Effect::Use { place: q, .. } | Effect::Write { place: q, .. } if q == place))
        .count();
    let all: Vec<&Vec<Span>> =
        uses.get(&loc).into_iter().flatten().filter(|(p, _)| p == place).map(|(_, s)| s).collect();
    all.get(nth).or(all.last()).map(|s| (*s).clone()).unwrap_or_else(|| vec![fallback; place.projection.len() + 1])
}

fn operand_effects(
    paths: &MovePaths,
    moves: &mut Vec<MoveSite>,
    uses: &UseSpans,
    loc: Location,
    op: &Operand,
    span: Span,
    out: &mut Vec<Effect>,
) {
    match op {
        Operand::Copy(p) => {
            let spans = spans_for(uses, loc, p, span, out);
            out.push(Effect::Use { place: p.clone(), spans })
        }
        Operand::Move(p) => {
            let spans = spans_for(uses, loc, p, span, out);
            let (id, exact) = paths.lookup(p);
            out.push(Effect::Use { place: p.clone(), spans: spans.clone() });
            if exact {
                let s = *spans.last().unwrap_or(&span);
                moves.push(MoveSite { path: id, span: s });
                out.push(Effect::Move(moves.len() - 1));
            }
        }
        Operand::Const(..) => {}
    }
}

/// Uses of the written place: `*r = …` reads `r`, `a[i] = …` needs `a`.
fn write_effects(uses: &UseSpans, loc: Location, dest: &Place, span: Span, out: &mut Vec<Effect>) {
    match dest.projection.iter().position(|p| matches!(p, Projection::Deref | Projection::Index(_))) {
        Some(k) => {
            let base = Place { local: dest.local, projection: dest.projection[..k].to_vec() };
            let spans = spans_for(uses, loc, &base, span, out);
            out.push(Effect::Use { spans, place: base });
        }
        None => {
            let spans = spans_for(uses, loc, dest, span, out);
            out.push(Effect::Write { place: dest.clone(), spans });
            out.push(Effect::Init(dest.clone()));
        }
    }
}

fn statement_effects(
    paths: &MovePaths,
    moves: &mut Vec<MoveSite>,
    uses: &UseSpans,
    loc: Location,
    kind: &StatementKind,
    span: Span,
) -> Vec<Effect> {
    let mut out = Vec::new();
    match kind {
        StatementKind::Assign(dest, rv) => {
            match rv {
                Rvalue::Use(o)
                | Rvalue::UnaryOp(_, o)
                | Rvalue::Cast(o, _)
                | Rvalue::Repeat(o, _)
                | Rvalue::MakeDyn { operand: o, .. } => operand_effects(paths, moves, uses, loc, o, span, &mut out),
                Rvalue::BinaryOp(_, a, b) => {
                    operand_effects(paths, moves, uses, loc, a, span, &mut out);
                    operand_effects(paths, moves, uses, loc, b, span, &mut out);
                }
                Rvalue::Aggregate(_, ops) => {
                    ops.iter().for_each(|o| operand_effects(paths, moves, uses, loc, o, span, &mut out))
                }
                Rvalue::Ref(_, p) | Rvalue::AddressOf(p) | Rvalue::Discriminant(p) => {
                    let spans = spans_for(uses, loc, p, span, &out);
                    out.push(Effect::Use { place: p.clone(), spans })
                }
            }
            write_effects(uses, loc, dest, span, &mut out);
        }
        StatementKind::StorageLive(l) | StatementKind::StorageDead(l) => out.push(Effect::Kill(Place::local(*l))),
        StatementKind::SetDropFlag(..) => {}
    }
    out
}

fn terminator_effects(
    paths: &MovePaths,
    moves: &mut Vec<MoveSite>,
    uses: &UseSpans,
    loc: Location,
    kind: &TerminatorKind,
    span: Span,
) -> Vec<Effect> {
    let mut out = Vec::new();
    match kind {
        TerminatorKind::SwitchInt { discr, .. } => operand_effects(paths, moves, uses, loc, discr, span, &mut out),
        TerminatorKind::Call { callee, args, dest, .. } => {
            if let Callee::Value(op) = callee {
                operand_effects(paths, moves, uses, loc, op, span, &mut out);
            }
            args.iter().for_each(|a| operand_effects(paths, moves, uses, loc, a, span, &mut out));
            write_effects(uses, loc, dest, span, &mut out);
        }
        TerminatorKind::Drop { place, .. } => out.push(Effect::Kill(place.clone())),
        _ => {}
    }
    out
}

fn operand_places(op: &Operand, f: &mut impl FnMut(&Place)) {
    if let Operand::Copy(p) | Operand::Move(p) = op {
        f(p);
    }
}

fn rvalue_places(rv: &Rvalue, f: &mut impl FnMut(&Place)) {
    match rv {
        Rvalue::Use(o)
        | Rvalue::UnaryOp(_, o)
        | Rvalue::Cast(o, _)
        | Rvalue::Repeat(o, _)
        | Rvalue::MakeDyn { operand: o, .. } => operand_places(o, f),
        Rvalue::BinaryOp(_, a, b) => {
            operand_places(a, f);
            operand_places(b, f);
        }
        Rvalue::Aggregate(_, ops) => ops.iter().for_each(|o| operand_places(o, f)),
        Rvalue::Ref(_, p) | Rvalue::AddressOf(p) | Rvalue::Discriminant(p) => f(p),
    }
}
