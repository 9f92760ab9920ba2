//! Exhaustiveness and reachability of patterns (LANGUAGE.md §7), by the usefulness
//! algorithm: a pattern vector is useful with respect to a matrix of rows if some value
//! matches it and no row. Integer and `Char` ranges are split at the boundaries of the ranges
//! in the matrix, so every piece is either fully inside or fully outside each row's range.

use super::ctx::Ctx;
use super::hir::{AdtKind, Const, Pat, PatKind};
use super::ty::{IntTy, Ty};

#[derive(Clone, Debug)]
enum DP {
    Wild,
    Ctor(Ctor, Vec<DP>),
    Or(Vec<DP>),
}

#[derive(Clone, Debug, PartialEq)]
enum Ctor {
    Bool(bool),
    /// Inclusive integer or char range.
    Range(i128, i128),
    Str(String),
    Float(u64),
    /// The single constructor of tuples, structs, references and `Unit`.
    Single,
    Variant(usize),
}

/// A witness value that no pattern matches.
#[derive(Clone, Debug)]
enum W {
    Wild,
    Ctor(Ctor, Vec<W>),
}

fn lower(p: &Pat) -> DP {
    if matches!(p.ty, Ty::Error) {
        return DP::Wild;
    }
    match &p.kind {
        PatKind::Wild | PatKind::Binding { .. } => DP::Wild,
        PatKind::Const(c) => match c {
            Const::Bool(b) => DP::Ctor(Ctor::Bool(*b), vec![]),
            Const::Int(i) => DP::Ctor(Ctor::Range(*i, *i), vec![]),
            Const::Char(c) => DP::Ctor(Ctor::Range(*c as i128, *c as i128), vec![]),
            Const::Str(s) => DP::Ctor(Ctor::Str(s.clone()), vec![]),
            Const::Float(f) => DP::Ctor(Ctor::Float(f.to_bits()), vec![]),
            Const::Unit | Const::Null => DP::Wild,
        },
        PatKind::Range { lo, hi, inclusive } => {
            let v = |c: &Const| match c {
                Const::Int(i) => *i,
                Const::Char(c) => *c as i128,
                _ => 0,
            };
            let hi = if *inclusive { v(hi) } else { v(hi) - 1 };
            DP::Ctor(Ctor::Range(v(lo), hi), vec![])
        }
        PatKind::Fields(ps) => DP::Ctor(Ctor::Single, ps.iter().map(lower).collect()),
        PatKind::Variant { variant, fields, .. } => {
            DP::Ctor(Ctor::Variant(*variant), fields.iter().map(lower).collect())
        }
        PatKind::Deref(p) => DP::Ctor(Ctor::Single, vec![lower(p)]),
        PatKind::Or(ps) => DP::Or(ps.iter().map(lower).collect()),
    }
}

struct Checker<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Recursion budget; exhausted checks are treated as exhaustive.
    budget: u32,
}

/// Domains of range-like types.
fn domain(ty: &Ty) -> Option<Vec<(i128, i128)>> {
    match ty {
        Ty::Int(it) => Some(vec![(IntTy::min(*it), IntTy::max(*it))]),
        Ty::Char => Some(vec![(0, 0xD7FF), (0xE000, 0x10FFFF)]),
        _ => None,
    }
}

impl Checker<'_, '_> {
    /// Sub-column types of constructor `c` of type `ty`.
    fn sub_tys(&self, ty: &Ty, c: &Ctor) -> Vec<Ty> {
        match (ty, c) {
            (Ty::Tuple(ts), Ctor::Single) => ts.clone(),
            (Ty::Ref(_, t), Ctor::Single) => vec![(**t).clone()],
            (Ty::Adt(id, args), _) => match (&self.ctx.program.adts[*id].kind, c) {
                (AdtKind::Struct(fs), Ctor::Single) => fs.iter().map(|f| f.ty.subst(args)).collect(),
                (AdtKind::Enum(vs), Ctor::Variant(v)) => {
                    vs.get(*v).map(|v| v.fields.iter().map(|f| f.ty.subst(args)).collect()).unwrap_or_default()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// All constructors of `ty` given the heads present in the column, or `None` for
    /// infinite domains (Str, floats). Ranges are split at the heads' boundaries.
    fn all_ctors(&self, ty: &Ty, heads: &[&Ctor]) -> Option<Vec<Ctor>> {
        match ty {
            Ty::Bool => Some(vec![Ctor::Bool(false), Ctor::Bool(true)]),
            Ty::Tuple(_) | Ty::Ref(..) | Ty::Unit => Some(vec![Ctor::Single]),
            Ty::Adt(id, _) => match &self.ctx.program.adts[*id].kind {
                AdtKind::Struct(_) => Some(vec![Ctor::Single]),
                AdtKind::Enum(vs) => Some((0..vs.len()).map(Ctor::Variant).collect()),
            },
            _ => {
                let dom = domain(ty)?;
                Some(dom.iter().flat_map(|&(lo, hi)| split(lo, hi, heads)).map(|(a, b)| Ctor::Range(a, b)).collect())
            }
        }
    }

    fn useful(&mut self, rows: &[Vec<DP>], v: &[DP], tys: &[Ty]) -> Option<Vec<W>> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let Some(first) = v.first() else {
            return rows.is_empty().then(Vec::new);
        };
        let rows = expand_or(rows);
        let ty = tys.first().cloned().unwrap_or(Ty::Error);
        match first {
            DP::Or(alts) => {
                for a in alts {
                    let mut v2 = v.to_vec();
                    v2[0] = a.clone();
                    if let Some(w) = self.useful(&rows, &v2, tys) {
                        return Some(w);
                    }
                }
                None
            }
            DP::Ctor(c, args) => {
                let heads: Vec<&Ctor> = rows.iter().filter_map(|r| head_ctor(&r[0])).collect();
                let pieces = match c {
                    Ctor::Range(lo, hi) => {
                        split(*lo, *hi, &heads).into_iter().map(|(a, b)| Ctor::Range(a, b)).collect()
                    }
                    c => vec![c.clone()],
                };
                for piece in pieces {
                    let mut v2 = args.clone();
                    v2.extend_from_slice(&v[1..]);
                    if let Some(w) = self.specialized(&rows, &piece, args.len(), &v2, &ty, tys) {
                        return Some(w);
                    }
                }
                None
            }
            DP::Wild => {
                let heads: Vec<&Ctor> = rows.iter().filter_map(|r| head_ctor(&r[0])).collect();
                let all = self.all_ctors(&ty, &heads);
                if let Some(ctors) = &all {
                    if !ctors.is_empty() && ctors.iter().all(|c| heads.iter().any(|h| covers(h, c))) {
                        for c in ctors {
                            let arity = self.sub_tys(&ty, c).len();
                            let mut v2 = vec![DP::Wild; arity];
                            v2.extend_from_slice(&v[1..]);
                            if let Some(w) = self.specialized(&rows, c, arity, &v2, &ty, tys) {
                                return Some(w);
                            }
                        }
                        return None;
                    }
                }
                let drows: Vec<Vec<DP>> =
                    rows.iter().filter(|r| matches!(r[0], DP::Wild)).map(|r| r[1..].to_vec()).collect();
                let rest = self.useful(&drows, &v[1..], &tys[1..])?;
                let uncovered: Vec<Ctor> = all
                    .map(|cs| cs.into_iter().filter(|c| !heads.iter().any(|h| covers(h, c))).collect())
                    .unwrap_or_default();
                let head = match uncovered.as_slice() {
                    [c] if !heads.is_empty() => {
                        let arity = self.sub_tys(&ty, c).len();
                        W::Ctor(c.clone(), vec![W::Wild; arity])
                    }
                    _ => W::Wild,
                };
                let mut w = vec![head];
                w.extend(rest);
                Some(w)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn specialized(
        &mut self,
        rows: &[Vec<DP>],
        c: &Ctor,
        arity: usize,
        v2: &[DP],
        ty: &Ty,
        tys: &[Ty],
    ) -> Option<Vec<W>> {
        let srows: Vec<Vec<DP>> = rows
            .iter()
            .filter_map(|r| match &r[0] {
                DP::Wild => {
                    let mut n = vec![DP::Wild; arity];
                    n.extend_from_slice(&r[1..]);
                    Some(n)
                }
                DP::Ctor(h, args) if covers(h, c) => {
                    let mut n = args.clone();
                    n.resize(arity, DP::Wild);
                    n.extend_from_slice(&r[1..]);
                    Some(n)
                }
                _ => None,
            })
            .collect();
        let mut sub = self.sub_tys(ty, c);
        sub.resize(arity, Ty::Error);
        sub.extend_from_slice(&tys[1..]);
        let w = self.useful(&srows, v2, &sub)?;
        let (args, rest) = w.split_at(arity.min(w.len()));
        let mut out = vec![W::Ctor(c.clone(), args.to_vec())];
        out.extend_from_slice(rest);
        Some(out)
    }

    fn show(&self, w: &W, ty: &Ty) -> String {
        match (w, ty) {
            (W::Wild, _) => "_".into(),
            (W::Ctor(Ctor::Bool(b), _), _) => b.to_string(),
            (W::Ctor(Ctor::Range(lo, hi), _), t) => {
                let one = |v: i128| match t {
                    Ty::Char => char::from_u32(v as u32).map(|c| format!("{c:?}")).unwrap_or_else(|| v.to_string()),
                    Ty::Int(it) if v == IntTy::min(*it) && v != 0 => format!("{}::MIN", it.name()),
                    Ty::Int(it) if v == IntTy::max(*it) => format!("{}::MAX", it.name()),
                    _ => v.to_string(),
                };
                if lo == hi {
                    one(*lo)
                } else {
                    format!("{} through {}", one(*lo), one(*hi))
                }
            }
            (W::Ctor(Ctor::Str(s), _), _) => format!("{s:?}"),
            (W::Ctor(Ctor::Float(_), _), _) => "_".into(),
            (W::Ctor(Ctor::Single, args), Ty::Tuple(ts)) => {
                let parts: Vec<String> = args.iter().zip(ts).map(|(a, t)| self.show(a, t)).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            (W::Ctor(Ctor::Single, args), Ty::Ref(_, t)) => {
                args.first().map(|a| self.show(a, t)).unwrap_or_else(|| "_".into())
            }
            (W::Ctor(c, args), Ty::Adt(id, targs)) => {
                let adt = &self.ctx.program.adts[*id];
                let sub = self.sub_tys(ty, c);
                match (&adt.kind, c) {
                    (AdtKind::Struct(fs), _) => {
                        let parts: Vec<String> = fs
                            .iter()
                            .zip(args)
                            .zip(&sub)
                            .filter(|((_, a), _)| !matches!(a, W::Wild))
                            .map(|((f, a), t)| format!("{}: {}", f.name, self.show(a, t)))
                            .collect();
                        if parts.is_empty() {
                            format!("{} {{ .. }}", adt.name)
                        } else {
                            format!("{} {{ {}, .. }}", adt.name, parts.join(", "))
                        }
                    }
                    (AdtKind::Enum(vs), Ctor::Variant(v)) => {
                        let _ = targs;
                        let name = vs.get(*v).map(|v| v.name.clone()).unwrap_or_default();
                        if args.is_empty() {
                            name
                        } else {
                            let parts: Vec<String> = args.iter().zip(&sub).map(|(a, t)| self.show(a, t)).collect();
                            format!("{name}({})", parts.join(", "))
                        }
                    }
                    _ => "_".into(),
                }
            }
            _ => "_".into(),
        }
    }
}

fn head_ctor(p: &DP) -> Option<&Ctor> {
    match p {
        DP::Ctor(c, _) => Some(c),
        _ => None,
    }
}

/// Whether head constructor `h` matches every value of constructor piece `c`.
fn covers(h: &Ctor, c: &Ctor) -> bool {
    match (h, c) {
        (Ctor::Range(a, b), Ctor::Range(x, y)) => a <= x && y <= b,
        _ => h == c,
    }
}

/// Splits `[lo, hi]` at the boundaries of the range heads.
fn split(lo: i128, hi: i128, heads: &[&Ctor]) -> Vec<(i128, i128)> {
    let mut cuts = vec![lo];
    for h in heads {
        if let Ctor::Range(a, b) = h {
            for c in [*a, b.saturating_add(1)] {
                if c > lo && c <= hi {
                    cuts.push(c);
                }
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.iter().enumerate().map(|(i, &s)| (s, cuts.get(i + 1).map(|n| n - 1).unwrap_or(hi))).collect()
}

fn expand_or(rows: &[Vec<DP>]) -> Vec<Vec<DP>> {
    let mut out = Vec::new();
    for r in rows {
        match r.first() {
            Some(DP::Or(alts)) => {
                let expanded: Vec<Vec<DP>> = alts
                    .iter()
                    .map(|a| {
                        let mut n = vec![a.clone()];
                        n.extend_from_slice(&r[1..]);
                        n
                    })
                    .collect();
                out.extend(expand_or(&expanded));
            }
            _ => out.push(r.clone()),
        }
    }
    out
}

/// A description of a value of type `ty` that none of `pats` matches, or `None` when the
/// patterns are exhaustive.
pub fn missing(ctx: &Ctx, pats: &[&Pat], ty: &Ty) -> Option<String> {
    let mut ck = Checker { ctx, budget: 100_000 };
    let rows: Vec<Vec<DP>> = pats.iter().map(|p| vec![lower(p)]).collect();
    let w = ck.useful(&rows, &[DP::Wild], std::slice::from_ref(ty))?;
    Some(w.first().map(|w| ck.show(w, ty)).unwrap_or_else(|| "_".into()))
}

/// Indices of patterns that can never match because earlier ones cover them.
pub fn unreachable_arms(ctx: &Ctx, pats: &[&Pat], ty: &Ty) -> Vec<usize> {
    let mut ck = Checker { ctx, budget: 100_000 };
    let rows: Vec<Vec<DP>> = pats.iter().map(|p| vec![lower(p)]).collect();
    (0..rows.len())
        .filter(|&i| ck.useful(&rows[..i], &rows[i], std::slice::from_ref(ty)).is_none() && ck.budget > 0)
        .collect()
}
