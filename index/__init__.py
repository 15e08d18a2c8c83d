"""The store: reports, cells and checks in SQLite; passages in SQLite (lexical) and Chroma (dense).

The facade: ``Store.open(settings)``, ``ingest_files(files, settings)``.
"""

from index.ingest import ingest_files
from index.store import AddResult, Hit, Store, StoredReport

__all__ = ["AddResult", "Hit", "Store", "StoredReport", "ingest_files"]
