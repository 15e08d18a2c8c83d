"""Answering questions: understanding them, looking figures up, searching passages, citing both.

The facade: ``answer_question(store, question, report_ids=None, after=())`` returns an ``Answer``
whose ``to_json()`` is the answer object of cli.md.
"""

from retrieval.answer import answer_question
from retrieval.citations import Answer

__all__ = ["Answer", "answer_question"]
