//! A small builder for hand-written MIR programs, and a harness that compiles them, links them
//! with the runtime test double (`rt_double.c`) or the real runtime (`runtime/src`, tracking
//! build) and runs them.

use crate::codegen::{emit, Options, Output, Sanitizers};
use crate::mir::ir::*;
use crate::sema::hir::{AdtDef, AdtKind, Const, FieldDef, Intrinsic, VariantDef};
use crate::sema::ty::{IntTy, Ty};
use crate::span::{SourceMap, Span};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Width of every line of the fake source file (39 characters plus the newline).
const LINE: usize = 40;

/// The fake source file `t.tml` (100 lines) that spans point into.
pub fn sources() -> SourceMap {
    let mut sm = SourceMap::new();
    let line = format!("{}\n", "x".repeat(LINE - 1));
    sm.add("t.tml", line.repeat(100));
    sm
}

/// The span of `t.tml` at 1-based `line`, `col`.
pub fn at(line: usize, col: usize) -> Span {
    let lo = (line - 1) * LINE + col - 1;
    Span::new(0, lo, lo + 1)
}

/// `I32`.
pub const I32: Ty = Ty::I32;
/// `I64`.
pub const I64: Ty = Ty::I64;

/// An integer (or float, for float types) constant of type `ty`.
pub fn int(v: i128, ty: Ty) -> Operand {
    Operand::Const(ConstValue::Scalar(Const::Int(v)), ty)
}

/// A string literal.
pub fn string(s: &str) -> Operand {
    Operand::Const(ConstValue::Scalar(Const::Str(s.into())), Ty::Str)
}

/// The place of local `l`.
pub fn pl(l: Local) -> Place {
    Place::local(l)
}

/// `Copy` of local `l`.
pub fn cp(l: Local) -> Operand {
    Operand::Copy(pl(l))
}

/// `Move` of local `l`.
pub fn mv(l: Local) -> Operand {
    Operand::Move(pl(l))
}

/// Builds one body block by block; statements get the current span.
pub struct Fb {
    pub body: Body,
    cur: BlockId,
    span: Span,
}

impl Fb {
    /// A body `name(args…) -> ret`; locals `1..=args.len()` are the arguments.
    pub fn new(name: &str, args: &[Ty], ret: Ty) -> Fb {
        let decl = |ty: Ty, kind| LocalDecl { ty, kind, name: None, mutable: true, span: at(1, 1) };
        let mut locals = vec![decl(ret, LocalKind::ReturnPlace)];
        locals.extend(args.iter().map(|t| decl(t.clone(), LocalKind::Arg)));
        let body = Body {
            name: name.into(),
            source: 0,
            ty_args: Vec::new(),
            locals,
            arg_count: args.len(),
            blocks: Vec::new(),
            span: at(1, 1),
            track_caller: false,
        };
        let mut fb = Fb { body, cur: 0, span: at(1, 1) };
        fb.cur = fb.block();
        fb
    }

    /// Sets the span of the following statements and terminators.
    pub fn at(&mut self, line: usize, col: usize) -> &mut Self {
        self.span = at(line, col);
        self
    }

    /// A new temporary of type `ty`.
    pub fn local(&mut self, ty: Ty) -> Local {
        self.body.locals.push(LocalDecl { ty, kind: LocalKind::Temp, name: None, mutable: true, span: self.span });
        self.body.locals.len() - 1
    }

    /// A new empty block (terminated by `Unreachable` until [`Fb::term`] replaces it).
    pub fn block(&mut self) -> BlockId {
        let terminator = Terminator { kind: TerminatorKind::Unreachable, span: self.span };
        self.body.blocks.push(BasicBlock { statements: Vec::new(), terminator });
        self.body.blocks.len() - 1
    }

    /// Makes `b` the block that receives statements.
    pub fn switch_to(&mut self, b: BlockId) {
        self.cur = b;
    }

    /// `place = rv`.
    pub fn assign_place(&mut self, place: Place, rv: Rvalue) {
        let st = Statement { kind: StatementKind::Assign(place, rv), span: self.span };
        self.body.blocks[self.cur].statements.push(st);
    }

    /// `l = rv`.
    pub fn assign(&mut self, l: Local, rv: Rvalue) {
        self.assign_place(pl(l), rv);
    }

    /// Terminates the current block.
    pub fn term(&mut self, kind: TerminatorKind) {
        self.body.blocks[self.cur].terminator = Terminator { kind, span: self.span };
    }

    /// A call that continues in a new block, which becomes current.
    pub fn call(&mut self, callee: Callee, args: Vec<Operand>, dest: Place) {
        let next = self.block();
        self.term(TerminatorKind::Call { callee, args, dest, target: Some(next) });
        self.cur = next;
    }

    /// An intrinsic call (continuing in a new block).
    pub fn intrinsic(&mut self, op: Intrinsic, tys: Vec<Ty>, args: Vec<Operand>, dest: Place) {
        self.call(Callee::Intrinsic(op, tys), args, dest);
    }

    /// `println(s)` for a Str operand.
    pub fn println(&mut self, s: Operand) {
        let unit = self.local(Ty::Unit);
        self.intrinsic(Intrinsic::Print { stream: 1, newline: true }, vec![], vec![s], pl(unit));
    }

    /// `println("{v}")` for a primitive operand.
    pub fn print_val(&mut self, v: Operand) {
        let s = self.local(Ty::Str);
        self.intrinsic(Intrinsic::ToString, vec![], vec![v], pl(s));
        self.println(mv(s));
    }

    /// A `Drop` terminator (continuing in a new block).
    pub fn drop(&mut self, place: Place) {
        let next = self.block();
        self.term(TerminatorKind::Drop { place, target: next });
        self.cur = next;
    }

    /// Ends the current block with `Return` and yields the body.
    pub fn ret(mut self) -> Body {
        self.term(TerminatorKind::Return);
        self.body
    }
}

/// A struct definition with the given field types.
pub fn struct_def(name: &str, fields: Vec<Ty>) -> AdtDef {
    let fields =
        fields.into_iter().enumerate().map(|(i, ty)| FieldDef { name: format!("f{i}"), ty, span: at(1, 1) }).collect();
    AdtDef {
        name: name.into(),
        span: at(1, 1),
        generics: vec![],
        kind: AdtKind::Struct(fields),
        is_copy: false,
        drop_fn: None,
    }
}

/// An enum definition with variants given as payload field types.
pub fn enum_def(name: &str, variants: Vec<Vec<Ty>>) -> AdtDef {
    let variants = variants
        .into_iter()
        .enumerate()
        .map(|(i, fs)| VariantDef {
            name: format!("V{i}"),
            fields: fs
                .into_iter()
                .enumerate()
                .map(|(j, ty)| FieldDef { name: j.to_string(), ty, span: at(1, 1) })
                .collect(),
            discriminant: i as i64,
            span: at(1, 1),
        })
        .collect();
    AdtDef {
        name: name.into(),
        span: at(1, 1),
        generics: vec![],
        kind: AdtKind::Enum(variants),
        is_copy: false,
        drop_fn: None,
    }
}

/// Default test options: `-O0`, overflow checks and leak checks on.
pub fn opts() -> Options {
    Options {
        opt_level: 0,
        overflow_checks: true,
        check_leaks: true,
        sanitizers: Sanitizers::default(),
        test_harness: false,
    }
}

/// A program whose entry is body 0.
pub fn program(bodies: Vec<Body>, adts: Vec<AdtDef>) -> Program {
    Program {
        bodies,
        adts,
        drop_fns: vec![],
        entry: Some(0),
        tests: vec![],
        vtables: vec![],
        behaviors: vec![],
        ..Default::default()
    }
}

/// The runtime test double compiled once per test process.
fn rt_double() -> &'static Path {
    static OBJ: OnceLock<PathBuf> = OnceLock::new();
    OBJ.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let obj = dir.join("rt_double.o");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/codegen/tests/rt_double.c");
        let st =
            Command::new("clang-19").args(["-c", "-fPIC", "-O1", "-o"]).arg(&obj).arg(&src).status().expect("clang-19");
        assert!(st.success(), "compiling the runtime test double failed");
        obj
    })
}

/// What a test program did.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// Exit status (-1 when killed by a signal).
    pub status: i32,
}

/// Compiles `p` to an object, links it with the runtime double (and ASan if requested by the
/// options) and runs it.
pub fn run(p: &Program, o: &Options) -> Run {
    run_with_args(p, o, &[])
}

/// The real runtime (`runtime/src/*.c`, `TML_TRACKING=1`) compiled once per test process.
fn real_runtime() -> &'static [PathBuf] {
    static OBJS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    OBJS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut srcs: Vec<PathBuf> = std::fs::read_dir(root.join("src"))
            .expect("runtime/src")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "c"))
            .collect();
        srcs.sort();
        srcs.iter()
            .map(|src| {
                let obj = dir.join(src.file_name().expect("name")).with_extension("o");
                let st = Command::new("clang-19")
                    .args(["-c", "-fPIC", "-O1", "-std=c11", "-DTML_TRACKING=1", "-I"])
                    .arg(root.join("include"))
                    .arg("-o")
                    .arg(&obj)
                    .arg(src)
                    .status()
                    .expect("clang-19");
                assert!(st.success(), "compiling {} failed", src.display());
                obj
            })
            .collect()
    })
}

/// Compiles `p`, links it with the real runtime and runs it with `args`.
pub fn run_real(p: &Program, o: &Options, args: &[&str]) -> Run {
    run_linked(p, o, args, real_runtime())
}

/// [`run`] with command-line arguments for the program.
pub fn run_with_args(p: &Program, o: &Options, args: &[&str]) -> Run {
    run_linked(p, o, args, std::slice::from_ref(&rt_double().to_path_buf()))
}

/// Compiles `p`, links it with the given runtime objects (and ASan if requested by the
/// options) and runs it with `args`.
fn run_linked(p: &Program, o: &Options, args: &[&str], runtime: &[PathBuf]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let obj = dir.path().join("prog.o");
    emit(p, &sources(), o, Output::Object, &obj).expect("codegen");
    let exe = dir.path().join("prog");
    let mut link = Command::new("clang-19");
    link.arg(&obj).args(runtime).arg("-o").arg(&exe).args(["-lm", "-lpthread"]);
    if o.sanitizers.address {
        link.arg("-fsanitize=address");
    }
    let out = link.output().expect("clang-19");
    assert!(out.status.success(), "link failed: {}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(&exe).args(args).env("ASAN_OPTIONS", "detect_leaks=0").output().expect("run");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// Emits `p` as textual LLVM IR and returns it.
pub fn ir(p: &Program, o: &Options) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("prog.ll");
    emit(p, &sources(), o, Output::LlvmIr, &path).expect("codegen");
    std::fs::read_to_string(path).expect("read ir")
}

/// The unsigned integer type of `bits` bits.
pub fn uint(bits: u32) -> Ty {
    Ty::Int(match bits {
        8 => IntTy::U8,
        16 => IntTy::U16,
        32 => IntTy::U32,
        _ => IntTy::U64,
    })
}
