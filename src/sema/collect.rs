//! Item collection: names of all modules, `use` imports, struct/enum definitions, impls,
//! function signatures, decorators, constants, `main` and `@test` checks.

use super::consts::{self, CVal, ConstEnv};
use super::ctx::{
    AdtInfo, AliasInfo, BehaviorSig, ConstInfo, Ctx, Def, EvalState, FnInfo, MethodEntry,
    THIS_PARAM,
};
use super::hir::{
    self, AdtDef, AdtKind, BehaviorDef, BehaviorMethod, FieldDef, FnDef, GenericParamDef,
    VariantDef,
};
use super::traits;
use super::ty::{AdtId, FnId, Ty};
use super::types::{self, TyScope};
use super::ModuleKind;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, ItemKind, Visibility};
use std::collections::HashMap;

/// Built-in behaviors and their required methods (LANGUAGE.md §8.7).
const BUILTIN_BEHAVIORS: &[(&str, &[&str])] = &[
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
const DERIVABLE: &[&str] = &[
    "Copy",
    "Duplicate",
    "PartialEq",
    "Eq",
    "Ord",
    "Hash",
    "Default",
];

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
            methods: methods
                .iter()
                .map(|m| BehaviorMethod {
                    name: m.to_string(),
                    default: None,
                })
                .collect(),
        });
        ctx.builtin_behaviors.insert(name, id);
        ctx.prelude.insert(name.to_string(), Def::Behavior(id));
        ctx.behavior_sigs
            .push(methods.iter().map(|m| builtin_sig(m)).collect());
    }
    register_items(ctx);
    resolve_uses(ctx);
    eval_consts(ctx);
    define_adts(ctx);
    define_behaviors(ctx);
    collect_impls(ctx);
    check_supers(ctx);
    define_fns(ctx);
    types::check_recursive(ctx);
    check_entry(ctx);
}

fn qualified(ctx: &Ctx, module: usize, name: &str) -> String {
    match ctx.modules[module].kind {
        ModuleKind::User => format!("{}::{name}", ctx.modules[module].path.join("::")),
        _ => name.to_string(),
    }
}

fn define(
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
            .with_secondary(
                *prev,
                format!("previous definition of `{}` here", name.name),
            ),
        );
        return;
    }
    spans.insert((module, name.name.clone()), name.span);
    ctx.scopes[module].insert(name.name.clone(), def);
    if is_pub && ctx.modules[module].kind == ModuleKind::Stdlib {
        ctx.prelude.insert(name.name.clone(), def);
    }
}

fn new_fn(ctx: &mut Ctx, name: String, span: Span) -> FnId {
    ctx.program.fns.push(FnDef {
        name,
        span,
        generics: Vec::new(),
        params: Vec::new(),
        ret: Ty::Unit,
        body: None,
    });
    ctx.program.fns.len() - 1
}

fn register_items(ctx: &mut Ctx) {
    let modules = ctx.modules;
    let mut spans = HashMap::new();
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let is_pub = item.vis == Visibility::Pub;
            check_item_decorators(ctx, item);
            match &item.kind {
                ItemKind::Func(f) => {
                    let id = new_fn(ctx, qualified(ctx, m, &f.name.name), f.name.span);
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
                    ctx.consts.push(ConstInfo {
                        module: m,
                        decl: c,
                        value: None,
                        state: EvalState::Todo,
                    });
                    define(
                        ctx,
                        m,
                        &c.name,
                        Def::Const(ctx.consts.len() - 1),
                        is_pub,
                        &mut spans,
                    );
                }
                ItemKind::Alias(a) => {
                    ctx.aliases.push(AliasInfo { module: m, decl: a });
                    define(
                        ctx,
                        m,
                        &a.name,
                        Def::Alias(ctx.aliases.len() - 1),
                        is_pub,
                        &mut spans,
                    );
                }
                ItemKind::Struct(s) => {
                    let id = new_adt(
                        ctx,
                        m,
                        &s.name,
                        &s.generics,
                        AdtKind::Struct(Vec::new()),
                        item,
                    );
                    define(ctx, m, &s.name, Def::Adt(id), is_pub, &mut spans);
                }
                ItemKind::Enum(e) => {
                    let id = new_adt(
                        ctx,
                        m,
                        &e.name,
                        &e.generics,
                        AdtKind::Enum(Vec::new()),
                        item,
                    );
                    define(ctx, m, &e.name, Def::Adt(id), is_pub, &mut spans);
                }
                ItemKind::Behavior(b) => {
                    let id = ctx.program.behaviors.len();
                    let methods = b
                        .members
                        .iter()
                        .filter_map(|mem| match mem {
                            ast::BehaviorMember::Func(f) => Some(BehaviorMethod {
                                name: f.name.name.clone(),
                                default: None,
                            }),
                            ast::BehaviorMember::AssocType(..) => None,
                        })
                        .collect();
                    ctx.program.behaviors.push(BehaviorDef {
                        name: b.name.name.clone(),
                        span: b.name.span,
                        methods,
                    });
                    ctx.behavior_sigs.push(Vec::new());
                    define(ctx, m, &b.name, Def::Behavior(id), is_pub, &mut spans);
                }
                ItemKind::Impl(_) => {}
                ItemKind::Interface(i) => unsupported(ctx, i.name.span, "interfaces"),
                ItemKind::Class(c) => unsupported(ctx, c.name.span, "classes"),
            }
        }
    }
}

/// The signature of a built-in behavior method (`This` is `Param(THIS_PARAM)`).
fn builtin_sig<'a>(name: &str) -> BehaviorSig<'a> {
    let this = Ty::Param(THIS_PARAM);
    let (receiver, params, ret) = match name {
        "duplicate" => (Some(ast::Receiver::Ref), vec![], this),
        "drop" => (Some(ast::Receiver::MutRef), vec![], Ty::Unit),
        "eq" => (
            Some(ast::Receiver::Ref),
            vec![Ty::shared_ref(this)],
            Ty::Bool,
        ),
        "cmp" => (
            Some(ast::Receiver::Ref),
            vec![Ty::shared_ref(this)],
            Ty::Error,
        ),
        "hash" => (Some(ast::Receiver::Ref), vec![], Ty::I64),
        "default" => (None, vec![], this),
        "to_string" => (Some(ast::Receiver::Ref), vec![], Ty::Str),
        _ => (Some(ast::Receiver::MutRef), vec![], Ty::Error),
    };
    BehaviorSig {
        name: name.to_string(),
        receiver,
        params,
        ret,
        default: None,
    }
}

/// Resolves the method signatures of user behaviors and the `Ordering` result of `Ord::cmp`.
fn define_behaviors(ctx: &mut Ctx) {
    if let (Some(Def::Adt(ord)), Some(&b)) = (
        ctx.prelude.get("Ordering").copied(),
        ctx.builtin_behaviors.get("Ord"),
    ) {
        for s in &mut ctx.behavior_sigs[b] {
            if s.name == "cmp" {
                s.ret = Ty::Adt(ord, Vec::new());
            }
        }
    }
    ctx.behavior_supers = vec![Vec::new(); ctx.program.behaviors.len()];
    if let (Some(&eq), Some(&partial), Some(&ord)) = (
        ctx.builtin_behaviors.get("Eq"),
        ctx.builtin_behaviors.get("PartialEq"),
        ctx.builtin_behaviors.get("Ord"),
    ) {
        ctx.behavior_supers[eq].push(partial);
        ctx.behavior_supers[ord].push(partial);
    }
    let modules = ctx.modules;
    let mut id = BUILTIN_BEHAVIORS.len();
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let ItemKind::Behavior(b) = &item.kind else {
                continue;
            };
            if !b.generics.is_empty() {
                unsupported(ctx, b.name.span, "generic behaviors");
            }
            let this = Ty::Param(THIS_PARAM);
            let mut sigs = Vec::new();
            let mut diags = Vec::new();
            for mem in &b.members {
                match mem {
                    ast::BehaviorMember::Func(f) => {
                        let gnames: Vec<String> =
                            f.generics.iter().map(|g| g.name.name.clone()).collect();
                        let scope = TyScope {
                            module: m,
                            generics: &gnames,
                            this: Some(&this),
                            local_consts: &[],
                        };
                        let params = f
                            .params
                            .iter()
                            .map(|p| types::resolve(ctx, scope, &p.ty, &mut diags))
                            .collect();
                        let ret = f
                            .ret
                            .as_ref()
                            .map(|t| types::resolve(ctx, scope, t, &mut diags))
                            .unwrap_or(Ty::Unit);
                        sigs.push(BehaviorSig {
                            name: f.name.name.clone(),
                            receiver: f.receiver.map(|r| r.0),
                            params,
                            ret,
                            default: f.body.as_ref().map(|_| (m, f)),
                        });
                    }
                    ast::BehaviorMember::AssocType(n, _) => diags.push(Diagnostic::error(
                        "E0101",
                        "associated types are not supported yet",
                        n.span,
                        "not supported",
                    )),
                }
            }
            ctx.diags.extend(diags);
            if let Some(slot) = ctx.behavior_sigs.get_mut(id) {
                *slot = sigs;
            }
            let supers: Vec<usize> = b
                .supers
                .iter()
                .filter_map(|p| resolve_behavior(ctx, m, p))
                .collect();
            if let Some(slot) = ctx.behavior_supers.get_mut(id) {
                *slot = supers;
            }
            id += 1;
        }
    }
}

fn unsupported(ctx: &mut Ctx, span: Span, what: &str) {
    ctx.emit(Diagnostic::error(
        "E0101",
        format!("{what} are not supported yet"),
        span,
        "not supported by this compiler version",
    ));
}

fn new_adt(
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
        generics: generics
            .iter()
            .map(|g| GenericParamDef {
                name: g.name.name.clone(),
                bounds: Vec::new(),
            })
            .collect(),
        kind,
        is_copy,
        drop_fn: None,
    });
    ctx.adts.push(AdtInfo {
        module: m,
        defaults: Vec::new(),
        field_pub: Vec::new(),
        derives,
    });
    ctx.program.adts.len() - 1
}

fn check_item_decorators(ctx: &mut Ctx, item: &ast::Item) {
    let is_fn = matches!(item.kind, ItemKind::Func(_));
    let is_adt = matches!(item.kind, ItemKind::Struct(_) | ItemKind::Enum(_));
    let has_test = item.decorators.iter().any(|d| d.name.name == "test");
    for d in &item.decorators {
        let n = d.name.name.as_str();
        let ok = match n {
            "test" => is_fn,
            "should_panic" | "ignore" => is_fn && has_test,
            "derive" => is_adt,
            "value" => matches!(item.kind, ItemKind::Class(_)),
            _ => IGNORED_DECORATORS.contains(&n),
        };
        if !ok {
            let known = matches!(n, "test" | "should_panic" | "ignore" | "derive" | "value");
            let msg = if known {
                format!("misplaced decorator `@{n}`")
            } else {
                format!("unknown decorator `@{n}`")
            };
            ctx.emit(Diagnostic::error(
                "E0108",
                msg,
                d.span,
                if known {
                    "not allowed here"
                } else {
                    "unknown decorator"
                },
            ));
        }
    }
}

fn resolve_uses(ctx: &mut Ctx) {
    let modules = ctx.modules;
    for (m, module) in modules.iter().enumerate() {
        for u in &module.ast.uses {
            let path: Vec<String> = u.path.iter().map(|i| i.name.clone()).collect();
            let Some(first) = path.first() else { continue };
            if matches!(first.as_str(), "std" | "core" | "test") {
                check_std_use(ctx, u, &path);
                continue;
            }
            let find = |p: &[String]| {
                modules
                    .iter()
                    .position(|mi| mi.kind == ModuleKind::User && mi.path == p)
            };
            let last = u.path.last().map(|i| i.span).unwrap_or(u.span);
            match &u.kind {
                ast::UseKind::Single { alias } => {
                    let bind = alias
                        .as_ref()
                        .map(|a| a.name.clone())
                        .unwrap_or_else(|| path[path.len() - 1].clone());
                    if let Some(target) = find(&path) {
                        ctx.scopes[m].insert(bind, Def::Module(target));
                    } else if let Some(target) = find(&path[..path.len() - 1]) {
                        import(ctx, m, target, &path[path.len() - 1], bind, last);
                    } else {
                        not_found(ctx, &path, u.span);
                    }
                }
                ast::UseKind::Glob => match find(&path) {
                    Some(target) => {
                        let names: Vec<String> = public_names(ctx, target);
                        for n in names {
                            import(ctx, m, target, &n, n.clone(), u.span);
                        }
                    }
                    None => not_found(ctx, &path, u.span),
                },
                ast::UseKind::List(items) => match find(&path) {
                    Some(target) => {
                        for (name, alias) in items {
                            let bind = alias.as_ref().unwrap_or(name).name.clone();
                            import(ctx, m, target, &name.name, bind, name.span);
                        }
                    }
                    None => not_found(ctx, &path, u.span),
                },
            }
        }
    }
}

fn public_names(ctx: &Ctx, module: usize) -> Vec<String> {
    ctx.modules[module]
        .ast
        .items
        .iter()
        .filter(|i| i.vis == Visibility::Pub)
        .filter_map(|i| match &i.kind {
            ItemKind::Func(f) => Some(f.name.name.clone()),
            ItemKind::Const(c) => Some(c.name.name.clone()),
            ItemKind::Struct(s) => Some(s.name.name.clone()),
            ItemKind::Enum(e) => Some(e.name.name.clone()),
            ItemKind::Alias(a) => Some(a.name.name.clone()),
            ItemKind::Behavior(b) => Some(b.name.name.clone()),
            _ => None,
        })
        .collect()
}

fn import(ctx: &mut Ctx, into: usize, from: usize, name: &str, bind: String, span: Span) {
    match ctx.scopes[from].get(name).copied() {
        Some(def) => {
            if !ctx.is_public(from, name) {
                ctx.emit(ctx.private("item", name, span));
            }
            ctx.scopes[into].insert(bind, def);
        }
        None => ctx.emit(Diagnostic::error(
            "E0100",
            format!(
                "cannot find `{name}` in module `{}`",
                ctx.modules[from].path.join("::")
            ),
            span,
            "not found",
        )),
    }
}

fn not_found(ctx: &mut Ctx, path: &[String], span: Span) {
    ctx.emit(Diagnostic::error(
        "E0104",
        format!("module `{}` not found", path.join("::")),
        span,
        "no such module",
    ));
}

/// Standard `use` paths accepted for compatibility (LANGUAGE.md §12.3).
const STD_PATHS: &[&str] = &[
    "core::str",
    "core::mem",
    "core::ptr",
    "core::cell",
    "core::alloc",
    "core::arena",
    "core::pool",
    "core::option",
    "core::result",
    "core::cmp",
    "core::fmt",
    "core::iter",
    "std::collections",
    "std::collections::list",
    "std::collections::hashmap",
    "std::alloc",
    "std::sync",
    "std::shared",
    "std::cell",
];

fn check_std_use(ctx: &mut Ctx, u: &ast::UseDecl, path: &[String]) {
    if path[0] == "test" {
        return;
    }
    let joined = path.join("::");
    let prelude_items: Vec<&str> = match &u.kind {
        ast::UseKind::Single { .. } if path.len() > 1 => vec![path[path.len() - 1].as_str()],
        ast::UseKind::List(items) => items.iter().map(|(n, _)| n.name.as_str()).collect(),
        _ => Vec::new(),
    };
    let items_ok =
        !prelude_items.is_empty() && prelude_items.iter().all(|n| ctx.prelude.contains_key(*n));
    let parent = if path.len() > 1 && matches!(u.kind, ast::UseKind::Single { .. }) {
        path[..path.len() - 1].join("::")
    } else {
        joined.clone()
    };
    if !(items_ok || STD_PATHS.contains(&joined.as_str()) || STD_PATHS.contains(&parent.as_str())) {
        ctx.emit(Diagnostic::error(
            "E0104",
            format!("module `{joined}` is not available in TML core"),
            u.span,
            "not available in TML core",
        ));
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
        let scope = TyScope {
            module: self.module,
            generics: &[],
            this: None,
            local_consts: &[],
        };
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
                format!(
                    "cycle detected when evaluating constant `{}`",
                    ctx.consts[j].decl.name.name
                ),
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
            let msg = format!(
                "type mismatch: expected `{}`, found `{}`",
                ctx.ty_name(&d, &[]),
                ctx.ty_name(&t, &[])
            );
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

fn generic_defs(
    ctx: &mut Ctx,
    module: usize,
    generics: &[ast::GenericParam],
    where_clause: &[ast::WherePred],
    offset: &[GenericParamDef],
) -> Vec<GenericParamDef> {
    let mut out: Vec<GenericParamDef> = offset.to_vec();
    for g in generics {
        let bounds = g
            .bounds
            .iter()
            .filter_map(|b| resolve_behavior(ctx, module, b))
            .collect();
        out.push(GenericParamDef {
            name: g.name.name.clone(),
            bounds,
        });
    }
    for w in where_clause {
        let target = match &w.ty.kind {
            ast::TypeKind::Path(p) if p.segments.len() == 1 => {
                out.iter().rposition(|g| g.name == p.segments[0].name.name)
            }
            _ => None,
        };
        match target {
            Some(i) => {
                let bs: Vec<usize> = w
                    .bounds
                    .iter()
                    .filter_map(|b| resolve_behavior(ctx, module, b))
                    .collect();
                out[i].bounds.extend(bs);
            }
            None => ctx.emit(Diagnostic::error(
                "E0101",
                "`where` predicates must name a type parameter",
                w.span,
                "unsupported predicate",
            )),
        }
    }
    out
}

/// Resolves a behavior path (`Display`).
pub fn resolve_behavior(ctx: &mut Ctx, module: usize, p: &ast::PathType) -> Option<usize> {
    let name = p.segments.last()?.name.name.clone();
    match ctx.lookup(module, &name) {
        Some(Def::Behavior(b)) => Some(b),
        _ => {
            ctx.emit(Diagnostic::error(
                "E0101",
                format!("cannot find behavior `{name}` in this scope"),
                p.span,
                "not found in this scope",
            ));
            None
        }
    }
}

fn define_adts(ctx: &mut Ctx) {
    let modules = ctx.modules;
    let mut id = 0;
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let (name, generics) = match &item.kind {
                ItemKind::Struct(s) => (&s.name, &s.generics),
                ItemKind::Enum(e) => (&e.name, &e.generics),
                _ => continue,
            };
            let gdefs = generic_defs(ctx, m, generics, &[], &[]);
            let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
            let this = Ty::Adt(id, (0..gnames.len() as u32).map(Ty::Param).collect());
            let scope = TyScope {
                module: m,
                generics: &gnames,
                this: Some(&this),
                local_consts: &[],
            };
            let mut diags = Vec::new();
            let field = |f: &ast::FieldDecl, diags: &mut Vec<Diagnostic>| FieldDef {
                name: f.name.name.clone(),
                ty: types::resolve(ctx, scope, &f.ty, diags),
                span: f.span,
            };
            let (kind, defaults) = match &item.kind {
                ItemKind::Struct(s) => (
                    AdtKind::Struct(s.fields.iter().map(|f| field(f, &mut diags)).collect()),
                    s.fields.iter().map(|f| f.default.as_ref()).collect(),
                ),
                ItemKind::Enum(e) => {
                    let mut next = 0i64;
                    let mut vs = Vec::new();
                    for v in &e.variants {
                        let fields = match &v.kind {
                            ast::VariantKind::Unit => Vec::new(),
                            ast::VariantKind::Tuple(ts) => ts
                                .iter()
                                .enumerate()
                                .map(|(i, t)| FieldDef {
                                    name: i.to_string(),
                                    ty: types::resolve(ctx, scope, t, &mut diags),
                                    span: t.span,
                                })
                                .collect(),
                            ast::VariantKind::Struct(fs) => {
                                fs.iter().map(|f| field(f, &mut diags)).collect()
                            }
                        };
                        if let Some(d) = &v.discriminant {
                            if let Some((CVal::Int(x), _)) =
                                types::eval_const(ctx, scope, d, Some(&Ty::I64), &mut diags)
                            {
                                next = x as i64;
                            }
                        }
                        vs.push(VariantDef {
                            name: v.name.name.clone(),
                            fields,
                            discriminant: next,
                            span: v.span,
                        });
                        next = next.wrapping_add(1);
                    }
                    (AdtKind::Enum(vs), Vec::new())
                }
                _ => continue,
            };
            ctx.diags.extend(diags);
            let fieldless =
                matches!(&kind, AdtKind::Enum(vs) if vs.iter().all(|v| v.fields.is_empty()));
            let adt = &mut ctx.program.adts[id];
            adt.generics = gdefs;
            adt.kind = kind;
            adt.is_copy |= fieldless;
            ctx.adts[id].defaults = defaults;
            if let ItemKind::Struct(s) = &item.kind {
                ctx.adts[id].field_pub =
                    s.fields.iter().map(|f| f.vis == Visibility::Pub).collect();
            }
            if fieldless {
                for d in ["Copy", "PartialEq", "Eq", "Hash"] {
                    ctx.adts[id].derives.push(d.to_string());
                }
            }
            let _ = name;
            id += 1;
        }
    }
    for id in 0..ctx.program.adts.len() {
        check_copy(ctx, id);
    }
}

fn check_copy(ctx: &mut Ctx, id: AdtId) {
    let adt = &ctx.program.adts[id];
    if !adt.is_copy {
        return;
    }
    let generics = adt.generics.clone();
    let args: Vec<Ty> = (0..generics.len() as u32).map(Ty::Param).collect();
    let bad = traits::adt_field_types(&ctx.program, id, &args)
        .into_iter()
        .find(|t| {
            !matches!(t, Ty::Param(_))
                && t.is_concrete()
                && !traits::is_copy(&ctx.program, t, &generics)
        });
    if let Some(t) = bad {
        let name = ctx.ty_name(&t, &generics);
        let adt = &ctx.program.adts[id];
        let d = Diagnostic::error(
            "E0212",
            format!("the type `{}` cannot be Copy", adt.name),
            adt.span,
            format!("field of type `{name}` is not Copy"),
        );
        ctx.program.adts[id].is_copy = false;
        ctx.emit(d);
    }
}

fn collect_impls(ctx: &mut Ctx) {
    let modules = ctx.modules;
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            if let ItemKind::Impl(imp) = &item.kind {
                collect_impl(ctx, m, imp, item.span);
            }
        }
    }
}

fn collect_impl<'a>(ctx: &mut Ctx<'a>, m: usize, imp: &'a ast::ImplDecl, span: Span) {
    let gdefs = generic_defs(ctx, m, &imp.generics, &imp.where_clause, &[]);
    let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
    let mut diags = Vec::new();
    let self_ty = types::resolve(
        ctx,
        TyScope {
            module: m,
            generics: &gnames,
            this: None,
            local_consts: &[],
        },
        &imp.self_ty,
        &mut diags,
    );
    ctx.diags.extend(diags);
    if self_ty == Ty::Error {
        return;
    }
    let behavior = match &imp.behavior {
        Some(p) => match resolve_behavior(ctx, m, p) {
            Some(b) => Some(b),
            None => return,
        },
        None => None,
    };
    if behavior.is_none() && !matches!(self_ty, Ty::Adt(..)) {
        ctx.emit(Diagnostic::error(
            "E0218",
            "inherent impls are only allowed for types declared in the program",
            imp.self_ty.span,
            "impl not allowed for this type",
        ));
        return;
    }
    let self_name = ctx.ty_name(&self_ty, &gdefs);
    let prefix = match behavior {
        Some(b) => format!("{} for {self_name}", ctx.program.behaviors[b].name),
        None => self_name,
    };
    let mut provided: Vec<(String, FnId, Span)> = Vec::new();
    for mem in &imp.members {
        let f = match &mem.kind {
            ast::ImplMemberKind::Func(f) => f,
            ast::ImplMemberKind::AssocType(n, _) => {
                ctx.emit(Diagnostic::error(
                    "E0101",
                    "associated types are not supported yet",
                    n.span,
                    "not supported",
                ));
                continue;
            }
        };
        if provided.iter().any(|p| p.0 == f.name.name)
            || (behavior.is_none() && !ctx.find_methods(&self_ty, &f.name.name).is_empty())
        {
            ctx.emit(Diagnostic::error(
                "E0102",
                format!("duplicate definition of method `{}`", f.name.name),
                f.name.span,
                "duplicate definition",
            ));
            continue;
        }
        let id = new_fn(ctx, format!("{prefix}::{}", f.name.name), f.name.span);
        ctx.program.fns[id].generics = gdefs.clone();
        ctx.fns.push(FnInfo {
            module: m,
            decl: Some(f),
            self_ty: Some(self_ty.clone()),
            receiver: f.receiver.map(|r| r.0),
            param_spans: Vec::new(),
            ret_span: None,
            is_lowlevel: f.is_lowlevel,
        });
        ctx.methods
            .entry(super::ctx::method_key(&self_ty))
            .or_default()
            .push(MethodEntry {
                name: f.name.name.clone(),
                fn_id: id,
                behavior,
                is_pub: behavior.is_some() || mem.vis == Visibility::Pub,
            });
        provided.push((f.name.name.clone(), id, f.name.span));
    }
    let Some(b) = behavior else { return };
    let bname = ctx.program.behaviors[b].name.clone();
    match (bname.as_str(), &self_ty) {
        ("Copy", Ty::Adt(id, _)) if ctx.builtin_behaviors.get("Copy") == Some(&b) => {
            ctx.program.adts[*id].is_copy = true;
            ctx.adts[*id].derives.push("Copy".into());
            check_copy(ctx, *id);
        }
        ("Drop", Ty::Adt(id, _)) if ctx.builtin_behaviors.get("Drop") == Some(&b) => {
            ctx.program.adts[*id].drop_fn = provided.iter().find(|p| p.0 == "drop").map(|p| p.1);
        }
        (_, Ty::Adt(id, _)) => ctx.adts[*id].derives.push(bname.clone()),
        _ => {}
    }
    let wanted: Vec<String> = ctx.program.behaviors[b]
        .methods
        .iter()
        .map(|m| m.name.clone())
        .collect();
    let mut methods = Vec::new();
    for (k, w) in wanted.iter().enumerate() {
        let sig = ctx.behavior_sigs.get(b).and_then(|s| s.get(k)).cloned();
        if let (Some(p), Some(sig)) = (provided.iter().find(|p| &p.0 == w), &sig) {
            let decl = ctx.fns[p.1].decl;
            let shape_ok = decl.is_some_and(|d| {
                d.receiver.map(|r| r.0) == sig.receiver && d.params.len() == sig.params.len()
            });
            if !shape_ok {
                ctx.emit(Diagnostic::error(
                    "E0213",
                    format!("method `{w}` does not match its declaration in `{bname}`"),
                    p.2,
                    "receiver or parameter count differs",
                ));
            }
        }
        match (
            provided.iter().find(|p| &p.0 == w),
            sig.and_then(|s| s.default),
        ) {
            (Some(p), _) => methods.push(p.1),
            (None, Some((bm, f))) => {
                let id = new_fn(ctx, format!("{prefix}::{w}"), f.name.span);
                ctx.program.fns[id].generics = gdefs.clone();
                ctx.fns.push(FnInfo {
                    module: bm,
                    decl: Some(f),
                    self_ty: Some(self_ty.clone()),
                    receiver: f.receiver.map(|r| r.0),
                    param_spans: Vec::new(),
                    ret_span: None,
                    is_lowlevel: f.is_lowlevel,
                });
                ctx.methods
                    .entry(super::ctx::method_key(&self_ty))
                    .or_default()
                    .push(MethodEntry {
                        name: w.clone(),
                        fn_id: id,
                        behavior: Some(b),
                        is_pub: true,
                    });
                methods.push(id);
            }
            (None, None) => ctx.emit(Diagnostic::error(
                "E0213",
                format!("not all items of `{bname}` are implemented: missing `{w}`"),
                span,
                format!("missing `{w}` in implementation"),
            )),
        }
    }
    for p in provided.iter().filter(|p| !wanted.contains(&p.0)) {
        ctx.emit(Diagnostic::error(
            "E0213",
            format!("method `{}` is not a member of behavior `{bname}`", p.0),
            p.2,
            format!("not a member of `{bname}`"),
        ));
    }
    if methods.len() == wanted.len() {
        ctx.program.impls.push(hir::ImplDef {
            behavior: b,
            generics: gdefs,
            self_ty,
            methods,
            span,
        });
    }
}

/// E0203 for impls of behaviors whose required behaviors the type does not implement.
fn check_supers(ctx: &mut Ctx) {
    let mut errs = Vec::new();
    for imp in &ctx.program.impls {
        for &s in ctx.behavior_supers.get(imp.behavior).into_iter().flatten() {
            if !ctx.implements(&imp.self_ty, s, &imp.generics) {
                let (b, t, sn) = (
                    &ctx.program.behaviors[imp.behavior].name,
                    ctx.ty_name(&imp.self_ty, &imp.generics),
                    &ctx.program.behaviors[s].name,
                );
                errs.push(Diagnostic::error(
                    "E0203",
                    format!("`{b}` requires `{sn}`, which is not implemented for `{t}`"),
                    imp.span,
                    format!("`{t}` does not implement `{sn}`"),
                ));
            }
        }
    }
    ctx.diags.extend(errs);
}

fn define_fns(ctx: &mut Ctx) {
    for id in 0..ctx.fns.len() {
        let info = ctx.fns[id].clone();
        let Some(decl) = info.decl else { continue };
        let outer = ctx.program.fns[id].generics.clone();
        let gdefs = generic_defs(ctx, info.module, &decl.generics, &decl.where_clause, &outer);
        let gnames: Vec<String> = gdefs.iter().map(|g| g.name.clone()).collect();
        let scope = TyScope {
            module: info.module,
            generics: &gnames,
            this: info.self_ty.as_ref(),
            local_consts: &[],
        };
        let mut diags = Vec::new();
        let mut params = Vec::new();
        let mut spans = Vec::new();
        if let Some((r, rspan)) = decl.receiver {
            match &info.self_ty {
                Some(t) => {
                    params.push(match r {
                        ast::Receiver::Ref => Ty::shared_ref(t.clone()),
                        ast::Receiver::MutRef => Ty::mut_ref(t.clone()),
                        ast::Receiver::Value => t.clone(),
                    });
                    spans.push(rspan);
                }
                None => diags.push(Diagnostic::error(
                    "E0109",
                    "`this` parameter is only allowed in methods",
                    rspan,
                    "not a method",
                )),
            }
        }
        for p in &decl.params {
            params.push(types::resolve(ctx, scope, &p.ty, &mut diags));
            spans.push(p.ty.span);
        }
        let ret = decl
            .ret
            .as_ref()
            .map(|t| types::resolve(ctx, scope, t, &mut diags))
            .unwrap_or(Ty::Unit);
        ctx.diags.extend(diags);
        let f = &mut ctx.program.fns[id];
        f.generics = gdefs;
        f.params = params;
        f.ret = ret;
        ctx.fns[id].param_spans = spans;
        ctx.fns[id].ret_span = decl.ret.as_ref().map(|t| t.span);
        if decl.body.is_none() {
            ctx.emit(Diagnostic::error(
                "E0200",
                format!("function `{}` has no body", decl.name.name),
                decl.span,
                "missing body",
            ));
        }
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
        if !def.generics.is_empty()
            || !def.params.is_empty()
            || f.receiver.is_some()
            || !(def.ret.is_unit() || returns_i32)
        {
            ctx.emit(Diagnostic::error(
                "E0215",
                format!("invalid signature for test function `{}`", f.name.name),
                f.span,
                "a test takes no parameters and returns `Unit` or `I32`",
            ));
            continue;
        }
        let should_panic = item
            .decorators
            .iter()
            .find(|d| d.name.name == "should_panic")
            .map(|d| {
                d.args.iter().find_map(|a| match &a.value {
                    ast::DecoratorValue::Str(s) => Some(s.clone()),
                    _ => None,
                })
            });
        let ignored = item.decorators.iter().any(|d| d.name.name == "ignore");
        let span = f.name.span;
        let call = hir::Expr {
            kind: hir::ExprKind::Call {
                callee: hir::Callee::Fn {
                    id,
                    ty_args: Vec::new(),
                },
                args: Vec::new(),
                site: span,
            },
            ty: def.ret.clone(),
            span,
        };
        let value = if returns_i32 {
            call
        } else {
            let zero = hir::Expr {
                kind: hir::ExprKind::Lit(hir::Const::Int(0)),
                ty: Ty::I32,
                span,
            };
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
        w.body = Some(hir::Body {
            locals: Vec::new(),
            params: Vec::new(),
            value,
        });
        ctx.program.tests.push(hir::TestDef {
            name: f.name.name.clone(),
            wrapper,
            should_panic,
            ignored,
        });
    }
}
