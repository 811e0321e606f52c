"""With two articles in the index, one answer cites one of them: a second passage that adds
a word the question asks with comes from the same article, never from the other."""

from __future__ import annotations

import pytest
from articles import STORE_FIRE, WAREHOUSE_FIRE

from core.settings import Settings
from index.ingest import ingest
from rag.chain import Chain


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
