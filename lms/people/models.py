"""Councils, their department trees, job roles and the staff who work in them.

Every record elsewhere in the platform hangs off an Organisation, directly or via a
StaffProfile, so that one install can serve several councils without leaking data.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from treebeard.mp_tree import MP_Node
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from lms.people.colours import contrast_ratio_with_white

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class UserManager(DjangoUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who can sign in: council staff, graduates and the public alike.

    Staff are the users with a StaffProfile; everything else about a user is the
    same for every kind of account.
    """

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@", 1)[0]


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value):
        raise ValidationError("Enter a colour as # followed by six hex digits, e.g. #1d4f91.")
    ratio = contrast_ratio_with_white(value)
    # White header text sits on the brand colour, so it must meet WCAG 2.2 AA (4.5:1).
    if ratio < 4.5:
        raise ValidationError(
            f"White text on {value} has a contrast ratio of {ratio:.1f}:1; WCAG AA needs "
            "at least 4.5:1. Choose a darker colour."
        )


class Organisation(index.Indexed, ClusterableModel):
    """A council (or another public body sharing the install)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    brand_colour = models.CharField(
        max_length=7, default="#1d4f91", validators=[validate_brand_colour]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("brand_colour"), FieldPanel("logo")], heading="Branding"),
        InlinePanel("email_domains", heading="Staff email domains", label="Domain"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationDomain(models.Model):
    """An email domain whose holders may sign up as this council's staff.

    A domain is unique across the install: it is how sign-up picks the council.
    """

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(max_length=253, unique=True)

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.domain = (self.domain or "").strip().lower().lstrip("@")
        if not DOMAIN.match(self.domain):
            raise ValidationError({"domain": "Enter a domain such as example-council.gov.uk."})


class Department(MP_Node):
    """A node in a council's structure: directorate, service, team... any depth.

    Materialised paths make a whole subtree one indexed prefix query.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40, blank=True)

    # No node_order_by: sorted inserts make treebeard renumber the paths of later siblings
    # (in every council, since councils' roots share one tree). New departments append.

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~Q(code=""),
                name="people_department_code_unique_per_org",
            )
        ]
        indexes = [models.Index(fields=["organisation", "path"])]

    def __str__(self) -> str:
        return self.name

    def subtree(self):
        """This department and everything below it, in one query."""
        return Department.objects.filter(path__startswith=self.path, depth__gte=self.depth)


class JobRoleFamily(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job role families"

    def __str__(self) -> str:
        return self.name


class JobRole(index.Indexed, models.Model):
    """A job role. Sector-wide roles have no organisation; a council may add its own."""

    family = models.ForeignKey(JobRoleFamily, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="job_roles",
        help_text="Leave empty for a role shared by every council.",
    )
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160)
    description = models.TextField(blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="people_jobrole_sector_slug_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="people_jobrole_org_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class StaffProfile(models.Model):
    """A user's employment with a council. Leavers are marked inactive, never deleted."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="staff_profile")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    employee_id = models.CharField(
        max_length=40, blank=True, help_text="The council's HR number; unique within a council."
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    job_role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    grade_band = models.CharField(max_length=40, blank=True)
    start_date = models.DateField(null=True, blank=True)
    no_corporate_device = models.BooleanField(
        default=False, help_text="Learns on a personal phone or shared kiosk."
    )
    is_hr_admin = models.BooleanField(
        "HR / L&D admin", default=False, help_text="Manages people and learning for this council."
    )
    is_active = models.BooleanField(default=True)
    left_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_id"],
                condition=~Q(employee_id=""),
                name="people_staff_employee_id_unique_per_org",
                violation_error_message="That employee id is already used in this council.",
            ),
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")),
                name="people_staff_not_own_manager",
                violation_error_message="Nobody can be their own manager.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def clean(self) -> None:
        from lms.people.services import validate_staff_links

        validate_staff_links(profile=self)
