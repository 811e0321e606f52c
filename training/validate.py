"""Checks every label of the reading corpus against its article text (stdlib only).

    python training/validate.py training/corpus            # the whole corpus
    python training/validate.py training/corpus/test/x.txt # one article

An article is `NAME.txt` with `NAME.jsonl` (questions) and `NAME.claims.jsonl` (claims) beside it.
Checks: every evidence and `near` sentence is verbatim in the article, every gold answer lies
inside an evidence sentence, ids are unique, and each article has the mix of labels it needs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ANSWER_PHRASINGS = {"literal", "paraphrase"}
NEAR_MISS_KINDS = {"negation", "antonym", "entity_swap", "number_change", "condition", "adjacent"}
CLAIM_LABELS = {"supported", "contradicted", "not_given", "reported"}
MIN_QUESTIONS = 30
MIN_ANSWERABLE = 14
MIN_UNANSWERABLE = 8
MIN_CLAIMS = 6


def norm(text: str) -> str:
    """Lowercase, curly quotes and dashes made plain, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def read_jsonl(path: Path, errors: list[str]) -> list[dict]:
    if not path.exists():
        errors.append(f"{path}: missing")
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{number}: not JSON ({exc.msg})")
    return rows


def check_sentence(sentence: str, text: str, where: str, errors: list[str]) -> None:
    """A label's sentence must be verbatim in the text and look like a whole sentence."""
    if not isinstance(sentence, str) or not sentence.strip():
        errors.append(f"{where}: empty evidence")
        return
    if sentence not in text:
        errors.append(f"{where}: evidence is not verbatim in the article: {sentence[:80]!r}")
        return
    start = text.index(sentence)
    before = text[:start].rstrip(" \t\"'\u201c\u2018(")
    if before and before[-1] not in ".!?:\n\"'\u201d\u2019)" and not before.endswith("]"):
        errors.append(f"{where}: evidence does not start a sentence: {sentence[:60]!r}")
    ends = re.search(r"[.!?:;\"'\u201d\u2019)\]]$", sentence.rstrip())
    if not ends and text[start + len(sentence):][:1] not in ("\n", ""):
        errors.append(f"{where}: evidence does not end a sentence: {sentence[-60:]!r}")


def validate_article(txt: Path) -> tuple[list[str], Counter]:
    errors: list[str] = []
    counts: Counter = Counter()
    text = txt.read_text(encoding="utf-8")
    if len(text.split()) < 150:
        errors.append(f"{txt}: article under 150 words")
    questions = read_jsonl(txt.with_suffix(".jsonl"), errors)
    claims = read_jsonl(txt.with_name(txt.stem + ".claims.jsonl"), errors)
    ids = Counter(q.get("id") for q in questions) + Counter(c.get("id") for c in claims)
    for qid, n in ids.items():
        if n > 1:
            errors.append(f"{txt}: id {qid!r} used {n} times")
    for q in questions:
        where = f"{txt.stem}:{q.get('id')}"
        for field in ("id", "doc", "question", "answerable", "kind"):
            if field not in q:
                errors.append(f"{where}: missing {field!r}")
        if q.get("doc") != txt.stem:
            errors.append(f"{where}: doc must be {txt.stem!r}")
        if q.get("answerable") in (True, False):
            group, kinds = ("answerable", ANSWER_PHRASINGS) if q["answerable"] else ("unanswerable", NEAR_MISS_KINDS)
            counts[group] += 1
            counts[q.get("kind")] += 1
            if q.get("kind") not in kinds:
                errors.append(f"{where}: {group} kind must be one of {sorted(kinds)}")
        if q.get("answerable") is True:
            gold, evidence = q.get("gold") or [], q.get("evidence") or []
            if not gold or not evidence:
                errors.append(f"{where}: answerable needs gold and evidence")
            for sentence in evidence:
                check_sentence(sentence, text, where, errors)
            for answer in gold:
                if not any(norm(answer) in norm(s) for s in evidence):
                    errors.append(f"{where}: gold {answer!r} is not inside its evidence")
            if q.get("status") not in ("supported", "reported"):
                errors.append(f"{where}: status must be supported or reported")
            if q.get("status") == "reported":
                counts["reported"] += 1
                if not q.get("speaker"):
                    errors.append(f"{where}: a reported answer needs its speaker")
        elif q.get("answerable") is False:
            if q.get("gold") or q.get("evidence"):
                errors.append(f"{where}: unanswerable must have empty gold and evidence")
            if q.get("kind") != "adjacent" or q.get("near"):
                check_sentence(q.get("near", ""), text, where + " near", errors)
        else:
            errors.append(f"{where}: answerable must be true or false")
    for c in claims:
        where = f"{txt.stem}:{c.get('id')}"
        counts["claims"] += 1
        label = c.get("label")
        if label not in CLAIM_LABELS:
            errors.append(f"{where}: claim label must be one of {sorted(CLAIM_LABELS)}")
        counts["claim_" + str(label)] += 1
        if not c.get("claim"):
            errors.append(f"{where}: missing claim text")
        if label != "not_given" or c.get("evidence"):
            check_sentence(c.get("evidence", ""), text, where, errors)
        if label == "reported" and not c.get("speaker"):
            errors.append(f"{where}: a reported claim needs its speaker")
    if counts["answerable"] + counts["unanswerable"] < MIN_QUESTIONS:
        errors.append(f"{txt.stem}: {counts['answerable'] + counts['unanswerable']} questions, need {MIN_QUESTIONS}")
    if counts["answerable"] < MIN_ANSWERABLE:
        errors.append(f"{txt.stem}: {counts['answerable']} answerable, need {MIN_ANSWERABLE}")
    if counts["paraphrase"] * 3 < counts["answerable"]:
        errors.append(f"{txt.stem}: under a third of answerable questions are paraphrases")
    if counts["unanswerable"] < MIN_UNANSWERABLE:
        errors.append(f"{txt.stem}: {counts['unanswerable']} unanswerable, need {MIN_UNANSWERABLE}")
    if counts["claims"] < MIN_CLAIMS:
        errors.append(f"{txt.stem}: {counts['claims']} claims, need {MIN_CLAIMS}")
    return errors, counts


def articles(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        found.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Check every corpus label against its text.")
    parser.add_argument("paths", nargs="*", default=["training/corpus"], help="article .txt files or folders")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {missing[0]}")
    files = articles(args.paths)
    total: Counter = Counter()
    failed = 0
    for txt in files:
        errors, counts = validate_article(txt)
        total += counts
        if errors:
            failed += 1
            print("\n".join(errors))
    print(f"{len(files)} articles, {failed} with errors; " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
