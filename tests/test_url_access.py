"""Every URL of the project, requested as every kind of person who uses it.

The URL patterns are read from the resolver, so a URL added anywhere (one of our
apps or an included third-party app) is picked up by itself. Each pattern needs a
rule: RULES, by URL name (or by route for an unnamed pattern), or GROUPS, by route
prefix, for the hundreds of Wagtail admin and allauth patterns. A pattern with no
rule fails test_every_url_pattern_has_a_rule, listing what is missing.

A rule is one or more cases: the values that fill the pattern's parameters (a
council's slug, a real object's id, or a dummy) and the outcome each persona must
get. Our own URLs are requested as every persona; the third-party groups as the
personas on either side of their boundary (at least anonymous and a learner).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.core.files.base import ContentFile
from django.test.client import RedirectCycleError
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls import converters as url_converters
from django.utils.regex_helper import normalize

from lms.people.factories import DEFAULT_PASSWORD

ANONYMOUS = "anonymous"
PERSONAS = (
    ANONYMOUS,
    "graduate",
    "learner",
    "other_learner",
    "manager",
    "other_hr_admin",
    "hr_admin",
    "editor",
    "platform_admin",
)
DUMMY_ID = 987654
NO_SUCH_SLUG = "no-such-council"


# --- the URL patterns, from the resolver ---------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    route: str  # joined the way the resolver joins it, e.g. "manage/<slug:org_slug>/"
    name: str  # "namespace:name", or "" for an unnamed pattern
    chain: tuple  # the resolvers and the pattern, from the root down
    view: str  # the view's dotted path

    @property
    def key(self) -> str:
        return self.name or self.route


def all_endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []

    def walk(resolver, chain, route, namespaces):
        for pattern in resolver.url_patterns:
            here = URLResolver._join_route(route, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern, (*chain, pattern), here, inner)
            else:
                name = ":".join([*namespaces, pattern.name]) if pattern.name else ""
                found.append(Endpoint(here, name, (*chain, pattern), pattern.lookup_str))

    walk(get_resolver(), (), "", [])
    return found


# --- concrete URLs ---------------------------------------------------------------------------

# A value of the right shape that names nothing, per path converter.
CONVERTER_DUMMIES = {
    url_converters.IntConverter: DUMMY_ID,
    url_converters.StringConverter: str(DUMMY_ID),
    url_converters.SlugConverter: "no-such-thing",
    url_converters.PathConverter: "no/such/thing",
    url_converters.UUIDConverter: uuid.UUID(int=DUMMY_ID),
}
# Tried in turn for a regex group with no converter, until the pattern matches.
REGEX_DUMMIES = (str(DUMMY_ID), "no-such-thing", "x", "")


def _segment(pattern, values: Mapping[str, object]) -> str:
    regex_pattern = pattern.pattern
    converters = getattr(regex_pattern, "converters", {})
    for template, params in normalize(regex_pattern.regex.pattern):
        filled, open_params = {}, []
        for param in params:
            converter = converters.get(param)
            if param in values:
                value = values[param]
                filled[param] = converter.to_url(value) if converter else str(value)
            elif type(converter) in CONVERTER_DUMMIES:
                filled[param] = converter.to_url(CONVERTER_DUMMIES[type(converter)])
            elif converter is not None:
                raise LookupError(f"give the case a value for <{param}> ({type(converter)})")
            else:
                open_params.append(param)
        for guesses in itertools.product(REGEX_DUMMIES, repeat=len(open_params)):
            text = template % {**filled, **dict(zip(open_params, guesses, strict=True))}
            if regex_pattern.regex.fullmatch(text):
                return text
    raise LookupError(f"no value for the parameters of {regex_pattern} in {dict(values)}")


def build_path(endpoint: Endpoint, values: Mapping[str, object]) -> str:
    """A path for the pattern, checked to resolve back to that very pattern."""
    path = "/" + "".join(_segment(pattern, values) for pattern in endpoint.chain)
    match = resolve(path)
    if match.route != endpoint.route or (endpoint.name and match.view_name != endpoint.name):
        raise LookupError(f"{path} reaches {match.route!r}, not {endpoint.route!r}")
    return path


# --- expected outcomes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    label: str
    test: Callable[[object, str], bool] = field(compare=False)

    def __str__(self) -> str:
        return self.label


def _redirect_target(response) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(response.get("Location", ""))
    return parts.path, parse_qs(parts.query)


def _to_sign_in(response, path: str, login_paths: tuple[str, ...]) -> bool:
    if response.status_code != 302:
        return False
    target, query = _redirect_target(response)
    return target in login_paths and query.get("next") == [path]


def _account_login() -> tuple[str, ...]:
    return (reverse("account_login"),)


def _any_login() -> tuple[str, ...]:
    return (reverse("account_login"), reverse("wagtailadmin_login"))


def status(code: int) -> Expect:
    return Expect(str(code), lambda response, path: response.status_code == code)


OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = status(200), status(403), status(404), status(405)
SERVER_ERROR = status(500)
LOGIN = Expect(
    "302 to /accounts/login/?next=<this url>",
    lambda response, path: _to_sign_in(response, path, _account_login()),
)
ANY_LOGIN = Expect(
    "302 to a sign-in page with next=<this url>",
    lambda response, path: _to_sign_in(response, path, _any_login()),
)
DENIED = Expect(
    "403, or 302 to sign in",
    lambda response, path: response.status_code == 403 or _to_sign_in(response, path, _any_login()),
)
REDIRECT = Expect("a redirect", lambda response, path: response.status_code in (301, 302, 303))
NOT_5XX = Expect("not 5xx", lambda response, path: response.status_code < 500)
SIGNED_IN_PAGE = Expect(
    "served (not 5xx), without being sent to sign in",
    lambda response, path: (
        response.status_code < 500 and _redirect_target(response)[0] not in _any_login()
    ),
)
TO_ACCOUNT_LOGIN = Expect(
    "a redirect to /accounts/login/ (never a password form of its own)",
    lambda response, path: (
        response.status_code in (301, 302)
        and _redirect_target(response)[0] == reverse("account_login")
    ),
)


def expect(default: Expect | None = None, **by_persona: Expect) -> dict[str, Expect]:
    """Outcomes per persona: `default` for every persona not named (none if no default)."""
    unknown = set(by_persona) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {sorted(unknown)}")
    table = {persona: by_persona.get(persona, default) for persona in PERSONAS}
    return {persona: outcome for persona, outcome in table.items() if outcome is not None}


class World:
    """What a case's values are built from: the conftest personas and this module's fixtures."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._request.getfixturevalue(name)


@dataclass(frozen=True)
class Case:
    expect: Mapping[str, Expect]
    label: str = ""
    values: Callable[[World], Mapping[str, object]] | None = None
    method: str = "GET"


def case(outcomes, label="", values=None, method="GET") -> Case:
    return Case(outcomes, label, values, method)


# --- the rules ------------------------------------------------------------------------------

SIGNED_IN = expect(OK, anonymous=LOGIN)
STAFF_ONLY = expect(OK, anonymous=LOGIN, graduate=FORBIDDEN, platform_admin=FORBIDDEN)
EVERYONE = expect(OK)
EVERYONE_NOT_FOUND = expect(NOT_FOUND)
GET_NOT_ALLOWED = case(expect(NOT_ALLOWED), "GET: POST only")

# Council staff among the personas; and the people who may sign off evidence.
STAFF_PERSONAS = ("learner", "other_learner", "manager", "other_hr_admin", "hr_admin", "editor")
SIGNERS = ("manager", "hr_admin", "other_hr_admin")
SIGNERS_ONLY = expect(FORBIDDEN, anonymous=LOGIN, **dict.fromkeys(SIGNERS, OK))

# A council-only course is hidden (404) from people who may not take it.
CAN_TAKE_COUNCIL_COURSE = ("learner", "manager", "hr_admin", "editor", "platform_admin")
CANNOT_SEE_COUNCIL_COURSE = ("graduate", "other_learner", "other_hr_admin")


def _council_course_outcomes(taker: Expect) -> dict[str, Expect]:
    return expect(
        anonymous=LOGIN,
        **dict.fromkeys(CAN_TAKE_COUNCIL_COURSE, taker),
        **dict.fromkeys(CANNOT_SEE_COUNCIL_COURSE, NOT_FOUND),
    )


def _council_pages(*, person: bool = False) -> tuple[Case, ...]:
    """The HR pages under /manage/<council>/: its HR admins and platform admins only."""

    def own(w):
        return {"org_slug": w.council.slug} | (
            {"profile_id": w.learner.staff_profile.pk} if person else {}
        )

    def other(w):
        return {"org_slug": w.other_council.slug} | (
            {"profile_id": w.other_learner.staff_profile.pk} if person else {}
        )

    cases = [
        case(expect(FORBIDDEN, anonymous=LOGIN, hr_admin=OK, platform_admin=OK), "own", own),
        case(
            expect(FORBIDDEN, anonymous=LOGIN, other_hr_admin=OK, platform_admin=OK),
            "other council",
            other,
        ),
        case(
            expect(NOT_FOUND, anonymous=LOGIN),
            "unknown council",
            lambda w: {"org_slug": NO_SUCH_SLUG},
        ),
    ]
    if person:
        cases += [
            case(
                expect(FORBIDDEN, anonymous=LOGIN, hr_admin=NOT_FOUND, platform_admin=NOT_FOUND),
                "another council's person under own slug",
                lambda w: {
                    "org_slug": w.council.slug,
                    "profile_id": w.other_learner.staff_profile.pk,
                },
            ),
            case(
                expect(FORBIDDEN, anonymous=LOGIN, hr_admin=NOT_FOUND, platform_admin=NOT_FOUND),
                "no such person",
                lambda w: {"org_slug": w.council.slug, "profile_id": DUMMY_ID},
            ),
        ]
    return tuple(cases)


def _course(w):
    return {"course_id": w.council_course.pk}


def _lesson(w):
    return {"lesson_id": w.council_course.get_children().first().pk, "activity_key": "quiz"}


# H5P's endpoints answer the player's fetches: anonymous gets a 403, not a sign-in page.
H5P_NOT_ENROLLED = _council_course_outcomes(FORBIDDEN) | {ANONYMOUS: FORBIDDEN}

# Outcomes for pages inside the admin: editors are let in, everyone else is turned away.
ADMIN_PERSONAS = expect(
    anonymous=LOGIN,
    graduate=DENIED,
    learner=DENIED,
    hr_admin=DENIED,
    editor=SIGNED_IN_PAGE,
    platform_admin=SIGNED_IN_PAGE,
)

# Wagtail answers a refusal inside the admin with a redirect to the admin home page.
TO_ADMIN_HOME = Expect(
    "302 to the admin home (Wagtail's refusal)",
    lambda response, path: (
        response.status_code == 302
        and _redirect_target(response)[0] == reverse("wagtailadmin_home")
    ),
)
AWARD_ADMINS_ONLY = expect(DENIED, anonymous=LOGIN, editor=TO_ADMIN_HOME, platform_admin=OK)

# allauth pages that only make sense signed in.
ACCOUNT_PAGES_SIGNED_IN = (
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "socialaccount_connections",
)
# Steps of a sign-in in progress: with none pending they send the visitor on.
ACCOUNT_FLOW_STEPS = ("account_confirm_login_code", "mfa_authenticate", "socialaccount_signup")

RULES: dict[str, tuple[Case, ...]] = {
    # lms.ops
    "healthz": (case(EVERYONE),),
    # lms.people
    "dashboard": (case(STAFF_ONLY),),
    "account_overview": (case(SIGNED_IN),),
    "team": (case(expect(FORBIDDEN, anonymous=LOGIN, manager=OK)),),
    "manage_overview": _council_pages(),
    "manage_staff_list": _council_pages(),
    "manage_staff_detail": _council_pages(person=True),
    "account_signup_public": (case(expect(NOT_5XX, anonymous=OK)),),
    # lms.records
    "my_learning": (case(SIGNED_IN),),
    # courses: POST only; a council's course is hidden from those who may not take it
    "course_enrol": (
        GET_NOT_ALLOWED,
        case(_council_course_outcomes(REDIRECT), "council course", _course, "POST"),
    ),
    # Continue: whoever may see the course is sent on to a lesson (or the course page).
    "course_continue": (case(_council_course_outcomes(REDIRECT), "council course", _course),),
    "course_withdraw": (
        GET_NOT_ALLOWED,
        case(expect(NOT_FOUND, anonymous=LOGIN), "council course, not enrolled", _course, "POST"),
    ),
    # Taking a course again needs a completed enrolment of one's own: none here, so 404.
    "course_take_again": (
        GET_NOT_ALLOWED,
        case(expect(NOT_FOUND, anonymous=LOGIN), "council course, not enrolled", _course, "POST"),
    ),
    "lesson_complete": (
        GET_NOT_ALLOWED,
        case(_council_course_outcomes(FORBIDDEN), "council lesson, not enrolled", _lesson, "POST"),
    ),
    "lesson_quiz": (
        GET_NOT_ALLOWED,
        case(_council_course_outcomes(FORBIDDEN), "council lesson, not enrolled", _lesson, "POST"),
    ),
    # courses.scorm_runtime: the player checks the learner; a commit needs its launch token
    **dict.fromkeys(
        ("scorm_player", "scorm_player_part"),
        (case(_council_course_outcomes(FORBIDDEN), "council lesson, not enrolled", _lesson),),
    ),
    "scorm_commit": (
        case(expect(FORBIDDEN), "no token"),
        case(expect(FORBIDDEN), "no token", method="POST"),
    ),
    # courses.h5p_player: the launch checks the learner; the player and its files trust
    # only the grant the launch issued
    "h5p_launch": (case(H5P_NOT_ENROLLED, "council lesson, not enrolled", _lesson),),
    **dict.fromkeys(
        ("h5p_statement", "h5p_state"),
        (
            GET_NOT_ALLOWED,
            case(H5P_NOT_ENROLLED, "council lesson, not enrolled", _lesson, "POST"),
        ),
    ),
    "h5p_player": (case(expect(FORBIDDEN), "forged grant", lambda w: {"token": "not-a-grant"}),),
    "h5p_player_file": (
        case(expect(FORBIDDEN), "forged grant", lambda w: {"token": "not-a-grant"}),
        case(EVERYONE_NOT_FOUND, "grant for no such package", lambda w: w.grant_for_nothing),
    ),
    # courses.delivery: a signed grant in the URL is the credential, whoever holds it
    "package_file": (
        case(expect(FORBIDDEN), "forged grant", lambda w: {"token": "not-a-grant"}),
        case(EVERYONE_NOT_FOUND, "grant for no such package", lambda w: w.grant_for_nothing),
    ),
    # Wagtail pages (the catch-all serve view)
    "wagtail_serve": (
        case(EVERYONE, "home page", lambda w: {"_0": ""}),
        case(_council_course_outcomes(OK), "council course", lambda w: w.council_course_route),
        case(expect(OK, anonymous=LOGIN), "page for signed-in people", lambda w: w.private_page),
        case(EVERYONE, "careers role profile", lambda w: w.careers_role_route),
        case(EVERYONE_NOT_FOUND, "no such page", lambda w: {"_0": "no-such-page/"}),
    ),
    "wagtailcore_authenticate_with_password": (case(EVERYONE_NOT_FOUND, "no such restriction"),),
    # Wagtail's own password form would skip allauth's second factor and rate limits.
    "wagtailcore_login": (case(expect(TO_ACCOUNT_LOGIN), "only allauth signs people in"),),
    # Wagtail documents
    "wagtaildocs_serve": (
        case(EVERYONE_NOT_FOUND, "no such document"),
        # The root collection asks for sign-in (cms migration 0003), so every document does.
        case(SIGNED_IN, "document in the root collection", lambda w: w.public_document),
        case(
            expect(OK, anonymous=LOGIN),
            "document for signed-in people",
            lambda w: w.private_document,
        ),
    ),
    "wagtaildocs_authenticate_with_password": (case(EVERYONE_NOT_FOUND, "no such restriction"),),
    # Wagtail admin: the exceptions to the admin group
    "wagtailadmin_home": (case(ADMIN_PERSONAS | {"editor": OK, "platform_admin": OK}),),
    "wagtailadmin_login": (case(expect(TO_ACCOUNT_LOGIN), "only allauth signs people in"),),
    "wagtailadmin_sprite": (case(EVERYONE, "icons, public"),),
    "wagtailadmin_javascript_catalog": (case(EVERYONE, "translations, public"),),
    "wagtailadmin_logout": (case(ADMIN_PERSONAS | {"editor": NOT_ALLOWED}, "GET: POST only"),),
    "wagtailadmin_error_test": (
        case(
            ADMIN_PERSONAS | {"editor": SERVER_ERROR, "platform_admin": SERVER_ERROR},
            "fails on purpose",
        ),
    ),
    **dict.fromkeys(
        (
            "wagtailadmin_password_reset",
            "wagtailadmin_password_reset_done",
            "wagtailadmin_password_reset_confirm",
            "wagtailadmin_password_reset_complete",
        ),
        (case(EVERYONE_NOT_FOUND, "switched off"),),
    ),
    "admin/.*/$": (
        case(
            ADMIN_PERSONAS | {"anonymous": ANY_LOGIN, "editor": NOT_FOUND},
            "unknown admin page",
        ),
    ),
    # allauth
    "account_login": (case(expect(NOT_5XX, anonymous=OK)),),
    "account_signup": (case(expect(NOT_5XX, anonymous=OK)),),
    "account_reset_password": (case(EVERYONE),),
    "account_logout": (case(expect(OK, anonymous=REDIRECT)),),
    **dict.fromkeys(ACCOUNT_PAGES_SIGNED_IN, (case(expect(SIGNED_IN_PAGE, anonymous=LOGIN)),)),
    **dict.fromkeys(ACCOUNT_FLOW_STEPS, (case(expect(REDIRECT), "nothing pending"),)),
    **dict.fromkeys(
        ("openid_connect_login", "openid_connect_callback"),
        (case(EVERYONE_NOT_FOUND, "no such provider"),),
    ),
    # badges.openbadges: what credentials point at is public; downloads are the owner's
    "jwks": (case(EVERYONE, "public keys"),),
    "openbadges:issuer": (
        case(EVERYONE, "council", lambda w: {"org_slug": w.council.slug}),
        case(EVERYONE_NOT_FOUND, "unknown council", lambda w: {"org_slug": NO_SUCH_SLUG}),
    ),
    "openbadges:platform_issuer": (case(EVERYONE),),
    **dict.fromkeys(
        ("openbadges:achievement", "openbadges:achievement_image"),
        (
            case(EVERYONE, "council badge", lambda w: {"pk": w.learner_award.badge_class_id}),
            case(EVERYONE_NOT_FOUND, "no such badge"),
        ),
    ),
    "openbadges:competence": (
        case(EVERYONE, "aligned competence", lambda w: {"identifier": w.aligned_item_identifier}),
        case(EVERYONE_NOT_FOUND, "no such competence"),
    ),
    "openbadges:status_list": (
        case(
            EVERYONE,
            "a council key's list",
            lambda w: {"kid": w.learner_credential.signing_key.kid},
        ),
        case(EVERYONE_NOT_FOUND, "no such key", lambda w: {"kid": "no-such-key"}),
    ),
    **dict.fromkeys(
        ("openbadges:verify", "openbadges:verify_json"),
        (
            case(EVERYONE, "a learner's award", lambda w: {"public_id": w.learner_award.public_id}),
            case(EVERYONE_NOT_FOUND, "no such award"),
        ),
    ),
    "openbadges:verify_api": (
        GET_NOT_ALLOWED,
        case(expect(status(400)), "nothing posted", method="POST"),
    ),
    **dict.fromkeys(
        ("openbadges:credential_png", "openbadges:credential_json"),
        (
            case(
                expect(NOT_FOUND, anonymous=LOGIN, learner=OK),
                "the learner's own award",
                lambda w: {"public_id": w.learner_award.public_id},
            ),
            case(expect(NOT_FOUND, anonymous=LOGIN), "no such award"),
        ),
    ),
    # badges.portfolio: the learner's own pages; sign-off for managers and HR admins
    "portfolio:wallet": (case(SIGNED_IN),),
    "portfolio:badge": (
        case(expect(OK, anonymous=LOGIN), "sector badge", lambda w: w.portfolio_sector_badge),
        case(
            _council_course_outcomes(OK) | {"platform_admin": NOT_FOUND},
            "council badge",
            lambda w: {"badge_id": w.portfolio_submission.badge_class_id},
        ),
        case(expect(NOT_FOUND, anonymous=LOGIN), "no such badge"),
    ),
    "portfolio:submit_evidence": (
        case(
            STAFF_ONLY | dict.fromkeys(CANNOT_SEE_COUNCIL_COURSE[1:], NOT_FOUND),
            "council sign-off rule",
            lambda w: {
                "badge_id": w.portfolio_submission.badge_class_id,
                "criterion_id": w.portfolio_submission.criterion_id,
            },
        ),
        case(STAFF_ONLY | dict.fromkeys(STAFF_PERSONAS, NOT_FOUND), "no such badge"),
    ),
    "portfolio:withdraw_evidence": (
        GET_NOT_ALLOWED,
        case(
            STAFF_ONLY | dict.fromkeys(STAFF_PERSONAS, NOT_FOUND),
            "no such evidence",
            method="POST",
        ),
    ),
    "portfolio:evidence_file": (
        case(
            expect(NOT_FOUND, anonymous=LOGIN, learner=OK, manager=OK, hr_admin=OK),
            "the learner's evidence",
            lambda w: {"submission_id": w.portfolio_submission.pk, "which": "evidence"},
        ),
        case(expect(NOT_FOUND, anonymous=LOGIN), "no such evidence"),
    ),
    "portfolio:profile": (case(STAFF_ONLY),),
    "portfolio:self_assess": (
        case(STAFF_ONLY, "sector competence", lambda w: w.portfolio_competence),
        case(STAFF_ONLY | dict.fromkeys(STAFF_PERSONAS, NOT_FOUND), "no such competence"),
    ),
    **dict.fromkeys(
        ("portfolio:share_create", "portfolio:share_revoke"),
        (GET_NOT_ALLOWED, case(expect(REDIRECT, anonymous=LOGIN), method="POST")),
    ),
    "portfolio:shared": (
        case(EVERYONE, "a live link", lambda w: {"token": w.portfolio_share_token}),
        case(EVERYONE_NOT_FOUND, "no such link"),
    ),
    "portfolio:sign_off_queue": (case(SIGNERS_ONLY),),
    "portfolio:decide_evidence": (
        case(
            SIGNERS_ONLY | {"hr_admin": NOT_FOUND, "other_hr_admin": NOT_FOUND},
            "evidence for the line manager",
            lambda w: {"submission_id": w.portfolio_submission.pk},
        ),
        case(SIGNERS_ONLY | dict.fromkeys(SIGNERS, NOT_FOUND), "no such evidence"),
    ),
    "portfolio:decide_self_assessment": (
        GET_NOT_ALLOWED,
        case(
            SIGNERS_ONLY | dict.fromkeys(SIGNERS, NOT_FOUND),
            "no such self-assessment",
            method="POST",
        ),
    ),
    **dict.fromkeys(
        ("portfolio:team_matrix", "portfolio:team_matrix_csv"),
        (case(expect(FORBIDDEN, anonymous=LOGIN, manager=OK)),),
    ),
    # cms: files for search engines, public
    "robots_txt": (case(EVERYONE),),
    "sitemap": (case(EVERYONE),),
    # cms.careers: tools for anyone signed in; interest registered by anyone; HR reads it
    "careers:my_careers": (case(SIGNED_IN),),
    "careers:self_check": (case(SIGNED_IN),),
    "careers:save_role": (
        GET_NOT_ALLOWED,
        case(
            expect(REDIRECT, anonymous=LOGIN),
            "a live role",
            lambda w: {"role_id": w.careers_role.pk},
            "POST",
        ),
        case(expect(NOT_FOUND, anonymous=LOGIN), "no such role", method="POST"),
    ),
    "careers:remove_role": (
        GET_NOT_ALLOWED,
        case(
            expect(NOT_FOUND, anonymous=LOGIN),
            "a role nobody saved",
            lambda w: {"role_id": w.careers_role.pk},
            "POST",
        ),
    ),
    "careers:register_interest": (
        case(EVERYONE),
        case(expect(status(400)), "nothing posted", method="POST"),
    ),
    "careers:interest_thanks": (case(EVERYONE),),
    "careers:interest_list": _council_pages(),
    "careers:interest_csv": _council_pages(),
    # badges.admin: award screens inside the admin, for HR admins (who need admin access,
    # which the hr_admin persona lacks) and platform admins; editors are refused by Wagtail
    **dict.fromkeys(
        (
            "badges_admin:awards",
            "badges_admin:award",
            "badges_admin:award_csv",
            "badges_admin:runs",
            "badges_admin:audit",
        ),
        (case(AWARD_ADMINS_ONLY),),
    ),
    "badges_admin:revoke": (
        case(AWARD_ADMINS_ONLY, "a council's award", lambda w: {"award_id": w.admin_award.pk}),
        case(
            AWARD_ADMINS_ONLY | {"platform_admin": NOT_FOUND},
            "no such award",
            lambda w: {"award_id": DUMMY_ID},
        ),
    ),
    "badges_admin:reevaluate": (
        case(
            AWARD_ADMINS_ONLY,
            "a council's badge (the editor has no badge permissions)",
            lambda w: {"badge_id": w.admin_award.badge_class_id},
        ),
        case(
            AWARD_ADMINS_ONLY | {"editor": NOT_FOUND, "platform_admin": NOT_FOUND},
            "no such badge",
            lambda w: {"badge_id": DUMMY_ID},
        ),
    ),
    "badges_admin:run": (
        case(
            AWARD_ADMINS_ONLY | {"editor": NOT_FOUND},
            "a council's run, started by someone else",
            lambda w: {"run_id": w.admin_run.pk},
        ),
        case(
            AWARD_ADMINS_ONLY | {"editor": NOT_FOUND, "platform_admin": NOT_FOUND},
            "no such run",
            lambda w: {"run_id": DUMMY_ID},
        ),
    ),
    # lms.certificates: the public check, the learner's own files, bulk ZIPs for their asker
    "certificates:mine": (case(SIGNED_IN),),
    "certificates:download": (
        case(
            expect(NOT_FOUND, anonymous=LOGIN, learner=OK, manager=OK, hr_admin=OK)
            | {"platform_admin": OK},
            "the learner's certificate",
            lambda w: {"code": w.learner_certificate.code},
        ),
        case(expect(NOT_FOUND, anonymous=LOGIN), "no such certificate"),
    ),
    "certificates:lookup": (case(EVERYONE),),
    "certificates:verify": (
        case(EVERYONE, "an issued certificate", lambda w: {"code": w.learner_certificate.code}),
        case(EVERYONE_NOT_FOUND, "no such certificate"),
    ),
    "certificates:bulk": (
        case(expect(FORBIDDEN, anonymous=LOGIN, manager=OK, hr_admin=OK, other_hr_admin=OK)),
    ),
    **dict.fromkeys(
        ("certificates:bulk_job", "certificates:bulk_download"),
        (
            case(
                expect(NOT_FOUND, anonymous=LOGIN, hr_admin=OK),
                "the HR admin's finished ZIP",
                lambda w: {"job_id": w.certificate_zip_job.pk},
            ),
            case(expect(NOT_FOUND, anonymous=LOGIN), "no such job"),
        ),
    ),
    "certificates_admin:preview": (
        case(
            ADMIN_PERSONAS | {"manager": DENIED, "other_learner": DENIED, "other_hr_admin": DENIED},
            "own council's design",
            lambda w: {"organisation_id": w.council.pk},
        ),
    ),
}


@dataclass(frozen=True)
class Group:
    prefix: str
    why: str
    cases: tuple[Case, ...]


# Third-party includes too big to list name by name. RULES wins over a group.
GROUPS = (
    Group("admin/", "Wagtail admin: editors only", (case(ADMIN_PERSONAS),)),
    Group(
        "accounts/social/",
        "allauth's old social URLs, moved permanently",
        (case(expect(REDIRECT)),),
    ),
    Group(
        "accounts/",
        "allauth's other pages: public steps of signing up, in and out",
        (case(expect(NOT_5XX)),),
    ),
)


def rule_for(endpoint: Endpoint) -> tuple[Case, ...] | None:
    if endpoint.key in RULES:
        return RULES[endpoint.key]
    for group in GROUPS:
        if endpoint.route.startswith(group.prefix):
            return group.cases
    return None


ENDPOINTS = all_endpoints()


def _case_id(endpoint: Endpoint, rule_case: Case) -> str:
    label = f"{rule_case.method} " if rule_case.method != "GET" else ""
    label += rule_case.label
    return f"{endpoint.key}[{label}]" if label else endpoint.key


ACCESS_CASES = [
    pytest.param(endpoint, rule_case, id=_case_id(endpoint, rule_case))
    for endpoint in ENDPOINTS
    for rule_case in rule_for(endpoint) or ()
]


# --- objects the cases point at ---------------------------------------------------------------


@pytest.fixture
def learner_award(learner, council):
    from badges.factories import BadgeAlignmentFactory, BadgeAwardFactory, BadgeClassFactory

    badge_class = BadgeClassFactory(organisation=council)
    BadgeAlignmentFactory(badge_class=badge_class)
    return BadgeAwardFactory(badge_class=badge_class, recipient=learner, organisation=council)


@pytest.fixture
def aligned_item_identifier(learner_award):
    return learner_award.badge_class.alignments.get().item.identifier


@pytest.fixture
def learner_credential(learner_award):
    from badges.openbadges.services import issue_credential

    return issue_credential(award=learner_award)


@pytest.fixture
def portfolio_submission(learner, council):
    """Evidence from the learner for a council badge's manager sign-off, with a file.

    Made directly: the service wants a manager, and the manager persona is only made
    when a case asks for it.
    """
    from django.core.files.base import ContentFile

    from badges.factories import BadgeClassFactory, CriterionFactory
    from badges.models import Criterion, EvidenceSubmission

    badge_class = BadgeClassFactory(organisation=council)
    criterion = CriterionFactory(badge_class=badge_class, kind=Criterion.Kind.SIGN_OFF)
    submission = EvidenceSubmission(
        organisation=council, learner=learner, badge_class=badge_class, criterion=criterion
    )
    submission.file.save("evidence.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return submission


@pytest.fixture
def portfolio_competence(db):
    from badges.factories import FrameworkItemFactory

    return {"item_id": FrameworkItemFactory().pk}


@pytest.fixture
def portfolio_sector_badge(db):
    from badges.factories import BadgeClassFactory

    return {"badge_id": BadgeClassFactory().pk}


@pytest.fixture
def portfolio_share_token(learner):
    from badges.portfolio.services import create_share_link

    return create_share_link(user=learner).token


@pytest.fixture
def admin_award(learner, council):
    from badges.factories import BadgeAwardFactory, BadgeClassFactory

    badge = BadgeClassFactory(organisation=council)
    return BadgeAwardFactory(badge_class=badge, recipient=learner, organisation=council)


@pytest.fixture
def admin_run(admin_award, council):
    from badges.models import ReevaluationRun

    return ReevaluationRun.objects.create(badge_class=admin_award.badge_class, organisation=council)


@pytest.fixture
def learner_certificate(learner, council):
    """A made certificate of the learner's (a stand-in PDF: these tests are about access)."""
    from courses.factories import course_with_lessons
    from lms.certificates.factories import CourseCertificateFactory, completion_for

    course = course_with_lessons(title="Certificates course", owning_council=council)
    certificate = CourseCertificateFactory(
        course_completion=completion_for(learner=learner, course=course),
        render_status="rendered",
        learner_name="Lena Learner",
        achievement_title="Certificates course",
    )
    certificate.pdf.save("access.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return certificate


@pytest.fixture
def certificate_zip_job(hr_admin, council):
    from lms.certificates.models import BulkCertificateJob

    job = BulkCertificateJob.objects.create(
        organisation=council, requested_by=hr_admin, description="Everyone", status="done"
    )
    job.archive.save("access.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    return job


@pytest.fixture
def council_course(council):
    from courses.factories import course_with_lessons

    return course_with_lessons(title="Council staff only", owning_council=council)


@pytest.fixture
def grant_for_nothing():
    from courses.delivery.tokens import issue_grant

    token = issue_grant(package_id=DUMMY_ID, user_id=None, lesson_id=None)
    return {"token": token, "path": "index.html"}


@pytest.fixture
def council_course_route(council_course):
    return {"_0": council_course.url.strip("/") + "/"}


@pytest.fixture
def careers_role(db):
    from cms.careers.factories import careers_index, role_page

    return role_page(index=careers_index(), slug="data-analyst")


@pytest.fixture
def careers_role_route(careers_role):
    return {"_0": careers_role.url.strip("/") + "/"}


@pytest.fixture
def private_page(db):
    from wagtail.models import Page, PageViewRestriction

    from cms.models import StandardPage

    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="Staff notices", slug="staff-notices"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return {"_0": "staff-notices/"}


def _document(collection, title):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name=f"{title}.pdf"),
        collection=collection,
    )
    return {"_0": document.pk, "_1": document.filename}


@pytest.fixture
def public_document(db, settings, tmp_path):
    from wagtail.models import Collection

    settings.MEDIA_ROOT = tmp_path
    return _document(Collection.get_first_root_node(), "leaflet")


@pytest.fixture
def private_document(db, settings, tmp_path):
    from wagtail.models import Collection, CollectionViewRestriction

    settings.MEDIA_ROOT = tmp_path
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return _document(collection, "rota")


# --- the tests --------------------------------------------------------------------------------


def _describe(response) -> str:
    text = str(response.status_code)
    if response.get("Location"):
        text += f" -> {response['Location']}"
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        text += f" ({exc_info[0].__name__}: {exc_info[1]})"
    return text


def test_every_url_pattern_has_a_rule():
    undeclared = sorted(f"{e.key}  ({e.route} -> {e.view})" for e in ENDPOINTS if not rule_for(e))
    assert undeclared == [], "URL patterns with no access rule:\n" + "\n".join(undeclared)


def test_every_rule_names_a_url_that_exists():
    keys = {endpoint.key for endpoint in ENDPOINTS}
    assert sorted(set(RULES) - keys) == []
    for group in GROUPS:
        assert any(rule_for(e) is group.cases for e in ENDPOINTS), f"{group.prefix} matches none"


def test_every_case_names_the_personas_it_must():
    """Cases are tried as every persona, but in a GROUP at least anonymous and a learner."""
    short = []
    for param in ACCESS_CASES:
        endpoint, rule_case = param.values
        grouped = any(endpoint.route.startswith(group.prefix) for group in GROUPS)
        required = {ANONYMOUS, "learner"} if grouped else set(PERSONAS)
        if missing := required - set(rule_case.expect):
            short.append(f"{param.id}: {sorted(missing)}")
    assert short == []


@pytest.mark.parametrize(("endpoint", "rule_case"), ACCESS_CASES)
def test_url_access(endpoint, rule_case, request, client_for):
    world = World(request)
    values = rule_case.values(world) if rule_case.values else {}
    path = build_path(endpoint, values)

    wrong = []
    for persona, outcome in rule_case.expect.items():
        user = None if persona == ANONYMOUS else request.getfixturevalue(persona)
        client = client_for(user)
        client.raise_request_exception = False
        response = client.generic(rule_case.method, path)
        if not outcome.test(response, path):
            wrong.append(f"  {persona:<15} expected {outcome}, got {_describe(response)}")
    assert wrong == [], f"{rule_case.method} {path} ({endpoint.route}):\n" + "\n".join(wrong)


# --- sign-in routes and the admin boundary, end to end ---------------------------------------


def _sign_in_routes() -> list[str]:
    """Every URL whose view is a password sign-in form (Django's, Wagtail's or allauth's)."""
    from allauth.account.views import LoginView as AllauthLoginView

    names = []
    for endpoint in ENDPOINTS:
        view_class = getattr(endpoint.chain[-1].callback, "view_class", None)
        if view_class and issubclass(view_class, DjangoLoginView | AllauthLoginView):
            names.append(endpoint.name)
    return names


SIGN_IN_ROUTES = _sign_in_routes()


def test_the_sign_in_routes_are_found():
    assert {"account_login", "wagtailadmin_login", "wagtailcore_login"} <= set(SIGN_IN_ROUTES)


@pytest.mark.parametrize("route_name", SIGN_IN_ROUTES)
def test_no_sign_in_route_skips_the_second_factor(route_name, client_for, hr_admin, council):
    """An HR admin with an authenticator app must give a code, whichever form they use."""
    client = client_for(None)
    client.post(
        reverse(route_name),
        {"login": hr_admin.email, "username": hr_admin.email, "password": DEFAULT_PASSWORD},
    )

    response = client.get(reverse("manage_overview", args=[council.slug]))

    assert response.status_code != 200, (
        f"{reverse(route_name)} signed an HR admin in with a password alone"
    )


@pytest.mark.parametrize("persona", ["graduate", "learner", "hr_admin"])
def test_the_admin_turns_non_editors_away_without_a_redirect_loop(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))

    try:
        response = client.get(reverse("wagtailadmin_home"), follow=True)
    except RedirectCycleError as loop:
        pytest.fail(f"/admin/ and sign-in redirect to each other for a {persona}: {loop}")
    assert response.status_code in (200, 403)
    assert response.redirect_chain, "the admin was served"
