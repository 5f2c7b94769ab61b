"""Demo role profiles: eight council digital roles, with pay, places, skills and next steps.

Pay bands are typical of English councils outside London in 2024-25 (NJC pay spine grades
for the junior and middle of each role); London and some unitary councils pay more.
Skills are DigComp 2.2 competences with the level the role needs once settled in it.
"""

from __future__ import annotations

from typing import NamedTuple


class Skill(NamedTuple):
    code: str  # DigComp competence, e.g. "1.3"
    level: int  # 1-8
    in_practice: str


class DemoRole(NamedTuple):
    slug: str
    title: str
    summary: str
    what_you_do: tuple[str, ...]  # paragraphs
    salary_min: int
    salary_max: int
    locations: str
    skills: tuple[Skill, ...]
    progression: tuple[tuple[str, str], ...]
    related: tuple[str, ...]  # slugs


OFFICE = (
    "The council's main offices or civic centre, with most teams working part of the week "
    "from home. Some time in libraries, community centres and service teams' own buildings."
)
SALARY_NOTE = "Typical for councils outside London; each council sets its own grades."

ROLES: tuple[DemoRole, ...] = (
    DemoRole(
        "digital-product-manager",
        "Digital product manager",
        "Owns a council service's online side, such as paying council tax or reporting a "
        "missed bin, and decides what the team improves next.",
        (
            "A product manager is responsible for a service people use online: what it is "
            "for, whether it works for residents and staff, and what the team works on "
            "next. You spend your time with residents' feedback, service managers, "
            "designers, developers and data, turning what you learn into a short list of "
            "priorities.",
            "In a council the same product often serves very different people, from a "
            "landlord paying business rates to a carer asking for a blue badge, and has to "
            "meet legal duties as well as users' needs. Good product managers keep both in "
            "view and explain their choices in plain language to councillors and "
            "managers.",
        ),
        45_000,
        58_000,
        OFFICE,
        (
            Skill("5.2", 6, "Deciding which problems are worth solving first"),
            Skill("2.4", 5, "Running a team's planning and showing its work"),
            Skill("1.2", 5, "Weighing evidence from research and data"),
            Skill("2.2", 4, "Sharing progress openly with the service"),
            Skill("5.4", 4, "Spotting what the team needs to learn"),
        ),
        (
            ("Senior product manager", "Looks after several related services."),
            ("Head of digital services", "Leads product, design and delivery teams."),
        ),
        ("service-designer", "business-analyst", "user-researcher"),
    ),
    DemoRole(
        "service-designer",
        "Service designer",
        "Shapes a whole council service around the people who use it, online, on the phone "
        "and face to face.",
        (
            "Service designers look at a service from start to finish: how someone finds "
            "out about it, applies, waits, gets a decision and gets help. You map those "
            "journeys with the staff who run them, find where people get stuck, and design "
            "and test changes, which are often about letters, forms and processes as much "
            "as websites.",
            "Councils use service design to make the most of tight budgets: a clearer "
            "journey means fewer calls, fewer mistakes and fewer people giving up on help "
            "they are entitled to.",
        ),
        40_000,
        52_000,
        OFFICE,
        (
            Skill("5.2", 6, "Finding where a service fails people and why"),
            Skill("5.3", 5, "Prototyping new ways a service could work"),
            Skill("2.4", 5, "Running workshops with staff and residents"),
            Skill("2.3", 4, "Designing for people who find digital services hard"),
            Skill("3.1", 4, "Making prototypes, journey maps and service blueprints"),
        ),
        (
            ("Senior service designer", "Leads design across a directorate's services."),
            ("Head of service design", "Builds a council's design practice."),
        ),
        ("user-researcher", "digital-product-manager"),
    ),
    DemoRole(
        "user-researcher",
        "User researcher",
        "Finds out what residents and staff really need from a service, so the council "
        "builds the right thing.",
        (
            "User researchers plan and run research with the people who use council "
            "services: interviews, usability testing of prototypes, visits to housing "
            "offices or contact centres, and surveys. You make sure the research includes "
            "people who are often left out, such as disabled people, older residents and "
            "people with little confidence online.",
            "You then help the whole team understand what you found, and keep it on record "
            "so the council does not pay to learn the same thing twice. Handling research "
            "participants' personal data with care is a core part of the job.",
        ),
        36_000,
        48_000,
        OFFICE + " Research takes you out to residents across the area.",
        (
            Skill("1.2", 5, "Judging what research does and does not show"),
            Skill("2.1", 5, "Interviewing people remotely and in person"),
            Skill("4.2", 5, "Consent, storage and deletion of research data"),
            Skill("2.3", 4, "Recruiting residents who are seldom heard"),
            Skill("5.2", 4, "Turning findings into design questions"),
        ),
        (
            ("Senior user researcher", "Plans research across several services."),
            ("Lead user researcher", "Sets research standards for the council."),
        ),
        ("service-designer", "data-analyst"),
    ),
    DemoRole(
        "data-analyst",
        "Data analyst",
        "Turns the council's data into evidence that helps services plan, spend and improve.",
        (
            "Data analysts bring together information from council systems, such as "
            "housing repairs, school admissions or waste collections, clean it, and analyse "
            "it to answer questions services ask: where demand is rising, what a change "
            "achieved, where money would do most good.",
            "You build dashboards and reports that managers and councillors can rely on, "
            "explain the limits of the data honestly, and follow data protection rules for "
            "the personal data behind the numbers.",
        ),
        32_000,
        42_000,
        OFFICE,
        (
            Skill("1.3", 6, "Cleaning, joining and organising datasets"),
            Skill("1.2", 6, "Checking data quality and what it can show"),
            Skill("4.2", 5, "Working safely with residents' personal data"),
            Skill("3.4", 4, "Writing SQL or Python to repeat an analysis"),
            Skill("3.2", 4, "Building on existing reports and datasets"),
        ),
        (
            ("Senior data analyst", "Leads analysis for a directorate."),
            ("Data scientist or data manager", "Builds models or runs the data team."),
        ),
        ("business-analyst", "user-researcher"),
    ),
    DemoRole(
        "developer",
        "Developer",
        "Builds and looks after the council's websites, online forms and the code that "
        "connects its systems.",
        (
            "Council developers build online services, connect them to the case management "
            "and finance systems behind them, and keep them running, secure and "
            "accessible. Much of the work is improving and joining up what exists rather "
            "than starting from nothing.",
            "You work in a small multidisciplinary team with designers and a product "
            "manager, review each other's code, and share what you build so other councils "
            "can reuse it.",
        ),
        35_000,
        50_000,
        OFFICE,
        (
            Skill("3.4", 6, "Writing, testing and reviewing code"),
            Skill("5.1", 6, "Diagnosing faults in live services"),
            Skill("4.1", 5, "Building services that stay secure"),
            Skill("3.3", 4, "Using and publishing open source code"),
            Skill("2.4", 4, "Working in a team with shared code"),
        ),
        (
            ("Senior developer", "Designs the technical side of larger services."),
            ("Technical architect", "Decides how the council's systems fit together."),
        ),
        ("cyber-security-analyst", "business-analyst"),
    ),
    DemoRole(
        "cyber-security-analyst",
        "Cyber security analyst",
        "Keeps the council's systems and residents' data safe from attacks, and helps "
        "services recover when something goes wrong.",
        (
            "Councils hold sensitive data about children, adults in care and people's "
            "finances, and are a frequent target for ransomware and phishing. Cyber "
            "security analysts watch for threats, check systems for weaknesses, respond to "
            "incidents and help colleagues work safely.",
            "You work with the council's IT team and its suppliers, test the plans for "
            "recovering services after an attack, and explain risks to managers in terms "
            "of the services residents depend on.",
        ),
        38_000,
        50_000,
        OFFICE + " Some councils share a security team with their neighbours.",
        (
            Skill("4.1", 6, "Monitoring and hardening devices and networks"),
            Skill("4.2", 6, "Protecting personal data and handling breaches"),
            Skill("5.1", 5, "Investigating and resolving incidents"),
            Skill("1.2", 5, "Judging threat intelligence and alerts"),
            Skill("2.2", 4, "Warning colleagues clearly and quickly"),
        ),
        (
            ("Senior security analyst", "Leads incident response."),
            ("Information security manager", "Owns the council's security risks."),
        ),
        ("developer",),
    ),
    DemoRole(
        "digital-inclusion-officer",
        "Digital inclusion officer",
        "Helps residents who are offline or unsure online to get connected, build "
        "confidence and use the services they need.",
        (
            "Digital inclusion officers run and support help sessions in libraries and "
            "community centres, lend devices and data, train volunteers, and work with "
            "charities, housing providers and job centres to reach people who are offline.",
            "You also tell service teams where residents struggle with their online forms, "
            "so fixes reach the people who need them most.",
        ),
        28_000,
        35_000,
        "Libraries, community centres and other places residents already go, with some "
        "office and home working.",
        (
            Skill("5.4", 6, "Helping people find the digital skills they lack"),
            Skill("2.3", 5, "Connecting residents with online services"),
            Skill("2.1", 5, "Supporting people by phone, video and in person"),
            Skill("4.3", 4, "Helping people stay safe and well online"),
            Skill("2.6", 3, "Helping residents set up accounts and email"),
        ),
        (
            ("Digital inclusion lead", "Runs the council's inclusion programme."),
            ("Community or service development manager", "Leads wider community work."),
        ),
        ("user-researcher", "service-designer"),
    ),
    DemoRole(
        "business-analyst",
        "Business analyst",
        "Works out how a service works today, what needs to change, and what a new system "
        "or process must do.",
        (
            "Business analysts map the way a service works now, with the staff who run it, "
            "and set out the requirements for changing it: a new system, a joined-up "
            "process or a better use of the one the council already pays for.",
            "You often sit between services, IT and suppliers, so you need to be precise "
            "about what is needed and why, and clear about the costs and benefits.",
        ),
        36_000,
        46_000,
        OFFICE,
        (
            Skill("5.2", 5, "Matching needs to the right system or process"),
            Skill("1.3", 5, "Modelling processes and the data they use"),
            Skill("1.2", 5, "Testing assumptions against evidence"),
            Skill("2.4", 5, "Running sessions with staff and suppliers"),
            Skill("3.1", 4, "Writing requirements, process maps and user stories"),
        ),
        (
            ("Senior business analyst", "Leads analysis on large change programmes."),
            ("Business change or programme manager", "Runs change across services."),
        ),
        ("data-analyst", "digital-product-manager"),
    ),
)
