from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from courses import quizzes

QUIZ = {
    "title": "Phishing",
    "pass_mark": 50,
    "max_attempts": 2,
    "shuffle": True,
    "questions": [
        {
            "text": "Is an urgent email from 'IT' asking for your password genuine?",
            "kind": "single",
            "answers": [
                {"text": "Yes", "is_correct": False, "feedback": "IT never asks for it."},
                {"text": "No", "is_correct": True, "feedback": ""},
            ],
        },
        {
            "text": "Which are signs of phishing?",
            "kind": "multiple",
            "answers": [
                {"text": "Mismatched sender", "is_correct": True, "feedback": ""},
                {"text": "Pressure to act now", "is_correct": True, "feedback": ""},
                {"text": "Your name spelt right", "is_correct": False, "feedback": "Not a sign."},
            ],
        },
    ],
}


def form(**fields):
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    return data


def test_shuffle_is_stable_per_seed_and_keeps_original_indices():
    first = quizzes.present(QUIZ, seed="attempt-1")
    assert first == quizzes.present(QUIZ, seed="attempt-1")
    shown = {(q.index, a.index, a.text) for q in first for a in q.answers}
    original = {
        (qi, ai, a["text"])
        for qi, q in enumerate(QUIZ["questions"])
        for ai, a in enumerate(q["answers"])
    }
    assert shown == original
    orders = {tuple(q.index for q in quizzes.present(QUIZ, seed=str(n))) for n in range(20)}
    assert len(orders) == 2


def test_exactly_the_correct_set_scores():
    chosen = quizzes.parse_submission(QUIZ, form(q0="1", q1=["0", "1"]))
    result = quizzes.score(QUIZ, chosen)
    assert result.score == Decimal("1.0000") and result.passed and result.percent == 100

    partial = quizzes.score(QUIZ, quizzes.parse_submission(QUIZ, form(q0="0", q1=["0"])))
    assert partial.score == Decimal("0") and not partial.passed
    assert partial.outcomes[0].feedback == ("IT never asks for it.",)


def test_half_right_meets_a_fifty_percent_pass_mark():
    result = quizzes.score(QUIZ, quizzes.parse_submission(QUIZ, form(q0="1", q1=["0", "2"])))
    assert result.score == Decimal("0.5000")
    assert result.passed


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"q0": "1"}, r"Not answered: “Which are signs of phishing\?”"),
        ({"q0": "7", "q1": "0"}, "not one of the choices"),
        ({"q0": "-1", "q1": "0"}, "not one of the choices"),
        ({"q0": "abc", "q1": "0"}, "not one of the choices"),
        ({"q0": ["0", "1"], "q1": "0"}, "Choose one answer for"),
    ],
)
def test_forged_or_incomplete_submissions_are_refused(fields, message):
    with pytest.raises(ValidationError, match=message):
        quizzes.parse_submission(QUIZ, form(**fields))
