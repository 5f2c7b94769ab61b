"""Sector-wide job role families and roles that every council starts with.

The slugs are stable identifiers: badge role requirements, reports and councils' own
imports refer to them, so rename a role's name or description freely but never its
slug. Add new roles at will; removing one would orphan the staff who hold it.
"""

from __future__ import annotations

from typing import NamedTuple


class FamilySeed(NamedTuple):
    slug: str
    name: str


class RoleSeed(NamedTuple):
    slug: str
    name: str
    family: str
    description: str


FAMILIES: tuple[FamilySeed, ...] = (
    FamilySeed("adults-and-health", "Adults and health"),
    FamilySeed("children-and-families", "Children and families"),
    FamilySeed("housing-and-communities", "Housing and communities"),
    FamilySeed("place-and-environment", "Place and environment"),
    FamilySeed("customer-and-revenues", "Customer and revenues"),
    FamilySeed("corporate-and-support", "Corporate and support"),
    FamilySeed("digital-and-ict", "Digital, data and ICT"),
    FamilySeed("leadership-and-democracy", "Leadership and democracy"),
)

ROLES: tuple[RoleSeed, ...] = (
    # Adults and health
    RoleSeed(
        "adult-social-worker",
        "Adult social worker",
        "adults-and-health",
        "Assesses the care and support needs of adults, plans with them how to meet those "
        "needs, and keeps case records that may be shared with health partners or a court.",
    ),
    RoleSeed(
        "occupational-therapist",
        "Occupational therapist",
        "adults-and-health",
        "Helps people stay independent at home through equipment, adaptations and advice, "
        "often visiting with a tablet and ordering aids online.",
    ),
    RoleSeed(
        "care-worker",
        "Care worker / home carer",
        "adults-and-health",
        "Visits people at home to help with daily living, records each visit on a phone "
        "app and raises concerns about a person's wellbeing quickly.",
    ),
    RoleSeed(
        "social-care-assessor",
        "Social care assessment officer",
        "adults-and-health",
        "Carries out first contact and financial assessments for adult social care, "
        "working mostly by phone and in the case management system.",
    ),
    RoleSeed(
        "public-health-practitioner",
        "Public health practitioner",
        "adults-and-health",
        "Plans and evaluates local health improvement work, using population data to "
        "decide where help will make the most difference.",
    ),
    # Children and families
    RoleSeed(
        "childrens-social-worker",
        "Children's social worker",
        "children-and-families",
        "Works with children and families where there are worries about a child's safety "
        "or development, sharing information carefully with schools, police and health.",
    ),
    RoleSeed(
        "family-support-worker",
        "Family support worker",
        "children-and-families",
        "Gives practical early help to families before problems grow, meeting them at home "
        "or in community venues and keeping in touch by message and video call.",
    ),
    RoleSeed(
        "send-caseworker",
        "SEND caseworker",
        "children-and-families",
        "Coordinates education, health and care plans for children with special "
        "educational needs, gathering advice from many professionals to statutory deadlines.",
    ),
    # Housing and communities
    RoleSeed(
        "housing-officer",
        "Housing officer",
        "housing-and-communities",
        "Manages tenancies on a patch of council homes: sign-ups, rent arrears, repairs and "
        "neighbour disputes, much of it logged while out on estates.",
    ),
    RoleSeed(
        "housing-options-officer",
        "Housing options officer",
        "housing-and-communities",
        "Helps people who are homeless or at risk of losing their home, checking what duty "
        "the council owes them and finding somewhere safe to stay.",
    ),
    RoleSeed(
        "library-assistant",
        "Library assistant",
        "housing-and-communities",
        "Runs the counter and public computers, helps visitors get online, use e-books and "
        "fill in forms, and runs sessions for children and older residents.",
    ),
    RoleSeed(
        "leisure-assistant",
        "Leisure assistant",
        "housing-and-communities",
        "Looks after customers and safety in a leisure centre or pool, often as a "
        "lifeguard, using booking and access systems on shared devices.",
    ),
    RoleSeed(
        "community-development-officer",
        "Community development officer",
        "housing-and-communities",
        "Supports local groups and volunteers, helps them find funding and runs "
        "consultations in person and online.",
    ),
    # Place and environment
    RoleSeed(
        "planning-officer",
        "Planning officer",
        "place-and-environment",
        "Assesses planning applications against local and national policy, visits sites, "
        "consults neighbours online and writes recommendations that are published.",
    ),
    RoleSeed(
        "building-control-surveyor",
        "Building control surveyor",
        "place-and-environment",
        "Checks that building work meets the building regulations, inspecting on site and "
        "recording findings and photographs on a mobile device.",
    ),
    RoleSeed(
        "highways-inspector",
        "Highways inspector",
        "place-and-environment",
        "Inspects roads and pavements on a set cycle, records defects with location and "
        "photos, and responds to reports from the public.",
    ),
    RoleSeed(
        "environmental-health-officer",
        "Environmental health officer",
        "place-and-environment",
        "Inspects food businesses, investigates noise, pollution and housing complaints, "
        "and gathers evidence that may be used in enforcement.",
    ),
    RoleSeed(
        "trading-standards-officer",
        "Trading standards officer",
        "place-and-environment",
        "Protects consumers and honest traders from unsafe goods and scams, including "
        "online sellers, and builds evidence for prosecutions.",
    ),
    RoleSeed(
        "waste-crew-operative",
        "Waste crew operative",
        "place-and-environment",
        "Collects household waste and recycling on a round, reporting missed bins, "
        "contamination and hazards through an in-cab device.",
    ),
    RoleSeed(
        "waste-supervisor",
        "Waste supervisor",
        "place-and-environment",
        "Runs a group of collection crews day to day: rounds, safety checks, staffing and "
        "the live reports that come back from vehicles.",
    ),
    RoleSeed(
        "school-crossing-patrol",
        "School crossing patrol officer",
        "place-and-environment",
        "Sees children and families safely across busy roads before and after school; "
        "works short shifts and rarely has a council computer.",
    ),
    RoleSeed(
        "parks-operative",
        "Parks and grounds operative",
        "place-and-environment",
        "Maintains parks, verges and open spaces, logging jobs and faults on a handheld "
        "device while out on site.",
    ),
    # Customer and revenues
    RoleSeed(
        "customer-services-adviser",
        "Customer services adviser",
        "customer-and-revenues",
        "Answers residents by phone, web chat, email and face to face, solving what they "
        "can at first contact and helping people to use online services themselves.",
    ),
    RoleSeed(
        "revenues-and-benefits-officer",
        "Revenues and benefits officer",
        "customer-and-revenues",
        "Bills and collects council tax and business rates and assesses housing benefit "
        "and council tax support, handling sensitive financial information.",
    ),
    # Corporate and support
    RoleSeed(
        "hr-adviser",
        "HR adviser",
        "corporate-and-support",
        "Advises managers on recruitment, absence, conduct and change, and keeps employee "
        "records accurate and confidential.",
    ),
    RoleSeed(
        "finance-officer",
        "Finance officer",
        "corporate-and-support",
        "Prepares budgets, monitors spending and produces financial reports for services, "
        "working mostly in spreadsheets and the finance system.",
    ),
    RoleSeed(
        "legal-officer",
        "Legal officer",
        "corporate-and-support",
        "Gives legal advice to services and councillors, drafts contracts and handles "
        "court work, managing privileged documents securely.",
    ),
    RoleSeed(
        "procurement-officer",
        "Procurement officer",
        "corporate-and-support",
        "Runs tenders and manages contracts through electronic procurement portals, "
        "making sure the council buys fairly and lawfully.",
    ),
    RoleSeed(
        "communications-officer",
        "Communications officer",
        "corporate-and-support",
        "Writes news, web pages and social media posts, keeps the council's website clear "
        "and accessible, and handles media enquiries.",
    ),
    RoleSeed(
        "business-support-officer",
        "Business support officer",
        "corporate-and-support",
        "Provides administration to a service: diaries, minutes, records and data entry, "
        "and is often the person colleagues ask for help with systems.",
    ),
    # Digital, data and ICT
    RoleSeed(
        "ict-service-desk-analyst",
        "ICT service desk analyst",
        "digital-and-ict",
        "Resolves colleagues' IT problems by phone, chat and remote support, sets up "
        "devices and accounts, and spots security incidents early.",
    ),
    RoleSeed(
        "data-analyst",
        "Data analyst",
        "digital-and-ict",
        "Turns service data into dashboards and insight that managers use to plan, and "
        "looks after data quality and privacy in doing so.",
    ),
    RoleSeed(
        "business-analyst",
        "Business analyst",
        "digital-and-ict",
        "Works with services to understand how they run, finds where processes can be "
        "simpler, and shapes requirements for new digital services.",
    ),
    RoleSeed(
        "cyber-security-analyst",
        "Cyber security analyst",
        "digital-and-ict",
        "Monitors the council's systems for threats, manages vulnerabilities and helps "
        "staff recognise phishing and other attacks.",
    ),
    # Leadership and democracy
    RoleSeed(
        "councillor",
        "Councillor",
        "leadership-and-democracy",
        "An elected member who represents a ward, sets the council's policy and budget, "
        "and hears from residents by email, social media and surgeries.",
    ),
    RoleSeed(
        "senior-leader",
        "Senior leader / chief officer",
        "leadership-and-democracy",
        "The chief executive, directors and other chief officers who set direction, own "
        "the council's risks and decide how far digital change goes.",
    ),
    RoleSeed(
        "head-of-service",
        "Head of service",
        "leadership-and-democracy",
        "Leads a whole service such as planning or customer services, shaping its budget, "
        "its people and how it uses technology.",
    ),
    RoleSeed(
        "team-leader",
        "Team leader",
        "leadership-and-democracy",
        "Manages a team day to day: allocates work, supports and develops staff, and "
        "encourages them to try new ways of working.",
    ),
    RoleSeed(
        "democratic-services-officer",
        "Democratic services officer",
        "leadership-and-democracy",
        "Organises council and committee meetings, publishes agendas and decisions, and "
        "supports councillors, including with hybrid and webcast meetings.",
    ),
    RoleSeed(
        "electoral-services-officer",
        "Electoral services officer",
        "leadership-and-democracy",
        "Keeps the electoral register up to date and helps run elections, working with "
        "national online registration and postal vote systems.",
    ),
)
