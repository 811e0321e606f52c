"""The reading corpus as the runtime sees it: each article cleaned and split by the index's own
code, with its questions and claims tied to the sentences they name."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from index.document import parse_document
from training.validate import norm as plain

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS = ("train", "dev", "test")


@dataclass
class Article:
    name: str
    path: Path
    sentences: list[str]  # cleaned body sentences, in order
    questions: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)

    def neighbours(self, i: int) -> tuple[str, str]:
        before = self.sentences[i - 1] if i > 0 else ""
        after = self.sentences[i + 1] if i + 1 < len(self.sentences) else ""
        return before, after

    def matching(self, quote: str) -> list[int]:
        """The sentences a labelled quote covers: either holds the other, or they overlap by most words."""
        if not quote:
            return []
        want = plain(quote)
        hits = [i for i, s in enumerate(self.sentences) if plain(s) in want or want in plain(s)]
        if hits:
            return hits
        words = set(want.split())
        return [i for i, s in enumerate(self.sentences)
                if len(words & set(plain(s).split())) >= 0.6 * max(1, len(set(plain(s).split())))]


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_article(txt: Path) -> Article:
    document = parse_document(txt)
    return Article(
        name=txt.stem, path=txt, sentences=[s.text for s in document.sentences],
        questions=read_jsonl(txt.with_suffix(".jsonl")),
        claims=read_jsonl(txt.with_name(txt.stem + ".claims.jsonl")),
    )


def load_split(split: str, root: Path = CORPUS) -> list[Article]:
    return [load_article(txt) for txt in sorted((root / split).glob("*.txt"))]


def eval_questions(questions: list[dict]) -> list[dict]:
    """Questions in `rag eval`'s format: `type` from the label, the near-miss kind kept."""
    rows = []
    for q in questions:
        if not q.get("answerable"):
            kind = "unanswerable"
        elif q.get("status") == "reported":
            kind = "reported"
        else:
            kind = "paraphrase" if q.get("kind") == "paraphrase" else "fact"
        rows.append({**q, "type": kind, "status": q.get("status") if q.get("answerable") else None})
    return rows
