"""HTML for "who says what": an answer's statements under the source each is the account of, each with its
status badge, with its citations and what the article says about checking it (rag/accounts.py groups them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from core.record import Account, AnswerRecord
from rag.accounts import ARTICLE, says


def speaker_name(account: Account, names: Mapping[str, str]) -> str:
    """"Tom Hale", "police"; an article's own voice by its document's name when there are several."""
    if account.speaker != ARTICLE or len(account.doc_ids) != 1 or account.doc_ids[0] not in names:
        return account.speaker
    return f"{ARTICLE} “{names[account.doc_ids[0]]}”"


def accounts_html(record: AnswerRecord, link: Callable[[int], str], badge: Callable[[str], str],
                  names: Mapping[str, str] | None = None) -> str:
    """The record's accounts as a list under "Who says what"; `link(n)` is the markup of citation n,
    `badge(status)` that of a claim's status."""
    several_documents = len({doc for a in record.accounts for doc in a.doc_ids}) > 1
    status = {claim.text: claim.status for claim in record.claims}
    items = []
    for account in record.accounts:
        speaker = speaker_name(account, names or {}) if several_documents else account.speaker
        statements = "".join(f'<li class="rag-account-claim">{badge(status.get(text, "supported"))} {escape(text)}</li>'
                             for text in account.claims)
        links = " ".join(filter(None, (link(n) for n in account.citations)))
        caveat = (f'<div class="rag-caveat">{escape(ARTICLE)} says: “{escape(account.caveat)}”</div>'
                  if account.caveat else "")
        items.append(f'<li class="rag-account"><span class="rag-speaker">{escape(says(speaker))}</span> {links}'
                     f'<ul class="rag-account-claims">{statements}</ul>{caveat}</li>')
    return ('<div class="rag-accounts"><div class="rag-accounts-head">Who says what</div>'
            f'<ul class="rag-account-list">{"".join(items)}</ul></div>')
