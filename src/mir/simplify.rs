//! CFG cleanup after drop elaboration and monomorphization (as rustc's `SimplifyCfg`):
//! jumps through empty `Goto` blocks are threaded, a block whose only predecessor ends in a
//! `Goto` to it is merged into that predecessor, and unreachable blocks are removed. Blocks
//! are renumbered in reverse postorder from the entry, so the printed MIR reads top-down.

use super::build::{successors, successors_mut};
use super::ir::{Body, TerminatorKind};

/// Simplifies `body` in place; semantics are unchanged.
pub fn simplify(body: &mut Body) {
    thread_gotos(body);
    merge_straight_lines(body);
    renumber(body);
}

/// The final target of a chain of empty `Goto` blocks starting at `b`.
fn chase(body: &Body, mut b: usize) -> usize {
    for _ in 0..body.blocks.len() {
        let bb = &body.blocks[b];
        match bb.terminator.kind {
            TerminatorKind::Goto(t) if bb.statements.is_empty() && t != b => b = t,
            _ => break,
        }
    }
    b
}

fn thread_gotos(body: &mut Body) {
    for i in 0..body.blocks.len() {
        let targets: Vec<usize> =
            successors(&body.blocks[i].terminator.kind).into_iter().map(|t| chase(body, t)).collect();
        for (slot, t) in successors_mut(&mut body.blocks[i].terminator.kind).into_iter().zip(targets) {
            *slot = t;
        }
    }
}

fn predecessor_counts(body: &Body) -> Vec<usize> {
    let mut preds = vec![0; body.blocks.len()];
    preds[0] += 1;
    for bb in &body.blocks {
        for s in successors(&bb.terminator.kind) {
            preds[s] += 1;
        }
    }
    preds
}

fn merge_straight_lines(body: &mut Body) {
    let preds = predecessor_counts(body);
    for i in 0..body.blocks.len() {
        while let TerminatorKind::Goto(t) = body.blocks[i].terminator.kind {
            if t == i || preds[t] != 1 {
                break;
            }
            let next = std::mem::replace(&mut body.blocks[t].terminator.kind, TerminatorKind::Unreachable);
            let stmts = std::mem::take(&mut body.blocks[t].statements);
            body.blocks[i].statements.extend(stmts);
            body.blocks[i].terminator.span = body.blocks[t].terminator.span;
            body.blocks[i].terminator.kind = next;
        }
    }
}

/// Keeps the blocks reachable from the entry, numbered in reverse postorder.
fn renumber(body: &mut Body) {
    let n = body.blocks.len();
    let mut visited = vec![false; n];
    let mut post = Vec::new();
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    visited[0] = true;
    while let Some((b, i)) = stack.pop() {
        let succ = successors(&body.blocks[b].terminator.kind);
        if i < succ.len() {
            stack.push((b, i + 1));
            let s = succ[i];
            if !visited[s] {
                visited[s] = true;
                stack.push((s, 0));
            }
        } else {
            post.push(b);
        }
    }
    post.reverse();
    let mut map = vec![usize::MAX; n];
    for (new, old) in post.iter().enumerate() {
        map[*old] = new;
    }
    let mut old_blocks: Vec<Option<_>> = std::mem::take(&mut body.blocks).into_iter().map(Some).collect();
    body.blocks = post.iter().map(|o| old_blocks[*o].take().expect("each block once")).collect();
    for bb in &mut body.blocks {
        for t in successors_mut(&mut bb.terminator.kind) {
            *t = map[*t];
        }
    }
}
