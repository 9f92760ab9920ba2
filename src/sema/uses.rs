//! `use` declarations (LANGUAGE.md §12.2–12.3): module bindings, single/list/glob imports,
//! `pub use` re-exports, and the accepted standard paths.
//!
//! Imports are resolved to a fixpoint so that a name re-exported with `pub use` can be
//! imported from the re-exporting module whatever the module order (including cycles);
//! names still missing afterwards are E0100.

use super::ctx::{Ctx, Def};
use super::ModuleKind;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::{self, ItemKind, Visibility};

/// One item import waiting for its source name to exist.
struct Pending {
    into: usize,
    from: usize,
    /// The module path as written in the `use`.
    module: String,
    name: String,
    bind: String,
    span: Span,
}

/// Resolves the `use` declarations of all modules into their scopes.
pub fn resolve(ctx: &mut Ctx) {
    let modules = ctx.modules;
    let mut pending = Vec::new();
    let mut globs = Vec::new();
    for (m, module) in modules.iter().enumerate() {
        for u in &module.ast.uses {
            let path: Vec<String> = u.path.iter().map(|i| i.name.clone()).collect();
            let Some(first) = path.first() else { continue };
            if matches!(first.as_str(), "std" | "core" | "test") {
                check_std_use(ctx, u, &path);
                continue;
            }
            let dir = super::module_dir(&module.path);
            let find = |p: &[String]| find_module(modules, dir, p);
            let last = u.path.last().map(|i| i.span).unwrap_or(u.span);
            match &u.kind {
                ast::UseKind::Single { alias } => {
                    let bind = alias.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| path[path.len() - 1].clone());
                    if let Some(target) = find(&path) {
                        ctx.scopes[m].insert(bind, Def::Module(target));
                    } else if let Some(from) = find(&path[..path.len() - 1]).filter(|_| path.len() > 1) {
                        let (module, name) = (path[..path.len() - 1].join("::"), path[path.len() - 1].clone());
                        pending.push(Pending { into: m, from, module, name, bind, span: last });
                    } else {
                        not_found(ctx, &path, u.span);
                    }
                }
                ast::UseKind::Glob => match find(&path) {
                    Some(from) => globs.push((m, from, path.join("::"), u.span)),
                    None => not_found(ctx, &path, u.span),
                },
                ast::UseKind::List(items) => match find(&path) {
                    Some(from) => {
                        for (name, alias) in items {
                            let bind = alias.as_ref().unwrap_or(name).name.clone();
                            let module = path.join("::");
                            pending.push(Pending {
                                into: m,
                                from,
                                module,
                                name: name.name.clone(),
                                bind,
                                span: name.span,
                            });
                        }
                    }
                    None => not_found(ctx, &path, u.span),
                },
            }
        }
    }
    for (into, from, module, span) in globs {
        for name in public_names(ctx, from) {
            pending.push(Pending { into, from, module: module.clone(), name: name.clone(), bind: name, span });
        }
    }
    loop {
        let before = pending.len();
        pending.retain(|p| {
            let Some(def) = ctx.scopes[p.from].get(&p.name).copied() else {
                return true;
            };
            if !ctx.is_public(p.from, &p.name) {
                let d = ctx.private("item", &p.name, p.span);
                ctx.diags.push(d);
            }
            ctx.scopes[p.into].insert(p.bind.clone(), def);
            false
        });
        if pending.len() == before {
            break;
        }
    }
    for p in pending {
        ctx.emit(Diagnostic::error(
            "E0100",
            format!("cannot find `{}` in module `{}`", p.name, p.module),
            p.span,
            "not found",
        ));
    }
}

/// The user module that `use path` written in a module in directory `dir` names: the file
/// `dir/path.tml`, else `dir/path/mod.tml` (LANGUAGE.md §12.1, as loaded by the pipeline).
fn find_module(modules: &[super::ModuleInput], dir: &[String], path: &[String]) -> Option<usize> {
    let flat = [dir, path].concat();
    let nested = [flat.as_slice(), &["mod".to_string()]].concat();
    let find = |p: &[String]| modules.iter().position(|mi| mi.kind == ModuleKind::User && mi.path == p);
    find(&flat).or_else(|| find(&nested))
}

/// The names a module binds with `pub use` (re-exports).
pub fn reexported_names(file: &ast::File) -> Vec<String> {
    let mut out = Vec::new();
    for u in file.uses.iter().filter(|u| u.is_pub) {
        match &u.kind {
            ast::UseKind::Single { alias } => {
                if let Some(n) = alias.as_ref().or(u.path.last()) {
                    out.push(n.name.clone());
                }
            }
            ast::UseKind::List(items) => out.extend(items.iter().map(|(n, a)| a.as_ref().unwrap_or(n).name.clone())),
            ast::UseKind::Glob => {}
        }
    }
    out
}

/// The public items and re-exports of a module (what `use m::*` imports).
fn public_names(ctx: &Ctx, module: usize) -> Vec<String> {
    let file = &ctx.modules[module].ast;
    let mut names: Vec<String> = file
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
        .collect();
    names.extend(reexported_names(file));
    names
}

fn not_found(ctx: &mut Ctx, path: &[String], span: Span) {
    ctx.emit(Diagnostic::error("E0104", format!("module `{}` not found", path.join("::")), span, "no such module"));
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
    let items_ok = !prelude_items.is_empty() && prelude_items.iter().all(|n| ctx.prelude.contains_key(*n));
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
