"""The command lines of cli.md (``python -m ingest``, ``python -m index``, ``python -m retrieval``):
arguments in, one line of text or one JSON document out. JSON is made here only (``cli.serialize``)."""
