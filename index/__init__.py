"""The store: reports, cells and checks in SQLite; passages in SQLite (lexical) and Chroma (dense).

The facade: ``Store.open(settings)`` and what its methods give back (``model`` types, ``AddResult``);
``text_to_terms`` (the words a passage is found by); ``fuse`` (rank fusion, pure).
"""

from index.backend import IndexedPassage
from index.embed import LoadedModel, load_embedder, packaged_test_model
from index.fusion import Fused, fuse
from index.lexical import text_to_terms
from index.store import AddResult, AddStatus, Embedding, Store, index_passages

__all__ = ["AddResult", "AddStatus", "Embedding", "Fused", "IndexedPassage", "LoadedModel", "Store", "fuse", "index_passages", "load_embedder", "packaged_test_model",
           "text_to_terms"]
