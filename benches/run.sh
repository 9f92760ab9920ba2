#!/usr/bin/env bash
# Compare the TML benchmarks in benches/NAME/ with their C and Rust twins.
#
#   benches/run.sh [--runs N] [--check] [--markdown] [--no-debug] [NAME...]
#
# For each benchmark: builds NAME.tml with `tmlc build --release` (timing the compile),
# NAME.c with `clang-19 -O2`, NAME.rs with `rustc -O`, plus two tracked TML builds
# (`tmlc build` = debug: -O0, overflow checks, leak tracking; and
# `tmlc build --release --check-leaks` = release code with leak tracking only).
# All programs must print identical output (the tracked builds must also exit 0,
# i.e. no leaks), otherwise the script fails. Each optimised binary then runs N times
# (default 5); the best wall time and the peak RSS (max over the runs, from
# /usr/bin/time %M) are reported. The debug build runs once (it is slow).
#
# --check compares the results with benches/targets.txt and exits 1 when a target is
# missed. --markdown prints the table as Markdown. Environment: TMLC (compiler binary,
# default target/release/tmlc, built with cargo if missing), CC (default clang-19),
# RUSTC (default rustc), BENCH_OUT (build directory, default target/bench), BENCH_TARGETS
# (targets file, default benches/targets.txt).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=5
check=0
markdown=0
debug=1
names=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --runs=*) runs="${1#--runs=}"; shift ;;
        --check) check=1; shift ;;
        --markdown) markdown=1; shift ;;
        --no-debug) debug=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) names+=("$1"); shift ;;
    esac
done
if [ ${#names[@]} -eq 0 ]; then
    for d in "$here"/*/; do
        n="$(basename "$d")"
        [ -f "$d/$n.tml" ] && names+=("$n")
    done
fi

TMLC="${TMLC:-$root/target/release/tmlc}"
CC="${CC:-clang-19}"
RUSTC="${RUSTC:-rustc}"
out="${BENCH_OUT:-$root/target/bench}"
mkdir -p "$out"

if [ ! -x "$TMLC" ]; then
    echo "building tmlc (cargo build --release -j2)..." >&2
    (cd "$root" && cargo build --release -j2) >&2
fi
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time (GNU time) is required" >&2; exit 2; }

now() { echo "${EPOCHREALTIME/,/.}"; }

# run_once BIN OUTFILE -> prints "SECONDS RSS_KIB"; fails if the program fails.
run_once() {
    local bin="$1" outfile="$2" t0 t1 rc=0
    t0=$(now)
    /usr/bin/time -f "%M" -o "$out/.rss" "$bin" >"$outfile" 2>"$outfile.err" || rc=$?
    t1=$(now)
    if [ $rc -ne 0 ]; then
        echo "run.sh: $bin exited with status $rc" >&2
        sed 's/^/    /' "$outfile.err" | tail -5 >&2
        return 1
    fi
    awk -v a="$t0" -v b="$t1" -v r="$(tail -1 "$out/.rss")" 'BEGIN { printf "%.4f %d\n", b - a, r }'
}

# bench BIN N -> "BEST_SECONDS MAX_RSS_KIB"
bench() {
    local bin="$1" n="$2" best="" rss=0 i s r
    for ((i = 0; i < n; i++)); do
        read -r s r < <(run_once "$bin" "$out/.bench.out") || return 1
        if [ -z "$best" ] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then best="$s"; fi
        [ "$r" -gt "$rss" ] && rss="$r"
    done
    echo "$best $rss"
}

compile_timed() { # compile_timed CMD... -> prints seconds
    local t0 t1
    t0=$(now)
    if ! "$@" >"$out/.compile.log" 2>&1; then
        echo "run.sh: compile failed: $*" >&2
        cat "$out/.compile.log" >&2
        return 1
    fi
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

results=()
failed=0
for name in "${names[@]}"; do
    src="$here/$name"
    [ -f "$src/$name.tml" ] && [ -f "$src/$name.c" ] && [ -f "$src/$name.rs" ] \
        || { echo "run.sh: $src must hold $name.tml, $name.c and $name.rs" >&2; exit 2; }
    echo "== $name" >&2
    b="$out/$name"
    ct=$(compile_timed "$TMLC" build "$src/$name.tml" --release -o "$b.tml")
    compile_timed "$CC" -O2 -o "$b.c" "$src/$name.c" >/dev/null
    compile_timed "$RUSTC" -O -o "$b.rs" "$src/$name.rs" >/dev/null
    compile_timed "$TMLC" build "$src/$name.tml" --release --check-leaks -o "$b.trk" >/dev/null
    variants=(tml c rs trk)
    if [ $debug -eq 1 ]; then
        compile_timed "$TMLC" build "$src/$name.tml" -o "$b.dbg" >/dev/null
        variants+=(dbg)
    fi
    # Outputs must match the C twin exactly.
    run_once "$b.c" "$b.c.out" >/dev/null
    for v in tml rs trk; do
        run_once "$b.$v" "$b.$v.out" >/dev/null || { failed=1; continue; }
        if ! cmp -s "$b.c.out" "$b.$v.out"; then
            echo "run.sh: $name: output of the $v build differs from C:" >&2
            diff "$b.c.out" "$b.$v.out" | head -10 >&2
            failed=1
        fi
    done
    [ $failed -eq 0 ] || { echo "run.sh: $name: outputs differ or a program failed" >&2; exit 1; }
    read -r t_tml m_tml < <(bench "$b.tml" "$runs")
    read -r t_c m_c < <(bench "$b.c" "$runs")
    read -r t_rs m_rs < <(bench "$b.rs" "$runs")
    read -r t_trk m_trk < <(bench "$b.trk" "$runs")
    t_dbg="-"
    if [ $debug -eq 1 ]; then
        read -r t_dbg _m < <(bench "$b.dbg" 1)
        cmp -s "$b.c.out" "$out/.bench.out" \
            || { echo "run.sh: $name: debug build output differs from C" >&2; exit 1; }
    fi
    results+=("$name $t_tml $t_c $t_rs $m_tml $m_c $m_rs $t_trk $t_dbg $ct")
done

# ---- table ----
header=(benchmark "TML s" "C s" "Rust s" "TML/C" "TML/Rust" "TML KiB" "C KiB" "Rust KiB" "TML+leaks s" "TML debug s" "tmlc build s")
fmt_row() {
    printf "%-11s %7s %7s %7s %6s %8s %8s %8s %8s %11s %11s %12s\n" "$@"
}
if [ $markdown -eq 1 ]; then
    printf '| %s ' "${header[@]}"; echo '|'
    printf '|%s' "---" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---:"; echo '|'
else
    fmt_row "${header[@]}"
fi
for r in "${results[@]}"; do
    read -r name t_tml t_c t_rs m_tml m_c m_rs t_trk t_dbg ct <<<"$r"
    ratio=$(awk -v a="$t_tml" -v b="$t_c" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rratio=$(awk -v a="$t_tml" -v b="$t_rs" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    f() { awk -v x="$1" 'BEGIN { printf "%.3f", x }'; }
    dbg="$t_dbg"; [ "$dbg" = "-" ] || dbg=$(f "$dbg")
    row=("$name" "$(f "$t_tml")" "$(f "$t_c")" "$(f "$t_rs")" "$ratio" "$rratio" "$m_tml" "$m_c" "$m_rs" "$(f "$t_trk")" "$dbg" "$ct")
    if [ $markdown -eq 1 ]; then
        printf '| %s ' "${row[@]}"; echo '|'
    else
        fmt_row "${row[@]}"
    fi
done

# ---- targets ----
if [ $check -eq 1 ]; then
    targets="${BENCH_TARGETS:-$here/targets.txt}"
    miss=0
    for r in "${results[@]}"; do
        read -r name t_tml t_c t_rs m_tml m_c m_rs t_trk t_dbg ct <<<"$r"
        # A line "NAME ..." overrides the "*" defaults.
        line=$(awk -v n="$name" '$1 == n { print; found = 1 } END { }' "$targets" | tail -1)
        [ -n "$line" ] || line=$(awk '$1 == "*"' "$targets" | tail -1)
        [ -n "$line" ] || { echo "run.sh: no target for $name in $targets" >&2; exit 2; }
        read -r _ max_ratio rss_factor rss_slack_mib max_trk_ratio <<<"$line"
        msg=$(awk -v n="$name" -v t="$t_tml" -v c="$t_c" -v k="$t_trk" -v m="$m_tml" -v mc="$m_c" \
            -v R="$max_ratio" -v F="$rss_factor" -v S="$rss_slack_mib" -v K="$max_trk_ratio" 'BEGIN {
                # times below 10 ms are noise: compare against at least 0.01 s
                cc = (c < 0.01 ? 0.01 : c)
                if (t / cc > R) printf "%s: TML/C time %.2f > %s\n", n, t / cc, R
                lim = F * mc + S * 1024
                if (m > lim) printf "%s: TML peak RSS %d KiB > %s x C (%d KiB) + %s MiB = %d KiB\n", n, m, F, mc, S, lim
                tt = (t < 0.01 ? 0.01 : t)
                if (K != "" && k / tt > K) printf "%s: leak-tracking overhead %.2fx > %sx\n", n, k / tt, K
            }')
        if [ -n "$msg" ]; then echo "$msg" | sed 's/^/MISSED /' >&2; miss=1; fi
    done
    if [ $miss -eq 0 ]; then echo "all targets met ($targets)" >&2; else exit 1; fi
fi
