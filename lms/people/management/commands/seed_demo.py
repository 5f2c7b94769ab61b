"""Demo data for trying the platform: one council, its structure, ~200 staff and six logins.

Safe to run again: everything is looked up by a natural key (slug, department code,
email) before it is created, so a second run creates nothing and changes nothing an
editor or admin has since changed.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from badges.demo import seed_demo_badges
from badges.frameworks.admin_scope import grant_competency_permissions
from badges.frameworks.loader import load_shipped_frameworks_with_summary
from badges.frameworks.requirements_seed import seed_role_requirements
from cms.careers.demo import seed_careers
from cms.models import HomePage, SiteOrganisation
from courses.demo import seed_demo_courses
from lms.certificates.demo import seed_demo_certificates
from lms.people.management.commands.seed_job_roles import load_job_roles
from lms.people.models import (
    Department,
    JobRole,
    Organisation,
    OrganisationDomain,
    StaffProfile,
    User,
    validate_brand_colour,
)
from lms.people.services import create_staff_member

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
HR_GROUP = "HR and L&D admins"
DEMO_PASSWORD = "digital-skills-demo"
COUNCIL_NAME = "Eastbridge Borough Council"
COUNCIL_SLUG = "eastbridge"
STAFF_DOMAIN = "eastbridge.example"
BRAND_COLOUR = "#00594f"


class Team(NamedTuple):
    code: str
    name: str
    members: tuple[tuple[str, int], ...]
    leader_role: str = "team-leader"


class Service(NamedTuple):
    code: str
    name: str
    teams: tuple[Team, ...]


class Directorate(NamedTuple):
    code: str
    name: str
    services: tuple[Service, ...]


# The chief executive leads the Chief Executive's Office directly; every other
# directorate has a director who reports to them.
CHIEF_EXECUTIVES_OFFICE = "CEX"

STRUCTURE: tuple[Directorate, ...] = (
    Directorate("CEX", "Chief Executive's Office", (
        Service("CEX-DEM", "Democratic Services", (
            Team("CEX-DEM-DES", "Democratic and Electoral Services Team",
                 (("democratic-services-officer", 2), ("electoral-services-officer", 1))),
        )),
        Service("CEX-COM", "Communications", (
            Team("CEX-COM-WEB", "Web and Digital Content Team", (("communications-officer", 3),)),
        )),
    )),
    Directorate("ADH", "Adults and Health", (
        Service("ADH-ASC", "Adult Social Care", (
            Team("ADH-ASC-HDT", "Hospital Discharge Team",
                 (("adult-social-worker", 5), ("occupational-therapist", 2))),
            Team("ADH-ASC-LOC", "Locality Social Work Team",
                 (("adult-social-worker", 5), ("social-care-assessor", 2))),
            Team("ADH-ASC-HCR", "Reablement and Home Care Team", (("care-worker", 10),)),
        )),
    )),
    Directorate("CHF", "Children and Families", (
        Service("CHF-CSC", "Children's Social Care", (
            Team("CHF-CSC-ASS", "Assessment Team", (("childrens-social-worker", 5),)),
            Team("CHF-CSC-CIC", "Children in Care Team", (("childrens-social-worker", 4),)),
        )),
        Service("CHF-EHS", "Early Help", (
            Team("CHF-EHS-FST", "Family Support Team", (("family-support-worker", 5),)),
        )),
        Service("CHF-SEN", "SEND and Inclusion", (
            Team("CHF-SEN-CAS", "SEND Casework Team", (("send-caseworker", 4),)),
        )),
    )),
    Directorate("PLC", "Place and Environment", (
        Service("PLC-PBC", "Planning and Building Control", (
            Team("PLC-PBC-DMT", "Development Management Team", (("planning-officer", 5),)),
            Team("PLC-PBC-BCT", "Building Control Team", (("building-control-surveyor", 3),)),
        )),
        Service("PLC-WSS", "Waste and Street Scene", (
            Team("PLC-WSS-WCN", "Waste Collection Crew North", (("waste-crew-operative", 8),),
                 leader_role="waste-supervisor"),
            Team("PLC-WSS-WCS", "Waste Collection Crew South", (("waste-crew-operative", 8),),
                 leader_role="waste-supervisor"),
        )),
        Service("PLC-HWY", "Highways and Transport", (
            Team("PLC-HWY-INS", "Highways Inspection Team", (("highways-inspector", 4),)),
            Team("PLC-HWY-SCP", "School Crossing Patrol Service", (("school-crossing-patrol", 5),)),
        )),
        Service("PLC-REG", "Regulatory Services", (
            Team("PLC-REG-EHT", "Environmental Health Team",
                 (("environmental-health-officer", 4),)),
            Team("PLC-REG-TST", "Trading Standards Team", (("trading-standards-officer", 3),)),
        )),
    )),
    Directorate("HSC", "Housing and Communities", (
        Service("HSC-HOU", "Housing Services", (
            Team("HSC-HOU-TEN", "Tenancy Management Team", (("housing-officer", 5),)),
            Team("HSC-HOU-OPT", "Housing Options Team", (("housing-options-officer", 4),)),
        )),
        Service("HSC-LIB", "Libraries, Leisure and Culture", (
            Team("HSC-LIB-CEN", "Central Library Team", (("library-assistant", 5),)),
            Team("HSC-LIB-LEI", "Eastbridge Leisure Centre Team", (("leisure-assistant", 5),)),
        )),
    )),
    Directorate("RES", "Resources", (
        Service("RES-CUS", "Customer Services", (
            Team("RES-CUS-CON", "Contact Centre Team", (("customer-services-adviser", 8),)),
        )),
        Service("RES-RBS", "Revenues and Benefits", (
            Team("RES-RBS-CTX", "Council Tax Team", (("revenues-and-benefits-officer", 5),)),
            Team("RES-RBS-BEN", "Benefits Team", (("revenues-and-benefits-officer", 5),)),
        )),
        Service("RES-HRS", "Human Resources", (
            Team("RES-HRS-ADV", "HR Advisory Team", (("hr-adviser", 4),)),
        )),
        Service("RES-FIN", "Finance", (
            Team("RES-FIN-ACC", "Accountancy Team", (("finance-officer", 4),)),
        )),
        Service("RES-LEG", "Legal Services", (
            Team("RES-LEG-LEG", "Legal Team", (("legal-officer", 4),)),
        )),
        Service("RES-ICT", "Digital and ICT", (
            Team("RES-ICT-SDT", "Service Desk Team", (("ict-service-desk-analyst", 4),)),
            Team("RES-ICT-DIT", "Data and Insight Team",
                 (("data-analyst", 3), ("business-analyst", 1))),
        )),
    )),
)  # fmt: skip

COUNCILLORS = 6

# Roles whose holders usually have no council laptop: they learn on their own phone.
NO_DEVICE_ROLES = frozenset(
    {"care-worker", "waste-crew-operative", "school-crossing-patrol", "parks-operative"}
)

# Council pay grades vary; these follow the common shape of a scale from 1 to 12 with
# chief officers on their own bands.
GRADES = {
    "school-crossing-patrol": "Grade 1",
    "waste-crew-operative": "Grade 2",
    "care-worker": "Grade 3",
    "parks-operative": "Grade 3",
    "leisure-assistant": "Grade 3",
    "library-assistant": "Grade 3",
    "business-support-officer": "Grade 4",
    "customer-services-adviser": "Grade 4",
    "revenues-and-benefits-officer": "Grade 5",
    "waste-supervisor": "Grade 6",
    "team-leader": "Grade 9",
    "head-of-service": "Grade 12",
    "senior-leader": "Chief officer",
    "councillor": "Elected member",
}
DEFAULT_GRADE = "Grade 7"


class DemoLogin(NamedTuple):
    email: str
    first_name: str
    last_name: str
    who: str
    is_hr_admin: bool = False
    is_editor: bool = False


# Named logins take the first place in a team for a role ("leader" for the team leader).
STAFF_LOGINS: dict[tuple[str, str], DemoLogin] = {
    ("RES-CUS-CON", "customer-services-adviser"): DemoLogin(
        f"learner@{STAFF_DOMAIN}", "Leah", "Fernandes",
        "learner: customer services adviser who reports to the manager",
    ),
    ("RES-CUS-CON", "leader"): DemoLogin(
        f"manager@{STAFF_DOMAIN}", "Marcus", "Adeyemi",
        "line manager: leads the Contact Centre Team, the learner's manager",
    ),
    ("RES-HRS-ADV", "hr-adviser"): DemoLogin(
        f"hr@{STAFF_DOMAIN}", "Helen", "Price",
        "HR / L&D admin for the council (sets up two-factor sign-in first)",
        is_hr_admin=True,
    ),
    ("CEX-COM-WEB", "communications-officer"): DemoLogin(
        f"editor@{STAFF_DOMAIN}", "Ethan", "Clarke",
        "content editor: Wagtail admin at /admin/",
        is_editor=True,
    ),
}  # fmt: skip
ADMIN_LOGIN = DemoLogin(
    f"admin@{STAFF_DOMAIN}", "Alex", "Morgan", "platform admin (sets up two-factor sign-in first)"
)
GRADUATE_LOGIN = DemoLogin(
    "graduate@example.com", "Grace", "Osei", "graduate with a public account, no staff profile"
)

FIRST_NAMES = (
    "Aisha", "Amelia", "Andrew", "Anika", "Ben", "Bethan", "Callum", "Catherine", "Chloe",
    "Chukwuemeka", "Craig", "Daniel", "Deborah", "Deepa", "Eilidh", "Emily", "Fatima",
    "Fiona", "Gareth", "Georgia", "Hamza", "Hannah", "Harpreet", "Imran", "Isla", "Jack",
    "Jade", "James", "Joanne", "Karen", "Kofi", "Laura", "Liam", "Lucy", "Mohammed", "Nadia",
    "Natalia", "Neil", "Niamh", "Oliver", "Olivia", "Paul", "Priya", "Rachel", "Rhys",
    "Rohan", "Ruth", "Ryan", "Samira", "Sarah", "Sean", "Shauna", "Siobhan", "Stephen",
    "Sunil", "Tariq", "Tomasz", "Vikram", "Wendy", "Yusuf", "Zainab", "Zofia",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Ali", "Armstrong", "Bailey", "Begum", "Bennett", "Bhatti", "Brown", "Campbell",
    "Chen", "Chowdhury", "Collins", "Davies", "Doherty", "Edwards", "Evans", "Fletcher",
    "Gallagher", "Green", "Gupta", "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James",
    "Jones", "Kaur", "Kelly", "Khan", "Kowalski", "Lewis", "MacDonald", "Mensah", "Mistry",
    "Murphy", "Nowak", "O'Brien", "O'Connor", "Okonkwo", "Parry", "Patel", "Phillips",
    "Rahman", "Reid", "Roberts", "Robinson", "Scott", "Shah", "Singh", "Smith", "Taylor",
    "Thomas", "Thompson", "Walker", "Ward", "Watson", "White", "Williams", "Wilson", "Wright",
    "Young",
)  # fmt: skip


class Position(NamedTuple):
    """One person in the demo council, worked out before anything touches the database."""

    email: str
    first_name: str
    last_name: str
    employee_id: str
    department_code: str | None
    role_slug: str
    manager_email: str | None
    start_date: datetime.date
    is_hr_admin: bool = False


def plan_positions(*, today: datetime.date) -> list[Position]:
    """Everyone in the demo council, managers before the people who report to them.

    A fixed random seed makes names, emails and dates the same on every run, which is
    what lets a second run recognise everyone it made the first time.
    """
    rng = random.Random(20240401)
    used_emails: set[str] = set()
    positions: list[Position] = []

    def add(*, department: str | None, role: str, manager: str | None, slot=None) -> str:
        login = STAFF_LOGINS.get(slot) if slot else None
        if login:
            first, last, email = login.first_name, login.last_name, login.email
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            email = _unique_email(f"{first}.{last}", used_emails, councillor=role == "councillor")
        used_emails.add(email)
        # About one in ten joined this year, so new-starter reports have someone to show.
        days = rng.randint(14, 300) if rng.random() < 0.1 else rng.randint(300, 365 * 28)
        employee_id = "" if role == "councillor" else f"E{len(positions) + 1:05d}"
        positions.append(
            Position(
                email=email,
                first_name=first,
                last_name=last,
                employee_id=employee_id,
                department_code=department,
                role_slug=role,
                manager_email=manager,
                start_date=today - datetime.timedelta(days=days),
                is_hr_admin=bool(login and login.is_hr_admin),
            )
        )
        return email

    chief = add(department=CHIEF_EXECUTIVES_OFFICE, role="senior-leader", manager=None)
    for directorate in STRUCTURE:
        director = chief
        if directorate.code != CHIEF_EXECUTIVES_OFFICE:
            director = add(department=directorate.code, role="senior-leader", manager=chief)
        add(department=directorate.code, role="business-support-officer", manager=director)
        for service in directorate.services:
            head = add(department=service.code, role="head-of-service", manager=director)
            for team in service.teams:
                leader = add(
                    department=team.code,
                    role=team.leader_role,
                    manager=head,
                    slot=(team.code, "leader"),
                )
                for role, headcount in team.members:
                    for n in range(headcount):
                        add(
                            department=team.code,
                            role=role,
                            manager=leader,
                            slot=(team.code, role) if n == 0 else None,
                        )
    for _ in range(COUNCILLORS):
        # Councillors are elected, not employed: no department, manager or payroll number.
        add(department=None, role="councillor", manager=None)
    return positions


def _unique_email(local: str, used: set[str], *, councillor: bool) -> str:
    local = "".join(c for c in local.lower() if c.isalnum() or c in ".-")
    if councillor:
        local = f"cllr.{local}"
    email, n = f"{local}@{STAFF_DOMAIN}", 1
    while email in used:
        n += 1
        email = f"{local}{n}@{STAFF_DOMAIN}"
    return email


HOME_BODY = [
    {
        "type": "hero",
        "value": {
            "heading": "Digital skills for everyone at Eastbridge",
            "text": (
                "Short, practical courses for every job in the council, whether you work at "
                "a desk, on a collection round or in people's homes. Learn on a work laptop "
                "or on your own phone."
            ),
            "button_text": "Start learning",
            "button_link": None,
            "button_url": "/dashboard/",
        },
    },
    {
        "type": "cards",
        "value": {
            "heading": "How it works",
            "cards": [
                {
                    "heading": "Learn in short steps",
                    "text": (
                        "Most lessons take ten to twenty minutes, so they fit around a shift. "
                        "You can stop and pick up where you left off."
                    ),
                    "link": None,
                    "url": "/dashboard/",
                },
                {
                    "heading": "Show what you can do",
                    "text": (
                        "Earn badges for the digital skills your role needs. They are yours "
                        "to keep and share, even if you move to another council."
                    ),
                    "link": None,
                    "url": "",
                },
                {
                    "heading": "Support your team",
                    "text": (
                        "Line managers can see how their team is getting on and where a "
                        "little help would make the biggest difference."
                    ),
                    "link": None,
                    "url": "/team/",
                },
                {
                    "heading": "Thinking of joining a council?",
                    "text": (
                        "Graduates and career changers can open a free account to explore "
                        "digital roles in local government and the skills behind them."
                    ),
                    "link": None,
                    "url": "/accounts/signup/public/",
                },
            ],
        },
    },
    {
        "type": "callout",
        "value": {
            "heading": "No council computer? That is fine.",
            "text": (
                "<p>Every course works on a personal smartphone. If you do not have a work "
                "laptop, ask your team leader how to sign in for the first time.</p>"
            ),
        },
    },
]


@contextmanager
def _quiet_task_log() -> Iterator[None]:
    # Every search-index update runs as an in-process task that logs at INFO, and Wagtail
    # logs each page publish; hundreds of such lines would bury the logins printed last.
    loggers = [logging.getLogger(name) for name in ("django_tasks", "wagtail")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def seed_council(*, created: Counter) -> Organisation:
    validate_brand_colour(BRAND_COLOUR)
    council, made = Organisation.objects.get_or_create(
        slug=COUNCIL_SLUG, defaults={"name": COUNCIL_NAME, "brand_colour": BRAND_COLOUR}
    )
    created["council"] += made
    _, made = OrganisationDomain.objects.get_or_create(
        domain=STAFF_DOMAIN, defaults={"organisation": council}
    )
    created["email domains"] += made
    return council


def seed_departments(*, council: Organisation, created: Counter) -> dict[str, Department]:
    def ensure(code: str, name: str, parent_code: str | None) -> None:
        if Department.objects.filter(organisation=council, code=code).exists():
            return
        if parent_code is None:
            Department.add_root(organisation=council, name=name, code=code)
        else:
            # Fetched afresh: sorted inserts renumber siblings' paths, so an object held
            # from earlier could point at the wrong place in the tree.
            parent = Department.objects.get(organisation=council, code=parent_code)
            parent.add_child(organisation=council, name=name, code=code)
        created["departments"] += 1

    for directorate in STRUCTURE:
        ensure(directorate.code, directorate.name, None)
        for service in directorate.services:
            ensure(service.code, service.name, directorate.code)
            for team in service.teams:
                ensure(team.code, team.name, service.code)
    return {d.code: d for d in Department.objects.filter(organisation=council).exclude(code="")}


def seed_staff(
    *, council: Organisation, departments: dict[str, Department], created: Counter
) -> dict[str, StaffProfile]:
    roles = {r.slug: r for r in JobRole.objects.filter(organisation__isnull=True)}
    profiles = {
        p.user.email: p
        for p in StaffProfile.objects.filter(organisation=council).select_related("user")
    }
    named = {login.email for login in STAFF_LOGINS.values()}
    for position in plan_positions(today=timezone.localdate()):
        if position.email in profiles:
            continue
        try:
            profiles[position.email] = create_staff_member(
                organisation=council,
                email=position.email,
                first_name=position.first_name,
                last_name=position.last_name,
                employee_id=position.employee_id,
                department=departments.get(position.department_code or ""),
                job_role=roles[position.role_slug],
                manager=profiles.get(position.manager_email or ""),
                grade_band=GRADES.get(position.role_slug, DEFAULT_GRADE),
                start_date=position.start_date,
                no_corporate_device=position.role_slug in NO_DEVICE_ROLES,
                is_hr_admin=position.is_hr_admin,
                # Hashing a password costs a noticeable fraction of a second, so only the
                # named logins get one; everyone else can use "forgot password" if need be.
                password=DEMO_PASSWORD if position.email in named else None,
            )
        except ValidationError as exc:
            raise CommandError(f"Could not create {position.email}: {exc}") from exc
        created["staff"] += 1
    return profiles


def seed_logins(*, created: Counter) -> None:
    for login in (ADMIN_LOGIN, GRADUATE_LOGIN):
        if not User.objects.filter(email__iexact=login.email).exists():
            make = (
                User.objects.create_superuser if login is ADMIN_LOGIN else User.objects.create_user
            )
            make(
                email=login.email,
                password=DEMO_PASSWORD,
                first_name=login.first_name,
                last_name=login.last_name,
            )
            created["other accounts"] += 1
    for login in (*STAFF_LOGINS.values(), ADMIN_LOGIN, GRADUATE_LOGIN):
        user = User.objects.get(email__iexact=login.email)
        # Verified and primary, or allauth would send the demo user to confirm an inbox
        # that does not exist.
        _, made = EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        created["verified emails"] += made
        if login.is_editor:
            user.groups.add(_editors_group(created=created))
        if login.is_hr_admin:
            user.groups.add(_hr_admins_group(created=created))


def _hr_admins_group(*, created: Counter) -> Group:
    """HR admins award, revoke and audit badges in the admin's Badges menu; the screens
    themselves limit them to their own council."""
    group, made = Group.objects.get_or_create(name=HR_GROUP)
    created["groups"] += made
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    if not group.permissions.filter(pk=access.pk).exists():
        group.permissions.add(access)
        created["HR admin permissions"] += 1
    return group


def _editors_group(*, created: Counter) -> Group:
    group, made = Group.objects.get_or_create(name="Editors")
    if made:
        # Wagtail's own migration normally makes this group; if someone removed it, the
        # editor still needs to reach the admin.
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        created["groups"] += 1
    # The demo editor builds courses from uploaded packages, H5P included; a real council
    # grants H5P upload deliberately, since H5P runs its own JavaScript.
    package_permissions = Permission.objects.filter(
        content_type__app_label="courses",
        codename__in=[
            "upload_h5p",
            "upload_scorm",
            "view_contentpackage",
            "change_contentpackage",
        ],
    ) | Permission.objects.filter(
        # Badges: the admin still limits an editor to their own council's badges.
        content_type__app_label="badges",
        codename__in=["add_badgeclass", "change_badgeclass", "view_badgeclass"],
    )
    missing = package_permissions.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
        created["editor permissions"] += missing.count()
    return group


def seed_site(*, council: Organisation, created: Counter, site_url: str = DEFAULT_SITE_URL) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    # Wagtail's first site says localhost:80, so the canonical links, link previews and
    # sitemap would name an address the demo is not served on. Only that placeholder is
    # replaced: an address someone has set is theirs.
    address = urlsplit(site_url)
    if (site.hostname, site.port) == ("localhost", 80) and address.hostname:
        site.hostname = address.hostname
        site.port = address.port or (443 if address.scheme == "https" else 80)
        site.save(update_fields=["hostname", "port"])
        created["site address"] += 1
    setting = SiteOrganisation.for_site(site)
    if setting.organisation_id is None:
        setting.organisation = council
        setting.footer_text = setting.footer_text or f"{COUNCIL_NAME} (demo data)"
        setting.save()
    home = site.root_page.specific
    # Only a page nobody has edited yet: any revision means an editor has been here.
    if isinstance(home, HomePage) and not home.body and home.latest_revision_id is None:
        home.body = HOME_BODY
        home.save_revision().publish()
        created["home page content"] += 1


def seed_competencies_and_badges(*, council: Organisation, created: Counter) -> None:
    """Shipped frameworks, the sector requirement matrix, demo badges and a few awards."""
    for _, summary in load_shipped_frameworks_with_summary():
        created["competency frameworks"] += summary.framework_created
    created["role requirements"] += seed_role_requirements().created
    # The demo editor may add a framework for the council (e.g. for ICT staff).
    created["editor permissions"] += grant_competency_permissions(
        group=Group.objects.get(name="Editors")
    )
    badges = seed_demo_badges(organisation=council)
    created["demo badges"] += badges.badges_created
    created["demo badge awards"] += badges.awards_created


class Command(BaseCommand):
    help = (
        "Load demo data: Eastbridge Borough Council, its departments, about 200 staff and "
        "the demo logins. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even under production settings (it creates a superuser with a "
            "published password, so think twice).",
        )
        parser.add_argument(
            "--site-url",
            default=DEFAULT_SITE_URL,
            help="Where the site will be served, for the printed sign-in banner.",
        )

    def handle(self, *args, **options) -> None:
        if settings.SETTINGS_MODULE.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates accounts whose password is printed in the README, so it "
                "refuses to run under production settings. Pass --allow-production to insist."
            )
        started = time.monotonic()
        created: Counter = Counter()
        with _quiet_task_log(), transaction.atomic():
            result = load_job_roles()
            created["job role families"] += result.families_created
            created["job roles"] += result.roles_created
            council = seed_council(created=created)
            departments = seed_departments(council=council, created=created)
            profiles = seed_staff(council=council, departments=departments, created=created)
            seed_logins(created=created)
            seed_site(council=council, created=created, site_url=options["site_url"])
            created["demo courses"] += seed_demo_courses(council=council)
            seed_competencies_and_badges(council=council, created=created)
            created["careers pages"] += seed_careers(home_page=HomePage.objects.first()).total
            # Inside the transaction, before the awards' own on-commit tasks run: they find
            # the council's design, and certificates already made (idempotent either way).
            created["certificates"] += seed_demo_certificates(organisation=council)
        total = sum(created.values())
        detail = ", ".join(f"{label}: {n}" for label, n in created.items() if n)
        self.stdout.write(
            f"Demo data for {council}: {total} created"
            + (f" ({detail})" if detail else "")
            + f". {len(profiles)} staff, {len(departments)} departments,"
            f" {result.roles_total} sector job roles."
            f" Took {time.monotonic() - started:.1f} s."
        )
        self.stdout.write(self._login_banner(site_url=options["site_url"]))

    def _login_banner(self, *, site_url: str) -> str:
        logins = [*STAFF_LOGINS.values(), ADMIN_LOGIN, GRADUATE_LOGIN]
        width = max(len(login.email) for login in logins)
        rule = "=" * 78
        lines = [
            "",
            rule,
            f"  Open {site_url} and sign in with one of these demo logins.",
            "",
            f"  {'email'.ljust(width)}  {'password'.ljust(len(DEMO_PASSWORD))}  role",
        ]
        lines += [f"  {login.email.ljust(width)}  {DEMO_PASSWORD}  {login.who}" for login in logins]
        lines += [
            "",
            "  HR admins and platform admins must set up an authenticator app (TOTP) before",
            "  they can use the site: MFA_REQUIRED_FOR asks for it. Scan the QR code it shows",
            "  with any authenticator app, then enter the six-digit code.",
            rule,
        ]
        return "\n".join(lines)
