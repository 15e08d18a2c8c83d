"""Answering questions: understanding them, looking figures up, searching passages, citing both.

The facade: ``answer_question(store, question, report_ids=None, after=())`` returns a frozen
:class:`Answer` holding its cell and passage citations and its warnings; ``cli.serialize`` makes it
cli.md's JSON, the page renders it.
"""

from retrieval.answer import MAX_QUESTION_CHARS, answer_question
from retrieval.citations import Answer, AnswerStatus, CellCitation, PassageCitation, Warning

__all__ = ["Answer", "AnswerStatus", "CellCitation", "MAX_QUESTION_CHARS", "PassageCitation", "Warning",
           "answer_question"]
