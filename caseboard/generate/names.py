"""Words the generated city is made of: places, organization names by kind,
case titles by problem type, task titles. People's names and job titles come
from the demo city (``caseboard.demo.data``)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from caseboard.models import OrganizationKind

K = OrganizationKind

AREAS = [
    "Eastgate", "Water Street", "Riverside", "Northside", "Marina", "Old Town",
    "Millbrook", "Cedar Heights", "Fairview", "Southport", "Westend", "Hillcrest",
    "Lakeview", "Brookside", "Kingsbridge", "Oak Park", "Elmwood", "Harbor Point",
    "Ironworks", "Station Square", "Greenfield", "Maple Grove", "Union Flats",
    "Bayside", "Chestnut Hill", "Foundry Row", "Pine Ridge", "Canal District",
    "Belmont", "Ashford", "Willow Creek", "Stonegate", "Midtown", "Rosedale",
    "Clearwater", "Highland", "Linden", "Mill Pond", "Summit", "Parkside",
    "Garden City", "Crescent", "Birchwood", "Northgate", "Sunnyside", "Tanner's Yard",
    "Orchard", "Wharf District", "Lowell Square", "Eastbank",
]  # fmt: skip

STREETS = [
    "Water", "Front", "Main", "Marina", "Mariner", "Harbor", "Elm", "Oak", "Cedar",
    "Maple", "Union", "Canal", "Mill", "Market", "Church", "Bridge", "Station",
    "King", "Queen", "Pearl", "Dock", "Foundry", "Tanner", "Chestnut", "Walnut",
    "Lincoln", "Jefferson", "Franklin", "Washington", "Grant", "Spring", "Lake",
]  # fmt: skip
STREET_KINDS = ["Street", "Avenue", "Road", "Boulevard", "Lane", "Place"]

SAINTS = [
    "Brendan", "Mary", "Joseph", "Anne", "Patrick", "Michael", "Francis", "Jude",
    "Luke", "Agnes", "Vincent", "Catherine", "Peter", "Paul", "Clare", "Rita",
]  # fmt: skip
ADJECTIVES = [
    "Blue", "Copper", "Golden", "Rusty", "Silver", "Red", "Lucky", "Salty",
    "Old", "Green", "Iron", "Crooked", "Black", "Velvet", "Wild", "Jolly",
]  # fmt: skip
NOUNS = [
    "Anchor", "Heron", "Kettle", "Lantern", "Owl", "Fox", "Crown", "Barrel",
    "Harp", "Compass", "Lime", "Stag", "Rooster", "Mermaid", "Whale", "Bell",
]  # fmt: skip

# Patterns per kind: {area}, {street}, {surname}, {saint}, {adj}, {noun}.
ORGANIZATION_PATTERNS: dict[str, list[str]] = {
    K.POLICE: [
        "{area} Police District",
        "Harbor City Police, {area} Precinct",
        "{area} Community Policing Unit",
        "Transit Police, {area} Station",
    ],
    K.MUNICIPAL_AGENCY: [
        "{area} Office of Neighborhood Services",
        "Code Enforcement, {area} Division",
        "Public Works, {area} Yard",
        "Human Services, {area} Office",
        "Parks and Recreation, {area} District",
        "Sanitation, {area} Route Office",
        "Housing Authority, {area} Office",
        "Fire Marshal, {area} Station",
    ],
    K.BUSINESS: [
        "The {adj} {noun} Tavern",
        "The {adj} {noun} Pub",
        "{surname}'s Bar & Grill",
        "{surname}'s Corner Market",
        "{area} Liquor & Deli",
        "The {adj} {noun} Club",
        "{area} Laundromat",
        "{surname} Motel",
        "{street} Street Pharmacy",
        "{adj} {noun} Security Services",
    ],
    K.COMMUNITY_ORGANIZATION: [
        "{area} Street Outreach",
        "{area} Food Pantry",
        "{area} Youth Alliance",
        "{area} Recovery Center",
        "{area} Family Services",
        "{area} Legal Aid Clinic",
        "{area} Violence Interrupters",
        "{area} Reentry Network",
    ],
    K.RESIDENT_GROUP: [
        "{area} Residents Association",
        "{street} {street_kind} Block Club",
        "{area} Tenants Union",
        "{area} Neighborhood Watch",
    ],
    K.SCHOOL: [
        "{surname} Elementary School",
        "{area} Middle School",
        "{area} High School",
        "{area} Adult Learning Center",
    ],
    K.HEALTH: [
        "{area} Community Health Center",
        "St. {saint}'s Hospital",
        "{area} Behavioral Health",
        "{area} Harm Reduction Clinic",
    ],
    K.FAITH: [
        "St. {saint}'s Parish, {area}",
        "{area} Baptist Church",
        "{area} United Methodist Church",
        "{area} Islamic Center",
        "Temple {surname}",
    ],
    K.OTHER: [
        "{area} Business Improvement District",
        "{area} Chamber of Commerce",
        "Council District Office, {area}",
    ],
}

DESCRIPTIONS = {
    K.POLICE: "Patrol, investigations and community policing.",
    K.MUNICIPAL_AGENCY: "A city service with inspectors and case managers.",
    K.BUSINESS: "A local business and place manager.",
    K.COMMUNITY_ORGANIZATION: "Outreach and services for people in the area.",
    K.RESIDENT_GROUP: "Residents who meet monthly about their blocks.",
    K.SCHOOL: "A public school and its support staff.",
    K.HEALTH: "Medical and behavioral health care.",
    K.FAITH: "A congregation with volunteers and a community hall.",
    K.OTHER: "A civic body working with the coalition.",
}

SERVICES = {
    K.POLICE: ["Foot patrol", "Crime analysis", "Victim services", "Traffic unit"],
    K.MUNICIPAL_AGENCY: [
        "Code inspections",
        "Lighting repairs",
        "Graffiti removal",
        "Emergency housing vouchers",
        "Licensing hearings",
        "Bulk trash pickup",
    ],
    K.BUSINESS: ["Security staff", "CCTV footage", "Late-night transport"],
    K.COMMUNITY_ORGANIZATION: [
        "Street outreach",
        "Emergency shelter beds",
        "Food parcels",
        "Naloxone distribution",
        "Job readiness",
        "Mentoring",
    ],
    K.RESIDENT_GROUP: ["Block watch", "Community clean-ups"],
    K.SCHOOL: ["After-school programs", "Family liaison"],
    K.HEALTH: ["Naloxone distribution", "Detox referrals", "Mobile clinic"],
    K.FAITH: ["Meals", "Meeting space", "Volunteers"],
    K.OTHER: ["Ambassadors", "Small grants"],
}

# Problem type name -> case title patterns ({place}, {business}, {street}).
CASE_TITLES = {
    "Alcohol-related violence": [
        "Closing-time fights outside {business}",
        "Assaults on the {street} {street_kind} bar strip",
        "Underage drinking at {business}",
    ],
    "Homelessness / encampment": [
        "Encampment under the {area} overpass",
        "People sleeping in the {area} library entrance",
        "Vehicle dwelling in the {street} {street_kind} lot",
    ],
    "Gang violence": [
        "Retaliatory shootings in {area}",
        "Group conflict around the {area} courts",
    ],
    "Drug market": [
        "Open-air drug sales at {street} and {street2}",
        "Overdoses in the {area} station restrooms",
    ],
    "Nuisance property": [
        "Repeat calls at {number} {street} {street_kind}",
        "Vacant house on {street} {street_kind} used for dealing",
        "Late-night noise from {business}",
    ],
    "Traffic": [
        "Speeding near {area} schools",
        "Double parking at closing time on {street} {street_kind}",
    ],
    "Youth": [
        "After-school fights at the {area} bus stop",
        "Vandalism in {area} park after dark",
    ],
    "Other": ["Illegal dumping behind {street} {street_kind}"],
}

TASK_TITLES = [
    "Inspect the lighting on {street} {street_kind}",
    "Pull calls for service for the last 90 days",
    "Call the property owner about repairs",
    "Draft the letter to the property manager",
    "Map repeat locations",
    "Walk the block with the residents association",
    "Ask {org} for their CCTV retention policy",
    "Schedule a licensing review with {org}",
    "Offer outreach visits on three evenings",
    "Collect before-and-after photos",
    "Count people sleeping outside at 6 a.m.",
    "Share the referral list with {org}",
    "Set up a meeting with the business owners",
    "Check the trash pickup schedule",
    "Post notices about the new hours",
    "Summarize complaints from 311",
    "Review the security plan with {org}",
    "Follow up on the trespass letters",
    "Book the community room for the next meeting",
    "Measure response times before and after",
]

COMMENTS = [
    "Done the first part; waiting on the owner.",
    "I called twice, no answer yet.",
    "Can someone from the district join on Thursday?",
    "Moved to next week: the inspector is out.",
    "Photos are in the shared folder.",
    "Spoke with the manager, they agreed.",
    "Blocked until the permit comes through.",
]

STAGE_REASONS = [
    "The problem is defined and the data is in.",
    "Analysis done: we know the hot times and places.",
    "Responses are in place; time to measure.",
    "The first response did not work; back to the analysis.",
    "Partners agreed at the monthly meeting.",
]

RESPONSES = [
    "Better lighting and trimmed hedges",
    "Staggered closing times",
    "Outreach team on three evenings a week",
    "Trespass letters and owner agreement",
    "Place manager training for staff",
    "Extra bus at closing time",
    "Referral pathway to shelter beds",
]

DECISIONS = [
    "Agreed to extend the outreach evenings for a month.",
    "The lead will write to the owner before the next meeting.",
    "Hold the case until the counts come in.",
    "Ask the council office to fund the lights.",
    "Close this item: done.",
]

CONTACT_NOTES = [
    "Quick check-in about the case.",
    "Talked about the weekend.",
    "Passed on a referral.",
    "Agreed next steps.",
    "",
]


def fill(
    pattern: str, rng: random.Random, surnames: Sequence[str], **fixed: str
) -> str:
    """A pattern with its placeholders drawn at random, except those ``fixed``."""
    values = {
        "area": rng.choice(AREAS),
        "street": rng.choice(STREETS),
        "street2": rng.choice(STREETS),
        "street_kind": rng.choice(STREET_KINDS),
        "surname": rng.choice(surnames),
        "saint": rng.choice(SAINTS),
        "adj": rng.choice(ADJECTIVES),
        "noun": rng.choice(NOUNS),
        "number": str(rng.randint(10, 2400)),
        "business": "a bar",
        "org": "the partners",
    }
    values.update(fixed)
    return pattern.format(**values)
