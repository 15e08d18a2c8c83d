"""Answering questions: understanding them, looking figures up, searching passages, citing both;
and checking the figures a text states against the reports.

The facade: ``answer_question(store, question, report_ids=None, after=())`` returns a frozen
:class:`Answer` holding its cell and passage citations and its warnings; ``check_claims(store,
text, report_ids=None)`` returns a :class:`ClaimCheck`, a :class:`ClaimVerdict` for every figure
the text states (each with its :class:`Claim` and the answer it rests on), which
``check_to_csv`` and ``check_to_markdown`` export. ``cli.serialize`` makes cli.md's JSON of both,
the page renders them.
"""

from retrieval.answer import MAX_QUESTION_CHARS, answer_question
from retrieval.citations import Answer, AnswerStatus, CellCitation, PassageCitation, Warning
from retrieval.claims import MAX_CLAIM_TEXT_CHARS, Claim
from retrieval.factnote import check_to_csv, check_to_markdown, summary_line, verdict_name
from retrieval.verdicts import VERDICTS, ClaimCheck, ClaimVerdict, Verdict, check_claims

__all__ = ["Answer", "AnswerStatus", "CellCitation", "Claim", "ClaimCheck", "ClaimVerdict", "MAX_CLAIM_TEXT_CHARS",
           "MAX_QUESTION_CHARS", "PassageCitation", "VERDICTS", "Verdict", "Warning", "answer_question", "check_claims",
           "check_to_csv", "check_to_markdown", "summary_line", "verdict_name"]
