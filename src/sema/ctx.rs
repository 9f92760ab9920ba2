//! The global analysis context: item tables, module scopes and shared helpers.

use super::hir::{self, GenericParamDef, Program};
use super::ty::{AdtId, BehaviorId, FnId, Ty};
use super::{ModuleInput, Target};
use crate::diagnostics::Diagnostic;
use crate::span::{SourceMap, Span};
use crate::syntax::ast;
use std::collections::HashMap;

/// What a module-level name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Def {
    Fn(FnId),
    Adt(AdtId),
    /// Index into [`Ctx::consts`].
    Const(usize),
    /// Index into [`Ctx::aliases`].
    Alias(usize),
    Behavior(BehaviorId),
    /// Another module (imported with `use m`), index into the module inputs.
    Module(usize),
}

/// Signature information of a function that the HIR does not hold.
#[derive(Clone, Debug)]
pub struct FnInfo<'a> {
    pub module: usize,
    pub decl: Option<&'a ast::FuncDecl>,
    /// The implementing type of a method (`This`), with the impl's parameters.
    pub self_ty: Option<Ty>,
    pub receiver: Option<ast::Receiver>,
    /// Span of each parameter's type annotation (receiver first for methods).
    pub param_spans: Vec<Span>,
    /// Span of the result type annotation, if written.
    pub ret_span: Option<Span>,
    pub is_lowlevel: bool,
}

/// A struct or enum's source information.
#[derive(Clone, Debug)]
pub struct AdtInfo<'a> {
    pub module: usize,
    /// Default value expressions of struct fields, by field index.
    pub defaults: Vec<Option<&'a ast::Expr>>,
    /// Whether each struct field is `pub`.
    pub field_pub: Vec<bool>,
    /// Behaviors named in `@derive(…)`.
    pub derives: Vec<String>,
}

/// A constant declared at module level.
#[derive(Clone, Debug)]
pub struct ConstInfo<'a> {
    pub module: usize,
    pub decl: &'a ast::ConstDecl,
    /// Evaluated value and type (filled by [`super::consts`]); `None` while unevaluated or
    /// after an error.
    pub value: Option<(super::consts::CVal, Ty)>,
    /// Evaluation state for cycle detection.
    pub state: EvalState,
}

/// Progress of a lazily evaluated item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalState {
    Todo,
    InProgress,
    Done,
}

/// `type Name[G] = T`.
#[derive(Clone, Debug)]
pub struct AliasInfo<'a> {
    pub module: usize,
    pub decl: &'a ast::AliasDecl,
}

/// The parameter index that stands for `This` in behavior method signatures.
pub const THIS_PARAM: u32 = u32::MAX;

/// A behavior method's signature. `This` appears as `Ty::Param(THIS_PARAM)`.
#[derive(Clone, Debug)]
pub struct BehaviorSig<'a> {
    pub name: String,
    pub receiver: Option<ast::Receiver>,
    /// Parameter types after the receiver.
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// The default body and the module of the behavior, if any.
    pub default: Option<(usize, &'a ast::FuncDecl)>,
}

/// A method or associated function registered on a type.
#[derive(Clone, Debug)]
pub struct MethodEntry {
    pub name: String,
    pub fn_id: FnId,
    /// The behavior whose impl provides the method (`None` for inherent methods).
    pub behavior: Option<BehaviorId>,
    /// Declared `pub` (behavior methods always are).
    pub is_pub: bool,
}

/// Everything shared between the phases of one analysis.
pub struct Ctx<'a> {
    pub sources: &'a SourceMap,
    pub modules: &'a [ModuleInput],
    pub target: Target,
    pub program: Program,
    pub diags: Vec<Diagnostic>,
    /// Names declared in or imported into each module.
    pub scopes: Vec<HashMap<String, Def>>,
    /// Public items of stdlib modules.
    pub prelude: HashMap<String, Def>,
    pub fns: Vec<FnInfo<'a>>,
    pub adts: Vec<AdtInfo<'a>>,
    pub consts: Vec<ConstInfo<'a>>,
    pub aliases: Vec<AliasInfo<'a>>,
    /// Methods by receiver head type (see [`method_key`]).
    pub methods: HashMap<Ty, Vec<MethodEntry>>,
    /// The built-in behaviors by name.
    pub builtin_behaviors: HashMap<&'static str, BehaviorId>,
    /// Method signatures of every behavior (parallel to `program.behaviors`).
    pub behavior_sigs: Vec<Vec<BehaviorSig<'a>>>,
    /// Required behaviors of every behavior (`behavior Loud: Describe`).
    pub behavior_supers: Vec<Vec<BehaviorId>>,
    /// Associated types of impls: `(implementing type head, name)` → (the impl's `self_ty`,
    /// the type; both in the impl's parameters).
    pub assoc_types: HashMap<(Ty, String), (Ty, Ty)>,
    /// The associated type names each behavior declares (`type Item`).
    pub behavior_assoc: HashMap<BehaviorId, Vec<String>>,
    /// Every declared associated type name; the index of `This::NAME`'s marker parameter in
    /// behavior signatures (see [`super::assoc::this_assoc_param`]).
    pub assoc_marks: Vec<String>,
    /// Compiler-generated functions (derives, primitive impls) with the span of their derive.
    pub derived: HashMap<FnId, Option<Span>>,
    /// Classes and interfaces (LANGUAGE.md §9).
    pub classes: super::class::ClassTable<'a>,
}

/// The key under which methods of a type are registered: ADTs without their arguments,
/// tuples by arity (components replaced by `Unit`), other types as they are.
pub fn method_key(ty: &Ty) -> Ty {
    match ty {
        Ty::Adt(id, _) => Ty::Adt(*id, Vec::new()),
        Ty::Tuple(ts) => Ty::Tuple(vec![Ty::Unit; ts.len()]),
        t => t.clone(),
    }
}

impl<'a> Ctx<'a> {
    /// An empty context.
    pub fn new(sources: &'a SourceMap, modules: &'a [ModuleInput], target: Target) -> Ctx<'a> {
        Ctx {
            sources,
            modules,
            target,
            program: Program::default(),
            diags: Vec::new(),
            scopes: vec![HashMap::new(); modules.len()],
            prelude: HashMap::new(),
            fns: Vec::new(),
            adts: Vec::new(),
            consts: Vec::new(),
            aliases: Vec::new(),
            methods: HashMap::new(),
            builtin_behaviors: HashMap::new(),
            behavior_sigs: Vec::new(),
            behavior_supers: Vec::new(),
            derived: HashMap::new(),
            assoc_types: HashMap::new(),
            behavior_assoc: HashMap::new(),
            assoc_marks: Vec::new(),
            classes: Default::default(),
        }
    }

    /// Whether item `name` of `module` may be used from other modules (user modules export
    /// only `pub` items).
    pub fn is_public(&self, module: usize, name: &str) -> bool {
        let Some(m) = self.modules.get(module) else {
            return false;
        };
        if m.kind != super::ModuleKind::User {
            return true;
        }
        if super::uses::reexported_names(&m.ast).iter().any(|n| n == name) {
            return true;
        }
        m.ast.items.iter().any(|i| {
            i.vis == ast::Visibility::Pub
                && match &i.kind {
                    ast::ItemKind::Func(f) => f.name.name == name,
                    ast::ItemKind::Const(c) => c.name.name == name,
                    ast::ItemKind::Struct(s) => s.name.name == name,
                    ast::ItemKind::Enum(e) => e.name.name == name,
                    ast::ItemKind::Alias(a) => a.name.name == name,
                    ast::ItemKind::Behavior(b) => b.name.name == name,
                    ast::ItemKind::Interface(b) => b.name.name == name,
                    ast::ItemKind::Class(c) => c.name.name == name,
                    _ => false,
                }
        })
    }

    /// `bounds` and, transitively, the behaviors they require.
    pub fn with_supers(&self, bounds: &[BehaviorId]) -> Vec<BehaviorId> {
        let mut out: Vec<BehaviorId> = Vec::new();
        let mut todo: Vec<BehaviorId> = bounds.to_vec();
        while let Some(b) = todo.pop() {
            if !out.contains(&b) {
                out.push(b);
                todo.extend(self.behavior_supers.get(b).into_iter().flatten().copied());
            }
        }
        out
    }

    /// The E0103 error for a private item.
    pub fn private(&self, what: &str, name: &str, span: Span) -> Diagnostic {
        Diagnostic::error("E0103", format!("{what} `{name}` is private"), span, "private")
            .with_help("mark it `pub` in its declaration to use it from other modules")
    }

    /// Records an error or warning.
    pub fn emit(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Looks up a module-level name: the module's own items and imports, then the prelude.
    pub fn lookup(&self, module: usize, name: &str) -> Option<Def> {
        self.scopes.get(module).and_then(|s| s.get(name)).or_else(|| self.prelude.get(name)).copied()
    }

    /// The source text of `span`, or `None` when the span does not lie inside a known file.
    pub fn snippet(&self, span: Span) -> Option<&'a str> {
        if span.file >= self.sources.len() {
            return None;
        }
        self.sources.get(span.file).text.get(span.lo as usize..span.hi as usize)
    }

    /// The user-facing name of a type.
    pub fn ty_name(&self, ty: &Ty, generics: &[GenericParamDef]) -> String {
        super::traits::display_ty(&self.program, ty, generics)
    }

    /// Methods registered on the head of `ty` with name `name`.
    pub fn find_methods(&self, ty: &Ty, name: &str) -> Vec<&MethodEntry> {
        self.methods.get(&method_key(ty)).map(|v| v.iter().filter(|m| m.name == name).collect()).unwrap_or_default()
    }

    /// The `Display::to_string` implementation for the head of `ty`, if any.
    pub fn display_fn(&self, ty: &Ty) -> Option<FnId> {
        let display = *self.builtin_behaviors.get("Display")?;
        self.find_methods(ty, "to_string").into_iter().find(|m| m.behavior == Some(display)).map(|m| m.fn_id)
    }

    /// Whether `ty` implements behavior `b` (LANGUAGE.md §8.7 for the built-in ones).
    pub fn implements(&self, ty: &Ty, b: BehaviorId, generics: &[GenericParamDef]) -> bool {
        if let Ty::Param(i) = ty {
            return generics.get(*i as usize).is_some_and(|g| self.with_supers(&g.bounds).contains(&b));
        }
        let Some(name) = self.program.behaviors.get(b).map(|x| x.name.as_str()) else {
            return false;
        };
        let builtin = self.builtin_behaviors.get(name) == Some(&b);
        let prim = matches!(ty, Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Char | Ty::Str | Ty::Unit);
        if builtin {
            match name {
                "Copy" => return super::traits::is_copy(&self.program, ty, generics),
                "Display" if prim => return true,
                "Hash" if prim => return !matches!(ty, Ty::Float(_) | Ty::Unit),
                "PartialEq" | "Eq" | "Ord" | "Duplicate" | "Default" if prim => return true,
                "PartialEq" | "Eq" | "Ord" | "Hash" | "Duplicate" if matches!(ty, Ty::Tuple(_)) => {
                    let Ty::Tuple(ts) = ty else { return false };
                    return ts.iter().all(|t| self.implements(t, b, generics));
                }
                _ => {}
            }
            if let Ty::Adt(id, _) = ty {
                if self.adt_derives(*id, name) {
                    return true;
                }
            }
        }
        let key = method_key(ty);
        self.program
            .impls
            .iter()
            .any(|i| super::behavior_args::provides(self, i.behavior, b) && method_key(&i.self_ty) == key)
    }

    /// Whether the ADT derives (or implements) behavior `name`.
    pub fn adt_derives(&self, adt: AdtId, name: &str) -> bool {
        self.adts.get(adt).is_some_and(|a| a.derives.iter().any(|d| d == name))
    }

    /// The fields of a struct ADT instantiated with `args`.
    pub fn struct_fields(&self, adt: AdtId, args: &[Ty]) -> Option<Vec<(String, Ty)>> {
        match &self.program.adts.get(adt)?.kind {
            hir::AdtKind::Struct(fs) => Some(fs.iter().map(|f| (f.name.clone(), f.ty.subst(args))).collect()),
            hir::AdtKind::Enum(_) => None,
        }
    }
}
