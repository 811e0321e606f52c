"""The HTTP API beside the chat page: answers, whole or streamed, and the document collection.

    POST   /api/answer                   {"question", "history"?, "backend"?, "doc_id"?} -> the answer record
    POST   /api/answer/stream            the same body -> NDJSON: {"text": piece} lines, then {"record": {...}}
    GET    /api/documents                -> [document]
    POST   /api/documents                multipart `file` -> the new document (201)
    DELETE /api/documents/{doc_id}       -> the removed document
    POST   /api/documents/{doc_id}/reindex -> the document as read again
    POST   /api/feedback                 {"record", "vote": "up"|"down", "correction"?, "history"?} -> stored (201)
    GET    /api/feedback                 -> [feedback], oldest first
    POST   /api/export                   {"records": [record], "format": "markdown"|"json"} -> the chat as a file

An error is {"error": "one line"} with the status `status_for` gives; never a traceback. With
settings.auth ("user:password"), every /api route asks for HTTP Basic with those credentials.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from core.errors import (
    BackendUnavailable,
    DocumentExists,
    DocumentNotFound,
    DocumentTooLarge,
    FeedbackUnavailable,
    IndexCorrupt,
    IndexNotBuilt,
    RagError,
    UnsupportedDocumentType,
)
from core.feedback import MAX_CORRECTION_CHARS, Feedback, Vote
from core.record import AnswerRecord
from core.settings import Backend
from index.collection import DocumentCollection, DocumentInfo
from rag.ask import ask, ask_stream
from rag.chain import Chain
from rag.chains import ChainCache
from ui.feedback import FeedbackStore
from ui.transcript import chat_json, chat_markdown

logger = logging.getLogger(__name__)

# First match wins, so a subclass comes before its base.
ERROR_STATUS: tuple[tuple[type[RagError], int], ...] = (
    (DocumentNotFound, 404), (DocumentExists, 409), (DocumentTooLarge, 413), (UnsupportedDocumentType, 415),
    (BackendUnavailable, 503), (IndexNotBuilt, 503), (IndexCorrupt, 503), (FeedbackUnavailable, 503),
    (RagError, 400),
)
NDJSON = "application/x-ndjson"
BASIC = HTTPBasic(auto_error=False)  # a missing login is answered by `basic_auth`, as one line


class ChatTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class AnswerRequest(BaseModel):
    question: str
    history: list[ChatTurn] = Field(default_factory=list, description="earlier turns, oldest first")
    backend: Backend | None = Field(default=None, description="default: the server's RAG_BACKEND")
    doc_id: str | None = Field(default=None, description="answer from this document only (an id of "
                                                         "GET /api/documents); default: all documents")


class FeedbackRequest(BaseModel):
    record: AnswerRecord = Field(description="the answer record voted on, as /api/answer gave it")
    vote: Vote
    correction: str | None = Field(default=None, max_length=MAX_CORRECTION_CHARS,
                                   description="what the answer should have been (only with vote \"down\"): "
                                               "a short answer, or \"not in the article\"")
    history: list[ChatTurn] = Field(default_factory=list, description="the turns before the question, oldest first")


class ExportRequest(BaseModel):
    records: list[AnswerRecord] = Field(description="the chat's answer records, oldest first")
    format: Literal["markdown", "json"] = "markdown"


EXPORT_FILES = {"markdown": ("chat.md", "text/markdown; charset=utf-8"), "json": ("chat.json", "application/json")}


class ErrorBody(BaseModel):
    error: str  # one line a user can act on


def status_for(exc: RagError) -> int:
    return next(status for kind, status in ERROR_STATUS if isinstance(exc, kind))


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": " ".join(message.split())}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Every error of the API's own routes as {"error": "one line"}; a bug is logged, not shown."""

    @app.exception_handler(RagError)
    async def rag_error(request: Request, exc: RagError) -> JSONResponse:
        return error_response(status_for(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "unreadable request"}
        where = ".".join(str(part) for part in first["loc"][1:]) or "request"
        return error_response(400, f"Bad request: {where}: {first['msg']}.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s", request.url.path)
        return error_response(500, "Internal error; the server log has the details.")


def basic_auth(credentials: tuple[str, str]) -> Callable[[HTTPBasicCredentials | None], None]:
    """A dependency that lets a request through only with these HTTP Basic credentials."""
    user, password = (part.encode() for part in credentials)

    def check(given: Annotated[HTTPBasicCredentials | None, Depends(BASIC)]) -> None:
        if given is None:
            valid = False
        else:  # both compared, always: no timing hint about which one is wrong
            same_user = secrets.compare_digest(given.username.encode(), user)
            valid = secrets.compare_digest(given.password.encode(), password) and same_user
        if not valid:
            raise HTTPException(401, "Log in with the user and password of RAG_AUTH (HTTP Basic).",
                                headers={"WWW-Authenticate": 'Basic realm="rag"'})

    return check


def ndjson_lines(first: str | AnswerRecord, rest: Iterator[str | AnswerRecord]) -> Iterator[str]:
    """Chain.stream's items as NDJSON lines; an error after the first item ends the stream with {"error"}."""
    item: str | AnswerRecord | None = first
    while item is not None:
        if isinstance(item, AnswerRecord):
            yield json.dumps({"record": item.model_dump(mode="json")}) + "\n"
        else:
            yield json.dumps({"text": item}) + "\n"
        try:
            item = next(rest, None)
        except RagError as exc:
            yield json.dumps({"error": " ".join(str(exc).split())}) + "\n"
            return


def api_router(chains: ChainCache, collection: DocumentCollection, feedback: FeedbackStore,
               credentials: tuple[str, str] | None) -> APIRouter:
    """The /api routes, behind HTTP Basic when `credentials` is set."""
    errors = {status: {"model": ErrorBody} for status in (400, 404, 409, 413, 415, 503)}
    if credentials:
        errors[401] = {"model": ErrorBody}
    router = APIRouter(prefix="/api", responses=errors,  # type: ignore[arg-type]
                       dependencies=[Depends(basic_auth(credentials))] if credentials else [])
    add_answer_routes(router, chains)
    add_document_routes(router, chains, collection)
    add_feedback_routes(router, feedback)
    return router


def add_answer_routes(router: APIRouter, chains: ChainCache) -> None:
    def chain_for(request: AnswerRequest) -> Chain:
        return chains.get(request.backend or chains.settings.backend, chains.settings.top_k)

    @router.post("/answer", response_model=AnswerRecord, tags=["answers"])
    def answer(request: AnswerRequest) -> AnswerRecord:
        """The answer record for a question (see docs/answer-contract.md)."""
        history = [turn.model_dump() for turn in request.history]
        return ask(chain_for(request), request.question, history, request.doc_id)

    @router.post("/answer/stream", response_class=StreamingResponse, tags=["answers"],
                 responses={200: {"content": {NDJSON: {}}, "description": "NDJSON lines"}})
    def answer_stream(request: AnswerRequest) -> StreamingResponse:
        """The answer as it is made: {"text": piece} lines, then {"record": the answer record}."""
        history = [turn.model_dump() for turn in request.history]
        items = ask_stream(chain_for(request), request.question, history, request.doc_id)
        first = next(items)  # a bad question fails here, while a 400 can still be sent
        return StreamingResponse(ndjson_lines(first, items), media_type=NDJSON)


def add_document_routes(router: APIRouter, chains: ChainCache, collection: DocumentCollection) -> None:
    """Every change to the documents drops the cached Chains, so the next answer sees it."""

    @router.get("/documents", response_model=list[DocumentInfo], tags=["documents"])
    def documents() -> list[DocumentInfo]:
        return collection.documents()

    @router.post("/documents", response_model=DocumentInfo, status_code=201, tags=["documents"])
    def add_document(file: UploadFile) -> DocumentInfo:
        """Add a .txt, .md, .html or .pdf file; its id is its name without the extension."""
        added = collection.add_stream(file.filename or "", file.file, file.size)
        chains.refresh()
        return added

    @router.delete("/documents/{doc_id}", response_model=DocumentInfo, tags=["documents"])
    def remove_document(doc_id: str) -> DocumentInfo:
        """Remove a document, and its uploaded copy if it was uploaded."""
        removed = collection.remove(doc_id)
        chains.refresh()
        return removed

    @router.post("/documents/{doc_id}/reindex", response_model=DocumentInfo, tags=["documents"])
    def reindex_document(doc_id: str) -> DocumentInfo:
        """Read the document's file again and rewrite it in the index."""
        reindexed = collection.reindex(doc_id)
        chains.refresh()
        return reindexed


def add_feedback_routes(router: APIRouter, store: FeedbackStore) -> None:
    """Votes on answers (kept for `rag feedback export`) and a chat as a file."""

    @router.post("/feedback", response_model=Feedback, status_code=201, tags=["feedback"])
    def give_feedback(request: FeedbackRequest) -> Feedback:
        """Store a thumbs up or down on an answer record, with an optional correction."""
        history = [turn.model_dump() for turn in request.history]
        return store.add(request.record, request.vote, request.correction, history)

    @router.get("/feedback", response_model=list[Feedback], tags=["feedback"])
    def list_feedback() -> list[Feedback]:
        return store.all()

    @router.post("/export", response_class=Response, tags=["export"],
                 responses={200: {"content": {"text/markdown": {}, "application/json": {}},
                                  "description": "the chat as Markdown (citations as footnotes) or JSON"}})
    def export_chat(request: ExportRequest) -> Response:
        """A chat as Markdown, each citation a footnote with its quote and offsets, or as JSON (the records)."""
        name, media_type = EXPORT_FILES[request.format]
        body = chat_json(request.records) if request.format == "json" else chat_markdown(request.records)
        return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
