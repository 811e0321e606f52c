"""The Gradio chat page: layout and event wiring. Handlers live in ui/chat.py.

`rag chat` serves this page inside the HTTP API's app (ui/server.py); `serve` runs the page
alone, as Gradio's own server does.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import gradio as gr

from rag.errors import ConfigError, RagError
from rag.settings import BACKENDS, Settings
from ui import render
from ui.assets import CSS, JS
from ui.chains import ChainCache
from ui.chat import ChatHandlers

THEME = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
# How the page looks and reports errors, however it is served (Blocks.launch or gr.mount_gradio_app).
PAGE_OPTIONS: dict[str, Any] = {"css": CSS, "js": JS, "theme": THEME, "footer_links": ["api"], "show_error": False}
EXAMPLES = [
    "What is this article about?",
    "How old is Andrey Medvedev?",
    "What does Medvedev say he heard behind him?",
    "Who won the football World Cup in 2022?",
]


def build_app(settings: Settings, chains: ChainCache | None = None) -> gr.Blocks:
    """The page for `settings`; Chains are built on first use and shared by every session."""
    handlers = ChatHandlers(chains or ChainCache(settings))
    private = {"api_visibility": "private"}  # only /answer is an API endpoint
    with gr.Blocks(title="News QA") as demo:
        gr.Markdown("## Ask about the article\nAnswers cite the passages they rest on; click a [n] to see it.")
        if settings.backend_note:  # e.g. the install found that llama.cpp cannot run on this CPU
            gr.Markdown(f"**Note:** {settings.backend_note}", elem_id="backend-note")
        turns = gr.State([])  # list[ui.chat.Turn], one list per browser session
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    elem_id="chat", label="Conversation", height=460, render_markdown=False,
                    feedback_options=None, buttons=[],
                )
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="question", show_label=False, placeholder="Ask a question about the article",
                        scale=5, autofocus=True,
                    )
                    send = gr.Button("Send", variant="primary", elem_id="send", scale=1, min_width=80)
                with gr.Row():
                    examples = [gr.Button(text, size="sm", elem_classes="example") for text in EXAMPLES]
                    new_chat = gr.Button("New chat", size="sm", elem_id="new-chat", variant="secondary")
                status = gr.HTML("", elem_id="status")
                with gr.Accordion("Settings", open=False, elem_id="settings"), gr.Row():
                    backend = gr.Dropdown(BACKENDS, value=settings.backend, label="Backend", elem_id="backend")
                    top_k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Passages (top_k)",
                                      elem_id="top-k")
            with gr.Column(scale=2):
                sources = gr.HTML(render.SOURCES_PLACEHOLDER, elem_id="sources")
                article = gr.HTML(render.ARTICLE_PLACEHOLDER, elem_id="article")
        cite_request = gr.Textbox(visible="hidden", elem_id="cite-request")

        answer_outputs = [question, chat, turns, sources, article, status]
        ask = {"fn": handlers.respond, "inputs": [question, turns, backend, top_k], "outputs": answer_outputs}
        scroll_to_first = {"fn": None, "js": "() => { window.ragScrollToFirst && window.ragScrollToFirst(); }"}
        question.submit(**ask, **private).then(**scroll_to_first, **private)
        send.click(**ask, **private).then(**scroll_to_first, **private)
        for button in examples:
            button.click(lambda text: text, [button], [question], queue=False, **private).then(
                **ask, **private
            ).then(**scroll_to_first, **private)
        new_chat.click(handlers.new_chat, None, answer_outputs, queue=False, **private)
        backend.change(handlers.switch_backend, [backend, top_k], [status], **private)
        cite_request.change(handlers.show_citation, [turns, cite_request], [sources, article], **private).then(
            None, js="() => { window.ragShowPending && window.ragShowPending(); }", **private
        )
        demo.load(handlers.page_status, [backend, top_k], [status], **private)
        gr.api(handlers.answer, api_name="answer")
    return demo


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """"user:password" -> ("user", "password"); ConfigError when the colon is missing."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("Bad setting auth (RAG_AUTH): use user:password.")
    return user, password


def serve(
    settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True
) -> gr.Blocks:
    """Builds and starts the app; with block=False it returns at once (call .close() to stop)."""
    auth = parse_auth(settings.auth)
    chains = ChainCache(settings)
    demo = build_app(settings, chains)
    start_warm_up(chains)
    demo.launch(
        server_name=host, server_port=port, auth=auth, prevent_thread_lock=not block, quiet=not block,
        **PAGE_OPTIONS,
    )
    return demo


def start_warm_up(chains: ChainCache) -> None:
    """Builds the index (if missing) and the default Chain in the background, while the page is already up."""
    threading.Thread(target=_warm_up, args=(chains,), name="rag-warm-up", daemon=True).start()


def _warm_up(chains: ChainCache) -> None:
    try:
        chains.default()
    except RagError as exc:
        print(f"rag: {exc}", file=sys.stderr)
