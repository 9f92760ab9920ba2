//! Snapshots of the MIR (`tmlc build --emit mir`) of small programs, fixing where drops and drop
//! flags are placed on every kind of exit (MEMORY.md §4–§5). Re-bless with
//! `INSTA_UPDATE=always cargo test --test mir_snapshots` after an intended change, and read the
//! diff: every `drop(...)` line is a destructor call the program will make.

use std::path::Path;
use tmlc::pipeline::{self, Emit, Mode, Options, Sanitizers};

/// A value with a destructor, shared by every case.
const PRELUDE: &str = "type Res { name: Str }\n\
    impl Drop for Res { func drop(mut this) { println(\"drop {this.name}\") } }\n\
    func res(name: Str) -> Res { Res { name: name } }\n\
    func take(r: Res) { println(r.name) }\n";

/// The MIR of `program` (PRELUDE prepended), restricted to the function `func`.
fn mir_of(program: &str, func: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("case.tml");
    std::fs::write(&src, format!("{PRELUDE}{program}")).expect("write source");
    let out = dir.path().join("case.mir");
    let opts = Options { opt_level: 0, release: false, check_leaks: true, sanitizers: Sanitizers::default() };
    if let Err(e) = pipeline::compile(&src, "case.tml", Mode::Program, Emit::Mir, &opts, &out) {
        panic!("compilation failed: {e:?}");
    }
    let text = std::fs::read_to_string(Path::new(&out)).expect("read MIR");
    let start = text.find(&format!("fn {func}(")).unwrap_or_else(|| panic!("no fn {func} in:\n{text}"));
    let end = text[start..].find("\n}\n").map(|i| start + i + 3).unwrap_or(text.len());
    text[start..end].to_string()
}

macro_rules! snapshot {
    ($name:ident, $func:literal, $program:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(mir_of($program, $func));
        }
    };
}

snapshot!(scope_end_reverse_order, "main", "func main() { let a = res(\"a\")\n let b = res(\"b\") }");
snapshot!(nested_block, "main", "func main() { let a = res(\"a\")\n { let b = res(\"b\") }\n println(\"after\") }");
snapshot!(
    params_after_locals,
    "f",
    "func f(p: Res, q: Res) { let l = res(\"l\") }\nfunc main() { f(res(\"p\"), res(\"q\")) }"
);
snapshot!(
    return_from_loop,
    "find",
    "func find(n: I32) -> I32 { let outer = res(\"outer\")\n for i in 0 to n { let step = res(\"step\")\n if i == 2 { return i } }\n -1 }\nfunc main() { println(find(5)) }"
);
snapshot!(
    break_and_continue,
    "main",
    "func main() { for i in 0 to 4 { let g = res(\"g\")\n if i == 1 { continue }\n if i == 3 { break }\n println(i) } }"
);
snapshot!(
    conditional_move_drop_flag,
    "maybe",
    "func maybe(urgent: Bool) { let m = res(\"m\")\n if urgent { take(m) }\n println(\"end\") }\nfunc main() { maybe(true) }"
);
snapshot!(
    partial_move,
    "main",
    "type Pair { keep: Res, give: Res }\nfunc main() { let p = Pair { keep: res(\"k\"), give: res(\"g\") }\n let t = p.give\n println(t.name) }"
);
snapshot!(
    assignment_drops_old_value,
    "main",
    "func main() { var slot = res(\"old\")\n slot = res(\"new\")\n println(slot.name) }"
);
snapshot!(statement_temporary, "main", "func main() { println(res(\"temp\").name.len())\n println(\"next\") }");
snapshot!(
    explicit_drop,
    "main",
    "func main() { let a = res(\"a\")\n let b = res(\"b\")\n drop(a)\n println(\"end\") }"
);
snapshot!(move_into_call_no_drop, "main", "func main() { let a = res(\"a\")\n take(a)\n println(\"end\") }");
snapshot!(
    if_condition_temporary,
    "main",
    "func main() { if res(\"cond\").name.len() > 2 { println(\"long\") } else { println(\"short\") } }"
);
snapshot!(
    block_tail_value,
    "main",
    "func main() { let n = { let inner = res(\"inner\")\n inner.name.len() }\n println(n) }"
);
snapshot!(
    early_return_nested_blocks,
    "f",
    "func f(x: I32) -> Str { let a = res(\"a\")\n { let b = res(\"b\")\n if x > 0 { return \"early\" } }\n \"late\" }\nfunc main() { println(f(1)) }"
);
snapshot!(
    reinitialised_in_loop,
    "main",
    "func main() { var job = res(\"j0\")\n for i in 0 to 3 { take(job)\n job = res(\"next\") } }"
);
snapshot!(
    when_arm_moves_tuple_part,
    "main",
    "func main() { let pair = (res(\"left\"), 1)\n when pair { (r, 1) => take(r), _ => println(\"other\") }\n println(\"end\") }"
);
