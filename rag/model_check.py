"""Can the installed llama.cpp run on this CPU? `python -m rag.model_check [--write]`.

Loads SmolLM2 in a child process (the same supervised worker the app uses) and generates a
few tokens. A build that uses instructions this CPU cannot execute dies there, with SIGILL,
and this process only reports it. Exit 0 when the model answered; 1 with one line saying why.
With --write the result goes to MODEL_CHECK_FILE, where the settings look for it: after a
failed check the default backend is extractive and every answer says why.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from core import settings
from core.errors import BackendUnavailable, RagError

PROMPT = "<|im_start|>user\nName one colour.<|im_end|>\n<|im_start|>assistant\n"
OPTIONS = {"max_tokens": 4, "temperature": 0.0, "top_k": 1}


def run_check(model: Path | None = None, timeout_s: float = 120.0) -> str | None:
    """None if the model (SmolLM2 by default) generated text in a child process; else why not."""
    from rag.llm import smollm2_path
    from rag.model_process import ModelProcess

    try:
        process = ModelProcess(model or smollm2_path(), timeout_s, max_failures=1)
    except (RagError, OSError) as exc:
        return str(exc)
    try:
        text = "".join(process.stream(PROMPT, OPTIONS))
    except BackendUnavailable as exc:
        return str(exc)
    finally:
        process.close()
    return None if text.strip() else "the model generated nothing"


def write_result(reason: str | None) -> None:
    import llama_cpp

    target = settings.MODEL_CHECK_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    result = {"ok": reason is None, "reason": reason, "llama_cpp_python": llama_cpp.__version__,
              "checked": datetime.now(UTC).isoformat(timespec="seconds")}
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.model_check", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"keep the result in {settings.MODEL_CHECK_FILE}")
    args = parser.parse_args(argv)
    reason = run_check()
    if args.write:
        write_result(reason)
    if reason:
        print(f"llama.cpp self-check failed: {reason}", file=sys.stderr)
        return 1
    print("llama.cpp self-check passed: SmolLM2 generated text in a child process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
