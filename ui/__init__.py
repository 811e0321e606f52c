"""The Gradio chat page. app: layout and launch; chat: handlers; render: HTML; documents: article text;
assets: CSS and the citation script; chat_feedback and feedback: votes on answers and their store;
transcript: a chat as Markdown or JSON."""
