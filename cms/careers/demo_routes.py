"""Demo entry routes, trainee stories and the public tasters that earn pre-application badges.

All in our own words. The national programme's details follow its usual yearly pattern;
its page tells candidates to check the current year's dates with the LGA. Each route's page
also shows cards for roles it often leads to and the badges anyone can earn before applying.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoPathway(NamedTuple):
    slug: str
    title: str
    route_type: str
    summary: str
    duration: str
    eligibility: str  # HTML
    timeline: tuple[tuple[str, str, str], ...]  # when, what, detail
    how_to_apply: tuple[tuple[str, str], ...]  # title, text
    adjustments: str  # HTML
    roles: tuple[str, ...] = ()  # slugs of role profiles this route often leads to
    note: str = ""  # a callout, e.g. to check this year's dates


ADJUSTMENTS_COMMON = (
    "<p>Tell the recruiting team what would help, on the application form or at any stage; "
    "you do not have to say why. Common adjustments include extra time in tests, a screen reader "
    "friendly version of tasks, captions in video interviews, a quiet room or breaks at "
    "the assessment centre, and step-free venues.</p>"
    "<p>Many councils are Disability Confident employers and offer an interview to "
    "disabled candidates who meet the essential criteria.</p>"
)

PATHWAYS: tuple[DemoPathway, ...] = (
    DemoPathway(
        "national-graduate-development-programme",
        "National Graduate Development Programme",
        "ngdp",
        "The LGA's two-year programme for graduates who want to lead in local government: "
        "several placements across a council and a management qualification.",
        "Two years",
        "<ul><li>A degree at 2:2 or above in any subject, or expecting one by the summer "
        "you would start</li><li>The right to work in the UK</li><li>No previous local "
        "government experience needed</li></ul>",
        (
            ("Autumn", "Applications open", "Usually from September to November."),
            ("Autumn to winter", "Online tests and video interview", ""),
            ("Winter to spring", "Assessment centre", "Group and individual exercises."),
            (
                "Spring to summer",
                "Matched with a council",
                "Councils interview shortlisted candidates for their places.",
            ),
            ("The following autumn", "Start your first placement", ""),
        ),
        (
            ("Online application", "Your education and why you want to work for a council."),
            ("Online tests", "Short reasoning and judgement tests, taken at home."),
            ("Video interview", "Recorded answers to a few set questions."),
            ("Assessment centre", "A day of exercises showing how you work with others."),
            ("Council interviews", "Meet the councils with places and agree your match."),
        ),
        ADJUSTMENTS_COMMON,
        ("digital-product-manager", "business-analyst", "user-researcher"),
        "Dates and details change a little from year to year. Check the current year's "
        "timetable and eligibility on the LGA's National Graduate Development Programme "
        "website before you apply.",
    ),
    DemoPathway(
        "digital-and-data-apprenticeships",
        "Digital and data apprenticeships",
        "apprenticeship",
        "Paid jobs with training towards a qualification, from level 3 to degree level, in "
        "data, software, cyber security and IT support. No degree needed.",
        "One to four years, depending on the level",
        "<ul><li>Anyone aged 16 or over who is not in full-time education, including "
        "career changers</li><li>Entry requirements depend on the level, often English "
        "and maths at GCSE or equivalent, which some schemes help you gain</li><li>The "
        "right to work in the UK</li></ul>",
        (
            (
                "Spring",
                "Most vacancies advertised",
                "For a September start; some councils recruit all year.",
            ),
            ("Early summer", "Interviews and skills tasks", ""),
            (
                "September",
                "Start work and training",
                "Part of your working week is set aside for study.",
            ),
        ),
        (
            (
                "Find a vacancy",
                "On the council's jobs page or the national apprenticeship service.",
            ),
            ("Apply", "A short form about you and why the role interests you."),
            ("Interview", "Often with a practical task, such as tidying a small dataset."),
        ),
        ADJUSTMENTS_COMMON,
        ("data-analyst", "developer", "cyber-security-analyst"),
    ),
    DemoPathway(
        "council-graduate-schemes",
        "Council graduate schemes",
        "graduate_scheme",
        "Some councils run their own digital and data graduate schemes, with rotations "
        "through digital, data and IT teams.",
        "Usually 12 to 24 months",
        "<ul><li>A degree in any subject, sometimes a relevant one for data roles</li>"
        "<li>Some schemes are only open to people living or studying in the area</li></ul>",
        (
            ("Winter", "Schemes advertised", "Often January to March."),
            ("Spring", "Assessment", "Interviews and a practical exercise."),
            ("Late summer or autumn", "Start", ""),
        ),
        (
            ("Apply to the council", "Through its jobs page."),
            ("Assessment", "An interview and a task based on a real council problem."),
        ),
        ADJUSTMENTS_COMMON,
        ("data-analyst", "service-designer", "developer"),
    ),
    DemoPathway(
        "career-changers",
        "Changing career into council digital work",
        "career_change",
        "Experience of council services, customer work or another sector counts. Many "
        "people move into digital roles from the front line.",
        "",
        "<ul><li>Open to anyone; what counts is what you can show you can do</li><li>Staff "
        "already at a council can ask about secondments into digital teams</li></ul>",
        (
            ("Any time", "Take the free tasters here", "Earn badges to show your skills."),
            ("When roles open", "Apply for junior or apprentice posts", ""),
        ),
        (
            ("Build evidence", "Tasters, badges and examples from your current work."),
            ("Register your interest", "Hear when suitable roles open."),
            ("Apply", "Show how your experience fits the role's skills."),
        ),
        ADJUSTMENTS_COMMON,
        ("digital-inclusion-officer", "business-analyst", "user-researcher"),
    ),
)


class DemoStory(NamedTuple):
    slug: str
    title: str
    person_name: str
    role_title: str
    pathway: str
    summary: str
    paragraphs: tuple[str, ...]
    quote: str


STORIES: tuple[DemoStory, ...] = (
    DemoStory(
        "amara-history-graduate-to-user-researcher",
        "From a history degree to user research",
        "Amara",
        "National graduate trainee",
        "national-graduate-development-programme",
        "Amara joined through the national programme and found her way into user research "
        "on her second placement.",
        (
            "I applied to the national programme in my final year because I wanted a job "
            "that mattered locally. My first placement was in housing, answering "
            "councillors' questions about repairs; my second was with the digital team "
            "rebuilding the council's housing repairs form.",
            "Sitting in on interviews with tenants changed how I saw my degree: I had spent "
            "three years weighing up sources and listening for what people were really "
            "saying. Now I plan the research myself and the form is half as long as it was.",
        ),
        "Nobody expected me to know about technology on day one. They expected me to ask "
        "good questions.",
    ),
    DemoStory(
        "dan-contact-centre-to-data-analyst",
        "From the contact centre to data analyst",
        "Dan",
        "Data analyst apprentice",
        "digital-and-data-apprenticeships",
        "Dan answered council tax calls for five years before a data apprenticeship moved "
        "him into the insight team.",
        (
            "In the contact centre I kept noticing the same questions coming in after every "
            "bill went out. I started keeping a spreadsheet, and my manager showed it to the "
            "data team, who told me about the level 4 data analyst apprenticeship.",
            "Now I spend a day a week on my course and the rest building the reports the "
            "revenues service uses to plan its staffing. Knowing how the calls actually go "
            "helps me ask the right questions of the data.",
        ),
        "I thought you needed a degree for this. What I needed was curiosity and a bit of "
        "help to get started.",
    ),
)


class DemoTaster(NamedTuple):
    slug: str
    title: str
    summary: str
    outcomes: tuple[str, ...]
    competences: tuple[tuple[str, int], ...]  # DigComp code, level reached
    lessons: tuple[tuple[str, str], ...]  # title, HTML
    badge_slug: str
    badge_name: str
    badge_description: str


TASTERS: tuple[DemoTaster, ...] = (
    DemoTaster(
        "council-data-taster",
        "Working with council data: a taster",
        "A short, free introduction to how councils use data to plan services, and what "
        "a data analyst checks before trusting a number.",
        (
            "Describe three kinds of data a council collects",
            "Spot common problems in a dataset before using it",
        ),
        (("1.3", 3), ("1.2", 3)),
        (
            (
                "What councils count",
                "<p>Councils record every missed bin, housing repair, library loan and "
                "school place. Put together, those records show where demand is rising and "
                "whether a change worked.</p>",
            ),
            (
                "Before you trust a number",
                "<p>Check where the data came from, what is missing, and whether the same "
                "thing was recorded the same way throughout. A sudden jump is as likely to "
                "be a new form as a real change.</p>",
            ),
        ),
        "council-data-explorer",
        "Council data explorer",
        "Knows how councils use data and the checks that come before trusting it.",
    ),
    DemoTaster(
        "service-design-taster",
        "Designing services with residents: a taster",
        "A short, free introduction to designing council services around the people who "
        "use them, online and off.",
        (
            "Explain what a user need is",
            "Describe how a service journey is mapped and improved",
        ),
        (("5.2", 3), ("2.3", 3)),
        (
            (
                "Start with the need",
                "<p>A user need is what someone is trying to get done, in their words: "
                "“I need to know when my bin will be collected”, not “I need an app”. "
                "Services built around needs get used.</p>",
            ),
            (
                "Map the whole journey",
                "<p>Follow one person from first hearing about a service to getting what "
                "they need, including the letters, calls and waits. The worst problems are "
                "often between the steps, not in them.</p>",
            ),
        ),
        "service-design-explorer",
        "Service design explorer",
        "Understands user needs and how councils map and improve service journeys.",
    ),
    DemoTaster(
        "digital-inclusion-taster",
        "Helping people get online: a taster",
        "A short, free introduction to helping residents use online services with "
        "confidence, the everyday work of a digital inclusion officer.",
        (
            "Help someone set up an account they can use again on their own",
            "Explain how to spot a scam message and where to get help",
        ),
        (("2.6", 3), ("4.3", 3)),
        (
            (
                "Getting someone started",
                "<p>Many residents ask the council for help because a form has moved "
                "online. Start with what they want to get done, go at their pace and let "
                "them do the typing, so they can do it again next time without you.</p>",
            ),
            (
                "Safe, not scared",
                "<p>Show people how to spot a message pretending to be from the council or "
                "their bank, how to make a password they will remember, and who to call if "
                "something goes wrong. The aim is confidence, not fear.</p>",
            ),
        ),
        "digital-inclusion-helper",
        "Digital inclusion helper",
        "Can help someone get online safely and set up accounts they can manage themselves.",
    ),
)
