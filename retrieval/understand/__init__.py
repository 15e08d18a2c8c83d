"""Understanding: the one reader of a question's (and a checked text's) words.

``understand(question, catalog, before=None)`` returns a :class:`retrieval.query.Query`; nothing
after it reads the question again. Its parts: the vocabulary's terms (``retrieval.lexicon``), the
bodies named (``names``, ``scope``: loaded ones from the catalog, others from the shape of a name),
the years (``years``), the figures a text states (``numerals``).
"""

from retrieval.understand.question import normalize_question, question_language, understand

__all__ = ["normalize_question", "question_language", "understand"]
