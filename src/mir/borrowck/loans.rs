//! Loans (one per `Rvalue::Ref` statement), the places they cover, and the small bit set the
//! dataflow analyses use.

use crate::mir::build::Location;
use crate::mir::ir::{Body, Local, LocalKind, Operand, Place, Projection, Rvalue, StatementKind, TerminatorKind};
use crate::sema::hir;
use crate::sema::ty::{Mutability, Ty};
use crate::span::Span;
use std::collections::HashMap;

/// Index of a loan in [`Loans::loans`].
pub type LoanId = usize;

/// A fixed-capacity set of small integers (loans or locals).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// An empty set for elements `0..n`.
    pub fn new(n: usize) -> BitSet {
        BitSet { words: vec![0; n.div_ceil(64)] }
    }

    /// Adds `i`.
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Removes `i`.
    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }

    /// Whether `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Removes every element.
    pub fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
    }

    /// Whether the set has no element.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Adds every element of `other`; returns whether `self` changed.
    pub fn union_with(&mut self, other: &BitSet) -> bool {
        let mut changed = false;
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            let n = *a | *b;
            changed |= n != *a;
            *a = n;
        }
        changed
    }

    /// Keeps only the elements also in `other`.
    pub fn intersect_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    /// The elements in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(w, bits)| (0..64).filter(move |b| bits & (1 << b) != 0).map(move |b| w * 64 + b))
    }
}

/// Whether values of `ty` are *ref-like*: they hold a loan and must not outlive it. These are
/// the references and the RefCell guards `Borrowed[T]`/`BorrowedMut[T]` (MEMORY.md §9,
/// `hir::Program::guards`) — every other part of the checker asks only this.
pub fn is_ref_like(program: &hir::Program, ty: &Ty) -> bool {
    match ty {
        Ty::Ref(..) => true,
        Ty::Adt(id, _) => program.guards.contains(id),
        _ => false,
    }
}

/// Whether values of `ty` may carry loans: ref-like types and aggregates containing them
/// (tuple temporaries built while lowering, before E0407 rules them out for variables).
pub fn carries_loans(program: &hir::Program, ty: &Ty) -> bool {
    is_ref_like(program, ty)
        || match ty {
            Ty::Tuple(ts) => ts.iter().any(|t| carries_loans(program, t)),
            Ty::Array(t, _) => carries_loans(program, t),
            Ty::Adt(_, args) => args.iter().any(|t| carries_loans(program, t)),
            _ => false,
        }
}

/// One loan: `ref place` or `mut ref place` evaluated at `loc` into the local `dest`.
#[derive(Clone, Debug)]
pub struct Loan {
    pub kind: Mutability,
    pub place: Place,
    pub loc: Location,
    /// Where the borrow is shown (`immutable borrow occurs here`).
    pub span: Span,
    /// The borrowed place expression (for a receiver: the receiver expression).
    pub place_span: Span,
    /// The local the reference is stored in.
    pub dest: Local,
    /// For a two-phase borrow (a `mut this` receiver): the call that activates it. Until then
    /// the loan is only *reserved* and acts as a shared loan (MEMORY.md §6.3).
    pub activation: Option<Location>,
}

/// All loans of a body.
pub struct Loans {
    pub loans: Vec<Loan>,
    pub by_loc: HashMap<Location, LoanId>,
    /// For each local `x`: the loans of places rooted at `x` (`x`, `x.f`, `(*x).f`, …).
    pub on_local: Vec<Vec<LoanId>>,
}

impl Loans {
    /// Collects the loans of `body`; `span_of` gives the display span of a borrow statement
    /// and the span of its borrowed place.
    pub fn collect(body: &Body, span_of: impl Fn(Location, &Place, Span) -> (Span, Span)) -> Loans {
        let activations = two_phase_activations(body);
        let mut loans =
            Loans { loans: Vec::new(), by_loc: HashMap::new(), on_local: vec![Vec::new(); body.locals.len()] };
        for (b, bb) in body.blocks.iter().enumerate() {
            for (i, s) in bb.statements.iter().enumerate() {
                let StatementKind::Assign(dest, Rvalue::Ref(kind, place)) = &s.kind else { continue };
                let activation = match (kind, dest.projection.is_empty()) {
                    (Mutability::Mut, true) => activations.get(&dest.local).copied(),
                    _ => None,
                };
                let id = loans.loans.len();
                let (span, place_span) = span_of((b, i), place, s.span);
                loans.loans.push(Loan {
                    kind: *kind,
                    place: place.clone(),
                    loc: (b, i),
                    span,
                    place_span,
                    dest: dest.local,
                    activation,
                });
                loans.by_loc.insert((b, i), id);
                loans.on_local[place.local].push(id);
            }
        }
        loans
    }

    /// Number of loans.
    pub fn len(&self) -> usize {
        self.loans.len()
    }
}

/// Temporaries that hold a mutable borrow and are used exactly once, moved as the first
/// argument (the receiver position) of a call: the call activates the two-phase borrow. A free
/// function's first `mut ref` argument is treated like a receiver.
fn two_phase_activations(body: &Body) -> HashMap<Local, Location> {
    let mut uses: HashMap<Local, usize> = HashMap::new();
    let mut count = |p: &Place| *uses.entry(p.local).or_default() += 1;
    let mut first_arg = HashMap::new();
    for (b, bb) in body.blocks.iter().enumerate() {
        for s in &bb.statements {
            if let StatementKind::Assign(dest, rv) = &s.kind {
                if !dest.projection.is_empty() {
                    count(dest);
                }
                rvalue_operand_places(rv).into_iter().for_each(&mut count);
            }
        }
        match &bb.terminator.kind {
            TerminatorKind::Call { args, callee, dest, .. } => {
                if let crate::mir::ir::Callee::Value(op) = callee {
                    operand_place(op).into_iter().for_each(&mut count);
                }
                args.iter().filter_map(operand_place).for_each(&mut count);
                if !dest.projection.is_empty() {
                    count(dest);
                }
                if let Some(Operand::Move(p)) = args.first() {
                    if p.projection.is_empty() {
                        first_arg.insert(p.local, (b, bb.statements.len()));
                    }
                }
            }
            TerminatorKind::SwitchInt { discr, .. } => operand_place(discr).into_iter().for_each(&mut count),
            TerminatorKind::Drop { place, .. } => count(place),
            _ => {}
        }
    }
    first_arg.into_iter().filter(|(l, _)| body.locals[*l].kind == LocalKind::Temp && uses.get(l) == Some(&1)).collect()
}

/// Whether block `b` ends with the `Drop` that MIR building emits before re-assigning the
/// dropped place (the assignment is the first statement of the target): part of the
/// assignment, not the end of the place.
pub fn is_overwrite_drop(body: &Body, b: usize) -> bool {
    let TerminatorKind::Drop { place, target } = &body.blocks[b].terminator.kind else { return false };
    matches!(body.blocks[*target].statements.first(), Some(s) if matches!(&s.kind, StatementKind::Assign(p, _) if p == place))
}

/// The place of a `Copy`/`Move` operand.
pub fn operand_place(op: &Operand) -> Option<&Place> {
    match op {
        Operand::Copy(p) | Operand::Move(p) => Some(p),
        Operand::Const(..) => None,
    }
}

/// The places an rvalue reads, moves or borrows.
pub fn rvalue_operand_places(rv: &Rvalue) -> Vec<&Place> {
    match rv {
        Rvalue::Use(o) | Rvalue::UnaryOp(_, o) | Rvalue::Cast(o, _) | Rvalue::Repeat(o, _) => {
            operand_place(o).into_iter().collect()
        }
        Rvalue::MakeDyn { operand, .. } => operand_place(operand).into_iter().collect(),
        Rvalue::BinaryOp(_, a, b) => operand_place(a).into_iter().chain(operand_place(b)).collect(),
        Rvalue::Aggregate(_, ops) => ops.iter().filter_map(operand_place).collect(),
        Rvalue::Ref(_, p) | Rvalue::AddressOf(p) | Rvalue::Discriminant(p) => vec![p],
    }
}

/// How two places relate for conflict checking (MEMORY.md §6.3): distinct fields do not
/// overlap, every `Index` stands for the whole collection, variants of one enum overlap.
pub fn overlap(access: &Place, loan: &Place) -> Overlap {
    if access.local != loan.local {
        return Overlap::Disjoint;
    }
    let norm = |p: &Place| -> Vec<Projection> {
        p.projection
            .iter()
            .filter(|x| !matches!(x, Projection::Downcast(_)))
            .map(|x| match x {
                Projection::Index(_) => Projection::Index(usize::MAX),
                other => other.clone(),
            })
            .collect()
    };
    let (a, l) = (norm(access), norm(loan));
    let common = a.len().min(l.len());
    if a[..common] != l[..common] {
        return Overlap::Disjoint;
    }
    if l.len() > a.len() && l[a.len()..].contains(&Projection::Deref) {
        Overlap::BehindReference
    } else {
        Overlap::Overlapping
    }
}

/// Result of [`overlap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    Disjoint,
    /// One place is a prefix of the other.
    Overlapping,
    /// The loan is on a place reached through a reference stored in the accessed place:
    /// re-pointing or ending that reference does not touch the loan (MEMORY.md §6.3).
    BehindReference,
}
