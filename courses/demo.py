"""Demo courses for `manage.py seed_demo`: real lessons, written for this project.

Created once: a course that already exists (by slug) is left as an editor may have
changed it.
"""

from __future__ import annotations

from wagtail.models import Page
from wagtail.rich_text import RichText

from courses.models import CourseCompetence, CourseIndexPage, CoursePage, LessonPage


def _text(html: str) -> tuple[str, RichText]:
    return ("text", RichText(html))


def _callout(kind: str, heading: str, html: str) -> tuple[str, dict]:
    return ("callout", {"kind": kind, "heading": heading, "text": RichText(html)})


def _question(text: str, answers: list[tuple[str, bool, str]], kind: str = "single") -> dict:
    return {
        "text": text,
        "kind": kind,
        "answers": [
            {"text": answer, "is_correct": correct, "feedback": feedback}
            for answer, correct, feedback in answers
        ],
    }


def _quiz(title: str, questions: list[dict], pass_mark: int = 75) -> tuple[str, dict]:
    return (
        "quiz",
        {
            "title": title,
            "questions": questions,
            "pass_mark": pass_mark,
            "max_attempts": 3,
            "shuffle": True,
        },
    )


SAFE_ONLINE = {
    "slug": "staying-safe-online-at-work",
    "title": "Staying safe online at work",
    "summary": (
        "Recognise the tricks used to steal council data and money, and the habits that "
        "stop them: for everyone who uses email, a phone or a shared computer at work."
    ),
    "outcomes": [
        "Spot the signs of a phishing email or text message",
        "Choose a strong password and turn on two-step sign-in",
        "Report a suspected scam quickly and without blame",
    ],
    "duration_minutes": 25,
    "level": "foundation",
    "format": "mixed",
    "audience": "staff",
    "shared_with_sector": True,
    "competences": [("4.1", 3), ("4.2", 3)],
    "lessons": [
        (
            "Spotting a phishing message",
            [
                _text(
                    "<p>Phishing is a message that pretends to come from someone you trust "
                    "so that you click a link, open a file or hand over details. Councils "
                    "receive thousands every week, often dressed up as a supplier invoice, "
                    "a parcel delivery or a message from IT.</p>"
                    "<h2>Signs to look for</h2><ul>"
                    "<li>The sender's address does not match the organisation it claims "
                    "to be from.</li>"
                    "<li>It pushes you to act now: a deadline, a threat or a prize.</li>"
                    "<li>A link's real address (hover over it, or press and hold on a "
                    "phone) goes somewhere unexpected.</li>"
                    "<li>It asks for a password, a payment or a change of bank details.</li>"
                    "</ul>"
                ),
                _callout(
                    "tip",
                    "If in doubt, check another way",
                    "<p>Phone the person or supplier on a number you already have, not "
                    "one in the message.</p>",
                ),
            ],
        ),
        (
            "Passwords and two-step sign-in",
            [
                _text(
                    "<p>A long password is harder to guess than a clever short one. Three "
                    "random words joined together are easy to remember and hard to crack. "
                    "Use a different password for each account, so one leak does not open "
                    "them all.</p><p>Two-step sign-in asks for a code from your phone as "
                    "well as your password. Even if someone learns your password, they "
                    "cannot sign in without the code.</p>"
                ),
                _callout(
                    "important",
                    "Never share a code",
                    "<p>Nobody from the council will ask you for a sign-in code. Anyone "
                    "who does is trying to get into your account.</p>",
                ),
            ],
        ),
        (
            "Check your understanding",
            [
                _quiz(
                    "Staying safe online: quick check",
                    [
                        _question(
                            "An email from 'IT support' says your mailbox is full and asks "
                            "you to sign in through a link. What should you do?",
                            [
                                (
                                    "Sign in quickly before the mailbox stops working",
                                    False,
                                    "Urgency is a common trick.",
                                ),
                                (
                                    "Report it as phishing without clicking the link",
                                    True,
                                    "Right: report it, and IT can warn others.",
                                ),
                                (
                                    "Forward it to colleagues to check",
                                    False,
                                    "That spreads the risk.",
                                ),
                            ],
                        ),
                        _question(
                            "Which password is strongest?",
                            [
                                ("Council2026!", False, "Short and easy to guess."),
                                ("kettle-orbit-violin", True, "Long and random."),
                                ("P@ssw0rd", False, "One of the first tried by attackers."),
                            ],
                        ),
                        _question(
                            "Which of these are signs of a scam? Select all that apply.",
                            [
                                ("A request to change a supplier's bank details", True, ""),
                                ("Pressure to act within the hour", True, ""),
                                (
                                    "A message from a colleague you were expecting",
                                    False,
                                    "Expected messages can still be checked, but are not a "
                                    "sign in themselves.",
                                ),
                            ],
                            kind="multiple",
                        ),
                        _question(
                            "You clicked a link and then realised it was a scam. What now?",
                            [
                                (
                                    "Say nothing and hope for the best",
                                    False,
                                    "Early reports limit the damage.",
                                ),
                                (
                                    "Tell the IT service desk straight away",
                                    True,
                                    "Right: quick reports are welcomed, not blamed.",
                                ),
                            ],
                        ),
                    ],
                )
            ],
        ),
    ],
}

PERSONAL_DATA = {
    "slug": "handling-personal-data",
    "title": "Handling personal data with care",
    "summary": (
        "What counts as personal data, when you may share it, and what to do when "
        "something goes wrong: the everyday side of UK GDPR for council staff."
    ),
    "outcomes": [
        "Recognise personal and special category data in your work",
        "Share information only with the right people for the right reason",
        "Report a data breach within the council's deadline",
    ],
    "duration_minutes": 20,
    "level": "intermediate",
    "format": "mixed",
    "audience": "staff",
    "shared_with_sector": False,
    "competences": [("4.2", 4)],
    "lessons": [
        (
            "What counts as personal data",
            [
                _text(
                    "<p>Personal data is anything that identifies a living person, on its "
                    "own or with other information: a name, an address, a case number, a "
                    "photo. Some of it is special category data, such as health, ethnicity "
                    "or religion, and needs extra care.</p><p>Residents trust the council "
                    "with this information because they have to. Treat it as you would "
                    "want your own treated.</p>"
                ),
            ],
        ),
        (
            "Sharing and breaches",
            [
                _text(
                    "<p>Before sharing, ask: does this person need it to do their job, and "
                    "do they need all of it? Send the least that will do, by a secure "
                    "route.</p><p>A breach is any loss, or sharing with the wrong person: "
                    "an email to the wrong address, a lost phone, a letter in the wrong "
                    "envelope. Report it at once; the council has 72 hours to tell the "
                    "Information Commissioner about a serious one.</p>"
                ),
                _quiz(
                    "Personal data: quick check",
                    [
                        _question(
                            "You emailed a resident's case notes to the wrong person. "
                            "What should you do first?",
                            [
                                (
                                    "Report it to your information governance team now",
                                    True,
                                    "Right: the clock starts when the council becomes aware.",
                                ),
                                (
                                    "Wait to see if the person replies",
                                    False,
                                    "Delay can breach the 72-hour deadline.",
                                ),
                            ],
                        ),
                        _question(
                            "Which of these is special category data?",
                            [
                                ("A resident's health condition", True, ""),
                                (
                                    "A resident's library card number",
                                    False,
                                    "Personal data, but not special category.",
                                ),
                            ],
                        ),
                    ],
                    pass_mark=100,
                ),
            ],
        ),
    ],
}

CAREERS_TASTER = {
    "slug": "digital-careers-taster",
    "title": "Digital work in local government: a taster",
    "summary": (
        "A short introduction, open to everyone, to the digital and data roles that keep "
        "council services running, and how graduates and career changers get into them."
    ),
    "outcomes": [
        "Name three digital roles found in most councils",
        "Describe how user research changes a council service",
    ],
    "duration_minutes": 10,
    "level": "foundation",
    "format": "reading",
    "audience": "public",
    "shared_with_sector": True,
    "competences": [("2.6", 2)],
    "lessons": [
        (
            "Who does digital work in a council",
            [
                _text(
                    "<p>Councils run hundreds of services, from bins and libraries to "
                    "social care, and more of them start online every year. Behind them "
                    "are user researchers who learn what residents need, service designers "
                    "who shape the journey, developers who build it, data analysts who show "
                    "what works, and cyber security specialists who keep it safe.</p>"
                    "<p>Many start through graduate schemes or apprenticeships; others move "
                    "across from frontline roles, bringing knowledge of the service with "
                    "them.</p>"
                ),
            ],
        ),
    ],
}

DEMO_COURSES = [SAFE_ONLINE, PERSONAL_DATA, CAREERS_TASTER]


def _catalogue() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    home = Page.objects.get(depth=2)
    catalogue = CourseIndexPage(
        title="Courses",
        slug="courses",
        introduction=(
            "Short courses to build digital confidence in every role. Filter by what you "
            "want to learn, your job or the time you have."
        ),
    )
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def _create_course(spec: dict, *, catalogue: CourseIndexPage, council) -> CoursePage:
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        outcomes=[("outcome", text) for text in spec["outcomes"]],
        duration_minutes=spec["duration_minutes"],
        level=spec["level"],
        format=spec["format"],
        audience=spec["audience"],
        owning_council=None if spec["shared_with_sector"] else council,
        shared_with_sector=spec["shared_with_sector"],
        live=False,
    )
    catalogue.add_child(instance=course)
    for competence_id, level in spec["competences"]:
        course.competences.add(
            CourseCompetence(
                framework="digcomp",
                competence_id=competence_id,
                area=competence_id.split(".")[0],
                target_level=level,
            )
        )
    course.save()
    for number, (title, body) in enumerate(spec["lessons"], 1):
        lesson = LessonPage(title=title, slug=f"lesson-{number}", body=body, live=False)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    course.save_revision().publish()
    return course


def seed_demo_courses(*, council) -> int:
    """Create the catalogue and demo courses that are missing; returns how many were made."""
    catalogue = _catalogue()
    existing = set(CoursePage.objects.child_of(catalogue).values_list("slug", flat=True))
    created = 0
    for spec in DEMO_COURSES:
        if spec["slug"] not in existing:
            _create_course(spec, catalogue=catalogue, council=council)
            created += 1
    return created
