//! The readable MIR text of `tmlc build --emit mir` (rustc-like, deterministic).
//!
//! ```text
//! fn main() -> Unit {
//!     let _0: Unit;                    // return place
//!     let _1: Str;                     // x
//!     let _2: Bool;                    // drop flag
//!
//!     bb0: {
//!         StorageLive(_1);
//!         _1 = const "a";
//!         drop(_1) -> bb1;
//!     }
//! }
//! ```

use super::ir::{
    AggregateKind, Body, Callee, ConstValue, LocalKind, Operand, Place, Program, Projection, Rvalue, StatementKind,
    TerminatorKind,
};
use super::tyutil::{display_ty, place_ty};
use crate::sema::hir::{self, AdtKind, Const};
use crate::sema::ty::{Mutability, Ty};
use std::fmt::Write;

/// Renders every instance of `program`, one after another, separated by blank lines.
pub fn pretty(program: &Program) -> String {
    let names: Vec<String> = program.bodies.iter().map(|b| b.name.clone()).collect();
    let hir = hir::Program { adts: program.adts.clone(), ..Default::default() };
    let printer = Printer { program: &hir, callee_name: &|c: &Callee| callee_text(c, &names) };
    program.bodies.iter().map(|b| printer.body(b)).collect::<Vec<_>>().join("\n")
}

/// Renders one (possibly generic) body; used by tests and debugging of earlier stages.
pub fn pretty_body(program: &hir::Program, body: &Body) -> String {
    let names: Vec<String> = program.fns.iter().map(|f| f.name.clone()).collect();
    let callee_name = |c: &Callee| match c {
        Callee::Fn { id, ty_args } if ty_args.is_empty() => names[*id].clone(),
        Callee::Fn { id, ty_args } => {
            let shown: Vec<String> = ty_args.iter().map(|t| display_ty(program, t, &[])).collect();
            format!("{}[{}]", names[*id], shown.join(", "))
        }
        other => callee_text(other, &[]),
    };
    Printer { program, callee_name: &callee_name }.body(body)
}

fn callee_text(c: &Callee, names: &[String]) -> String {
    match c {
        Callee::Instance(i) => names.get(*i).cloned().unwrap_or_else(|| format!("instance#{i}")),
        Callee::Fn { id, .. } => format!("fn#{id}"),
        Callee::Behavior { behavior, method, .. } => format!("behavior#{behavior}::method#{method}"),
        Callee::Intrinsic(op, _) => format!("intrinsic {op:?}"),
        Callee::Extern(s) => format!("extern {s}"),
        Callee::Value(_) => "<fn value>".to_string(),
        Callee::Dyn { behavior, method } => format!("dyn behavior#{behavior}::method#{method}"),
        Callee::Virtual { slot } => format!("virtual slot#{slot}"),
    }
}

struct Printer<'a> {
    program: &'a hir::Program,
    callee_name: &'a dyn Fn(&Callee) -> String,
}

impl Printer<'_> {
    fn ty(&self, ty: &Ty) -> String {
        display_ty(self.program, ty, &[])
    }

    fn body(&self, b: &Body) -> String {
        let mut out = String::new();
        let args: Vec<String> = (1..=b.arg_count).map(|i| format!("_{i}: {}", self.ty(&b.locals[i].ty))).collect();
        let _ = writeln!(out, "fn {}({}) -> {} {{", b.name, args.join(", "), self.ty(b.return_ty()));
        for (i, l) in b.locals.iter().enumerate() {
            if (1..=b.arg_count).contains(&i) {
                continue;
            }
            let decl = format!(
                "    let {}_{i}: {};",
                if l.mutable && l.kind == LocalKind::User { "mut " } else { "" },
                self.ty(&l.ty)
            );
            let comment = match l.kind {
                LocalKind::ReturnPlace => "return place".to_string(),
                LocalKind::User => l.name.clone().unwrap_or_default(),
                LocalKind::Temp => String::new(),
                LocalKind::DropFlag => "drop flag".to_string(),
                LocalKind::Arg => String::new(),
            };
            if comment.is_empty() {
                let _ = writeln!(out, "{decl}");
            } else {
                let _ = writeln!(out, "{decl:<40} // {comment}");
            }
        }
        for (i, bb) in b.blocks.iter().enumerate() {
            let _ = writeln!(out, "\n    bb{i}: {{");
            for s in &bb.statements {
                let text = match &s.kind {
                    StatementKind::Assign(p, rv) => {
                        format!("{} = {}", self.place(b, p), self.rvalue(b, rv))
                    }
                    StatementKind::StorageLive(l) => format!("StorageLive(_{l})"),
                    StatementKind::StorageDead(l) => format!("StorageDead(_{l})"),
                    StatementKind::SetDropFlag(l, v) => format!("SetDropFlag(_{l}, {v})"),
                };
                let _ = writeln!(out, "        {text};");
            }
            let _ = writeln!(out, "        {};", self.terminator(b, &bb.terminator.kind));
            let _ = writeln!(out, "    }}");
        }
        let _ = writeln!(out, "}}");
        out
    }

    fn place(&self, b: &Body, p: &Place) -> String {
        let mut s = format!("_{}", p.local);
        let mut cur = Place::local(p.local);
        for proj in &p.projection {
            s = match proj {
                Projection::Field(i) => format!("({s}.{i})"),
                Projection::Deref => format!("(*{s})"),
                Projection::Index(l) => format!("{s}[_{l}]"),
                Projection::Downcast(v) => {
                    let name = match place_ty(self.program, &b.locals, &cur).0 {
                        Ty::Adt(id, _) => match &self.program.adts.get(id).map(|a| &a.kind) {
                            Some(AdtKind::Enum(vs)) => vs.get(*v).map(|x| x.name.clone()),
                            _ => None,
                        },
                        _ => None,
                    };
                    format!("({s} as {})", name.unwrap_or_else(|| v.to_string()))
                }
            };
            cur = cur.project(proj.clone());
        }
        s
    }

    fn operand(&self, b: &Body, o: &Operand) -> String {
        match o {
            Operand::Copy(p) => format!("copy {}", self.place(b, p)),
            Operand::Move(p) => format!("move {}", self.place(b, p)),
            Operand::Const(ConstValue::Scalar(c), _) => format!("const {}", konst(c)),
            Operand::Const(ConstValue::Fn(c), _) => format!("const fn {}", (self.callee_name)(c)),
        }
    }

    fn rvalue(&self, b: &Body, rv: &Rvalue) -> String {
        let ops = |v: &[Operand]| v.iter().map(|o| self.operand(b, o)).collect::<Vec<_>>().join(", ");
        match rv {
            Rvalue::Use(o) => self.operand(b, o),
            Rvalue::Ref(Mutability::Not, p) => format!("&{}", self.place(b, p)),
            Rvalue::Ref(Mutability::Mut, p) => format!("&mut {}", self.place(b, p)),
            Rvalue::AddressOf(p) => format!("&raw {}", self.place(b, p)),
            Rvalue::BinaryOp(op, x, y) => {
                format!("{op:?}({}, {})", self.operand(b, x), self.operand(b, y))
            }
            Rvalue::UnaryOp(op, x) => format!("{op:?}({})", self.operand(b, x)),
            Rvalue::Cast(x, t) => format!("{} as {}", self.operand(b, x), self.ty(t)),
            Rvalue::Aggregate(AggregateKind::Tuple, v) => format!("({})", ops(v)),
            Rvalue::Aggregate(AggregateKind::Array(_), v) => format!("[{}]", ops(v)),
            Rvalue::Aggregate(AggregateKind::Adt(id, variant, _), v) => {
                let name = match self.program.adts.get(*id) {
                    Some(a) => match &a.kind {
                        AdtKind::Struct(_) => a.name.clone(),
                        AdtKind::Enum(vs) => {
                            format!("{}::{}", a.name, vs.get(*variant).map(|x| x.name.as_str()).unwrap_or("?"))
                        }
                    },
                    None => format!("adt#{id}"),
                };
                format!("{name}({})", ops(v))
            }
            Rvalue::Repeat(o, n) => format!("[{}; {n}]", self.operand(b, o)),
            Rvalue::Aggregate(AggregateKind::Closure(code), v) => {
                format!("closure {}({})", (self.callee_name)(code), ops(v))
            }
            Rvalue::Aggregate(AggregateKind::Dyn(vtable), v) => format!("dyn vtable#{vtable}({})", ops(v)),
            Rvalue::MakeDyn { operand, self_ty, behavior } => {
                format!("{} as dyn behavior#{behavior} (from {})", self.operand(b, operand), self.ty(self_ty))
            }
            Rvalue::Discriminant(p) => format!("discriminant({})", self.place(b, p)),
        }
    }

    fn terminator(&self, b: &Body, t: &TerminatorKind) -> String {
        match t {
            TerminatorKind::Goto(t) => format!("goto -> bb{t}"),
            TerminatorKind::SwitchInt { discr, targets, otherwise } => {
                let arms: Vec<String> = targets.iter().map(|(v, t)| format!("{v}: bb{t}")).collect();
                format!("switchInt({}) -> [{}, otherwise: bb{otherwise}]", self.operand(b, discr), arms.join(", "))
            }
            TerminatorKind::Call { callee, args, dest, target } => {
                let f = match callee {
                    Callee::Value(o) => format!("({})", self.operand(b, o)),
                    Callee::Intrinsic(op, tys) if !tys.is_empty() => {
                        format!("intrinsic {op:?}[{}]", tys.iter().map(|t| self.ty(t)).collect::<Vec<_>>().join(", "))
                    }
                    c => (self.callee_name)(c),
                };
                let args: Vec<String> = args.iter().map(|a| self.operand(b, a)).collect();
                let next = target.map(|t| format!("bb{t}")).unwrap_or_else(|| "!".to_string());
                format!("{} = {f}({}) -> {next}", self.place(b, dest), args.join(", "))
            }
            TerminatorKind::Return => "return".to_string(),
            TerminatorKind::Drop { place, target } => {
                format!("drop({}) -> bb{target}", self.place(b, place))
            }
            TerminatorKind::Unreachable => "unreachable".to_string(),
        }
    }
}

fn konst(c: &Const) -> String {
    match c {
        Const::Bool(b) => b.to_string(),
        Const::Int(i) => i.to_string(),
        Const::Float(f) => format!("{f:?}"),
        Const::Char(ch) => format!("{ch:?}"),
        Const::Str(s) => format!("{s:?}"),
        Const::Unit => "()".to_string(),
        Const::Null => "null".to_string(),
    }
}
