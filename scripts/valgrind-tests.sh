#!/usr/bin/env bash
# Runs every tests/run program under Valgrind memcheck (--leak-check=full, error exit 99):
# zero leaks and zero memory errors, independently of tmlc's own leak tracker.
# Usage: scripts/valgrind-tests.sh [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
TMLC_VALGRIND=1 cargo test --test programs -- "${1:-run::}"
