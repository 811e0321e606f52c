"""The Gradio page: a Chat tab and a Documents tab, layout and event wiring. Handlers live in
ui/chat.py (the conversation), ui/chat_feedback.py (thumbs and corrections) and ui/library.py (the documents).

`rag chat` serves this page inside the HTTP API's app (ui/server.py); `serve` runs the page
alone, as Gradio's own server does.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import gradio as gr

from core.errors import ConfigError, RagError
from core.feedback import MAX_CORRECTION_CHARS
from core.settings import BACKENDS, Settings
from index.collection import DocumentCollection
from rag.chains import ChainCache
from ui import render
from ui.assets import CSS, JS
from ui.chat import ChatHandlers
from ui.chat_feedback import FeedbackHandlers
from ui.examples import EXAMPLE_SLOTS
from ui.feedback import FeedbackStore
from ui.library import HEADERS, LibraryHandlers, size_text
from ui.scope import ALL, ALL_LABEL, ScopePicker

THEME = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
# How the page looks and reports errors, however it is served (Blocks.launch or gr.mount_gradio_app).
PAGE_OPTIONS: dict[str, Any] = {"css": CSS, "js": JS, "theme": THEME, "footer_links": ["api"], "show_error": False}
PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # only /answer is an API endpoint


def build_app(settings: Settings, chains: ChainCache | None = None,
              collection: DocumentCollection | None = None) -> gr.Blocks:
    """The page for `settings`; Chains are built on first use and shared by every session."""
    chains = chains or ChainCache(settings)
    handlers = ChatHandlers(chains)
    feedback = FeedbackHandlers(FeedbackStore.for_settings(settings))
    library = LibraryHandlers(collection or DocumentCollection(settings), chains)
    picker = ScopePicker(library.collection)
    with gr.Blocks(title="News QA") as demo:
        gr.Markdown("## Ask about the articles\nAnswers cite the passages they rest on; click a [n] to see it.")
        if settings.backend_note:  # e.g. the install found that llama.cpp cannot run on this CPU
            gr.Markdown(f"**Note:** {settings.backend_note}", elem_id="backend-note")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Chat", id="chat", elem_id="chat-tab") as chat_tab:
                examples, scope = chat_panel(handlers, feedback, settings, demo)
            with gr.Tab("Documents", id="documents", elem_id="documents-tab", render_children=True) as documents_tab:
                library_outputs = documents_panel(library, examples, settings)
        on_table = {"show_progress_on": library_outputs[0], **PRIVATE}  # one progress bar, over the table
        demo.load(library.show, None, library_outputs, **on_table)
        # Documents may have changed in another session or through the API since the page was loaded.
        documents_tab.select(library.show, None, library_outputs, **on_table)
        chat_tab.select(library.example_buttons, None, examples, show_progress="hidden", **PRIVATE)
        # "Ask about" follows the collection: read again on load and whenever the chat is shown.
        for event in (demo.load, chat_tab.select):
            event(picker.refresh, [scope], [scope], show_progress="hidden", **PRIVATE)
        gr.api(handlers.answer, api_name="answer")
    return demo


def chat_panel(handlers: ChatHandlers, feedback: FeedbackHandlers, settings: Settings,
               demo: gr.Blocks) -> tuple[list[gr.Button], gr.Dropdown]:
    """The conversation, "Ask about", the example questions, feedback and downloads, settings, and the
    sources and article panels beside them. Returns the example buttons (ui/library.py fills them from
    what is indexed) and the "Ask about" picker (ui/scope.py fills it)."""
    turns = gr.State([])  # list[ui.chat.Turn], one list per browser session
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat = gr.Chatbot(
                elem_id="chat", label="Conversation", height=460, render_markdown=False,
                feedback_options=("Like", "Dislike"), buttons=[],
            )
            scope = gr.Dropdown([(ALL_LABEL, ALL)], value=ALL, label="Ask about", elem_id="scope",
                                allow_custom_value=False)
            with gr.Row():
                question = gr.Textbox(
                    elem_id="question", show_label=False, placeholder="Ask a question about the articles",
                    scale=5, autofocus=True,
                )
                send = gr.Button("Send", variant="primary", elem_id="send", scale=1, min_width=80)
            with gr.Row(elem_id="examples"):
                examples = [gr.Button("", size="sm", elem_classes="example", visible=False)
                            for _ in range(EXAMPLE_SLOTS)]
                new_chat = gr.Button("New chat", size="sm", elem_id="new-chat", variant="secondary")
            feedback_outputs = feedback_controls(chat, turns, feedback)
            downloads = download_buttons()
            status = gr.HTML("", elem_id="status")
            with gr.Accordion("Settings", open=False, elem_id="settings"), gr.Row():
                backend = gr.Dropdown(BACKENDS, value=settings.backend, label="Backend", elem_id="backend")
                top_k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Passages (top_k)", elem_id="top-k")
        with gr.Column(scale=2):
            sources = gr.HTML(render.SOURCES_PLACEHOLDER, elem_id="sources")
            article = gr.HTML(render.ARTICLE_PLACEHOLDER, elem_id="article")
    cite_request = gr.Textbox(visible="hidden", elem_id="cite-request")

    answer_outputs = [question, chat, turns, sources, article, status]
    ask = {"fn": handlers.respond, "inputs": [question, turns, backend, top_k, scope], "outputs": answer_outputs}
    scroll_to_first = {"fn": None, "js": "() => { window.ragScrollToFirst && window.ragScrollToFirst(); }"}
    refresh_downloads = {"fn": handlers.downloads, "inputs": [turns], "outputs": downloads}
    question.submit(**ask, **PRIVATE).then(**scroll_to_first, **PRIVATE).then(**refresh_downloads, **PRIVATE)
    send.click(**ask, **PRIVATE).then(**scroll_to_first, **PRIVATE).then(**refresh_downloads, **PRIVATE)
    for button in examples:
        button.click(lambda text: text, [button], [question], queue=False, **PRIVATE).then(
            **ask, **PRIVATE
        ).then(**scroll_to_first, **PRIVATE).then(**refresh_downloads, **PRIVATE)
    new_chat.click(handlers.new_chat, None, answer_outputs, queue=False, **PRIVATE).then(
        **refresh_downloads, **PRIVATE).then(feedback.close, None, feedback_outputs, **PRIVATE)
    backend.change(handlers.switch_backend, [backend, top_k], [status], **PRIVATE)
    cite_request.change(handlers.show_citation, [turns, cite_request], [sources, article], **PRIVATE).then(
        None, js="() => { window.ragShowPending && window.ragShowPending(); }", **PRIVATE
    )
    demo.load(handlers.page_status, [backend, top_k], [status], **PRIVATE)
    return examples, scope


def feedback_controls(chat: gr.Chatbot, turns: gr.State, feedback: FeedbackHandlers) -> list[Any]:
    """The correction box a thumbs down opens and the feedback status line, wired to the Chatbot's thumbs.
    Returns the outputs every FeedbackHandlers handler fills."""
    correcting = gr.State(None)  # the turn the correction box is for
    status = gr.HTML("", elem_id="feedback-status")
    with gr.Row(visible=False, elem_id="correction-row", equal_height=True) as row:
        box = gr.Textbox(elem_id="correction", show_label=False, scale=5, max_length=MAX_CORRECTION_CHARS,
                         placeholder="The right answer in a few words (e.g. 26), or “not in the article”")
        save = gr.Button("Save correction", elem_id="save-correction", scale=1, min_width=140)
    outputs = [turns, row, box, correcting, status]
    chat.like(feedback.vote, [turns], outputs, **PRIVATE)
    save.click(feedback.correct, [turns, correcting, box], outputs, **PRIVATE)
    box.submit(feedback.correct, [turns, correcting, box], outputs, **PRIVATE)
    return outputs


def download_buttons() -> list[gr.DownloadButton]:
    """The chat as Markdown (citations as footnotes) and as JSON; enabled once there is an answer."""
    with gr.Row(elem_id="downloads"):
        return [gr.DownloadButton(label, elem_id=elem_id, size="sm", variant="secondary", interactive=False)
                for label, elem_id in (("Download chat (Markdown)", "download-md"),
                                       ("Download chat (JSON)", "download-json"))]


def documents_panel(library: LibraryHandlers, examples: list[gr.Button], settings: Settings) -> list[Any]:
    """What is indexed, with upload, remove and re-index. Returns the outputs every library handler fills."""
    with gr.Row(equal_height=True):
        upload = gr.UploadButton("Add documents…", file_count="multiple", variant="primary", elem_id="upload",
                                 scale=0, min_width=200)
        gr.Markdown(f"Answers are drawn from these documents. Add .txt, .md, .html or .pdf files of up to "
                    f"{size_text(settings.max_document_bytes)} each; choose a document (or click its row) to "
                    "remove it or to read its file again.")
    status = gr.HTML("", elem_id="library-status")
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="documents", max_height=420,
                         column_widths=["34%", "18%", "9%", "9%", "13%", "17%"])
    doc_ids = gr.State([])  # the table's rows, as doc ids
    with gr.Row(equal_height=True):
        choice = gr.Dropdown([], value=None, label="Document", elem_id="document-choice", scale=4)
        reindex = gr.Button("Re-index", elem_id="reindex", scale=1, min_width=100)
        remove = gr.Button("Remove", elem_id="remove", variant="stop", scale=1, min_width=100)
    outputs = [table, doc_ids, choice, status, *examples]
    on_table = {"show_progress_on": table, **PRIVATE}  # one progress bar, over the table
    upload.upload(library.upload, [upload], outputs, **on_table)
    reindex.click(library.reindex, [choice], outputs, **on_table)
    remove.click(library.remove, [choice], outputs, **on_table)
    table.select(library.pick, [doc_ids], [choice], **PRIVATE)
    return outputs


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
