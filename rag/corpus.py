"""The indexed documents as the answer path reads them: paragraphs, order, leads and caveats.

Built once per Chain from the retriever's nodes; every stage after retrieval looks sentences
up here rather than in the store.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from llama_index.core.schema import TextNode

from rag.rank import Scored


class Corpus:
    """`subject`: a document's common names (the retriever's `common_names`, cached there)."""

    def __init__(self, by_doc: dict[str, list[TextNode]],
                 subject: Callable[[str], frozenset[str]] = lambda doc_id: frozenset()) -> None:
        self.subject = subject
        nodes = [node for in_doc in by_doc.values() for node in in_doc]
        groups: dict[tuple[str, int], list[str]] = {}
        for node in nodes:
            groups.setdefault((node.metadata["doc_id"], node.metadata["para_start"]), []).append(node.get_content())
        self.paragraphs = {  # node id -> the text of its paragraph
            n.node_id: " ".join(groups[(n.metadata["doc_id"], n.metadata["para_start"])]) for n in nodes
        }
        self.next_sentence: dict[str, TextNode] = {}  # the sentence after each one, within its paragraph
        self.in_order: dict[str, list[TextNode]] = {}  # each document's sentences in order
        self.positions: dict[str, list[int]] = {}  # ... and their positions, to find a sentence's place
        self.documents: dict[str, str] = {}  # each document's text, for the premise check
        self.leads: dict[str, list[TextNode]] = {}  # each document's first two sentences: its gist
        self.caveats: dict[str, list[TextNode]] = {}  # ... sentences that say what could not be verified
        for doc, in_doc in by_doc.items():
            in_order = self.in_order[doc] = sorted(in_doc, key=lambda n: n.metadata["position"])
            self.positions[doc] = [n.metadata["position"] for n in in_order]
            self.documents[doc] = " ".join(n.get_content() for n in in_order)
            self.leads[doc] = [n for n in in_order if n.metadata.get("label") != "instruction"][:2]
            self.caveats[doc] = [n for n in in_order if n.metadata.get("caveat")]
            for node, following in zip(in_order, in_order[1:]):
                if (following.metadata["position"] == node.metadata["position"] + 1
                        and following.metadata["para_start"] == node.metadata["para_start"]):
                    self.next_sentence[node.node_id] = following

    def paragraph(self, scored: Scored) -> str:
        """The paragraph of a ranked sentence (the sentence itself where it has none)."""
        return self.paragraphs.get(scored.candidate.node.node_id, scored.candidate.text)

    def window(self, node: TextNode, span: int = 2) -> str:
        """Where a sentence's context lies: its paragraph, the sentences either side of it in the
        document (a news paragraph is often one sentence; "she" was named a sentence or two before),
        and the names its document uses throughout (whom "he" is in a story about one man)."""
        doc_id = node.metadata["doc_id"]
        in_order, at = self._place(node)
        near = [n.get_content() for n in in_order[max(0, at - span):at + span + 1]]
        return " ".join([self.paragraphs.get(node.node_id, node.get_content()), *near, *sorted(self.subject(doc_id))])

    def neighbours(self, node: TextNode) -> tuple[str, str]:
        """The sentences just before and after one in its document, across paragraph breaks: the
        context the reader was trained with (training/corpus.py `Article.neighbours`)."""
        in_order, at = self._place(node)
        if at >= len(in_order) or in_order[at].node_id != node.node_id:
            return "", ""
        before = in_order[at - 1].get_content() if at > 0 else ""
        after = in_order[at + 1].get_content() if at + 1 < len(in_order) else ""
        return before, after

    def _place(self, node: TextNode) -> tuple[list[TextNode], int]:
        """A sentence's document in order, and where the sentence falls in it."""
        doc_id = node.metadata["doc_id"]
        return self.in_order.get(doc_id, []), bisect_left(self.positions.get(doc_id, []), node.metadata["position"])

    def document_of(self, scored: Scored) -> str:
        """The whole text of a ranked sentence's document."""
        return self.documents.get(scored.candidate.meta["doc_id"], "")
