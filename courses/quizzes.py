"""Quiz presentation and scoring. Scores are worked out here, never taken from the browser.

Answers are identified by their position in the editor's list, so shuffling only
changes the order they are shown in, and a submitted index outside the question's
answers is refused rather than ignored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class ShownAnswer:
    index: int
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    index: int
    text: str
    kind: str
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True)
class QuestionOutcome:
    index: int
    text: str
    correct: bool
    chosen: tuple[int, ...]
    feedback: tuple[str, ...]


@dataclass(frozen=True)
class QuizResult:
    score: Decimal
    pass_mark: Decimal
    passed: bool
    outcomes: tuple[QuestionOutcome, ...]

    @property
    def percent(self) -> int:
        return int((self.score * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def correct_count(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.correct)


def present(quiz, *, seed: str) -> list[ShownQuestion]:
    """Questions in display order. The same seed gives the same order, so a page reload
    mid-attempt does not reshuffle under the learner."""
    rng = random.Random(seed)
    questions = [
        ShownQuestion(
            index=q_index,
            text=question["text"],
            kind=question["kind"],
            answers=tuple(
                ShownAnswer(index=a_index, text=answer["text"])
                for a_index, answer in enumerate(question["answers"])
            ),
        )
        for q_index, question in enumerate(quiz["questions"])
    ]
    if quiz["shuffle"]:
        rng.shuffle(questions)
        questions = [
            ShownQuestion(q.index, q.text, q.kind, tuple(rng.sample(q.answers, len(q.answers))))
            for q in questions
        ]
    return questions


def parse_submission(quiz, data) -> dict[int, tuple[int, ...]]:
    """Read `q<question>` fields (one value, or several for multiple choice) from a form.

    Every question must be answered; indices must exist. Anything else is refused.
    """
    chosen: dict[int, tuple[int, ...]] = {}
    missing = []
    for q_index, question in enumerate(quiz["questions"]):
        raw = data.getlist(f"q{q_index}") if hasattr(data, "getlist") else data.get(f"q{q_index}")
        if raw is None or raw == []:
            missing.append(question["text"])
            continue
        values = raw if isinstance(raw, list | tuple) else [raw]
        try:
            indices = tuple(sorted({int(v) for v in values}))
        except (TypeError, ValueError) as exc:
            raise ValidationError("That answer is not one of the choices.") from exc
        if any(i < 0 or i >= len(question["answers"]) for i in indices):
            raise ValidationError("That answer is not one of the choices.")
        if question["kind"] == "single" and len(indices) != 1:
            raise ValidationError(f"Choose one answer for “{question['text']}”.")
        chosen[q_index] = indices
    if missing:
        # Named by their text: shuffled quizzes show questions in another order.
        listed = "; ".join(f"“{text}”" for text in missing)
        raise ValidationError(f"Answer every question before submitting. Not answered: {listed}")
    return chosen


def score(quiz, chosen: dict[int, tuple[int, ...]]) -> QuizResult:
    """A question is right only when exactly the correct answers are chosen."""
    outcomes = []
    for q_index, question in enumerate(quiz["questions"]):
        answers = question["answers"]
        correct = tuple(i for i, answer in enumerate(answers) if answer["is_correct"])
        picked = chosen.get(q_index, ())
        outcomes.append(
            QuestionOutcome(
                index=q_index,
                text=question["text"],
                correct=picked == correct,
                chosen=picked,
                feedback=tuple(answers[i]["feedback"] for i in picked if answers[i]["feedback"]),
            )
        )
    total = len(outcomes)
    right = sum(1 for outcome in outcomes if outcome.correct)
    result_score = (Decimal(right) / Decimal(total)).quantize(Decimal("0.0001"))
    pass_mark = (Decimal(quiz["pass_mark"]) / 100).quantize(Decimal("0.0001"))
    return QuizResult(
        score=result_score,
        pass_mark=pass_mark,
        passed=result_score >= pass_mark,
        outcomes=tuple(outcomes),
    )
