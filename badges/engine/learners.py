"""Which council a learner belongs to, for deciding which badges they may earn."""

from __future__ import annotations

from collections.abc import Iterable

from lms.people.models import StaffProfile


def learner_organisation_id(user_id: int) -> int | None:
    """The learner's council, or None for graduates, the public and leavers."""
    return (
        StaffProfile.objects.filter(user_id=user_id, is_active=True)
        .values_list("organisation_id", flat=True)
        .first()
    )


def learner_organisation_ids(user_ids: Iterable[int]) -> dict[int, int | None]:
    """Councils for many learners in one query; learners without a profile map to None."""
    ids = list(user_ids)
    found = dict(
        StaffProfile.objects.filter(user_id__in=ids, is_active=True).values_list(
            "user_id", "organisation_id"
        )
    )
    return {uid: found.get(uid) for uid in ids}


def may_earn(*, badge_organisation_id: int | None, learner_organisation_id: int | None) -> bool:
    """Sector badges are open to anyone; a council's badges only to its own staff."""
    return badge_organisation_id is None or badge_organisation_id == learner_organisation_id
