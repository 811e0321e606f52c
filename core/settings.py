"""One settings object. Order: explicit argument, then RAG_* environment variable, then default."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Literal

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError

# Nothing in this process may fetch weights from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

Backend = Literal["smollm2", "gemma3", "openai", "extractive"]
# the read stage: rag/rules.py, the learned reader (rag/learned.py), or the rules checked by it (rag/checked.py)
ReaderKind = Literal["rules", "model", "checked"]
BACKENDS: tuple[str, ...] = ("smollm2", "gemma3", "openai", "extractive")
EMBEDDED_BACKENDS = ("smollm2", "gemma3")  # llama.cpp with a shipped GGUF

# The install's self-check of llama.cpp (`python -m rag.model_check --write`) leaves its result here.
MODEL_CHECK_FILE = Path(sys.prefix) / "share" / "rag-news" / "model-check.json"


def model_check_failure() -> str | None:
    """Why the install found that llama.cpp cannot run here, or None (passed, or never checked)."""
    try:
        result = json.loads(MODEL_CHECK_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return None if result.get("ok") else str(result.get("reason") or "the self-check failed")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    index_dir: Path = Path.home() / ".cache" / "rag-news" / "index"
    seeds_dir: Path = Path(__file__).resolve().parent.parent / "seeds"  # the project's, wherever rag runs from
    chroma_url: str | None = None  # http://host:port of a `chroma run` server
    backend: Backend = "smollm2"
    llm_url: str | None = None  # OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1
    llm_model: str = "local"
    llm_api_key: str = "not-needed"
    llm_timeout: float = 30.0
    top_k: int = 4
    reader: ReaderKind = "checked"
    max_question_chars: int = 4000
    max_document_bytes: int = 20_000_000
    auth: str | None = None  # "user:password" for the chat UI
    backend_note: str | None = None  # why the backend is not the one asked for; shown with every answer

    @field_validator("top_k")
    @classmethod
    def _top_k_range(cls, value: int) -> int:
        if not 1 <= value <= 20:
            raise ValueError("must be between 1 and 20")
        return value

    @field_validator("max_question_chars")
    @classmethod
    def _limit_positive(cls, value: int) -> int:
        if value < 10:
            raise ValueError("must be at least 10")
        return value


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation errors into one readable ConfigError."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    failure = model_check_failure()
    if failure and "backend" not in clean and "RAG_BACKEND" not in os.environ:
        clean["backend"] = "extractive"
        clean["backend_note"] = f"The model is off on this machine ({failure}); answers are extractive."
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "setting"
        raise ConfigError(
            f"Bad setting {name} (RAG_{name.upper()}): {first['msg']}. "
            "Fix the value or unset the variable."
        ) from exc
