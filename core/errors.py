"""Errors a user can see. The CLI and UI print one line for these; anything else is a bug."""


class RagError(Exception):
    """Base class: the message is a complete sentence a user can act on."""


class ConfigError(RagError):
    """A setting has a value that cannot work."""


class BadQuestion(RagError):
    """The question is empty, unreadable or otherwise unusable."""


class QuestionTooLong(BadQuestion):
    """The question is longer than the configured limit."""


class BadDocument(RagError):
    """A document cannot be ingested (wrong type, not text, not UTF-8, empty)."""


class IndexNotBuilt(RagError):
    """No usable index exists yet."""


class IndexCorrupt(RagError):
    """The index directory exists but cannot be read."""


class BackendUnavailable(RagError):
    """The chosen LLM backend cannot be loaded or reached."""


class DocumentTooLarge(BadDocument):
    """A document is over the size limit (RAG_MAX_DOCUMENT_BYTES)."""


class UnsupportedDocumentType(BadDocument):
    """A document's type is not one the collection reads."""


class DocumentExists(BadDocument):
    """An added document would take the id of one already indexed."""


class DocumentNotFound(RagError):
    """No indexed document has the given id."""


class BadFeedback(RagError):
    """A vote or correction cannot be stored (unknown vote, a correction with a thumbs up, too long)."""


class FeedbackUnavailable(RagError):
    """The feedback file cannot be read or written."""
