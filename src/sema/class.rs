//! Collection of classes and interfaces (LANGUAGE.md §9).
//!
//! * An interface is a behavior ([`hir::BehaviorDef`]); its name used as a type means
//!   `dyn Interface`.
//! * Every class gets a struct ADT with the class's name. For a reference class it is the
//!   object layout (`[__vtable: *Unit | root fields | … | own fields]`, MEMORY.md §10.1) and the
//!   class type is [`Ty::Class`]; a `@value` class is that struct itself (its own fields only).
//! * Methods are functions on `This` = the class type; `drop` is the level's destructor.
//!   Constructors are two functions: an initialiser `(this: mut ref C, params…)` that runs the
//!   `base:` initialiser, the field defaults and the body, and `new(params…) -> C` that creates
//!   the object ([`hir::Intrinsic::ClassNew`]) and runs the initialiser (bodies built by
//!   `check::class`).
//! * Interfaces a class implements (also inherited ones) become [`hir::ImplDef`]s for the class
//!   type whose methods are found in the class and its ancestors, or are the interface's
//!   default bodies instantiated for the class. A virtual class method is entered as a
//!   [`Thunk`] that calls it through the object's vtable, so an interface value made from a
//!   base-typed value still reaches the dynamic class's override.

use super::collect::{self, new_fn};
use super::ctx::{Ctx, Def, FnInfo, MethodEntry};
use super::hir::{self, AdtKind, ClassDef, FieldDef, StaticDef};
use super::items::resolve_behavior;
use super::ty::{AdtId, BehaviorId, FnId, Mutability, Ty};
use super::types::{self, TyScope};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, ClassMemberKind, ClassModifier, ItemKind, Visibility};
use std::collections::{HashMap, HashSet};

/// Source information on classes and interfaces, for the checker.
#[derive(Default)]
pub struct ClassTable<'a> {
    /// Every class (reference and `@value`) by its ADT id.
    pub classes: HashMap<AdtId, ClassInfo<'a>>,
    /// Constructor functions by id.
    pub ctors: HashMap<FnId, CtorInfo<'a>>,
    /// Abstract methods: functions with a signature and no body.
    pub abstract_fns: HashSet<FnId>,
    /// Behaviors declared with `interface`.
    pub interfaces: HashSet<BehaviorId>,
    /// Interface impl methods that forward to a virtual class method, by function id.
    pub thunks: HashMap<FnId, Thunk>,
}

/// An interface impl method of class `class` that calls virtual method `name` through the
/// object's vtable (its body is built by `check::class`).
pub struct Thunk {
    pub class: AdtId,
    pub name: String,
    /// The method found in the class or its ancestors (its signature is the thunk's).
    pub target: FnId,
}

/// One class.
pub struct ClassInfo<'a> {
    pub module: usize,
    pub decl: &'a ast::ClassDecl,
    pub is_value: bool,
    pub parent: Option<AdtId>,
    /// For every field of the class's ADT: the class that declares it and its visibility.
    pub fields: Vec<(AdtId, Visibility)>,
    /// Methods declared in the class body (`drop` excluded): name, function, modifiers,
    /// visibility.
    pub methods: Vec<(String, FnId, ast::MethodModifiers, Visibility)>,
    /// The `new` functions (see [`CtorInfo`]), any arity.
    pub ctors: Vec<FnId>,
    /// Static fields: name and index into `program.statics`.
    pub statics: Vec<(String, usize)>,
    /// For each virtual slot: the function whose signature callers use.
    pub slot_sigs: Vec<FnId>,
}

/// A constructor: the initialiser (`init`) and the creating `new` function share this info.
#[derive(Clone, Copy)]
pub struct CtorInfo<'a> {
    pub class: AdtId,
    /// `None` for the implicit zero-parameter constructor.
    pub decl: Option<&'a ast::Constructor>,
    /// Whether this function is the initialiser (else the creating `new`).
    pub is_init: bool,
    /// The initialiser (for `new`) or itself.
    pub init: FnId,
}

impl ClassTable<'_> {
    /// The class type of class `c` (`Ty::Class` or, for a value class, the struct).
    pub fn ty(&self, c: AdtId) -> Ty {
        match self.classes.get(&c) {
            Some(i) if i.is_value => Ty::Adt(c, Vec::new()),
            _ => Ty::Class(c),
        }
    }

    /// `c` and its ancestors, most-derived first.
    pub fn chain(&self, c: AdtId) -> Vec<AdtId> {
        let mut out = vec![c];
        while let Some(p) = self.classes.get(out.last().expect("non-empty")).and_then(|i| i.parent) {
            if out.contains(&p) {
                break;
            }
            out.push(p);
        }
        out
    }

    /// Whether `d` is `b` or a subclass of `b`.
    pub fn descends(&self, d: AdtId, b: AdtId) -> bool {
        self.chain(d).contains(&b)
    }

    /// The nearest declaration of method `name` in `c` or its ancestors.
    pub fn find_method(&self, c: AdtId, name: &str) -> Option<(AdtId, FnId, ast::MethodModifiers, Visibility)> {
        self.chain(c)
            .into_iter()
            .find_map(|l| self.classes[&l].methods.iter().find(|m| m.0 == name).map(|m| (l, m.1, m.2, m.3)))
    }
}

/// Registers the names of all classes (after the other items: class ADTs follow the struct and
/// enum ADTs) with a placeholder [`ClassDef`] for reference classes.
pub fn register<'a>(ctx: &mut Ctx<'a>, spans: &mut HashMap<(usize, String), Span>) {
    let modules = ctx.modules;
    for (m, module) in modules.iter().enumerate() {
        for item in &module.ast.items {
            let ItemKind::Class(c) = &item.kind else { continue };
            let is_value = item.decorators.iter().any(|d| d.name.name == "value");
            if !c.generics.is_empty() {
                collect::unsupported(ctx, c.name.span, "generic classes");
            }
            let id = collect::new_adt(ctx, m, &c.name, &[], AdtKind::Struct(Vec::new()), item);
            collect::define(ctx, m, &c.name, Def::Adt(id), item.vis == Visibility::Pub, spans);
            if !is_value {
                ctx.program.classes.insert(
                    id,
                    ClassDef {
                        name: c.name.name.clone(),
                        parent: None,
                        is_abstract: c.modifier == ClassModifier::Abstract,
                        own_fields: 0..0,
                        drop_fn: None,
                        vslots: Vec::new(),
                        interfaces: Vec::new(),
                    },
                );
            }
            ctx.classes.classes.insert(
                id,
                ClassInfo {
                    module: m,
                    decl: c,
                    is_value,
                    parent: None,
                    fields: Vec::new(),
                    methods: Vec::new(),
                    ctors: Vec::new(),
                    statics: Vec::new(),
                    slot_sigs: Vec::new(),
                },
            );
        }
    }
}

/// Class ids in declaration order.
fn class_ids(ctx: &Ctx) -> Vec<AdtId> {
    let mut ids: Vec<AdtId> = ctx.classes.classes.keys().copied().collect();
    ids.sort_unstable();
    ids
}

/// Resolves parents, fields, statics, methods, constructors and interface impls. Runs after
/// ADTs and behaviors are defined, before function signatures are resolved.
pub fn define(ctx: &mut Ctx) {
    let ids = class_ids(ctx);
    for &c in &ids {
        resolve_parent(ctx, c);
    }
    for c in topo_order(ctx, &ids) {
        define_fields(ctx, c);
        define_methods(ctx, c);
        define_ctors(ctx, c);
        implement_interfaces(ctx, c);
    }
}

/// Builds the vtables (needs the resolved method signatures).
pub fn finish(ctx: &mut Ctx) {
    let ids = class_ids(ctx);
    for c in topo_order(ctx, &ids) {
        build_vtable(ctx, c);
    }
    for imp in &ctx.program.impls {
        if let (Ty::Class(c), true) = (&imp.self_ty, imp.generics.is_empty()) {
            if let Some(d) = ctx.program.classes.get_mut(c) {
                if !d.interfaces.contains(&imp.behavior) {
                    d.interfaces.push(imp.behavior);
                }
            }
        }
    }
    let thunks: Vec<(FnId, AdtId, FnId)> = ctx.classes.thunks.iter().map(|(&f, t)| (f, t.class, t.target)).collect();
    for (f, c, target) in thunks {
        let this = ctx.classes.ty(c);
        let (params, ret) = (ctx.program.fns[target].params.clone(), ctx.program.fns[target].ret.clone());
        let recv = match params.first() {
            Some(Ty::Ref(m, _)) => Ty::Ref(*m, Box::new(this)),
            _ => this,
        };
        let def = &mut ctx.program.fns[f];
        def.params = std::iter::once(recv).chain(params.into_iter().skip(1)).collect();
        def.ret = ret;
    }
}

fn err(ctx: &mut Ctx, code: &'static str, msg: String, span: Span, label: &str) {
    ctx.emit(Diagnostic::error(code, msg, span, label));
}

/// `extends`: E0505 for sealed/value bases, E0506 for cycles.
fn resolve_parent(ctx: &mut Ctx, c: AdtId) {
    let info = &ctx.classes.classes[&c];
    let (m, decl, is_value) = (info.module, info.decl, info.is_value);
    let Some(p) = &decl.extends else { return };
    let span = p.span;
    let name = p.segments.last().map(|s| s.name.name.clone()).unwrap_or_default();
    let parent = match ctx.lookup(m, &name) {
        Some(Def::Adt(id)) if ctx.classes.classes.contains_key(&id) => id,
        _ => return err(ctx, "E0100", format!("cannot find class `{name}`"), span, "not a class"),
    };
    let pinfo = &ctx.classes.classes[&parent];
    if is_value || pinfo.is_value || pinfo.decl.modifier == ClassModifier::Sealed {
        let what = if is_value { "a `@value` class cannot extend another class" } else { "sealed or `@value` class" };
        return err(ctx, "E0505", format!("cannot extend class `{name}`"), span, what);
    }
    if let Some(i) = ctx.classes.classes.get_mut(&c) {
        i.parent = Some(parent);
    }
    if ctx.classes.chain(parent).contains(&c) || parent == c {
        let n = decl.name.name.clone();
        if let Some(i) = ctx.classes.classes.get_mut(&c) {
            i.parent = None;
        }
        return err(ctx, "E0506", format!("cyclic inheritance involving class `{n}`"), span, "cycle here");
    }
    if let Some(d) = ctx.program.classes.get_mut(&c) {
        d.parent = Some(parent);
    }
}

/// Parents before children.
fn topo_order(ctx: &Ctx, ids: &[AdtId]) -> Vec<AdtId> {
    let mut out: Vec<AdtId> = Vec::new();
    for &c in ids {
        for l in ctx.classes.chain(c).into_iter().rev() {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out
}

fn scope_for<'s>(module: usize, this: &'s Ty) -> TyScope<'s> {
    TyScope { module, generics: &[], this: Some(this), local_consts: &[] }
}

/// The object ADT's fields (inherited ones first), their defaults and the statics.
fn define_fields(ctx: &mut Ctx, c: AdtId) {
    let info = &ctx.classes.classes[&c];
    let (m, decl, is_value, parent) = (info.module, info.decl, info.is_value, info.parent);
    let this = ctx.classes.ty(c);
    let mut fields: Vec<FieldDef> = Vec::new();
    let mut defaults = Vec::new();
    let mut vis = Vec::new();
    if !is_value {
        match parent {
            Some(p) => {
                if let AdtKind::Struct(fs) = &ctx.program.adts[p].kind {
                    fields = fs.clone();
                }
                defaults = ctx.adts[p].defaults.clone();
                vis = ctx.classes.classes[&p].fields.clone();
            }
            None => {
                fields.push(FieldDef {
                    name: "__vtable".into(),
                    ty: Ty::Ptr(Box::new(Ty::Unit)),
                    span: decl.name.span,
                });
                defaults.push(None);
                vis.push((c, Visibility::Private));
            }
        }
    }
    let first_own = fields.len();
    let mut diags = Vec::new();
    let mut statics = Vec::new();
    for mem in &decl.members {
        let ClassMemberKind::Field { is_static, field } = &mem.kind else { continue };
        let ty = types::resolve(ctx, scope_for(m, &this), &field.ty, &mut diags);
        if *is_static {
            let init = field
                .default
                .as_ref()
                .and_then(|d| types::eval_const(ctx, scope_for(m, &this), d, Some(&ty), &mut diags));
            let init = match init.map(|(v, _)| v) {
                Some(super::consts::CVal::Int(v)) => Some(hir::Const::Int(v)),
                Some(super::consts::CVal::Bool(v)) => Some(hir::Const::Bool(v)),
                Some(super::consts::CVal::Float(v)) => Some(hir::Const::Float(v)),
                Some(super::consts::CVal::Char(v)) => Some(hir::Const::Char(v)),
                _ => None,
            };
            match init {
                Some(init) if super::traits::is_copy(&ctx.program, &ty, &[]) => {
                    let name = format!("{}::{}", decl.name.name, field.name.name);
                    ctx.program.statics.push(StaticDef { name, ty, init });
                    statics.push((field.name.name.clone(), ctx.program.statics.len() - 1));
                }
                _ => diags.push(Diagnostic::error(
                    "E0200",
                    format!("static field `{}` needs a `Copy` type and a constant initializer", field.name.name),
                    field.span,
                    "invalid static field",
                )),
            }
            continue;
        }
        if fields.iter().any(|f| f.name == field.name.name) {
            diags.push(Diagnostic::error(
                "E0102",
                format!("field `{}` is already declared", field.name.name),
                field.name.span,
                "duplicate field",
            ));
            continue;
        }
        fields.push(FieldDef { name: field.name.name.clone(), ty, span: field.span });
        defaults.push(field.default.as_ref());
        vis.push((c, mem.vis));
    }
    ctx.diags.extend(diags);
    let own = first_own..fields.len();
    if is_value {
        let copy = fields.iter().all(|f| super::traits::is_copy(&ctx.program, &f.ty, &[]));
        ctx.program.adts[c].is_copy = copy;
    }
    ctx.adts[c].field_pub = vis.iter().map(|(_, v)| *v != Visibility::Private).collect();
    ctx.adts[c].defaults = defaults;
    ctx.program.adts[c].kind = AdtKind::Struct(fields);
    if let Some(d) = ctx.program.classes.get_mut(&c) {
        d.own_fields = own;
    }
    let info = ctx.classes.classes.get_mut(&c).expect("registered class");
    info.fields = vis;
    info.statics = statics;
}

/// Registers the methods of the class body (and its destructor).
fn define_methods(ctx: &mut Ctx, c: AdtId) {
    let info = &ctx.classes.classes[&c];
    let (m, decl) = (info.module, info.decl);
    let this = ctx.classes.ty(c);
    let name = decl.name.name.clone();
    let mut methods = Vec::new();
    for mem in &decl.members {
        let ClassMemberKind::Method { modifiers, func } = &mem.kind else { continue };
        let id = new_fn(ctx, format!("{name}::{}", func.name.name), func.name.span);
        ctx.fns.push(FnInfo {
            module: m,
            decl: Some(func),
            self_ty: Some(this.clone()),
            receiver: func.receiver.map(|r| r.0),
            param_spans: Vec::new(),
            ret_span: None,
            is_lowlevel: func.is_lowlevel,
        });
        if func.body.is_none() {
            ctx.classes.abstract_fns.insert(id);
            if !modifiers.is_abstract {
                err(ctx, "E0200", format!("method `{}` has no body", func.name.name), func.span, "missing body");
            }
        }
        if modifiers.is_abstract && decl.modifier != ClassModifier::Abstract {
            err(
                ctx,
                "E0503",
                format!("abstract method `{}` in non-abstract class `{name}`", func.name.name),
                func.name.span,
                "abstract method here",
            );
        }
        if func.name.name == "drop" && !modifiers.is_static {
            match ctx.program.classes.get_mut(&c) {
                Some(d) => d.drop_fn = Some(id),
                None => ctx.program.adts[c].drop_fn = Some(id),
            }
            continue;
        }
        if methods.iter().any(|x: &(String, FnId, ast::MethodModifiers, Visibility)| x.0 == func.name.name) {
            err(
                ctx,
                "E0102",
                format!("duplicate definition of method `{}`", func.name.name),
                func.name.span,
                "duplicate definition",
            );
            continue;
        }
        ctx.methods.entry(super::ctx::method_key(&this)).or_default().push(MethodEntry {
            name: func.name.name.clone(),
            fn_id: id,
            behavior: None,
            is_pub: mem.vis == Visibility::Pub,
        });
        methods.push((func.name.name.clone(), id, *modifiers, mem.vis));
    }
    ctx.classes.classes.get_mut(&c).expect("registered class").methods = methods;
}

/// Creates the initialiser and `new` functions of every constructor (and the implicit one).
fn define_ctors(ctx: &mut Ctx, c: AdtId) {
    let info = &ctx.classes.classes[&c];
    let (m, decl) = (info.module, info.decl);
    let this = ctx.classes.ty(c);
    let name = decl.name.name.clone();
    let mut decls: Vec<Option<&ast::Constructor>> = decl
        .members
        .iter()
        .filter_map(|mem| match &mem.kind {
            ClassMemberKind::Constructor(k) => Some(k),
            _ => None,
        })
        .map(Some)
        .collect();
    let own = ctx.program.classes.get(&c).map(|d| d.own_fields.clone());
    let own = own.unwrap_or(0..ctx.adts[c].defaults.len());
    if decls.is_empty() && own.clone().all(|i| ctx.adts[c].defaults.get(i).is_some_and(|d| d.is_some())) {
        decls.push(None);
    }
    let mut ids = Vec::new();
    for k in decls {
        let mut diags = Vec::new();
        let params: Vec<Ty> = k
            .map(|k| k.params.iter().map(|p| types::resolve(ctx, scope_for(m, &this), &p.ty, &mut diags)).collect())
            .unwrap_or_default();
        ctx.diags.extend(diags);
        let span = k.map_or(decl.name.span, |k| k.span);
        if ids.iter().any(|&f: &FnId| ctx.program.fns[f].params.len() == params.len()) {
            err(ctx, "E0102", format!("duplicate constructor of `{name}` with this arity"), span, "duplicate");
            continue;
        }
        let init = new_fn(ctx, format!("{name}::new#init"), span);
        let new = new_fn(ctx, format!("{name}::new"), span);
        for (f, is_init) in [(init, true), (new, false)] {
            ctx.fns.push(FnInfo {
                module: m,
                decl: None,
                self_ty: Some(this.clone()),
                receiver: is_init.then_some(ast::Receiver::MutRef),
                param_spans: k.map(|k| k.params.iter().map(|p| p.ty.span).collect()).unwrap_or_default(),
                ret_span: None,
                is_lowlevel: false,
            });
            let def = &mut ctx.program.fns[f];
            if is_init {
                def.params =
                    std::iter::once(Ty::Ref(Mutability::Mut, Box::new(this.clone()))).chain(params.clone()).collect();
                def.ret = Ty::Unit;
                ctx.fns[f].param_spans.insert(0, span);
            } else {
                def.params = params.clone();
                def.ret = this.clone();
            }
            ctx.classes.ctors.insert(f, CtorInfo { class: c, decl: k, is_init, init });
        }
        ids.push(new);
    }
    ctx.classes.classes.get_mut(&c).expect("registered class").ctors = ids;
}

/// The vtable slots: inherited ones, overrides replacing them, new virtual methods appended.
/// E0501/E0502/E0503 and W0004.
fn build_vtable(ctx: &mut Ctx, c: AdtId) {
    let info = &ctx.classes.classes[&c];
    let (parent, decl, methods) = (info.parent, info.decl, info.methods.clone());
    if info.is_value {
        for (n, f, md, _) in &methods {
            if md.is_virtual || md.is_abstract || md.is_override {
                let span = ctx.program.fns[*f].span;
                err(ctx, "E0501", format!("`@value` class method `{n}` cannot be virtual"), span, "not allowed");
            }
        }
        return;
    }
    let (mut slots, mut sigs) = match parent {
        Some(p) => (ctx.program.classes[&p].vslots.clone(), ctx.classes.classes[&p].slot_sigs.clone()),
        None => (Vec::new(), Vec::new()),
    };
    for (n, f, md, _) in &methods {
        let span = ctx.program.fns[*f].span;
        let inherited = slots.iter().position(|s| &s.0 == n);
        let body = (!ctx.classes.abstract_fns.contains(f)).then_some(*f);
        match (inherited, md.is_override) {
            (Some(k), true) => {
                let want = &ctx.program.fns[sigs[k]];
                let got = &ctx.program.fns[*f];
                if want.params.len() != got.params.len() || want.params[1..] != got.params[1..] || want.ret != got.ret {
                    err(
                        ctx,
                        "E0501",
                        format!("`{n}` does not match the signature of the method it overrides"),
                        span,
                        "signature differs",
                    );
                }
                slots[k].1 = body;
            }
            (None, true) => err(
                ctx,
                "E0501",
                format!("method `{n}` has no virtual or abstract method to override"),
                span,
                "nothing to override",
            ),
            (Some(_), false) => err(
                ctx,
                "E0502",
                format!("method `{n}` overrides a virtual method but is not marked `override`"),
                span,
                "add `override`",
            ),
            (None, false) if md.is_virtual || md.is_abstract => {
                slots.push((n.clone(), body));
                sigs.push(*f);
            }
            (None, false) => {
                if let Some(p) = parent {
                    if !md.is_static && ctx.classes.find_method(p, n).is_some() {
                        ctx.emit(Diagnostic::warning(
                            "W0004",
                            format!("method `{n}` hides a non-virtual method of a base class"),
                            span,
                            "hides the base class method",
                        ));
                    }
                }
            }
        }
    }
    if decl.modifier != ClassModifier::Abstract {
        for (n, _) in slots.iter().filter(|s| s.1.is_none()) {
            let cname = &decl.name.name;
            err(
                ctx,
                "E0503",
                format!("class `{cname}` does not implement abstract method `{n}`"),
                decl.name.span,
                "missing implementation",
            );
        }
    }
    if let Some(d) = ctx.program.classes.get_mut(&c) {
        d.vslots = slots;
    }
    ctx.classes.classes.get_mut(&c).expect("registered class").slot_sigs = sigs;
}

/// `impl Drop for T` with destructor `drop` (function and span): records it as the drop
/// function of `T`; for a class (LANGUAGE.md §9.7) it is equivalent to `func drop` in the body,
/// and both together are E0102.
pub fn impl_drop(ctx: &mut Ctx, ty: &Ty, drop: Option<(FnId, Span)>) {
    let (c, slot) = match ty {
        Ty::Class(c) => (*c, ctx.program.classes.get(c).and_then(|d| d.drop_fn)),
        Ty::Adt(c, _) => (*c, ctx.program.adts[*c].drop_fn),
        _ => return,
    };
    if let (Some(_), Some((_, span)), true) = (slot, drop, ctx.classes.classes.contains_key(&c)) {
        let name = ctx.program.adts[c].name.clone();
        let d = Diagnostic::error("E0102", format!("duplicate destructor of class `{name}`"), span, "second `drop`")
            .with_help("declare the destructor either as `func drop` in the class body or in `impl Drop`, not both");
        return ctx.emit(d);
    }
    match ctx.program.classes.get_mut(&c) {
        Some(d) => d.drop_fn = drop.map(|d| d.0),
        None => ctx.program.adts[c].drop_fn = drop.map(|d| d.0),
    }
}

/// `impl I for C` for every interface of `C` and its ancestors (E0509 for missing methods).
fn implement_interfaces(ctx: &mut Ctx, c: AdtId) {
    let this = ctx.classes.ty(c);
    let mut wanted: Vec<(BehaviorId, Span)> = Vec::new();
    for l in ctx.classes.chain(c) {
        let info = &ctx.classes.classes[&l];
        let (m, decl) = (info.module, info.decl);
        for p in &decl.implements {
            if let Some(b) = resolve_behavior(ctx, m, p) {
                for s in ctx.with_supers(&[b]) {
                    if !wanted.iter().any(|w| w.0 == s) {
                        wanted.push((s, p.span));
                    }
                }
            }
        }
    }
    let cname = ctx.program.adts[c].name.clone();
    for (b, span) in wanted {
        let bname = ctx.program.behaviors[b].name.clone();
        let n = ctx.program.behaviors[b].methods.len();
        let missing: Vec<String> = (0..n)
            .filter(|&k| ctx.behavior_sigs.get(b).and_then(|s| s.get(k)).is_none_or(|s| s.default.is_none()))
            .map(|k| ctx.program.behaviors[b].methods[k].name.clone())
            .filter(|m| ctx.classes.find_method(c, m).is_none())
            .collect();
        for mname in &missing {
            err(
                ctx,
                "E0509",
                format!("class `{cname}` does not implement `{mname}` of interface `{bname}`"),
                span,
                "missing method",
            );
        }
        if !missing.is_empty() {
            continue;
        }
        let mut methods = Vec::new();
        for k in 0..n {
            let mname = ctx.program.behaviors[b].methods[k].name.clone();
            if let Some((_, f, md, _)) = ctx.classes.find_method(c, &mname) {
                if !(md.is_virtual || md.is_abstract || md.is_override) {
                    methods.push(f);
                    continue;
                }
                let id = new_fn(ctx, format!("{bname} for {cname}::{mname}"), ctx.program.fns[f].span);
                let (module, receiver) = (ctx.fns[f].module, ctx.fns[f].receiver);
                ctx.fns.push(FnInfo {
                    module,
                    decl: None,
                    self_ty: Some(this.clone()),
                    receiver,
                    param_spans: Vec::new(),
                    ret_span: None,
                    is_lowlevel: false,
                });
                ctx.classes.thunks.insert(id, Thunk { class: c, name: mname, target: f });
                methods.push(id);
                continue;
            }
            let default = ctx.behavior_sigs.get(b).and_then(|s| s.get(k)).and_then(|s| s.default);
            let Some((bm, f)) = default else { continue };
            let id = new_fn(ctx, format!("{bname} for {cname}::{mname}"), f.name.span);
            ctx.fns.push(FnInfo {
                module: bm,
                decl: Some(f),
                self_ty: Some(this.clone()),
                receiver: f.receiver.map(|r| r.0),
                param_spans: Vec::new(),
                ret_span: None,
                is_lowlevel: f.is_lowlevel,
            });
            ctx.methods.entry(super::ctx::method_key(&this)).or_default().push(MethodEntry {
                name: mname,
                fn_id: id,
                behavior: Some(b),
                is_pub: true,
            });
            methods.push(id);
        }
        if methods.len() == ctx.program.behaviors[b].methods.len() {
            ctx.program.impls.push(hir::ImplDef {
                behavior: b,
                generics: Vec::new(),
                self_ty: this.clone(),
                methods,
                span,
            });
        }
    }
}
