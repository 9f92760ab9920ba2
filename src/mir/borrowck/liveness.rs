//! Backward liveness of the locals that may carry loans (classic live-variables dataflow:
//! `live_in = (live_out − defs) ∪ uses`, iterated to a fixpoint over the CFG).

use super::loans::{operand_place, rvalue_operand_places, BitSet};
use crate::mir::build::{successors, Location};
use crate::mir::ir::{Body, Callee, Local, StatementKind, TerminatorKind};

/// The locals a statement or terminator uses, and the local it overwrites entirely.
pub struct UseDef {
    pub uses: Vec<Local>,
    pub def: Option<Local>,
}

/// Uses and definition of the statement (`i < statements.len()`) or terminator at `loc`.
pub fn use_def(body: &Body, (b, i): Location) -> UseDef {
    let bb = &body.blocks[b];
    let mut uses = Vec::new();
    let mut def = None;
    if let Some(s) = bb.statements.get(i) {
        match &s.kind {
            StatementKind::Assign(dest, rv) => {
                uses.extend(rvalue_operand_places(rv).iter().map(|p| p.local));
                if dest.projection.is_empty() {
                    def = Some(dest.local);
                } else {
                    uses.push(dest.local);
                }
            }
            StatementKind::StorageLive(l) | StatementKind::StorageDead(l) => def = Some(*l),
            StatementKind::SetDropFlag(..) => {}
        }
    } else {
        match &bb.terminator.kind {
            TerminatorKind::Call { callee, args, dest, .. } => {
                if let Callee::Value(op) = callee {
                    uses.extend(operand_place(op).map(|p| p.local));
                }
                uses.extend(args.iter().filter_map(operand_place).map(|p| p.local));
                if dest.projection.is_empty() {
                    def = Some(dest.local);
                } else {
                    uses.push(dest.local);
                }
            }
            TerminatorKind::SwitchInt { discr, .. } => uses.extend(operand_place(discr).map(|p| p.local)),
            // Dropping a ref-like value (a guard) counts as a use of it (MEMORY.md §6.3).
            TerminatorKind::Drop { place, .. } => uses.push(place.local),
            _ => {}
        }
    }
    UseDef { uses, def }
}

/// Per-location liveness of the tracked locals.
pub struct Liveness {
    /// `before[bb][i]`: locals live just before location `(bb, i)` (terminator at the end).
    before: Vec<Vec<BitSet>>,
    /// Locals live after each block's terminator.
    after_block: Vec<BitSet>,
}

impl Liveness {
    /// Computes liveness of the locals with `tracked[l]`.
    pub fn compute(body: &Body, tracked: &[bool]) -> Liveness {
        let n = body.locals.len();
        let mut entry = vec![BitSet::new(n); body.blocks.len()];
        let transfer = |loc: Location, live: &mut BitSet| {
            let ud = use_def(body, loc);
            if let Some(d) = ud.def {
                live.remove(d);
            }
            for u in ud.uses {
                if tracked[u] {
                    live.insert(u);
                }
            }
        };
        let block_out = |entry: &[BitSet], b: usize| {
            let mut out = BitSet::new(n);
            for s in successors(&body.blocks[b].terminator.kind) {
                out.union_with(&entry[s]);
            }
            out
        };
        let mut changed = true;
        while changed {
            changed = false;
            for b in (0..body.blocks.len()).rev() {
                let mut live = block_out(&entry, b);
                for i in (0..=body.blocks[b].statements.len()).rev() {
                    transfer((b, i), &mut live);
                }
                if live != entry[b] {
                    entry[b] = live;
                    changed = true;
                }
            }
        }
        let mut before = Vec::new();
        let mut after_block = Vec::new();
        for b in 0..body.blocks.len() {
            let out = block_out(&entry, b);
            let count = body.blocks[b].statements.len() + 1;
            let mut per = vec![BitSet::new(n); count];
            let mut live = out.clone();
            for i in (0..count).rev() {
                transfer((b, i), &mut live);
                per[i] = live.clone();
            }
            before.push(per);
            after_block.push(out);
        }
        Liveness { before, after_block }
    }

    /// Locals live just before `loc`.
    pub fn before(&self, (b, i): Location) -> &BitSet {
        &self.before[b][i]
    }

    /// Locals live just after `loc`.
    pub fn after(&self, (b, i): Location) -> &BitSet {
        self.before[b].get(i + 1).unwrap_or(&self.after_block[b])
    }
}
