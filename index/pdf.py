"""Text out of a PDF, page by page, so an uploaded PDF can be indexed as the .txt beside it.

Citations quote the .txt (offsets into it), never the PDF. A scanned PDF has no text layer
and is refused: there is no OCR here.
"""

from __future__ import annotations

import io
import logging

from core.errors import BadDocument

PAGE_BREAK = "\n\n"  # pages end paragraphs: a sentence never runs across two pages


def pdf_text(data: bytes, label: str) -> str:
    """The text of every page, in order, pages separated by a blank line; BadDocument if there is none."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd xref in the wild
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise BadDocument(f"{label}: the PDF is encrypted; save an unlocked copy first")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except BadDocument:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a malformed file; all mean the same
        raise BadDocument(f"{label}: is not a readable PDF ({type(exc).__name__})") from exc
    text = PAGE_BREAK.join(page for page in pages if page)
    if not text.strip():
        raise BadDocument(f"{label}: the PDF has no text layer (a scanned PDF?); nothing to index")
    return text + "\n"
