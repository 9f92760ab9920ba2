//! Item collection: names of all modules, `use` imports, struct/enum definitions, impls,
//! function signatures, decorators, constants, `main` and `@test` checks.

use super::consts::{self, CVal, ConstEnv};
use super::ctx::{AdtInfo, AliasInfo, ConstInfo, Ctx, Def, EvalState, FnInfo};
use super::hir::{self, AdtDef, AdtKind, BehaviorDef, BehaviorMethod, FnDef, GenericParamDef};
use super::items;
use super::lang;
use super::ty::{AdtId, FnId, Ty};
use super::types::{self, TyScope};
use super::ModuleKind;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, ItemKind, Visibility};
use std::collections::HashMap;

/// Built-in behaviors and their required methods (LANGUAGE.md §8.7).
pub const BUILTIN_BEHAVIORS: &[(&str, &[&str])] = &[
    ("Copy", &[]),
    ("Duplicate", &["duplicate"]),
    ("Drop", &["drop"]),
    ("PartialEq", &["eq"]),
    ("Eq", &[]),
    ("Ord", &["cmp"]),
    ("Hash", &["hash"]),
    ("Default", &["default"]),
    ("Display", &["to_string"]),
    ("Iterator", &["next"]),
];

/// Derivable behaviors (LANGUAGE.md §8.8).
const DERIVABLE: &[&str] = &["Copy", "Duplicate", "PartialEq", "Eq", "Ord", "Hash", "Default"];

/// Decorators that are accepted on any item and ignored.
const IGNORED_DECORATORS: &[&str] = &["inline", "hint", "deprecated", "doc", "allow", "must_use"];

/// Runs all collection phases. Afterwards every function has its signature and every ADT its
/// fields; bodies are still missing.
pub fn collect(ctx: &mut Ctx) {
    for (name, methods) in BUILTIN_BEHAVIORS {
        let id = ctx.program.behaviors.len();
        ctx.program.behaviors.push(BehaviorDef {
            name: name.to_string(),
            span: Span::default(),
            methods: methods.iter().map(|m| BehaviorMethod { name: m.to_string(), default: None }).collect(),
        });
        ctx.builtin_behaviors.insert(name, id);
        ctx.prelude.insert(name.to_string(), Def::Behavior(id));
        ctx.behavior_sigs.push(methods.iter().map(|m| items::builtin_sig(m)).collect());
    }
    register_items(ctx);
    super::uses::resolve(ctx);
    eval_consts(ctx);
    items::define_adts(ctx);
    items::define_behaviors(ctx);
    super::class::define(ctx);
    super::behavior_args::fill_instances(ctx);
    items::collect_impls(ctx);
    super::derive::generate(ctx);
    super::coherence::check(ctx);
    items::check_supers(ctx);
    items::define_fns(ctx);
    super::class::finish(ctx);
    types::check_recursive(ctx);
    check_entry(ctx);
}

fn qualified(ctx: &Ctx, module: usize, name: &str) -> String {
    match ctx.modules[module].kind {
        ModuleKind::User => format!("{}::{name}", ctx.modules[module].qualified_name()),
        _ => name.to_string(),
    }
}

pub(super) fn define(
    ctx: &mut Ctx,
    module: usize,
    name: &ast::Ident,
    def: Def,
    is_pub: bool,
    spans: &mut HashMap<(usize, String), Span>,
) {
    if let Some(prev) = spans.get(&(module, name.name.clone())) {
        ctx.emit(
            Diagnostic::error(
                "E0102",
                format!("the name `{}` is defined multiple times", name.name),
                name.span,
                format!("`{}` redefined here", name.name),
            )
            .with_secondary(*prev, format!("previous definition of `{}` here", name.name)),
        );
        return;
    }
    spans.insert((module, name.name.clone()), name.span);
    ctx.scopes[module].insert(name.name.clone(), def);
    if is_pub && ctx.modules[module].kind == ModuleKind::Stdlib {
        ctx.prelude.insert(name.name.clone(), def);
    }
}

/// Adds an empty function definition (signature and body are filled in later).
pub fn new_fn(ctx: &mut Ctx, name: String, span: Span) -> FnId {
    ctx.program.fns.push(FnDef {
        name,
        span,
        generics: Vec::new(),
        params: Vec::new(),
        ret: Ty::Unit,
        body: None,
        track_caller: false,
        closure_env: None,
        extern_symbol: None,
    });
    ctx.program.fns.len() - 1
}

fn register_items(ctx: &mut Ctx) {
    let modules = ctx.modules;
    let mut spans = HashMap::new();
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let is_pub = item.vis == Visibility::Pub;
            check_item_decorators(ctx, m, item);
            match &item.kind {
                ItemKind::Func(f) => {
                    let id = new_fn(ctx, qualified(ctx, m, &f.name.name), f.name.span);
                    ctx.program.fns[id].track_caller = lang::is_track_caller(&item.decorators);
                    ctx.program.fns[id].extern_symbol = lang::extern_symbol(&item.decorators);
                    ctx.fns.push(FnInfo {
                        module: m,
                        decl: Some(f),
                        self_ty: None,
                        receiver: None,
                        param_spans: Vec::new(),
                        ret_span: None,
                        is_lowlevel: f.is_lowlevel,
                    });
                    define(ctx, m, &f.name, Def::Fn(id), is_pub, &mut spans);
                }
                ItemKind::Const(c) => {
                    ctx.consts.push(ConstInfo { module: m, decl: c, value: None, state: EvalState::Todo });
                    define(ctx, m, &c.name, Def::Const(ctx.consts.len() - 1), is_pub, &mut spans);
                }
                ItemKind::Alias(a) => {
                    ctx.aliases.push(AliasInfo { module: m, decl: a });
                    define(ctx, m, &a.name, Def::Alias(ctx.aliases.len() - 1), is_pub, &mut spans);
                }
                ItemKind::Struct(s) => {
                    let id = new_adt(ctx, m, &s.name, &s.generics, AdtKind::Struct(Vec::new()), item);
                    define(ctx, m, &s.name, Def::Adt(id), is_pub, &mut spans);
                }
                ItemKind::Enum(e) => {
                    let id = new_adt(ctx, m, &e.name, &e.generics, AdtKind::Enum(Vec::new()), item);
                    define(ctx, m, &e.name, Def::Adt(id), is_pub, &mut spans);
                }
                ItemKind::Behavior(ast::BehaviorDecl { name, members, .. })
                | ItemKind::Interface(ast::InterfaceDecl { name, members, .. }) => {
                    let b = BehaviorName { name, members };
                    let id = ctx.program.behaviors.len();
                    if matches!(item.kind, ItemKind::Interface(_)) {
                        ctx.classes.interfaces.insert(id);
                    }
                    let methods = b
                        .members
                        .iter()
                        .filter_map(|mem| match mem {
                            ast::BehaviorMember::Func(f) => {
                                Some(BehaviorMethod { name: f.name.name.clone(), default: None })
                            }
                            ast::BehaviorMember::AssocType(..) => None,
                        })
                        .collect();
                    ctx.program.behaviors.push(BehaviorDef { name: b.name.name.clone(), span: b.name.span, methods });
                    let assoc = b
                        .members
                        .iter()
                        .filter_map(|mem| match mem {
                            ast::BehaviorMember::AssocType(n, _) => Some(n.name.clone()),
                            ast::BehaviorMember::Func(_) => None,
                        })
                        .collect();
                    super::assoc::declare(ctx, id, assoc);
                    ctx.behavior_sigs.push(Vec::new());
                    define(ctx, m, b.name, Def::Behavior(id), is_pub, &mut spans);
                }
                ItemKind::Impl(_) => {}
                ItemKind::Class(_) => {}
            }
        }
    }
    super::class::register(ctx, &mut spans);
}

/// The parts of a behavior or interface declaration that registration needs.
struct BehaviorName<'a> {
    name: &'a ast::Ident,
    members: &'a [ast::BehaviorMember],
}

/// Reports an item kind this compiler version does not implement yet.
pub fn unsupported(ctx: &mut Ctx, span: Span, what: &str) {
    ctx.emit(Diagnostic::error(
        "E0101",
        format!("{what} are not supported yet"),
        span,
        "not supported by this compiler version",
    ));
}

pub(super) fn new_adt(
    ctx: &mut Ctx,
    m: usize,
    name: &ast::Ident,
    generics: &[ast::GenericParam],
    kind: AdtKind,
    item: &ast::Item,
) -> AdtId {
    let derives: Vec<String> = item
        .decorators
        .iter()
        .filter(|d| d.name.name == "derive")
        .flat_map(|d| d.args.iter())
        .filter_map(|a| match &a.value {
            ast::DecoratorValue::Ident(i) => Some(i.name.clone()),
            _ => None,
        })
        .collect();
    for d in item.decorators.iter().filter(|d| d.name.name == "derive") {
        for a in &d.args {
            let ok = matches!(&a.value, ast::DecoratorValue::Ident(i) if DERIVABLE.contains(&i.name.as_str()));
            if !ok {
                ctx.emit(Diagnostic::error(
                    "E0108",
                    "unsupported derive",
                    a.span,
                    "only Copy, Duplicate, PartialEq, Eq, Ord, Hash and Default can be derived",
                ));
            }
        }
    }
    let is_copy = derives.iter().any(|d| d == "Copy");
    ctx.program.adts.push(AdtDef {
        name: name.name.clone(),
        span: name.span,
        generics: generics.iter().map(|g| GenericParamDef { name: g.name.name.clone(), bounds: Vec::new() }).collect(),
        kind,
        is_copy,
        drop_fn: None,
    });
    ctx.adts.push(AdtInfo { module: m, defaults: Vec::new(), field_pub: Vec::new(), derives });
    ctx.program.adts.len() - 1
}

fn check_item_decorators(ctx: &mut Ctx, module: usize, item: &ast::Item) {
    let stdlib = ctx.modules[module].kind == ModuleKind::Stdlib;
    let is_fn = matches!(item.kind, ItemKind::Func(_));
    let is_adt = matches!(item.kind, ItemKind::Struct(_) | ItemKind::Enum(_));
    let has_test = item.decorators.iter().any(|d| d.name.name == "test");
    let mut members: Vec<&ast::Decorator> = Vec::new();
    match &item.kind {
        ItemKind::Struct(s) => members.extend(s.fields.iter().flat_map(|f| &f.decorators)),
        ItemKind::Enum(e) => {
            for v in &e.variants {
                if let ast::VariantKind::Struct(fs) = &v.kind {
                    members.extend(fs.iter().flat_map(|f| &f.decorators));
                }
            }
        }
        ItemKind::Impl(i) => members.extend(i.members.iter().flat_map(|m| &m.decorators)),
        _ => {}
    }
    for d in members {
        check_decorator(ctx, d, |n| {
            IGNORED_DECORATORS.contains(&n)
                || (stdlib && [lang::TRACK_CALLER, lang::DEREF, lang::DEREF_MUT].contains(&n))
        });
    }
    for d in &item.decorators {
        check_decorator(ctx, d, |n| match n {
            "test" => is_fn,
            "should_panic" | "ignore" => is_fn && has_test,
            "derive" => is_adt,
            "value" => matches!(item.kind, ItemKind::Class(_)),
            lang::TRACK_CALLER | lang::EXTERN => is_fn && stdlib,
            _ => IGNORED_DECORATORS.contains(&n),
        });
    }
}

/// E0108 unless `allowed` accepts the decorator's name.
fn check_decorator(ctx: &mut Ctx, d: &ast::Decorator, allowed: impl Fn(&str) -> bool) {
    {
        let n = d.name.name.as_str();
        if !allowed(n) {
            let known = matches!(n, "test" | "should_panic" | "ignore" | "derive" | "value");
            let msg = if known { format!("misplaced decorator `@{n}`") } else { format!("unknown decorator `@{n}`") };
            ctx.emit(Diagnostic::error(
                "E0108",
                msg,
                d.span,
                if known { "not allowed here" } else { "unknown decorator" },
            ));
        }
    }
}

/// Environment for module-level constants (evaluated lazily, with cycle detection).
struct ModConstEnv<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    module: usize,
}

impl ConstEnv for ModConstEnv<'_, '_> {
    fn lookup_const(&mut self, name: &str) -> Option<Option<(CVal, Ty)>> {
        match self.ctx.lookup(self.module, name)? {
            Def::Const(j) => {
                eval_const(self.ctx, j);
                Some(self.ctx.consts[j].value.clone())
            }
            _ => None,
        }
    }

    fn resolve_type(&mut self, ty: &ast::Type) -> Ty {
        let mut diags = Vec::new();
        let scope = TyScope { module: self.module, generics: &[], this: None, local_consts: &[] };
        let t = types::resolve(self.ctx, scope, ty, &mut diags);
        self.ctx.diags.extend(diags);
        t
    }

    fn error(&mut self, d: Diagnostic) {
        self.ctx.emit(d);
    }
}

fn eval_const(ctx: &mut Ctx, j: usize) {
    match ctx.consts[j].state {
        EvalState::Done => return,
        EvalState::InProgress => {
            let span = ctx.consts[j].decl.name.span;
            ctx.emit(Diagnostic::error(
                "E0200",
                format!("cycle detected when evaluating constant `{}`", ctx.consts[j].decl.name.name),
                span,
                "refers to itself",
            ));
            return;
        }
        EvalState::Todo => {}
    }
    ctx.consts[j].state = EvalState::InProgress;
    let decl = ctx.consts[j].decl;
    let module = ctx.consts[j].module;
    let mut env = ModConstEnv { ctx, module };
    let declared = decl.ty.as_ref().map(|t| env.resolve_type(t));
    let value = consts::eval(&mut env, &decl.value, declared.as_ref());
    let value = match (value, declared) {
        (Some((v, t)), Some(d)) if t != d && d != Ty::Error => {
            let msg = format!("type mismatch: expected `{}`, found `{}`", ctx.ty_name(&d, &[]), ctx.ty_name(&t, &[]));
            let ann = decl.ty.as_ref().map(|t| t.span).unwrap_or(decl.span);
            ctx.emit(
                Diagnostic::error("E0200", msg, decl.value.span, "wrong type")
                    .with_secondary(ann, "expected due to this"),
            );
            let _ = v;
            None
        }
        (v, _) => v,
    };
    ctx.consts[j].value = value;
    ctx.consts[j].state = EvalState::Done;
}

fn eval_consts(ctx: &mut Ctx) {
    for j in 0..ctx.consts.len() {
        eval_const(ctx, j);
    }
}

fn check_entry(ctx: &mut Ctx) {
    let Some(root) = ctx.modules.iter().position(|m| m.kind == ModuleKind::Root) else {
        return;
    };
    let file = ctx.modules[root].file;
    match ctx.target {
        super::Target::Program => match ctx.scopes[root].get("main").copied() {
            Some(Def::Fn(id)) => {
                let f = &ctx.program.fns[id];
                let ok = f.generics.is_empty()
                    && f.params.is_empty()
                    && matches!(f.ret, Ty::Unit | Ty::Int(super::ty::IntTy::I32) | Ty::Error);
                if ok {
                    ctx.program.entry = Some(id);
                } else {
                    let span = ctx.fns[id].decl.map(|d| d.span).unwrap_or(f.span);
                    ctx.emit(Diagnostic::error(
                        "E0215",
                        "invalid signature for `main`",
                        span,
                        "expected `func main()` or `func main() -> I32`",
                    ));
                }
            }
            _ => ctx.emit(Diagnostic::error(
                "E0215",
                "`main` function not found in the root file",
                Span::new(file, 0, 0),
                "add `func main() { … }`",
            )),
        },
        super::Target::Test => collect_tests(ctx, root),
    }
}

fn collect_tests(ctx: &mut Ctx, root: usize) {
    let modules = ctx.modules;
    for item in &modules[root].ast.items {
        let ItemKind::Func(f) = &item.kind else {
            continue;
        };
        if !item.decorators.iter().any(|d| d.name.name == "test") {
            continue;
        }
        let Some(Def::Fn(id)) = ctx.scopes[root].get(&f.name.name).copied() else {
            continue;
        };
        let def = &ctx.program.fns[id];
        let returns_i32 = def.ret == Ty::I32;
        let outcome_err = lang::test_outcome_err(ctx, &def.ret);
        if !def.generics.is_empty()
            || !def.params.is_empty()
            || f.receiver.is_some()
            || !(def.ret.is_unit() || returns_i32 || outcome_err.is_some())
        {
            ctx.emit(Diagnostic::error(
                "E0215",
                format!("invalid signature for test function `{}`", f.name.name),
                f.span,
                "a test takes no parameters and returns `Unit`, `I32` or `Outcome[Unit, E]`",
            ));
            continue;
        }
        let should_panic = item.decorators.iter().find(|d| d.name.name == "should_panic").map(|d| {
            d.args.iter().find_map(|a| match &a.value {
                ast::DecoratorValue::Str(s) => Some(s.clone()),
                _ => None,
            })
        });
        let ignored = item.decorators.iter().any(|d| d.name.name == "ignore");
        let span = f.name.span;
        let call = hir::Expr {
            kind: hir::ExprKind::Call {
                callee: hir::Callee::Fn { id, ty_args: Vec::new() },
                args: Vec::new(),
                site: span,
            },
            ty: def.ret.clone(),
            span,
        };
        let mut locals = Vec::new();
        let value = if returns_i32 {
            call
        } else if let Some(err) = outcome_err {
            let (value, ls) = lang::outcome_test_value(ctx, call, err, span);
            locals = ls;
            value
        } else {
            let zero = hir::Expr { kind: hir::ExprKind::Lit(hir::Const::Int(0)), ty: Ty::I32, span };
            hir::Expr {
                kind: hir::ExprKind::Block(hir::Block {
                    stmts: vec![hir::Stmt::Expr(call)],
                    tail: Some(Box::new(zero)),
                    span,
                }),
                ty: Ty::I32,
                span,
            }
        };
        let wrapper = new_fn(ctx, format!("{}::{{test}}", f.name.name), span);
        ctx.fns.push(FnInfo {
            module: root,
            decl: None,
            self_ty: None,
            receiver: None,
            param_spans: Vec::new(),
            ret_span: None,
            is_lowlevel: false,
        });
        let w = &mut ctx.program.fns[wrapper];
        w.ret = Ty::I32;
        w.body = Some(hir::Body { locals, params: Vec::new(), value });
        ctx.program.tests.push(hir::TestDef { name: f.name.name.clone(), wrapper, should_panic, ignored });
    }
}
