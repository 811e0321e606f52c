#!/usr/bin/env bash
# Installs everything, builds the index from seeds/ if needed, and starts the chat UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1
exec .venv/bin/rag chat "$@"
