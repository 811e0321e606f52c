"""`rag bench`: the performance benchmark (run.py), its synthetic corpus, measurements and report."""
