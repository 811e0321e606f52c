"""With two articles in the index, one answer cites one of them: a second passage that adds
a word the question asks with comes from the same article, never from the other."""

from __future__ import annotations

import pytest

from core.settings import Settings
from index.ingest import ingest
from rag.chain import Chain

STORE_FIRE = """Fire destroys furniture store

A fire destroyed a furniture store on River Road on Sunday night, and nobody was hurt.

About 40 firefighters fought the blaze for six hours before it was under control.
"""
WAREHOUSE_FIRE = """Warehouse fire in Leeds

A fire at a Leeds warehouse burned for two days before crews could put it out, the council said.

The warehouse stored paper and cardboard for a local printing firm.
"""


@pytest.fixture(scope="module")
def two_fires(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    folder = tmp_path_factory.mktemp("two")
    (folder / "store.txt").write_text(STORE_FIRE, encoding="utf-8")
    (folder / "warehouse.txt").write_text(WAREHOUSE_FIRE, encoding="utf-8")
    settings = Settings(index_dir=folder / "index", backend="extractive")
    ingest([folder], settings, progress=False)
    return Chain(settings, use_llm=False)


@pytest.mark.parametrize("question", [
    "How long did the firefighters fight the warehouse blaze?",
    "How long did the 40 firefighters fight the store blaze on River Road?",
])
def test_an_answer_cites_one_article(two_fires: Chain, question: str) -> None:
    record = two_fires.answer(question)
    assert record.answerable
    assert len({c.doc_id for c in record.citations}) == 1, record.answer
