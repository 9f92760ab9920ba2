//! `@derive` (LANGUAGE.md §8.8) and the built-in behavior impls of primitive types (§8.7).
//!
//! Derived impls are real [`super::hir::ImplDef`]s: for each derived behavior the impl is
//! written as TML source (`impl[T: PartialEq] PartialEq for Pair[T] { func eq(…) … }`), parsed,
//! and collected like a user impl, so its methods are type-checked by the ordinary checker and
//! dispatched like hand-written ones (method calls, `Callee::Behavior` at monomorphization,
//! `==`/`<` on the type). Generic parameters of the type get the derived behavior as a bound,
//! so the derive holds for the instantiations whose fields support it.
//!
//! Field-wise semantics: `PartialEq`/`Ord` compare fields in declaration order (enums: variant
//! order first, then payload); `Hash` combines field hashes (`h * 31 + hash(field)`);
//! `Duplicate` copies Copy fields and duplicates the others; `Default` uses each field's
//! default value, else the type's `Default`.
//!
//! Errors inside generated code cannot point at generated text: [`super::analyze`] reports
//! them at the derive through [`Ctx::derived`].

use super::ctx::{Ctx, Def};
use super::hir::AdtKind;
use super::items;
use super::traits;
use super::ty::{AdtId, FloatTy, Ty};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::{self, ast};

/// Primitive types with built-in impls, and whether they are hashable.
const PRIMS: &[(&str, bool)] = &[
    ("I8", true),
    ("I16", true),
    ("I32", true),
    ("I64", true),
    ("U8", true),
    ("U16", true),
    ("U32", true),
    ("U64", true),
    ("F32", false),
    ("F64", false),
    ("Bool", true),
    ("Char", true),
    ("Str", true),
];

/// Generates the built-in primitive impls and the impls of all derives.
pub fn generate(ctx: &mut Ctx) {
    let has_ordering = matches!(ctx.lookup(0, "Ordering"), Some(Def::Adt(_)));
    let mut prims = String::new();
    for &(p, hashable) in PRIMS {
        prims.push_str(&prim_impls(p, hashable, has_ordering));
    }
    add_impls(ctx, 0, &prims, None);
    for id in 0..ctx.program.adts.len() {
        let Some((m, item)) = adt_item(ctx, id) else { continue };
        let derives = ctx.adts[id].derives.clone();
        for d in derives {
            let explicit = ctx.builtin_behaviors.get(d.as_str()).is_some_and(|&b| {
                ctx.program
                    .impls
                    .iter()
                    .any(|i| i.behavior == b && super::ctx::method_key(&i.self_ty) == Ty::Adt(id, vec![]))
            });
            if explicit || (d == "Ord" && !has_ordering) {
                continue;
            }
            let Some(text) = derive_text(ctx, id, item, &d) else { continue };
            let span = ctx.program.adts[id].span;
            add_impls(ctx, m, &text, Some(span));
        }
    }
}

/// Parses `text` (impl blocks) and collects its impls in module `m`; `derive_span` is where
/// errors in the generated code are reported.
fn add_impls(ctx: &mut Ctx, m: usize, text: &str, derive_span: Option<Span>) {
    if text.is_empty() {
        return;
    }
    let file = ctx.modules[m].file;
    let (parsed, diags) = syntax::parse_file(file, text);
    if !diags.is_empty() {
        return;
    }
    // Generated items live as long as the analysis, like the parsed modules they extend.
    let parsed: &'static ast::File = Box::leak(Box::new(parsed));
    for item in &parsed.items {
        if let ast::ItemKind::Impl(imp) = &item.kind {
            let first = ctx.program.fns.len();
            items::collect_impl(ctx, m, imp, derive_span.unwrap_or_default());
            for f in first..ctx.program.fns.len() {
                ctx.derived.insert(f, derive_span);
            }
        }
    }
}

/// The module and AST item of ADT `id` (ADTs are numbered in module and item order).
fn adt_item<'a>(ctx: &Ctx<'a>, id: AdtId) -> Option<(usize, &'a ast::ItemKind)> {
    let modules = ctx.modules;
    modules
        .iter()
        .enumerate()
        .flat_map(|(m, module)| module.ast.items.iter().map(move |i| (m, &i.kind)))
        .filter(|(_, k)| matches!(k, ast::ItemKind::Struct(_) | ast::ItemKind::Enum(_)))
        .nth(id)
}

fn prim_impls(p: &str, hashable: bool, has_ordering: bool) -> String {
    let mut s = format!(
        "impl PartialEq for {p} {{ func eq(this, other: ref {p}) -> Bool {{ *this == *other }} }}\n\
         impl Duplicate for {p} {{ func duplicate(this) -> {p} {{ *this }} }}\n"
    );
    if has_ordering {
        s.push_str(&format!(
            "impl Ord for {p} {{ func cmp(this, other: ref {p}) -> Ordering {{ if *this < *other {{ Ordering::Less }} \
             else if *this > *other {{ Ordering::Greater }} else {{ Ordering::Equal }} }} }}\n"
        ));
    }
    let default = match p {
        "Bool" => "false",
        "Char" => "'\\0'",
        "Str" => "\"\"",
        "F32" | "F64" => "0.0",
        _ => "0",
    };
    s.push_str(&format!("impl Default for {p} {{ func default() -> {p} {{ {default} }} }}\n"));
    if hashable {
        let body = match p {
            "Bool" => "if *this { 1 } else { 0 }".to_string(),
            "Char" => "(*this as U32) as I64".to_string(),
            "Str" => "var h: I64 = -3750763034362895579\n var i: I64 = 0\n while i < this.len() { \
                      h = (h ^ (this.byte_at(i) as I64)).wrapping_mul(1099511628211)\n i += 1 }\n h"
                .to_string(),
            _ => "*this as I64".to_string(),
        };
        s.push_str(&format!("impl Hash for {p} {{ func hash(this) -> I64 {{ {body} }} }}\n"));
    }
    s
}

/// A variant's or struct's fields: name, type text and semantic type.
struct Field {
    name: String,
    ty_text: String,
    ty: Ty,
    has_default: bool,
}

/// One variant (or the struct itself): name, tuple-like or named, fields.
struct Shape {
    name: String,
    tuple: bool,
    fields: Vec<Field>,
}

impl Shape {
    /// `Name::V(p0, p1)` / `Name::V { f: p0 }` / `Name::V` with the given parts.
    fn build(&self, adt: &str, parts: &[String]) -> String {
        if self.fields.is_empty() {
            return format!("{adt}::{}", self.name);
        }
        if self.tuple {
            return format!("{adt}::{}({})", self.name, parts.join(", "));
        }
        let fs: Vec<String> = self.fields.iter().zip(parts).map(|(f, p)| format!("{}: {p}", f.name)).collect();
        format!("{adt}::{} {{ {} }}", self.name, fs.join(", "))
    }

    fn pattern(&self, adt: &str, prefix: &str) -> String {
        let parts: Vec<String> = (0..self.fields.len()).map(|i| format!("{prefix}{i}")).collect();
        self.build(adt, &parts)
    }

    fn wild(&self, adt: &str) -> String {
        let parts = vec!["_".to_string(); self.fields.len()];
        self.build(adt, &parts)
    }
}

fn shapes(ctx: &Ctx, id: AdtId, item: &ast::ItemKind) -> Vec<Shape> {
    let text = |t: &ast::Type| ctx.snippet(t.span).unwrap_or("_").to_string();
    let adt = &ctx.program.adts[id];
    match (item, &adt.kind) {
        (ast::ItemKind::Struct(s), AdtKind::Struct(fs)) => vec![Shape {
            name: String::new(),
            tuple: false,
            fields: s
                .fields
                .iter()
                .zip(fs)
                .map(|(a, f)| Field {
                    name: f.name.clone(),
                    ty_text: text(&a.ty),
                    ty: f.ty.clone(),
                    has_default: a.default.is_some(),
                })
                .collect(),
        }],
        (ast::ItemKind::Enum(e), AdtKind::Enum(vs)) => e
            .variants
            .iter()
            .zip(vs)
            .map(|(a, v)| {
                let texts: Vec<String> = match &a.kind {
                    ast::VariantKind::Unit => Vec::new(),
                    ast::VariantKind::Tuple(ts) => ts.iter().map(text).collect(),
                    ast::VariantKind::Struct(fs) => fs.iter().map(|f| text(&f.ty)).collect(),
                };
                Shape {
                    name: v.name.clone(),
                    tuple: matches!(a.kind, ast::VariantKind::Tuple(_)),
                    fields: v
                        .fields
                        .iter()
                        .zip(texts)
                        .map(|(f, t)| Field { name: f.name.clone(), ty_text: t, ty: f.ty.clone(), has_default: false })
                        .collect(),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The source of `impl[…] B for Name[…] { … }` for derive `d`, or `None` for marker derives.
fn derive_text(ctx: &mut Ctx, id: AdtId, item: &ast::ItemKind, d: &str) -> Option<String> {
    let adt = ctx.program.adts[id].clone();
    let name = adt.name.clone();
    let gnames: Vec<String> = adt.generics.iter().map(|g| g.name.clone()).collect();
    let shapes = shapes(ctx, id, item);
    let is_enum = matches!(adt.kind, AdtKind::Enum(_));
    let copy = |t: &Ty| !matches!(t, Ty::Param(_)) && traits::is_copy(&ctx.program, t, &adt.generics);
    let body = match d {
        "PartialEq" if !is_enum => {
            let cmp: Vec<String> = shapes[0].fields.iter().map(|f| format!("this.{0} == other.{0}", f.name)).collect();
            let e = if cmp.is_empty() { "true".to_string() } else { cmp.join(" and ") };
            format!("func eq(this, other: ref This) -> Bool {{ {e} }}")
        }
        "PartialEq" => {
            let mut arms = Vec::new();
            for s in &shapes {
                let eqs: Vec<String> = (0..s.fields.len()).map(|i| format!("a{i} == b{i}")).collect();
                let e = if eqs.is_empty() { "true".to_string() } else { eqs.join(" and ") };
                arms.push(format!("({}, {}) => {e},", s.pattern(&name, "a"), s.pattern(&name, "b")));
            }
            if shapes.len() > 1 {
                arms.push("_ => false,".into());
            }
            format!("func eq(this, other: ref This) -> Bool {{ when (this, other) {{ {} }} }}", arms.join("\n"))
        }
        "Ord" => {
            let steps = |a: &str, b: &str| {
                format!("if {a} < {b} {{ return Ordering::Less }}\nif {a} > {b} {{ return Ordering::Greater }}\n")
            };
            let mut out = String::new();
            if is_enum {
                let index = |v: &str| {
                    let arms: Vec<String> =
                        shapes.iter().enumerate().map(|(i, s)| format!("{} => {i},", s.wild(&name))).collect();
                    format!("when {v} {{ {} }}", arms.join(" "))
                };
                out.push_str(&format!("let ia: I64 = {}\nlet ib: I64 = {}\n", index("this"), index("other")));
                out.push_str(&steps("ia", "ib"));
                if shapes.iter().any(|s| !s.fields.is_empty()) {
                    let mut arms = Vec::new();
                    for s in shapes.iter().filter(|s| !s.fields.is_empty()) {
                        let st: String =
                            (0..s.fields.len()).map(|i| steps(&format!("a{i}"), &format!("b{i}"))).collect();
                        arms.push(format!("({}, {}) => {{ {st} }},", s.pattern(&name, "a"), s.pattern(&name, "b")));
                    }
                    arms.push("_ => {}".into());
                    out.push_str(&format!("when (this, other) {{ {} }}\n", arms.join("\n")));
                }
            } else {
                for f in &shapes[0].fields {
                    out.push_str(&steps(&format!("this.{}", f.name), &format!("other.{}", f.name)));
                }
            }
            format!("func cmp(this, other: ref This) -> Ordering {{ {out} Ordering::Equal }}")
        }
        "Hash" => {
            let combine = |parts: Vec<String>, seed: usize| {
                let mut s = format!("var h: I64 = {seed}\n");
                for p in parts {
                    s.push_str(&format!("h = h.wrapping_mul(31).wrapping_add(Hash::hash({p}))\n"));
                }
                format!("{{ {s} h }}")
            };
            let e = if is_enum {
                let arms: Vec<String> = shapes
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let parts = (0..s.fields.len()).map(|k| format!("a{k}")).collect();
                        format!("{} => {},", s.pattern(&name, "a"), combine(parts, i))
                    })
                    .collect();
                format!("when this {{ {} }}", arms.join("\n"))
            } else {
                combine(shapes[0].fields.iter().map(|f| format!("ref this.{}", f.name)).collect(), 17)
            };
            format!("func hash(this) -> I64 {{ {e} }}")
        }
        "Duplicate" => {
            let e = if is_enum {
                let arms: Vec<String> =
                    shapes
                        .iter()
                        .map(|s| {
                            let parts: Vec<String> =
                                s.fields
                                    .iter()
                                    .enumerate()
                                    .map(|(k, f)| {
                                        if copy(&f.ty) {
                                            format!("*a{k}")
                                        } else {
                                            format!("Duplicate::duplicate(a{k})")
                                        }
                                    })
                                    .collect();
                            format!("{} => {},", s.pattern(&name, "a"), s.build(&name, &parts))
                        })
                        .collect();
                format!("when this {{ {} }}", arms.join("\n"))
            } else {
                let fs: Vec<String> = shapes[0]
                    .fields
                    .iter()
                    .map(|f| {
                        let v = if copy(&f.ty) {
                            format!("this.{}", f.name)
                        } else {
                            format!("Duplicate::duplicate(ref this.{})", f.name)
                        };
                        format!("{}: {v}", f.name)
                    })
                    .collect();
                format!("{name} {{ {} }}", fs.join(", "))
            };
            format!("func duplicate(this) -> This {{ {e} }}")
        }
        "Default" if is_enum => {
            ctx.emit(Diagnostic::error(
                "E0108",
                format!("`Default` cannot be derived for the enum `{name}`"),
                adt.span,
                "derive not supported for enums",
            ));
            return None;
        }
        "Default" => {
            let fs: Vec<String> = shapes[0]
                .fields
                .iter()
                .filter(|f| !f.has_default)
                .map(|f| format!("{}: {}", f.name, default_expr(&f.ty, &f.ty_text)))
                .collect();
            format!("func default() -> This {{ {name} {{ {} }} }}", fs.join(", "))
        }
        _ => return None,
    };
    let (params, args) = if gnames.is_empty() {
        (String::new(), String::new())
    } else {
        let ps: Vec<String> = gnames.iter().map(|g| format!("{g}: {d}")).collect();
        (format!("[{}]", ps.join(", ")), format!("[{}]", gnames.join(", ")))
    };
    Some(format!("impl{params} {d} for {name}{args} {{ {body} }}\n"))
}

/// The default value of a field of type `ty` (written `text`).
fn default_expr(ty: &Ty, text: &str) -> String {
    match ty {
        Ty::Bool => "false".into(),
        Ty::Int(_) => "0".into(),
        Ty::Float(FloatTy::F32 | FloatTy::F64) => "0.0".into(),
        Ty::Char => "'\\0'".into(),
        Ty::Str => "\"\"".into(),
        Ty::Unit => "()".into(),
        _ => format!("{text}::default()"),
    }
}
