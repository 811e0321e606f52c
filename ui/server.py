"""`rag chat`: the chat page and the HTTP API in one app, served by uvicorn.

    /        the Gradio chat page (ui/app.py), with its login form when RAG_AUTH is set
    /api/    the HTTP API (ui/api.py), HTTP Basic when RAG_AUTH is set
    /docs    the API's OpenAPI page

    rag chat [--host 127.0.0.1] [--port 7860] [--backend extractive]
"""

from __future__ import annotations

import threading
import time
from typing import Any

import gradio as gr
import uvicorn
from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from core.errors import BackendUnavailable
from core.settings import Settings, load_settings
from index.collection import DocumentCollection
from rag.chains import ChainCache
from ui.api import api_router, basic_auth, install_error_handlers
from ui.app import PAGE_OPTIONS, build_app, parse_auth, start_warm_up
from ui.feedback import FeedbackStore

DESCRIPTION = ("Answers about news articles, each claim citing a verbatim passage, and the documents "
               "they come from. The answer record is described in docs/answer-contract.md.")


def build_server(settings: Settings, chains: ChainCache | None = None,
                 collection: DocumentCollection | None = None) -> FastAPI:
    """The API routes first, then the chat page mounted at "/" for every other path; both share the Chains
    and the document collection."""
    credentials = parse_auth(settings.auth)
    chains = chains or ChainCache(settings)
    collection = collection or DocumentCollection(settings)  # one lock for changes from the API and the page
    docs = {"docs_url": "/docs"} if credentials is None else {"docs_url": None, "openapi_url": None}  # else below
    app = FastAPI(title="rag-news", description=DESCRIPTION, redoc_url=None, **docs)
    install_error_handlers(app)
    if credentials is not None:
        add_locked_docs(app, credentials)
    app.include_router(api_router(chains, collection, FeedbackStore.for_settings(settings), credentials))
    page = build_app(settings, chains, collection)
    return gr.mount_gradio_app(app, page, path="/", auth=credentials, **PAGE_OPTIONS)


def add_locked_docs(app: FastAPI, credentials: tuple[str, str]) -> None:
    """/docs and /openapi.json behind the same HTTP Basic login as /api."""
    login = [Depends(basic_auth(credentials))]

    @app.get("/openapi.json", include_in_schema=False, dependencies=login)
    def openapi() -> dict[str, Any]:
        return app.openapi()

    @app.get("/docs", include_in_schema=False, dependencies=login)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="rag-news API")


class RunningServer:
    """A uvicorn server for `app`; `run()` blocks until interrupted, `start()` returns once it listens."""

    def __init__(self, app: FastAPI, host: str, port: int, log_level: str = "warning") -> None:
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level))
        self.thread: threading.Thread | None = None

    def run(self) -> None:
        self.server.run()

    def start(self, timeout_s: float = 60) -> None:
        self.thread = threading.Thread(target=self.server.run, name="rag-server", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise BackendUnavailable(f"The server did not start on {self.url} (is the port in use?).")
            time.sleep(0.05)

    def close(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=30)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> RunningServer:
    """Builds the app and serves it; with block=False it returns once listening (call .close() to stop)."""
    chains = ChainCache(settings)
    server = RunningServer(build_server(settings, chains), host, port)
    start_warm_up(chains)
    if block:
        server.run()
    else:
        server.start()
    return server


def launch(host: str = "127.0.0.1", port: int = 7860, backend: str | None = None) -> None:
    """`rag chat`: serve the page and the API until interrupted."""
    settings = load_settings(backend=backend)
    print(f"Chat: http://{host}:{port}/  API: http://{host}:{port}/docs  (Ctrl-C stops)", flush=True)
    serve(settings, host=host, port=port, block=True)
