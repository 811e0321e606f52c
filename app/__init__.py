"""The entry points: the `rag` command (cli.py). The top layer: it may import every other package."""
