"""The child process that holds llama.cpp: `python -m rag.model_worker MODEL.gguf`.

Protocol, one JSON object per line. In on stdin: {"id": n, "prompt": str, "options": {...}}.
Out on stdout: {"ready": true} once the model is loaded, then per request {"id": n, "piece": str}
for each piece and {"id": n, "done": true} or {"id": n, "error": str}. End of stdin ends the
process. This module imports nothing of the app, so a native crash here stays here.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

# What llama.cpp is given to load the model; the bench's raw replay loads it the same way.
LOAD_OPTIONS: dict[str, Any] = {"n_ctx": 2048, "n_threads": 2, "n_batch": 512, "verbose": False}


def _protocol_stream() -> TextIO:
    """The real stdout for the protocol; file descriptor 1 then points at stderr, so that
    anything native code prints cannot corrupt a message."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out


def _send(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=False) + "\n")
    out.flush()


def serve(model_path: str) -> int:
    out = _protocol_stream()
    from llama_cpp import Llama

    llm = Llama(model_path=model_path, **LOAD_OPTIONS)
    _send(out, {"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        rid = request["id"]
        try:
            for chunk in llm(prompt=request["prompt"], stream=True, **request["options"]):
                piece = chunk["choices"][0]["text"]
                if piece:
                    _send(out, {"id": rid, "piece": piece})
        except Exception as exc:  # a Python-level failure costs this request, not the process
            _send(out, {"id": rid, "error": f"{type(exc).__name__}: {exc}"})
            continue
        _send(out, {"id": rid, "done": True})
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
