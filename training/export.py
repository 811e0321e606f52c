"""Write each split's questions as one `rag eval` question file: `python -m training.export`.

    rag eval --questions training/corpus/test.jsonl --docs training/corpus/test

Every article of the split goes into one index, as a user's collection would; the near-miss
kind of each unanswerable question is kept (`kind`) so the report can break abstention down.
"""

from __future__ import annotations

import json
import sys

from training.corpus import CORPUS, SPLITS, eval_questions, read_jsonl


def export(split: str) -> int:
    rows = []
    for txt in sorted((CORPUS / split).glob("*.txt")):
        questions = read_jsonl(txt.with_suffix(".jsonl"))
        rows += eval_questions(questions)
    (CORPUS / f"{split}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                            encoding="utf-8")
    return len(rows)


def main(argv: list[str]) -> int:
    for split in argv or SPLITS:
        print(f"{split}: {export(split)} questions -> {CORPUS / f'{split}.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
