"""Prompts fitted to each model: a chat template for instruct models, few-shot completion for base models."""

from __future__ import annotations

from core.citations import marker

NOT_FOUND = "NOT IN ARTICLE"

SYSTEM = (
    "You answer questions about a news article using only the numbered passages. "
    "Reply with one short sentence and put the passage number in brackets after it, like [1]. "
    "If a passage says someone claims or says something, keep that attribution. "
    f"If the passages do not answer the question, reply exactly: {NOT_FOUND}"
)

# Generic examples, unrelated to any document the tool serves.
FEW_SHOT = """Passages:
[1] The bridge, which cost £4 million, opened to traffic in March 1932.
Question: When did the bridge open?
Answer: The bridge opened in March 1932 [1].

Passages:
[1] The mayor says the fire was started deliberately, although police have not confirmed this.
Question: How did the fire start?
Answer: The mayor says the fire was started deliberately [1].

Passages:
[1] The school has 420 pupils and was founded by a local charity.
Question: Who is the head teacher?
Answer: NOT IN ARTICLE

"""


def passages_block(passages: list[tuple[int, str]]) -> str:
    return "\n".join(f"{marker(n)} {text}" for n, text in passages)


def chat_messages(question: str, passages: list[tuple[int, str]]) -> list[dict[str, str]]:
    """Messages for an instruct/chat model (SmolLM2, or any OpenAI-compatible server)."""
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Passages:\n{passages_block(passages)}\n\nQuestion: {question}"},
    ]


def chatml(messages: list[dict[str, str]]) -> str:
    """SmolLM2's chat template (ChatML), ending where the assistant speaks."""
    body = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return body + "<|im_start|>assistant\n"


def completion_prompt(question: str, passages: list[tuple[int, str]]) -> str:
    """Few-shot completion for a base model (Gemma 3 270M); generation stops at a newline."""
    return f"{FEW_SHOT}Passages:\n{passages_block(passages)}\nQuestion: {question}\nAnswer:"
