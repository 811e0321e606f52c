"""The Gradio chat page. app: layout and launch; chat: handlers; render: HTML; documents: article text;
chains: one Chain per backend; assets: CSS and the citation script."""
