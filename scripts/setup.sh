#!/usr/bin/env bash
# Installs, only when missing, the Debian packages tmlc needs to build and test:
# LLVM 19 (static libraries for inkwell), clang-19 with the sanitizer runtimes (linker driver),
# cmake (standalone runtime tests) and valgrind (optional leak-check mode). Idempotent.
set -euo pipefail

packages=(llvm-19-dev libpolly-19-dev libzstd-dev clang-19 libclang-rt-19-dev cmake valgrind python3)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all packages present"
    exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
