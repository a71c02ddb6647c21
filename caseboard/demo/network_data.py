"""The demo's relationships and contact log: who talks to whom, and how often.

The network tells three stories, one per coalition, and a few that cross:

* **Water Street.** Sgt. Elena Ruiz is the broker between the bar owners and
  the city agencies (ABC Board, Fire Marshal, Zoning): she walks the block,
  calls the managers and runs joint checks with the inspectors. The Blue Heron
  and the Copper Kettle stayed out of the licensee group and never come to the
  partners' meeting, so Elena is their only tie to the city: if she
  transfers, they lose every path to the Fire Marshal's office.
* **Homeless outreach.** Marcus Bell (DHS) and Jamal Carter (Street Reach)
  hold the coalition together; most partners talk to them, not to each other.
* **Eastgate.** Lt. Dana Okafor and Andre Washington (Peacekeepers) broker
  the housing authority, the resident council, the youth centre and the
  schools; the DA's office and the council office reach the partnership
  through Dana alone.

Some ties are going cold (the Housing Authority's director and the resident
council president; the library and Street Reach's program director), and some
cases have partners with no working tie at all (the Fire Marshal's office on
the Route 9 overpass case; Harbor Transit, the bus stop's place manager, and
the school that leads that case).

People are named as in ``case_data``: a key person's full name, or
``(organization, title)``. ``Staff`` is anyone on an organization's current
staff (optionally with one of some titles): a contact picks one at random,
with the demo's seed. Days count back from the day the demo is loaded.
Meeting attendance (``meeting_data``) adds its own contacts on top of these.
"""

from __future__ import annotations

from typing import NamedTuple

from .case_data import (
    ABC,
    ANALYST,
    CLINIC,
    COUNCIL,
    DANA,
    DHS,
    ELENA,
    FIRE,
    GLORIA,
    HEALTH_DEPT,
    HOUSING,
    JAMAL,
    LIBRARY,
    MARCUS,
    MERCY,
    MISSION,
    PARKS,
    PEACEKEEPERS,
    POLICE,
    PRIYA,
    STREET_REACH,
    TOM,
    YOUTH,
    ZONING,
    Who,
)
from .meeting_data import (
    ANCHOR,
    ASSAULTS,
    COURTYARD,
    FIRST_BAPTIST,
    LOFT_NOISE,
    MARINA,
    NIGHT_OWL,
    NIGHT_OWL_CASE,
    OVERPASS,
    RIVERSIDE,
    SAFERIDE,
    SECURITY,
)

RUSTY_NAIL = "Rusty Nail Saloon"
PIER_9 = "Pier 9 Lounge"
BLUE_HERON = "Blue Heron Bar & Grill"
COPPER_KETTLE = "Copper Kettle Pub"
SALT_LIME = "Salt & Lime Cantina"
BID = "Downtown Business Improvement District"
RESIDENTS = "Water Street Residents Association"
BRIDGEWAY = "Bridgeway Family Shelter"
ST_BRENDANS = "St. Brendan's Parish"
VETERANS = "Harbor County Veterans Services"
FOOD_BANK = "Harbor Food Bank"
SECOND_CHANCE = "Second Chance Employment"
TRANSIT = "Harbor Transit Authority"
ELEMENTARY = "Eastgate Elementary School"
JEFFERSON = "Jefferson High School"
PROBATION = "Harbor County Probation Department"
MOUNT_ZION = "Mount Zion AME Church"
WORKFORCE = "Harbor Workforce Development Board"
DA = "Harbor County District Attorney's Office"
MEDICAL = "Harbor Medical Center"
TENANTS = "Eastgate Tenants Association"
BOYS_GIRLS = "Boys & Girls Club of Harbor City"
DISTRICT_4 = "Harbor City Council, District 4"

ROBBERIES = "Robberies of bar patrons in the Front Street parking lot"
LIBRARY_CASE = "Overnight sleeping and overdoses at the Central Library"
BUILDING_F = "Drug sales in the Building F parking lot and stairwell"
BUS_STOP = "After-school fights at the Eastgate Avenue bus stop"

# Contact kinds, as stored.
MEETING, CALL, VISIT, FOOT_BEAT = "meeting", "call", "visit", "foot_beat"
REFERRAL, JOINT, EVENT, EMAIL = "referral", "joint_operation", "event", "email"

# The demo's contact log covers the last eighteen months.
HISTORY_DAYS = 545


class Staff(NamedTuple):
    """Anyone on an organization's current staff, or only those with a title."""

    organization: str
    titles: tuple[str, ...] = ()


Someone = Who | Staff
Group = tuple[Someone, ...]


class Channel(NamedTuple):
    """``count`` contacts, each between someone of ``left`` and someone of
    ``right``, on days ``newest``–``oldest`` ago. ``skew`` above 1 crowds
    them towards the recent end (a tie kept warm); ``extra`` is the chance a
    second person of ``right`` joins, ``along_chance`` that one of ``along``
    does. Naming someone twice in a group makes them come up twice as often.
    ``by``: the user who logs it when no participant signs in."""

    left: Group
    right: Group
    count: int
    kinds: tuple[str, ...]
    newest: int
    oldest: int
    notes: tuple[str, ...]
    by: str
    skew: float = 1.0
    extra: float = 0.0
    along: Group = ()
    along_chance: float = 0.0
    case: str | None = None


class Declared(NamedTuple):
    """A relationship someone recorded. ``since``: days ago. Unless it is
    ``cold`` (left to fade on purpose), the loader makes sure the pair has
    been in touch lately: people who work together talk."""

    person: Who
    other: Who
    kind: str
    since: int
    notes: str = ""
    cold: bool = False


# -- who is who ------------------------------------------------------------

HECTOR = "Hector Alvarez"
SEAN = "Sean Fitzgerald"
LATOYA = "Latoya Brooks"
ANDRE = "Andre Washington"
RUTH = "Ruth Abdullah"

ELENAS_TEAM: Group = (
    ANALYST,
    Staff(POLICE, ("Patrol Officer",)),
    (POLICE, "Lieutenant"),
)
PATROL: Group = (Staff(POLICE, ("Patrol Officer",)),)
DANAS_TEAM: Group = (
    (POLICE, "Detective"),
    Staff(POLICE, ("Community Liaison Officer",)),
    Staff(POLICE, ("Lieutenant",)),
)
# The two venues whose only line into the city is Elena.
QUIET_END: Group = (Staff(BLUE_HERON), Staff(COPPER_KETTLE))
LICENSEES: Group = (
    Staff(ANCHOR),
    Staff(RUSTY_NAIL),
    Staff(PIER_9),
    Staff(NIGHT_OWL),
    Staff(SALT_LIME),
)

NIGHT = ELENA  # who logs the Water Street contacts nobody else signs in for
OUT = MARCUS
EAST = DANA

CHANNELS: list[Channel] = [
    # ------------------------------------------------------------------
    # Water Street: Elena between the bars and the agencies.
    # ------------------------------------------------------------------
    Channel(
        ("Elena Ruiz",),
        QUIET_END,
        34,
        (FOOT_BEAT, FOOT_BEAT, FOOT_BEAT, VISIT, CALL),
        2,
        HISTORY_DAYS,
        (
            "Closing-time walk along the east end of the block with the manager.",
            "Talked through last weekend's fight at the door.",
            "Side exit chained again; asked them to clear it before the Fire "
            "Marshal's next check.",
            "Passed on the ABC Board's reminder about the licence renewal.",
            "Door staff rota and the new ID scanner.",
            "They asked what the staggered last call would mean for them.",
            "Explained the occupancy limit the Fire Marshal posted.",
        ),
        NIGHT,
        skew=2.2,
        extra=0.35,
    ),
    Channel(
        ("Elena Ruiz",),
        (Staff(ANCHOR),),
        18,
        (FOOT_BEAT, FOOT_BEAT, VISIT, CALL),
        2,
        HISTORY_DAYS,
        (
            "Closing-time walk-through with the manager.",
            "Queue outside at 1:30; agreed where the barrier goes.",
            "Checked the camera angles over the front door.",
        ),
        NIGHT,
        skew=2.0,
        extra=0.3,
        along=PATROL,
        along_chance=0.3,
    ),
    Channel(
        ("Elena Ruiz",),
        ("Tom Kowalski", Staff(ANCHOR), (SECURITY, "General Manager")),
        10,
        (VISIT, CALL, JOINT),
        2,
        205,
        (
            "Went through the closing-time counts for the 400 block.",
            "Walked the dispersal route to the taxi rank.",
            "Reviewed the door footage from Saturday's assault.",
        ),
        NIGHT,
        skew=1.6,
        extra=0.3,
        case=ASSAULTS,
    ),
    Channel(
        ("Elena Ruiz",),
        LICENSEES[1:],
        30,
        (FOOT_BEAT, FOOT_BEAT, VISIT, CALL),
        2,
        HISTORY_DAYS,
        (
            "Foot-beat check-in at opening.",
            "Talked about the staggered last-call trial.",
            "Asked about the regulars who were banned last month.",
            "Manager called about a fight in the queue.",
        ),
        NIGHT,
        skew=2.0,
        extra=0.25,
        along=PATROL,
        along_chance=0.25,
    ),
    Channel(
        ("Elena Ruiz",),
        (HECTOR, HECTOR, Staff(ABC)),
        18,
        (CALL, EMAIL, JOINT, CALL),
        1,
        HISTORY_DAYS,
        (
            "Compared notes on the licensees with repeat incidents.",
            "Joint licence check on the 400 block.",
            "Sent the weekend incident list for the licence files.",
            "Planned the responsible-server training dates.",
        ),
        NIGHT,
        skew=2.0,
        extra=0.2,
    ),
    Channel(
        ("Elena Ruiz",),
        (SEAN, SEAN, Staff(FIRE)),
        18,
        (JOINT, CALL, EMAIL, VISIT),
        1,
        HISTORY_DAYS,
        (
            "Joint occupancy check on Water Street, Friday night.",
            "Passed on the bar managers' questions about the new limits.",
            "Told the Fire Marshal's office about the chained exit at the east end.",
            "Planned the next round of late-night inspections.",
        ),
        NIGHT,
        skew=2.2,
        extra=0.25,
    ),
    Channel(
        ("Elena Ruiz",),
        ("Priya Raman", "Priya Raman", Staff(ZONING)),
        14,
        (CALL, EMAIL, VISIT, JOINT),
        1,
        HISTORY_DAYS,
        (
            "Lighting survey of the alleys behind the block.",
            "Passed on a resident's complaint about the patio speakers.",
            "Walked the Mariner Alley fixtures together.",
        ),
        NIGHT,
        skew=1.8,
        extra=0.2,
    ),
    Channel(
        ("Elena Ruiz",),
        (Staff(HEALTH_DEPT),),
        4,
        (CALL, EMAIL),
        30,
        500,
        ("Naloxone for the door staff.", "Overdose alert for the bar district."),
        NIGHT,
    ),
    Channel(
        ("Elena Ruiz",),
        ELENAS_TEAM,
        16,
        (MEETING, CALL, JOINT, MEETING),
        1,
        HISTORY_DAYS,
        (
            "Weekend deployment plan for the 400 block.",
            "Went over the closing-time hot spots with the analyst.",
            "Briefed the night shift on the last-call trial.",
        ),
        NIGHT,
        skew=1.8,
        extra=0.3,
    ),
    Channel(
        ("Tom Kowalski",),
        LICENSEES,
        20,
        (CALL, MEETING, EMAIL, CALL),
        1,
        400,
        (
            "Licensee group call about last call.",
            "Shared the banned-patron list.",
            "Agreed the door staff radio channel.",
            "Asked the others to sign the accreditation standards.",
        ),
        TOM,
        skew=1.5,
        extra=0.3,
    ),
    Channel(
        (HECTOR, Staff(ABC)),
        (Staff(ANCHOR), Staff(RUSTY_NAIL), Staff(NIGHT_OWL), Staff(SALT_LIME)),
        12,
        (VISIT, CALL, VISIT),
        10,
        HISTORY_DAYS,
        (
            "Routine licence inspection.",
            "Reminded them of the conditions on their licence.",
            "Responsible-server training sign-up.",
        ),
        NIGHT,
    ),
    Channel(
        (SEAN, SEAN, Staff(FIRE)),
        ((NIGHT_OWL, "General Manager"), Staff(NIGHT_OWL)),
        10,
        (VISIT, JOINT, CALL),
        2,
        118,
        (
            "Occupancy count at 11:30 p.m.: over the posted limit.",
            "Re-inspection of the rear exits.",
            "Discussed the clicker counts and the queue plan.",
        ),
        NIGHT,
        extra=0.2,
        case=NIGHT_OWL_CASE,
    ),
    Channel(
        (SEAN,),
        (Staff(FIRE),),
        8,
        (MEETING, JOINT),
        1,
        HISTORY_DAYS,
        ("Inspection schedule for places of assembly.", "Joint re-inspection."),
        NIGHT,
        skew=1.5,
    ),
    Channel(
        (HECTOR,),
        (Staff(ABC),),
        5,
        (MEETING, CALL),
        5,
        HISTORY_DAYS,
        ("Case review of the Water Street licences.",),
        NIGHT,
    ),
    Channel(
        ("Priya Raman",),
        (Staff(ZONING),),
        6,
        (MEETING, JOINT),
        3,
        HISTORY_DAYS,
        ("Nuisance property list for the Central District.", "Joint inspection."),
        PRIYA,
    ),
    Channel(
        ("Priya Raman",),
        ((RESIDENTS, "President"), Staff(RESIDENTS), "Tom Kowalski", Staff(RUSTY_NAIL)),
        6,
        (VISIT, CALL, EMAIL),
        1,
        17,
        (
            "Sound readings from the loft windows after midnight.",
            "Asked for the patio speaker log.",
            "Explained the noise conditions in the zoning permit.",
        ),
        PRIYA,
        case=LOFT_NOISE,
    ),
    Channel(
        ((SECURITY, "General Manager"), Staff(SECURITY)),
        (Staff(ANCHOR), Staff(NIGHT_OWL), Staff(RUSTY_NAIL)),
        10,
        (CALL, VISIT),
        5,
        HISTORY_DAYS,
        ("Door staff rota for the weekend.", "Incident report from the door."),
        NIGHT,
    ),
    Channel(
        ("Elena Ruiz",),
        ((SECURITY, "General Manager"), Staff(SECURITY)),
        8,
        (CALL, FOOT_BEAT, MEETING),
        2,
        HISTORY_DAYS,
        ("Door staff briefing before a holiday weekend.", "Radio check-in."),
        NIGHT,
        skew=1.6,
    ),
    Channel(
        ("Elena Ruiz", Staff(POLICE, ("Patrol Officer",))),
        (
            Staff(BID),
            Staff(SAFERIDE),
            Staff(ZONING, ("Senior Inspector",)),
            Staff(SECURITY),
        ),
        12,
        (MEETING, VISIT, CALL, JOINT),
        125,
        415,
        (
            "Walked the lot at 1 a.m. to find the dark corners.",
            "Weekend attendant plan for the lot.",
            "SafeRide pick-up point by the lot entrance.",
            "New lights on the north corner: checked after dark.",
        ),
        NIGHT,
        extra=0.3,
        case=ROBBERIES,
    ),
    Channel(
        ("Elena Ruiz",),
        ((RESIDENTS, "President"), Staff(RESIDENTS)),
        6,
        (CALL, MEETING, EMAIL),
        3,
        HISTORY_DAYS,
        ("Residents' concerns about closing time.", "Update on the noise case."),
        NIGHT,
        skew=1.5,
    ),
    Channel(
        (Staff(SAFERIDE),),
        (Staff(BID),),
        4,
        (CALL, MEETING),
        20,
        HISTORY_DAYS,
        ("Ambassadors and SafeRide drivers: hand-over at midnight.",),
        NIGHT,
    ),
    # ------------------------------------------------------------------
    # Homeless outreach: Marcus and Jamal in the middle.
    # ------------------------------------------------------------------
    Channel(
        ("Marcus Bell",),
        (Staff(DHS),),
        10,
        (MEETING, CALL, EMAIL),
        1,
        HISTORY_DAYS,
        ("Coordinated entry list review.", "Housing navigation caseload."),
        OUT,
        skew=1.5,
    ),
    Channel(
        ("Marcus Bell",),
        ((PARKS, "Coordinator"), Staff(PARKS)),
        8,
        (CALL, EMAIL, VISIT),
        2,
        HISTORY_DAYS,
        ("Clean-up schedule and notice periods.", "Park ranger hand-offs."),
        OUT,
        skew=1.5,
    ),
    Channel(
        ("Marcus Bell", "Jamal Carter"),
        (
            (PARKS, "Coordinator"),
            Staff(CLINIC),
            RUTH,
            Staff(MISSION),
            Staff(MERCY),
            Staff(STREET_REACH),
        ),
        16,
        (VISIT, JOINT, CALL, REFERRAL),
        2,
        235,
        (
            "Walked the encampment with the mobile clinic.",
            "Shelter beds for the couple at the river bend.",
            "Overdose follow-up at the camp.",
            "Notice period agreed before the path repairs.",
        ),
        OUT,
        skew=1.4,
        extra=0.4,
        case=RIVERSIDE,
    ),
    *[
        Channel(
            ("Marcus Bell",),
            group,
            count,
            kinds,
            2,
            HISTORY_DAYS,
            notes,
            OUT,
            skew=1.6,
            extra=0.15,
        )
        for group, count, kinds, notes in [
            (
                (Staff(LIBRARY),),
                6,
                (CALL, EMAIL, VISIT),
                ("Benefits enrolment at the library's office hours.",),
            ),
            (
                (Staff(BRIDGEWAY),),
                8,
                (CALL, REFERRAL, MEETING),
                ("Family shelter vacancies.", "Rapid re-housing referral."),
            ),
            (
                (Staff(VETERANS),),
                8,
                (REFERRAL, CALL, EMAIL),
                ("VA housing voucher referral.", "Veterans on the by-name list."),
            ),
            (
                (Staff(FOOD_BANK),),
                6,
                (CALL, EVENT),
                ("Mobile pantry stops near the camps.",),
            ),
            (
                (Staff(TRANSIT),),
                6,
                (CALL, EMAIL),
                ("Reduced-fare passes for clients.", "People sleeping at the station."),
            ),
            (
                (Staff(FIRST_BAPTIST),),
                6,
                (CALL, MEETING, EVENT),
                ("Warming centre nights.", "Volunteers for the winter count."),
            ),
            (
                ("Gloria Mensah", Staff(HOUSING)),
                5,
                (REFERRAL, CALL, EMAIL),
                ("Housing voucher for a family leaving the shelter.",),
            ),
            (
                (RUTH, Staff(MISSION)),
                6,
                (CALL, REFERRAL),
                ("Shelter bed count.", "Recovery program referral."),
            ),
        ]
    ],
    *[
        Channel(
            ("Jamal Carter",),
            group,
            count,
            kinds,
            2,
            HISTORY_DAYS,
            notes,
            JAMAL,
            skew=1.8,
            extra=0.15,
        )
        for group, count, kinds, notes in [
            (
                (Staff(STREET_REACH),),
                10,
                (MEETING, JOINT, CALL),
                ("Morning outreach route.", "Case conference on the by-name list."),
            ),
            (
                (RUTH, Staff(MISSION)),
                8,
                (REFERRAL, CALL, VISIT),
                ("Bed for a client leaving detox.", "Night check at the mission."),
            ),
            (
                (Staff(CLINIC),),
                8,
                (JOINT, REFERRAL, CALL),
                ("Mobile clinic stop at the camps.", "Wound care referral."),
            ),
            (
                (Staff(MERCY),),
                8,
                (REFERRAL, CALL, JOINT),
                ("Crisis referral.", "Detox bed for a client."),
            ),
            (
                ((LIBRARY, "Program Manager"), Staff(LIBRARY)),
                6,
                (VISIT, CALL),
                ("Office hours at the library.",),
            ),
            (
                (Staff(ST_BRENDANS),),
                8,
                (CALL, EVENT, VISIT),
                ("Clothing closet for new arrivals.", "Sunday meal at the parish."),
            ),
            (
                (ANDRE, Staff(PEACEKEEPERS)),
                5,
                (CALL, MEETING),
                ("Outreach workers' peer circle.", "A young man sleeping rough."),
            ),
            (
                (Staff(SECOND_CHANCE),),
                5,
                (REFERRAL, CALL),
                ("ID documents for a job placement.",),
            ),
            (
                ((PARKS, "Coordinator"), Staff(PARKS)),
                6,
                (CALL, VISIT),
                ("Rangers' morning count.", "Tents by the boat ramp."),
            ),
            (
                (Staff(POLICE, ("Community Liaison Officer",)),),
                4,
                (CALL, JOINT),
                ("Welfare check with the liaison officer.",),
            ),
        ]
    ],
    Channel(
        ((LIBRARY, "Program Manager"), Staff(LIBRARY)),
        (
            "Jamal Carter",
            Staff(MERCY),
            Staff(DHS),
            Staff(HEALTH_DEPT),
            (POLICE, "Community Liaison Officer"),
        ),
        8,
        (MEETING, CALL, VISIT, EMAIL),
        2,
        74,
        (
            "Overnight incident review.",
            "Naloxone training for the library staff.",
            "Plan for the patrons sleeping in the stairwell.",
        ),
        JAMAL,
        extra=0.25,
        case=LIBRARY_CASE,
    ),
    Channel(
        (Staff(HEALTH_DEPT),),
        ((LIBRARY, "Program Manager"), Staff(LIBRARY)),
        2,
        (EVENT, VISIT),
        10,
        44,
        ("Naloxone cabinet and training for the library staff.",),
        OUT,
        case=LIBRARY_CASE,
    ),
    Channel(
        ("Marcus Bell",),
        (
            Staff(VETERANS),
            Staff(FIRST_BAPTIST),
            Staff(PARKS),
            Staff(POLICE, ("Patrol Officer",)),
        ),
        8,
        (VISIT, CALL, REFERRAL),
        2,
        325,
        (
            "Knocked on the vehicle windows with the outreach van.",
            "Parking permits while people wait for housing.",
            "Veterans living in the lot.",
        ),
        OUT,
        extra=0.25,
        case=MARINA,
    ),
    Channel(
        ("Jamal Carter", "Marcus Bell"),
        ((PARKS, "Coordinator"), Staff(PARKS), Staff(FIRST_BAPTIST)),
        6,
        (VISIT, CALL),
        50,
        158,
        ("Count under the overpass.", "Who has a bed before the path closes."),
        JAMAL,
        extra=0.2,
        case=OVERPASS,
    ),
    # Going cold: the library and Street Reach's program director set up the
    # referral route, then stopped talking.
    Channel(
        ((LIBRARY, "Program Manager"),),
        ((STREET_REACH, "Program Director"),),
        5,
        (MEETING, CALL, REFERRAL),
        230,
        480,
        ("Referral route from the library's office hours to Street Reach.",),
        OUT,
    ),
    Channel(
        (Staff(FOOD_BANK),),
        (Staff(ST_BRENDANS),),
        4,
        (CALL, EVENT),
        10,
        HISTORY_DAYS,
        ("Sunday meal supplies.",),
        OUT,
    ),
    Channel(
        (Staff(MERCY),),
        (Staff(CLINIC),),
        5,
        (REFERRAL, CALL),
        5,
        HISTORY_DAYS,
        ("Medication-assisted treatment referral.",),
        OUT,
    ),
    Channel(
        (Staff(VETERANS),),
        (Staff(DHS, ("Case Manager",)),),
        4,
        (REFERRAL, EMAIL),
        10,
        HISTORY_DAYS,
        ("Voucher paperwork.",),
        OUT,
    ),
    # ------------------------------------------------------------------
    # Eastgate: Dana and Andre in the middle.
    # ------------------------------------------------------------------
    Channel(
        ("Dana Okafor",),
        DANAS_TEAM,
        14,
        (MEETING, CALL, JOINT),
        1,
        HISTORY_DAYS,
        ("Eastgate deployment after the weekend.", "Shooting review."),
        EAST,
        skew=1.8,
        extra=0.3,
    ),
    *[
        Channel(
            ("Dana Okafor",),
            group,
            count,
            kinds,
            newest,
            HISTORY_DAYS,
            notes,
            EAST,
            skew=1.8,
            extra=0.15,
        )
        for group, count, kinds, newest, notes in [
            (
                ("Gloria Mensah", "Gloria Mensah", Staff(HOUSING)),
                12,
                (CALL, VISIT, MEETING),
                1,
                ("Lights out in the Building C stairwell.", "Trespass list."),
            ),
            (
                (LATOYA, LATOYA, Staff(COUNCIL)),
                8,
                (VISIT, CALL, EVENT),
                2,
                ("Residents' meeting on safety.", "Walk of the courtyard."),
            ),
            (
                (Staff(YOUTH),),
                5,
                (VISIT, EVENT),
                3,
                ("Basketball night.", "Summer jobs sign-up."),
            ),
            (
                (Staff(PROBATION),),
                6,
                (CALL, MEETING),
                20,
                ("Who is on probation in Building C.",),
            ),
            (
                (Staff(DA),),
                6,
                (CALL, MEETING, EMAIL),
                4,
                ("Community prosecution priorities.", "Nuisance abatement file."),
            ),
            (
                (Staff(JEFFERSON),),
                4,
                (CALL, VISIT),
                6,
                ("Threats posted after the shooting.",),
            ),
            (
                ("Rosa Delgado", Staff(DISTRICT_4)),
                5,
                (CALL, EMAIL, MEETING),
                5,
                ("Constituent calls about the courtyard.",),
            ),
            (
                (ANDRE, ANDRE),
                10,
                (CALL, VISIT, CALL),
                1,
                ("Rumours of a retaliation.", "Hospital visit after the shooting."),
            ),
            (
                (Staff(MOUNT_ZION),),
                3,
                (EVENT, VISIT),
                15,
                ("Peace walk.",),
            ),
            (
                (Staff(TENANTS),),
                4,
                (MEETING, CALL),
                10,
                ("Tenants' safety concerns.",),
            ),
        ]
    ],
    *[
        Channel(
            (ANDRE,),
            group,
            count,
            kinds,
            newest,
            HISTORY_DAYS,
            notes,
            EAST,
            skew=1.7,
            extra=0.15,
        )
        for group, count, kinds, newest, notes in [
            (
                (Staff(PEACEKEEPERS),),
                8,
                (MEETING, CALL),
                1,
                ("Who is at risk this week.",),
            ),
            (
                (Staff(YOUTH),),
                8,
                (VISIT, EVENT, CALL),
                2,
                ("Young men to bring into the summer jobs program.",),
            ),
            (
                (Staff(MEDICAL),),
                7,
                (VISIT, REFERRAL, CALL),
                3,
                ("Bedside visit after a gunshot admission.",),
            ),
            (
                (Staff(JEFFERSON),),
                5,
                (VISIT, CALL),
                3,
                ("Mediation between two groups of students.",),
            ),
            (
                (Staff(BOYS_GIRLS),),
                5,
                (EVENT, REFERRAL),
                5,
                ("Mentoring referral.",),
            ),
            (
                (Staff(MOUNT_ZION),),
                4,
                (EVENT, CALL),
                5,
                ("Vigil and peace walk.",),
            ),
            (
                (Staff(COUNCIL),),
                5,
                (VISIT, CALL),
                2,
                ("Block captains on the mood in the courtyard.",),
            ),
            (
                (Staff(TENANTS),),
                5,
                (VISIT, MEETING),
                4,
                ("Tenants' association meeting.",),
            ),
            (
                (Staff(WORKFORCE),),
                4,
                (REFERRAL, CALL),
                10,
                ("Apprenticeship places for two young men.",),
            ),
            (
                (Staff(ELEMENTARY),),
                3,
                (VISIT, EVENT),
                10,
                ("Safe passage on the walk to school.",),
            ),
        ]
    ],
    Channel(
        ("Dana Okafor", ANDRE, (POLICE, "Detective")),
        ("Gloria Mensah", LATOYA, Staff(YOUTH), Staff(COUNCIL)),
        14,
        (MEETING, VISIT, CALL, JOINT),
        2,
        295,
        (
            "Walked the courtyard after dark.",
            "Camera and lighting plan for Building C.",
            "Summer program places for the young men named in the review.",
        ),
        EAST,
        skew=1.3,
        extra=0.3,
        case=COURTYARD,
    ),
    Channel(
        (ANDRE,),
        (Staff(PROBATION),),
        5,
        (CALL, MEETING),
        112,
        290,
        ("Probation conditions for the young men in the review.",),
        EAST,
        case=COURTYARD,
    ),
    Channel(
        ("Gloria Mensah",),
        (LATOYA, Staff(COUNCIL)),
        6,
        (MEETING, CALL, VISIT),
        1,
        HISTORY_DAYS,
        ("Repairs list for Building C.", "Council meeting."),
        GLORIA,
        skew=1.8,
    ),
    Channel(
        ("Gloria Mensah",),
        (Staff(HOUSING),),
        5,
        (MEETING, CALL),
        2,
        HISTORY_DAYS,
        ("Maintenance priorities.",),
        GLORIA,
    ),
    Channel(
        ("Gloria Mensah",),
        (Staff(TENANTS),),
        3,
        (MEETING,),
        30,
        HISTORY_DAYS,
        ("Repair backlog.",),
        GLORIA,
    ),
    # Going cold: the Housing Authority's director and the council president
    # used to meet every month.
    Channel(
        ((HOUSING, "Director"),),
        (LATOYA,),
        4,
        (MEETING, CALL),
        230,
        520,
        ("Monthly meeting on the Eastgate capital plan.",),
        EAST,
    ),
    Channel(
        (Staff(YOUTH),),
        (Staff(BOYS_GIRLS),),
        4,
        (CALL, EVENT),
        10,
        HISTORY_DAYS,
        ("Shared summer schedule.",),
        EAST,
    ),
    Channel(
        (Staff(JEFFERSON),),
        (Staff(ELEMENTARY),),
        3,
        (MEETING,),
        20,
        HISTORY_DAYS,
        ("Families with children at both schools.",),
        EAST,
    ),
    Channel(
        (Staff(WORKFORCE),),
        (Staff(YOUTH),),
        3,
        (MEETING, REFERRAL),
        20,
        HISTORY_DAYS,
        ("Summer jobs placements.",),
        EAST,
    ),
    Channel(
        (Staff(MEDICAL),),
        (Staff(PEACEKEEPERS),),
        3,
        (REFERRAL, CALL),
        10,
        HISTORY_DAYS,
        ("Hospital-based intervention referral.",),
        EAST,
    ),
    Channel(
        ((JEFFERSON, "Principal"), (JEFFERSON, "School Resource Coordinator")),
        (
            Staff(POLICE, ("Community Liaison Officer",)),
            Staff(YOUTH),
            ANDRE,
            "Gloria Mensah",
        ),
        6,
        (MEETING, CALL, VISIT),
        1,
        20,
        (
            "Dismissal-time watch at the bus stop.",
            "Which students were in the fights.",
        ),
        EAST,
        extra=0.2,
        case=BUS_STOP,
    ),
    Channel(
        ("Dana Okafor", (POLICE, "Detective")),
        ("Gloria Mensah", Staff(DA), Staff(ZONING, ("Case Manager",))),
        8,
        (MEETING, CALL, JOINT),
        2,
        93,
        (
            "Nuisance abatement file for Building F.",
            "Stairwell door locks and cameras.",
            "Trespass notices for the lot.",
        ),
        EAST,
        extra=0.2,
        case=BUILDING_F,
    ),
    Channel(
        (Staff(ZONING, ("Case Manager",)),),
        ("Gloria Mensah",),
        2,
        (JOINT, VISIT),
        5,
        80,
        ("Code inspection of the Building F stairwell doors and lights.",),
        EAST,
        case=BUILDING_F,
    ),
    # Once: a bus pass scheme with the high school that never took off.
    Channel(
        ((TRANSIT, "Program Manager"),),
        ((JEFFERSON, "Principal"),),
        2,
        (MEETING, EMAIL),
        300,
        340,
        ("Student bus passes for the after-school program.",),
        OUT,
    ),
    # ------------------------------------------------------------------
    # Across the coalitions.
    # ------------------------------------------------------------------
    Channel(
        ("Elena Ruiz",),
        ("Dana Okafor", "Marcus Bell"),
        8,
        (CALL, MEETING, EMAIL),
        3,
        HISTORY_DAYS,
        ("Shared a problem-solving template.", "Command staff meeting."),
        NIGHT,
        skew=1.6,
    ),
    Channel(
        ("Marcus Bell",),
        ("Dana Okafor",),
        3,
        (CALL, EMAIL),
        5,
        HISTORY_DAYS,
        ("Families from Eastgate in the shelter system.",),
        OUT,
    ),
    Channel(
        ("Priya Raman",),
        (Staff(HEALTH_DEPT),),
        3,
        (CALL, EMAIL),
        10,
        HISTORY_DAYS,
        ("Food safety and zoning on the same address.",),
        PRIYA,
    ),
]

DECLARED: list[Declared] = [
    # Water Street
    Declared(
        "Elena Ruiz",
        (POLICE, "Lieutenant"),
        "supervisor",
        1100,
        "Lt. Bailey supervises the Central District problem-solving team.",
    ),
    Declared("Elena Ruiz", ANALYST, "works_with", 900, "Closing-time analysis."),
    Declared(
        "Elena Ruiz",
        (POLICE, "Patrol Officer"),
        "mentor",
        300,
        "Elena is her field training officer on the foot beat.",
    ),
    Declared(
        "Elena Ruiz",
        "Tom Kowalski",
        "trusted_contact",
        1000,
        "Tom calls her first when something goes wrong at closing.",
    ),
    Declared("Elena Ruiz", HECTOR, "works_with", 800, "Licence files."),
    Declared("Elena Ruiz", SEAN, "works_with", 700, "Joint occupancy checks."),
    Declared("Elena Ruiz", "Priya Raman", "works_with", 400),
    Declared(
        "Elena Ruiz",
        (BLUE_HERON, "Bar Manager"),
        "trusted_contact",
        600,
        "The only person at the city the Blue Heron calls.",
    ),
    Declared(
        "Elena Ruiz",
        (COPPER_KETTLE, "General Manager"),
        "trusted_contact",
        500,
        "Calls Elena rather than the Fire Marshal about the exits.",
    ),
    Declared("Elena Ruiz", (SECURITY, "General Manager"), "works_with", 600),
    Declared("Elena Ruiz", (RESIDENTS, "President"), "works_with", 450),
    Declared(
        "Tom Kowalski",
        (NIGHT_OWL, "General Manager"),
        "works_with",
        700,
        "Licensee group.",
    ),
    Declared("Tom Kowalski", (RUSTY_NAIL, "Bar Manager"), "works_with", 700),
    Declared("Tom Kowalski", (SECURITY, "General Manager"), "works_with", 900),
    Declared(
        HECTOR,
        "Tom Kowalski",
        "trusted_contact",
        1500,
        "Tom helped write the responsible-server course.",
    ),
    Declared(
        SEAN,
        (NIGHT_OWL, "General Manager"),
        "strained",
        110,
        "Contested the occupancy citation; talks through her lawyer.",
    ),
    Declared(SEAN, (FIRE, "Program Manager"), "supervisor", 1300),
    Declared(HECTOR, (ABC, "Inspector"), "supervisor", 900),
    Declared(HECTOR, (ABC, "Case Manager"), "works_with", 1200),
    Declared("Priya Raman", (ZONING, "Director"), "supervisor", 1000),
    Declared(
        "Priya Raman",
        (HEALTH_DEPT, "Social Worker"),
        "trusted_contact",
        1500,
        "Former colleagues at the Health Department.",
    ),
    Declared(
        (SAFERIDE, "Program Director"),
        (BID, "General Manager"),
        "referral_partner",
        500,
        "Ambassadors call SafeRide for stranded patrons.",
    ),
    # Homeless outreach
    Declared(
        "Marcus Bell",
        "Jamal Carter",
        "works_with",
        1500,
        "Outreach partners since the Riverside count.",
    ),
    Declared("Marcus Bell", (DHS, "Case Manager"), "supervisor", 800),
    Declared(
        "Marcus Bell",
        (BRIDGEWAY, "Executive Director"),
        "trusted_contact",
        2500,
        "Former colleagues at Bridgeway.",
    ),
    Declared("Marcus Bell", RUTH, "referral_partner", 1800, "Shelter beds."),
    Declared("Marcus Bell", (VETERANS, "Director"), "referral_partner", 700),
    Declared("Marcus Bell", (PARKS, "Coordinator"), "works_with", 600),
    Declared(
        "Marcus Bell",
        (TRANSIT, "Program Manager"),
        "referral_partner",
        400,
        "Reduced-fare passes for clients.",
    ),
    Declared("Marcus Bell", (FIRST_BAPTIST, "Pastor"), "works_with", 900),
    Declared(
        "Jamal Carter",
        RUTH,
        "mentor",
        1400,
        "Ruth trained him as a night supervisor at the mission.",
    ),
    Declared("Jamal Carter", RUTH, "trusted_contact", 700),
    Declared("Jamal Carter", (STREET_REACH, "Program Director"), "supervisor", 700),
    Declared("Jamal Carter", (CLINIC, "Clinic Manager"), "referral_partner", 600),
    Declared(
        "Jamal Carter",
        (MERCY, "Peer Recovery Specialist"),
        "referral_partner",
        600,
    ),
    Declared("Jamal Carter", (ST_BRENDANS, "Pastor"), "trusted_contact", 1000),
    Declared(
        "Jamal Carter",
        (PARKS, "Coordinator"),
        "strained",
        150,
        "Clean-up notices went up at Riverside without warning outreach.",
    ),
    Declared(
        (LIBRARY, "Program Manager"),
        (STREET_REACH, "Program Director"),
        "referral_partner",
        800,
        "Referral route from the library's office hours.",
        cold=True,
    ),
    Declared(
        (MERCY, "Peer Recovery Specialist"),
        (CLINIC, "Peer Recovery Specialist"),
        "mentor",
        500,
        "Peer recovery specialists: Mercy's trains the clinic's.",
    ),
    Declared(
        (FOOD_BANK, "Program Director"),
        (ST_BRENDANS, "Pastor"),
        "referral_partner",
        1200,
    ),
    # Eastgate
    Declared(
        "Dana Okafor",
        ANDRE,
        "trusted_contact",
        1200,
        "They call each other after every shooting.",
    ),
    Declared("Dana Okafor", (POLICE, "Detective"), "supervisor", 600),
    Declared(
        "Dana Okafor",
        (POLICE, "Community Liaison Officer"),
        "supervisor",
        900,
    ),
    Declared("Dana Okafor", "Gloria Mensah", "works_with", 1100),
    Declared("Dana Okafor", LATOYA, "trusted_contact", 1000),
    Declared(
        "Dana Okafor",
        (PROBATION, "Program Manager"),
        "mentor",
        3500,
        "Her first supervisor at probation.",
    ),
    Declared(
        "Dana Okafor",
        (DA, "Program Manager"),
        "works_with",
        500,
        "Community prosecution unit.",
    ),
    Declared("Dana Okafor", "Rosa Delgado", "works_with", 600),
    Declared(ANDRE, (PEACEKEEPERS, "Program Director"), "supervisor", 1000),
    Declared(ANDRE, (YOUTH, "Outreach Worker"), "works_with", 800),
    Declared(
        ANDRE,
        (MEDICAL, "Social Worker"),
        "referral_partner",
        700,
        "Hospital-based intervention.",
    ),
    Declared(
        ANDRE,
        (PROBATION, "Coordinator"),
        "strained",
        200,
        "Disagreed over violation reports; probation stepped back from the case.",
        cold=True,
    ),
    Declared(ANDRE, (JEFFERSON, "Principal"), "works_with", 400),
    Declared("Gloria Mensah", LATOYA, "works_with", 1300),
    Declared(
        "Gloria Mensah",
        (TENANTS, "President"),
        "strained",
        300,
        "The repair backlog dispute.",
    ),
    Declared("Gloria Mensah", (HOUSING, "Director"), "supervisor", 1500),
    Declared(
        (HOUSING, "Director"),
        LATOYA,
        "works_with",
        1400,
        "Met monthly on the capital plan until last winter.",
        cold=True,
    ),
    Declared(LATOYA, (MOUNT_ZION, "Deacon"), "trusted_contact", 3000),
    Declared(
        (BOYS_GIRLS, "Executive Director"),
        (YOUTH, "Outreach Worker"),
        "referral_partner",
        600,
    ),
    # Across the coalitions
    Declared("Elena Ruiz", "Dana Okafor", "works_with", 1500),
    Declared("Elena Ruiz", "Marcus Bell", "referral_partner", 500),
    Declared(
        "Marcus Bell",
        "Gloria Mensah",
        "referral_partner",
        900,
        "Housing vouchers for families leaving shelter.",
    ),
    Declared(
        ANDRE,
        "Jamal Carter",
        "mentor",
        800,
        "Andre taught him de-escalation on the street.",
    ),
    # Within the partners' own teams
    Declared("Tom Kowalski", (ANCHOR, "Head of Security"), "supervisor", 1100),
    Declared(
        (NIGHT_OWL, "General Manager"), (NIGHT_OWL, "Bar Manager"), "supervisor", 700
    ),
    Declared(
        (BLUE_HERON, "Bar Manager"),
        (COPPER_KETTLE, "General Manager"),
        "works_with",
        900,
        "Neighbours at the east end; they share a door supervisor.",
    ),
    Declared(
        (SECURITY, "General Manager"), (SECURITY, "Floor Manager"), "supervisor", 800
    ),
    Declared(
        (RESIDENTS, "President"), (RESIDENTS, "Vice President"), "works_with", 1200
    ),
    Declared(RUTH, (MISSION, "Pastor"), "works_with", 2000),
    Declared(
        (STREET_REACH, "Program Director"),
        (STREET_REACH, "Case Manager"),
        "supervisor",
        600,
    ),
    Declared((VETERANS, "Director"), (DHS, "Case Manager"), "referral_partner", 500),
    Declared((CLINIC, "Clinic Manager"), (CLINIC, "Physician"), "works_with", 1300),
    Declared(
        (MERCY, "Clinic Manager"),
        (MERCY, "Peer Recovery Specialist"),
        "supervisor",
        700,
    ),
    Declared(LATOYA, (COUNCIL, "Secretary"), "works_with", 700),
    Declared(
        (JEFFERSON, "Principal"),
        (JEFFERSON, "School Resource Coordinator"),
        "supervisor",
        1000,
    ),
    Declared(
        (ELEMENTARY, "Principal"), (ELEMENTARY, "Social Worker"), "supervisor", 1200
    ),
    Declared(ANDRE, (PEACEKEEPERS, "Case Manager"), "works_with", 900),
    Declared("Dana Okafor", (POLICE, "Lieutenant"), "works_with", 1000),
    Declared("Rosa Delgado", (DISTRICT_4, "Council Member"), "supervisor", 800),
]
