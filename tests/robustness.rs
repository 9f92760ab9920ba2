//! No input makes tmlc crash: every test program is mutated deterministically (lines deleted,
//! duplicated, swapped; text truncated or cut; stray tokens inserted) and `tmlc check` must
//! either accept the mutant (exit 0) or reject it with at least one coded diagnostic (exit 1) —
//! never an internal compiler error (70), a panic, a signal or a hang.

use std::path::{Path, PathBuf};
use std::process::Command;

const TMLC: &str = env!("CARGO_BIN_EXE_tmlc");
/// Mutants per source file.
const MUTANTS: u64 = 3;
const TOKENS: &[&str] =
    &["(", ")", "{", "}", "let ", " = ", "ref ", "mut ", "\"", "'", "0", ".", ",", "->", "[", "]", "when ", "!", "as "];

/// A small linear congruential generator (Knuth's MMIX constants), so runs are reproducible.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn mutate(src: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<&str> = src.lines().collect();
    let cut = |rng: &mut Lcg| {
        let k = rng.below(src.len() + 1);
        (0..=k).rev().find(|&i| src.is_char_boundary(i)).unwrap_or(0)
    };
    match rng.below(5) {
        0 if lines.len() > 1 => {
            lines.remove(rng.below(lines.len()));
            lines.join("\n")
        }
        1 if !lines.is_empty() => {
            let line = lines[rng.below(lines.len())];
            lines.insert(rng.below(lines.len()), line);
            lines.join("\n")
        }
        2 => src[..cut(rng)].to_string(),
        3 => {
            let k = cut(rng);
            format!("{}{}{}", &src[..k], TOKENS[rng.below(TOKENS.len())], &src[k..])
        }
        _ if lines.len() > 2 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            lines.join("\n")
        }
        _ => src.to_string(),
    }
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "tml"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

#[test]
fn mutated_programs_never_crash_the_compiler() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut rng = Lcg(0x7e31_c0de);
    for file in ["tests/run", "tests/ui", "tests/tml"].iter().flat_map(|d| sources(&root.join(d))) {
        let src = std::fs::read_to_string(&file).expect("readable test program");
        for i in 0..MUTANTS {
            let mutant = dir.path().join(format!("m{i}.tml"));
            std::fs::write(&mutant, mutate(&src, &mut rng)).expect("write mutant");
            let out = Command::new(TMLC).arg("check").arg(&mutant).output().expect("run tmlc");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let ok = match out.status.code() {
                Some(0) => true,
                Some(1) => stderr.contains("error[E"),
                _ => false,
            };
            if !ok || stderr.contains("internal compiler error") {
                let keep = dir.path().join(format!("crash{}.tml", failures.len()));
                std::fs::copy(&mutant, &keep).expect("keep mutant");
                failures.push(format!("{} (mutant {i}): status {:?}\n{stderr}", file.display(), out.status.code()));
            }
        }
    }
    if !failures.is_empty() {
        std::mem::forget(dir);
        panic!("{} mutants crashed tmlc:\n{}", failures.len(), failures.join("\n"));
    }
}
