"""The learned reader: one MiniLM cross-encoder with three tasks and a span head.

It reads a question (or a claim) against a candidate sentence with its neighbours and says

- for a question: the sentence `answers` it, is `related` but does not answer, or is `unrelated`,
  and where in the sentence the short answer lies (a span of characters);
- for a claim: the sentence `entailed`, `contradicted` or `not_given` it;
- for a sentence alone: whether it is `asserted` in the article's voice or `reported`.

Trained by `python -m training.reader` from the project's own corpus (training/corpus); the
weights ship in `models/reader/` as fp16 safetensors, so installing never trains. Not on the
answer path yet (README, "The learned reader and its corpus"); `Reader` is the interface it
would take there, so that a fake can stand in for it in logic tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from core.errors import BackendUnavailable  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"
TASKS: dict[str, tuple[str, ...]] = {
    "qa": ("answers", "related", "unrelated"),
    "claim": ("entailed", "contradicted", "not_given"),
    "voice": ("asserted", "reported"),
}
LABELS: tuple[str, ...] = tuple(label for labels in TASKS.values() for label in labels)
MAX_TOKENS = 112
QUESTION_WORDS = 40  # a longer question is cut: the passage must fit beside it
NEIGHBOUR_WORDS = 20  # each neighbour is cut to this many words: context, not a second candidate
VOICE_PROMPT = "Is this stated by the article or attributed to someone?"
CLAIM_PREFIX = "Claim: "


def task_slice(task: str) -> slice:
    """Where a task's labels sit among the head's outputs."""
    start = LABELS.index(TASKS[task][0])
    return slice(start, start + len(TASKS[task]))


def pair_text(sentence: str, before: str = "", after: str = "") -> str:
    """The second segment: the candidate sentence first, then its neighbours for context."""
    context = " ".join(" ".join(part.split()[:NEIGHBOUR_WORDS]) for part in (before, after) if part)
    return f"{sentence} [SEP] {context}" if context else sentence


@dataclass(frozen=True)
class Passage:
    """A candidate sentence with the sentences either side of it (same document)."""

    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Reading:
    """What the reader made of one question against one passage."""

    answers: float  # probability that the sentence answers the question
    related: float
    span: tuple[int, int] | None  # (start, end) of the short answer in passage.text, if it answers


class Reader(Protocol):
    def read(self, question: str, passages: list[Passage]) -> list[Reading]: ...

    def judge(self, claim: str, passages: list[Passage]) -> list[dict[str, float]]: ...

    def voice(self, passages: list[Passage]) -> list[float]: ...


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def fast_bf16(torch) -> bool:  # type: ignore[no-untyped-def]
    """Whether this CPU multiplies bf16 matrices natively (AVX-512 BF16 or AMX): two to three
    times faster than fp32 here, in training and in reading; scores move by about 0.001."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def build_network(encoder):  # type: ignore[no-untyped-def]
    """The encoder with its two heads: labels from [CLS], answer start/end from every token."""
    import torch

    class ReaderNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.classify = torch.nn.Linear(hidden, len(LABELS))
            self.span = torch.nn.Linear(hidden, 2)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            logits = self.classify(self.dropout(states[:, 0]))
            start, end = self.span(states).unbind(-1)
            return logits, start, end

    return ReaderNet()


class LearnedReader:
    """The shipped weights, run with torch on the CPU."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        weights = model_dir / "model.safetensors"
        if not weights.exists():
            raise BackendUnavailable(f"The reader's weights are missing ({weights}); run python -m training.reader")
        import torch
        from safetensors.torch import load_file
        from transformers import AutoConfig, AutoTokenizer, BertModel

        config = AutoConfig.from_pretrained(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.net = build_network(BertModel(config, add_pooling_layer=False))
        state = {k: v.float() for k, v in load_file(str(weights)).items()}
        self.net.load_state_dict(state)
        self.net.eval()
        self.torch = torch
        self.bf16 = fast_bf16(torch)

    def _forward(self, first: list[str], second: list[str]) -> tuple[np.ndarray, ...]:
        """Label logits, start and end logits per token, token offsets and segment ids."""
        first = [" ".join(text.split()[:QUESTION_WORDS]) for text in first]  # room for the passage
        batch = self.tokenizer(first, second, truncation="only_second", max_length=MAX_TOKENS, padding=True,
                               return_tensors="pt", return_offsets_mapping=True)
        offsets = batch.pop("offset_mapping").numpy()
        with self.torch.inference_mode(), self.torch.autocast("cpu", self.torch.bfloat16, enabled=self.bf16):
            out = self.net(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
        logits, start, end = (t.float().numpy() for t in out)
        return logits, start, end, offsets, batch["token_type_ids"].numpy()

    def read(self, question: str, passages: list[Passage]) -> list[Reading]:
        if not passages:
            return []
        seconds = [pair_text(p.text, p.before, p.after) for p in passages]
        logits, start, end, offsets, types = self._forward([question] * len(passages), seconds)
        probs = softmax(logits[:, task_slice("qa")])
        readings = []
        for i, passage in enumerate(passages):
            span = best_span(start[i], end[i], offsets[i], types[i], len(passage.text))
            readings.append(Reading(float(probs[i, 0]), float(probs[i, 1]), span))
        return readings

    def judge(self, claim: str, passages: list[Passage]) -> list[dict[str, float]]:
        if not passages:
            return []
        seconds = [pair_text(p.text, p.before, p.after) for p in passages]
        logits, *_ = self._forward([CLAIM_PREFIX + claim] * len(passages), seconds)
        probs = softmax(logits[:, task_slice("claim")])
        return [dict(zip(TASKS["claim"], map(float, row))) for row in probs]

    def voice(self, passages: list[Passage]) -> list[float]:
        """The probability that each sentence is only reported (attributed to someone)."""
        if not passages:
            return []
        seconds = [pair_text(p.text, p.before, p.after) for p in passages]
        logits, *_ = self._forward([VOICE_PROMPT] * len(passages), seconds)
        return [float(p[1]) for p in softmax(logits[:, task_slice("voice")])]


def best_span(start: np.ndarray, end: np.ndarray, offsets: np.ndarray, types: np.ndarray, limit: int,
              longest: int = 12) -> tuple[int, int] | None:
    """The highest-scoring start..end token pair inside the candidate sentence (chars < limit),
    at most `longest` tokens long."""
    inside = (types == 1) & (offsets[:, 1] > offsets[:, 0]) & (offsets[:, 1] <= limit)
    if not inside.any():
        return None
    n = len(types)
    a, b = np.arange(n)[:, None], np.arange(n)[None, :]
    allowed = inside[:, None] & inside[None, :] & (b >= a) & (b < a + longest)
    scores = np.where(allowed, start[:, None] + end[None, :], -np.inf)
    first, last = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return int(offsets[first][0]), int(offsets[last][1])


@lru_cache(maxsize=1)
def load_reader() -> LearnedReader:
    """The shipped reader, loaded once per process."""
    return LearnedReader()


def thresholds(model_dir: Path = MODEL_DIR) -> dict[str, float]:
    """The thresholds chosen on dev by `python -m training.calibrate` (one file beside the weights)."""
    path = model_dir / "thresholds.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"answers": 0.5}
