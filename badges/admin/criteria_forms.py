"""Forms for one criterion and one alignment, as the badge form's inline panels use them.

Each form checks what it can see alone: the fields its kind needs, a level from the
competence's own framework, a score between 0 and 100%, an activity that is really in
its lesson. What depends on the badge as a whole (whose council it is, loops) is
checked by the badge form.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from badges.admin import activities
from badges.admin.scope import ALL, offered_scope, usable_badges, usable_courses, usable_frameworks
from badges.models import BadgeClass, Criterion, FrameworkItem, ProficiencyLevel
from courses.models import CoursePage, LessonPage

# The fields each kind of rule uses; the others are emptied on save so a rule never
# carries a stale target from a kind it used to be.
FIELDS_BY_KIND = {
    Criterion.Kind.COURSE_COMPLETED: {"course"},
    Criterion.Kind.ACTIVITY_SCORE: {"activity", "min_score_percent"},
    Criterion.Kind.BADGE_HELD: {"required_badge"},
    Criterion.Kind.SIGN_OFF: {"signer", "instructions", "item", "level"},
    Criterion.Kind.SELF_ASSESSMENT: {"item", "level"},
}
REQUIRED_BY_KIND = {
    Criterion.Kind.COURSE_COMPLETED: {"course": "Choose the course to complete."},
    Criterion.Kind.ACTIVITY_SCORE: {
        "activity": "Choose the quiz, H5P or SCORM activity.",
        "min_score_percent": "Give the lowest qualifying score, from 0 to 100%.",
    },
    Criterion.Kind.BADGE_HELD: {"required_badge": "Choose the badge the learner must hold."},
    Criterion.Kind.SIGN_OFF: {
        "instructions": "Say what the learner should show and what the signer should check."
    },
    Criterion.Kind.SELF_ASSESSMENT: {
        "item": "Choose the competence the learner assesses.",
        "level": "Choose the level the manager must confirm.",
    },
}
CLEARABLE = ("course", "required_badge", "item", "level", "instructions")
HUNDRED = Decimal(100)


class FormInlinePanel(InlinePanel):
    """An InlinePanel whose child forms are `form_class` and receive the signed-in user."""

    def __init__(self, *args, form_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_class = form_class

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "form_class": self.form_class}

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = self.form_class
        formset["inherit_kwargs"] = ["for_user"]
        return options


def _cached(user, name: str, build):
    """One computation per request for every child form of the page (and the empty one)."""
    cache = getattr(user, "_badges_admin_choices", None)
    if cache is None:
        cache = {}
        if user is not None:
            user._badges_admin_choices = cache
    if name not in cache:
        cache[name] = build()
    return cache[name]


class ScopedChoicesMixin:
    """Limits competences, levels, badges and courses to what the user's council may use."""

    def _scope(self):
        return ALL if self.for_user is None else offered_scope(self.for_user)

    def _frameworks(self):
        scope = self._scope()
        return None if scope is ALL else usable_frameworks(scope)

    def scope_item_and_level(self) -> None:
        frameworks = self._frameworks()
        items = FrameworkItem.objects.select_related("framework").exclude(
            kind=FrameworkItem.Kind.AREA
        )
        levels = ProficiencyLevel.objects.select_related("framework")
        if frameworks is not None:
            items = items.filter(framework__in=frameworks)
            levels = levels.filter(framework__in=frameworks)
        if "item" in self.fields:
            self.fields["item"].queryset = items.order_by("framework__title", "position", "code")
            self.fields["item"].label_from_instance = lambda item: (
                f"{item.framework.title} · {item.code} {item.title}"
            )
        if "level" in self.fields:
            self.fields["level"].queryset = levels.order_by("framework__title", "rank")
            self.fields["level"].label_from_instance = lambda level: (
                f"{level.framework.title} · {level.rank}: {level.name}"
            )


class AlignmentForm(ScopedChoicesMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_item_and_level()


class CriterionForm(ScopedChoicesMixin, WagtailAdminModelForm):
    activity = forms.ChoiceField(
        required=False,
        label="Activity",
        help_text="The quiz, H5P or SCORM activity, listed by course and lesson.",
    )
    min_score_percent = forms.DecimalField(
        required=False,
        label="Lowest qualifying score (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="A percentage from 0 to 100: 80 means a score of 80% or more counts.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_item_and_level()
        scope = self._scope()
        if "required_badge" in self.fields:
            badges = BadgeClass.objects.all() if scope is ALL else usable_badges(scope)
            self.fields["required_badge"].queryset = badges.order_by("name")
        key = "activities:all" if scope is ALL else f"activities:{scope}"
        self._activities = _cached(self.for_user, key, self._find_activities)
        self.fields["activity"].choices = activities.grouped_choices(self._activities)
        instance = self.instance
        if instance.pk and instance.lesson_id and instance.activity_key:
            value = activities.encode(instance.lesson_id, instance.activity_key)
            self.initial.setdefault("activity", value)
            if value not in {a.value for a in self._activities}:
                # Shown, so the editor sees the rule points somewhere that has gone.
                self.fields["activity"].choices = [
                    *self.fields["activity"].choices,
                    (value, f"No longer available ({instance.activity_key[:8]})"),
                ]
        if instance.min_score is not None:
            self.initial.setdefault("min_score_percent", instance.min_score * HUNDRED)

    def _find_activities(self) -> list[activities.Activity]:
        scope = self._scope()
        courses = CoursePage.objects.all() if scope is ALL else usable_courses(scope)
        return activities.activities_in(courses)

    def clean_min_score_percent(self):
        percent = self.cleaned_data.get("min_score_percent")
        if percent is not None and 0 < percent < 1:
            # Most likely a fraction typed where a percentage belongs (0.8 meaning 80%).
            shown = format((percent * HUNDRED).normalize(), "f")
            raise forms.ValidationError(
                f"Enter the score as a percentage: {shown} for {shown}%. Scores below 1% "
                "are not used."
            )
        return percent

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind or self.errors.get("kind"):
            return cleaned
        for field, message in REQUIRED_BY_KIND.get(kind, {}).items():
            if cleaned.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, message)
        used = FIELDS_BY_KIND.get(kind, set())
        for field in CLEARABLE:
            if field not in used and field in self.fields:
                cleaned[field] = "" if field == "instructions" else None
        self._clean_level(cleaned)
        self._apply_activity(cleaned, kind)
        return cleaned

    def _clean_level(self, cleaned) -> None:
        item, level = cleaned.get("item"), cleaned.get("level")
        if level is not None and item is None and "item" not in self.errors:
            self.add_error("item", "Choose the competence this level is for.")
        elif item is not None and level is not None and level.framework_id != item.framework_id:
            self.add_error(
                "level",
                f"Level “{level.name}” belongs to {level.framework.title}, not to "
                f"{item.framework.title}. Choose a level from the competence's own framework.",
            )

    def _apply_activity(self, cleaned, kind: str) -> None:
        instance = self.instance
        if kind != Criterion.Kind.ACTIVITY_SCORE:
            instance.lesson, instance.activity_key, instance.min_score = None, "", None
            return
        percent = cleaned.get("min_score_percent")
        instance.min_score = (
            None if percent is None else (percent / HUNDRED).quantize(Decimal("0.0001"))
        )
        value = cleaned.get("activity")
        if not value:
            return
        lesson = self._lesson_with_activity(value)
        if lesson is None:
            return
        instance.lesson = lesson
        instance.activity_key = activities.decode(value)[1]
        # The course too, so the engine finds the rule from the course an event is in.
        cleaned["course"] = lesson.course

    def _lesson_with_activity(self, value: str) -> LessonPage | None:
        decoded = activities.decode(value)
        lesson = LessonPage.objects.filter(pk=decoded[0]).first() if decoded else None
        if lesson is None:
            self.add_error("activity", "That lesson no longer exists. Choose another activity.")
            return None
        keys = activities.lesson_activity_keys(lesson)
        if decoded[1] not in keys:
            listed = ", ".join(f"{kind} {key[:8]}" for key, kind in keys.items()) or "none"
            self.add_error(
                "activity",
                f"“{lesson.title}” has no activity with the key “{decoded[1][:64]}” (its "
                f"activities: {listed}). Choose one from the list.",
            )
            return None
        return lesson
