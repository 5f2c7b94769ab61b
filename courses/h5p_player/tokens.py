"""Signed, expiring grants to open one H5P activity's player document.

The player runs in a sandboxed frame with an opaque origin, which sends no cookies on
its own requests; so its document is addressed by a grant, issued by the launch view
only after it has checked the learner's enrolment. The grant names the learner, the
lesson and the activity, and the player view checks all three again when it is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "courses.h5p-player"
# Only the first load of the frame uses the grant (files have grants of their own), so
# it needs to outlive a slow page load, not a study session.
MAX_AGE_SECONDS = 15 * 60


@dataclass(frozen=True)
class PlayerGrant:
    package_id: int
    user_id: int
    lesson_id: int
    activity_key: str


class PlayerGrantInvalid(Exception):
    pass


def issue_player_grant(*, package_id: int, user_id: int, lesson_id: int, activity_key: str) -> str:
    return signing.dumps(
        {"p": package_id, "u": user_id, "l": lesson_id, "a": activity_key},
        salt=SALT,
        compress=True,
    )


def read_player_grant(token: str) -> PlayerGrant:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise PlayerGrantInvalid("This activity link has expired. Reload the lesson.") from exc
    except signing.BadSignature as exc:
        raise PlayerGrantInvalid("This activity link is not valid.") from exc
    try:
        return PlayerGrant(
            package_id=int(data["p"]),
            user_id=int(data["u"]),
            lesson_id=int(data["l"]),
            activity_key=str(data["a"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlayerGrantInvalid("This activity link is not valid.") from exc
