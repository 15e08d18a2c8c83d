"""The catalog as answering uses it: every stored report with its body's key (one key for every name
a body printed), worked out once and kept until a report is added, replaced or deleted.

At 1,000 reports reading the catalog and keying its bodies took 30 ms of every answer, three times
over (scope, the question's bodies, check 5 for the warnings); the store's ``catalog_key`` says in
one small query whether what was worked out still holds.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Dict, List, Tuple

from index import Store
from ingest import bodies_to_keys
from model import CatalogEntry

_KEPT: Dict[Tuple[int, Tuple[int, int, int]], List[CatalogEntry]] = {}
_BY_BODY: Dict[Tuple[int, Tuple[int, int, int]], Dict[str, List[CatalogEntry]]] = {}
_LOCK = threading.Lock()
#: Catalogs kept at once (one per open store; a test session opens many).
_MAX_KEPT = 8


def store_to_catalog(store: Store) -> List[CatalogEntry]:
    """Given the store, return every report as a catalog entry carrying its body's key."""
    key = (id(store), store.catalog_key())
    with _LOCK:
        kept = _KEPT.get(key)
    if kept is not None:
        return kept
    every = store.catalog()
    keys = bodies_to_keys([e.agency for e in every if e.agency])
    entries = [replace(e, body=keys[e.agency] if e.agency else e.id) for e in every]
    with _LOCK:
        for old in [k for k in _KEPT if k[0] == key[0]] + list(_KEPT)[:max(0, len(_KEPT) - _MAX_KEPT + 1)]:
            _KEPT.pop(old, None)
        _KEPT[key] = entries
    return entries


def store_to_body_years(store: Store) -> Dict[str, List[CatalogEntry]]:
    """Given the store, return for each report every report of its body (itself included)."""
    entries = store_to_catalog(store)
    key = (id(store), store.catalog_key())
    with _LOCK:
        kept = _BY_BODY.get(key)
    if kept is not None:
        return kept
    by_body: Dict[str, List[CatalogEntry]] = {}
    for e in entries:
        by_body.setdefault(e.body, []).append(e)
    out = {e.id: by_body[e.body] for e in entries}
    with _LOCK:
        for old in [k for k in _BY_BODY if k[0] == key[0]] + list(_BY_BODY)[:max(0, len(_BY_BODY) - _MAX_KEPT + 1)]:
            _BY_BODY.pop(old, None)
        _BY_BODY[key] = out
    return out
