"""factory_boy factories for frameworks, badges and awards (tests and dev tools only)."""

from __future__ import annotations

import factory

from badges.models import (
    BadgeAlignment,
    BadgeAward,
    BadgeClass,
    Criterion,
    Framework,
    FrameworkItem,
    ProficiencyLevel,
    RoleRequirement,
)
from lms.people.factories import UserFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"framework-{n}")
    title = factory.Sequence(lambda n: f"Framework {n}")
    version = "1.0"


class ProficiencyLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProficiencyLevel
        django_get_or_create = ("framework", "rank")

    framework = factory.SubFactory(FrameworkFactory)
    rank = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Level {o.rank}")
    is_proficient = factory.LazyAttribute(lambda o: o.rank >= 3)


class FrameworkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkItem

    framework = factory.SubFactory(FrameworkFactory)
    kind = FrameworkItem.Kind.COMPETENCE
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Competence {n}")


def scale(framework: Framework, ranks: int = 8) -> list[ProficiencyLevel]:
    """Give a framework a proficiency scale of `ranks` levels, proficient from 3."""
    return [ProficiencyLevelFactory(framework=framework, rank=r) for r in range(1, ranks + 1)]


class BadgeClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeClass

    slug = factory.Sequence(lambda n: f"badge-{n}")
    name = factory.Sequence(lambda n: f"Badge {n}")
    description = "Shows a digital skill at work."
    criteria_narrative = "Complete the course."


class BadgeAlignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeAlignment

    badge_class = factory.SubFactory(BadgeClassFactory)
    item = factory.SubFactory(FrameworkItemFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    badge_class = factory.SubFactory(BadgeClassFactory)
    group = 1
    kind = Criterion.Kind.COURSE_COMPLETED


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    item = factory.SubFactory(FrameworkItemFactory)
    target_level = factory.LazyAttribute(
        lambda o: ProficiencyLevelFactory(framework=o.item.framework, rank=3)
    )


class BadgeAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeAward

    badge_class = factory.SubFactory(BadgeClassFactory)
    recipient = factory.SubFactory(UserFactory)
    method = BadgeAward.Method.MANUAL
