"""The embedding functions Chroma calls: a loaded sentence-transformers model (``SentenceEmbedder``),
and the stand-in when none is loaded (``NoEmbedder``), which keeps Chroma from falling back to its own
default model (it would download one at run time).

Apart from ``index/embed.py`` because they subclass Chroma's ``EmbeddingFunction``: importing this
module imports chromadb (a second or more of CPU), which only a command that loads the model or opens
the vectors should pay — ``Store.collection`` and ``load_embedder`` import it where they need it.
"""

from __future__ import annotations

from typing import Optional, Sequence

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

#: Above this share of unknown tokens, a model is not trusted with a text (query or corpus).
MAX_UNKNOWN_SHARE = 0.15


class SentenceEmbedder(EmbeddingFunction[Documents]):
    """A Chroma embedding function backed by a loaded sentence-transformers model."""

    def __init__(self, model, name: str):
        self._model = model
        self.model_name = name
        self._dimension: Optional[int] = None

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self._model.encode(list(input), batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False, convert_to_numpy=True)
        return [v for v in vectors]

    @property
    def dimension(self) -> int:
        """The length of this model's vectors (measured: not every model declares it)."""
        if self._dimension is None:
            self._dimension = len(self(["dimension"])[0])
        return self._dimension

    @staticmethod
    def name() -> str:
        return "reports-sentence-transformers"

    def get_config(self) -> dict:
        return {"model": self.model_name}

    @staticmethod
    def build_from_config(config: dict) -> "SentenceEmbedder":
        # Raising keeps Chroma from rebuilding a function from the saved config (it then warns that
        # the config is "legacy"): the model is ours to load (Store.model), and the store passes it.
        raise NotImplementedError("open the store with Store.open(), which loads the model itself")

    def unknown_share(self, texts: Sequence[str]) -> float:
        """Given texts, return the share of their tokens the model's tokenizer does not know."""
        tok = getattr(self._model, "tokenizer", None)
        unk = getattr(tok, "unk_token_id", None)
        if tok is None or unk is None:
            return 0.0
        total = unknown = 0
        for text in texts:
            ids = tok(text, add_special_tokens=False)["input_ids"]
            total += len(ids)
            unknown += sum(1 for i in ids if i == unk)
        return unknown / total if total else 0.0

    def reads(self, texts: Sequence[str]) -> bool:
        """Whether the model knows enough of these texts' tokens for its embeddings to mean anything."""
        return self.unknown_share(texts) <= MAX_UNKNOWN_SHARE


class NoEmbedder(EmbeddingFunction[Documents]):
    """Stands in when no model could be loaded, so that Chroma never falls back to its own default."""

    def __init__(self, reason: str = "no embedding model is loaded"):
        self.reason = reason
        self.model_name = ""

    def __call__(self, input: Documents) -> Embeddings:
        raise RuntimeError(self.reason)

    @staticmethod
    def name() -> str:
        return "reports-no-embedder"

    def get_config(self) -> dict:
        return {}

    @staticmethod
    def build_from_config(config: dict) -> "NoEmbedder":
        return NoEmbedder()
