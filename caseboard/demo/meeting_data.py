"""The demo meetings: one monthly series per coalition, three held and one ahead.

A series meets on the same weekday and week of the month (the "first
Wednesday" partners plan around); the loader picks the week so that the next
meeting falls one to three weeks after the demo is loaded, and the three held
before it fall in the three months before. Days in ``Action`` count from the
day of the meeting that decided them.

Cases are named by title, tasks by their title on that case, people as in
``case_data`` (a key person's full name, or ``(organization, title)``).
Participants-only cases stay off the coalition-wide agendas: a coalition
meeting is open to every partner.
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
    EASTGATE,
    ELENA,
    FIRE,
    HOUSING,
    LIAISON,
    MARCUS,
    MERCY,
    MISSION,
    NIGHTLIFE,
    OUTREACH,
    PARKS,
    PEACEKEEPERS,
    POLICE,
    STREET_REACH,
    YOUTH,
    ZONING,
    Who,
)

ANCHOR = "The Anchor Tavern"
NIGHT_OWL = "Night Owl Club"
SECURITY = "Harbor Security Services"
SAFERIDE = "SafeRide Harbor"
FIRST_BAPTIST = "First Baptist Church of Harbor City"

ASSAULTS = "Closing-time assaults on the 400 block of Water Street"
NIGHT_OWL_CASE = "Crowding and blocked exits at the Night Owl Club"
LOFT_NOISE = "Late-night noise complaints from the Water Street lofts"
RIVERSIDE = "Riverside Park encampment and access to services"
OVERPASS = "Encampment under the Route 9 overpass"
MARINA = "People living in vehicles in the Marina Boulevard lot"
COURTYARD = "Retaliatory shootings around the Building C courtyard"
ALLEY_LIGHTS = "Inspect Mariner Alley light fixtures and notify the owners"

DETECTIVE = (POLICE, "Detective")
DEBRA = (DHS, "Case Manager")
CYNTHIA = (PARKS, "Coordinator")
HIROSHI = (MERCY, "Peer Recovery Specialist")
ANDREW = (CLINIC, "Clinic Manager")
ANNA = (FIRST_BAPTIST, "Pastor")
KEISHA = (YOUTH, "Outreach Worker")
ROBERT = (SECURITY, "General Manager")
LISA = (NIGHT_OWL, "General Manager")
RUSTY_NAIL = ("Rusty Nail Saloon", "Bar Manager")
SAFERIDE_LEAD = (SAFERIDE, "Program Director")
BID = ("Downtown Business Improvement District", "General Manager")
RESIDENTS = ("Water Street Residents Association", "President")
VETERANS = ("Harbor County Veterans Services", "Director")
PEACEKEEPER = (PEACEKEEPERS, "Case Manager")


class Action(NamedTuple):
    """An action item. ``done``: days after the meeting it was finished (on
    time when not after ``due``); None, or a day not yet come: still
    ``status``."""

    title: str
    assignee: Who
    organization: str
    due: int
    done: int | None = None
    status: str = "in_progress"


class Item(NamedTuple):
    title: str
    case: str | None
    presenter: Who
    minutes: int
    notes: str = ""
    decisions: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    task: str | None = None  # a task of the case the item is about
    # The title is that of an earlier action item of the series: the item
    # reads "Follow up: <title>", is about that task and carried from its item
    # (as the app carries unfinished action items to the next meeting).
    follow_up: bool = False
    done: bool = True  # False: left open, so it carries over


class Held(NamedTuple):
    items: tuple[Item, ...]
    apologies: tuple[Who, ...] = ()
    absent: tuple[Who, ...] = ()
    walk_in: Who = None


class Series(NamedTuple):
    coalition: str
    title: str
    coordinator: str  # the user who schedules and runs it
    case: str | None  # None: a coalition-wide partner meeting
    weekday: int  # Monday 0
    hour: int
    minute: int
    duration: int
    location: str
    video_link: str
    invitees: tuple[Who, ...]
    held: tuple[Held, ...]  # oldest first
    # Added to the next meeting after it has carried over what is still open.
    upcoming: tuple[Item, ...] = ()


SERIES: list[Series] = [
    # ------------------------------------------------------------------
    # Water Street Nightlife Initiative: the partners meet monthly, all cases.
    # ------------------------------------------------------------------
    Series(
        coalition=NIGHTLIFE,
        title="Water Street partners' meeting",
        coordinator=ELENA,
        case=None,
        weekday=1,
        hour=10,
        minute=0,
        duration=75,
        location="Central District station, community room, 200 Front Street",
        video_link="https://meet.example.org/water-street-partners",
        invitees=(
            "Elena Ruiz",
            ANALYST,
            "Hector Alvarez",
            "Tom Kowalski",
            "Sean Fitzgerald",
            "Priya Raman",
            ROBERT,
            SAFERIDE_LEAD,
            LISA,
            RESIDENTS,
            RUSTY_NAIL,
            BID,
        ),
        held=(
            Held(
                apologies=(RUSTY_NAIL, LISA),
                walk_in=("Salt & Lime Cantina", "General Manager"),
                items=(
                    Item(
                        "Staggered last call: what the licensees will accept",
                        ASSAULTS,
                        "Elena Ruiz",
                        15,
                        task="Agree staggered last-call times with the licensee group",
                        notes="""Elena showed the closing-time counts: about 900
                            people on the block between 1:45 and 2:15. Tom
                            reported that six licensees would move last call to
                            1:15 if everyone does; Night Owl wants to ask its
                            owner first. SafeRide would need to start its runs
                            half an hour earlier.""",
                        decisions=(
                            "Trial a 1:15 a.m. last call at every venue that "
                            "agrees, for eight weekends from the first weekend "
                            "of next month.",
                        ),
                        actions=(
                            Action(
                                "Send the last-call trial letter to all seven "
                                "licensees",
                                "Tom Kowalski",
                                ANCHOR,
                                due=7,
                                done=5,
                            ),
                            Action(
                                "Move the first SafeRide run to 1:30 for the trial",
                                SAFERIDE_LEAD,
                                SAFERIDE,
                                due=14,
                                done=9,
                            ),
                        ),
                    ),
                    Item(
                        "Accreditation standards: first draft",
                        ASSAULTS,
                        "Hector Alvarez",
                        15,
                        task="Draft the accreditation standards",
                        notes="""Hector walked through the draft: server
                            training within 60 days of hire, one door supervisor
                            per 75 patrons after 11 p.m., an incident log, and a
                            written dispersal plan. Tom asked for a six-month
                            grace period on training for small venues.""",
                        decisions=(
                            "Circulate the draft to the licensee group for two "
                            "weeks of comments before it is adopted.",
                        ),
                        actions=(
                            Action(
                                "Collect the licensees' comments on the draft "
                                "standards",
                                "Hector Alvarez",
                                ABC,
                                due=14,
                                done=16,
                            ),
                            Action(
                                "Check the door-staff ratio in the draft against "
                                "the security licence rules",
                                ROBERT,
                                SECURITY,
                                due=21,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Mariner Alley lighting",
                        ASSAULTS,
                        "Priya Raman",
                        10,
                        task=ALLEY_LIGHTS,
                        notes="""Five of the nine fixtures on the alley walls are
                            out. They belong to three properties, not the city,
                            so Zoning has to go through the owners.""",
                        decisions=(
                            "Zoning writes to the three owners before any enforcement.",
                        ),
                        actions=(
                            Action(
                                "Identify the owners of the three alley-side "
                                "properties",
                                "Priya Raman",
                                ZONING,
                                due=10,
                                done=6,
                            ),
                        ),
                    ),
                    Item(
                        "Night Owl Club: exits and occupancy",
                        NIGHT_OWL_CASE,
                        "Sean Fitzgerald",
                        15,
                        task="Re-inspect occupancy and exits on two Saturday nights",
                        notes="""The chained rear exit was cited and fixed the
                            same week. Two Saturday re-inspections counted 512
                            and 498 at 1 a.m. against a limit of 450.""",
                        decisions=(
                            "Monthly occupancy checks at the club until three "
                            "in a row are under the limit.",
                            "The ABC Board gets every citation the same week.",
                        ),
                        actions=(
                            Action(
                                "Send the re-inspection results to the ABC Board",
                                "Sean Fitzgerald",
                                FIRE,
                                due=7,
                                done=3,
                            ),
                        ),
                    ),
                ),
            ),
            Held(
                apologies=(BID,),
                absent=(RUSTY_NAIL,),
                walk_in=(POLICE, "Patrol Officer"),
                items=(
                    Item(
                        "Last-call trial: the first four weekends",
                        ASSAULTS,
                        "Elena Ruiz",
                        15,
                        task="Agree staggered last-call times with the licensee group",
                        notes="""Six of the seven venues are on a 1:15 last
                            call; Night Owl is still waiting for its owner. The
                            2 a.m. street count is down from about 900 to 600.
                            The night shift says the taxi stand is now the
                            pinch point.""",
                        decisions=(
                            "Run the trial to the end of the year and decide at "
                            "the assessment.",
                            "Ask Night Owl's owner in writing to join the trial.",
                        ),
                        actions=(
                            Action(
                                "Weekly 2 a.m. street counts for the rest of the trial",
                                ANALYST,
                                POLICE,
                                due=28,
                                done=27,
                            ),
                            Action(
                                "Write to Night Owl's owner about the trial",
                                "Tom Kowalski",
                                ANCHOR,
                                due=7,
                                done=19,
                            ),
                            Action(
                                "Brief the taxi companies on the earlier dispersal",
                                "Elena Ruiz",
                                POLICE,
                                due=14,
                                done=17,
                            ),
                        ),
                    ),
                    Item(
                        "Accreditation: signing up the licensees",
                        ASSAULTS,
                        "Tom Kowalski",
                        15,
                        task="Sign up the seven Water Street licensees to the "
                        "accreditation",
                        notes="""Three of the seven have signed. Rusty Nail and
                            Salt & Lime want to know what the server training
                            will cost them before they sign. Hector thinks the
                            ABC Board can pay for the first round.""",
                        decisions=(
                            "The ABC Board pays for the first round of "
                            "responsible server training for accredited venues.",
                        ),
                        actions=(
                            Action(
                                "Confirm ABC funding for the first server-training "
                                "round",
                                "Hector Alvarez",
                                ABC,
                                due=14,
                                done=9,
                            ),
                            Action(
                                "Get signed accreditation forms from Rusty Nail "
                                "and Salt & Lime",
                                "Tom Kowalski",
                                ANCHOR,
                                due=21,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Mariner Alley lighting: the owners' replies",
                        ASSAULTS,
                        "Priya Raman",
                        10,
                        task=ALLEY_LIGHTS,
                        notes="""Two of the three owners have replied and will
                            fix their fixtures. The third property, the alley
                            side of 412 Water Street, belongs to an estate that
                            has not answered.""",
                        decisions=(
                            "Send the estate of 412 Water Street a notice of "
                            "violation.",
                        ),
                        actions=(
                            Action(
                                "Send the notice of violation for 412 Water Street",
                                "Priya Raman",
                                ZONING,
                                due=7,
                                done=12,
                            ),
                        ),
                    ),
                    Item(
                        "Night Owl Club: door counts and licence conditions",
                        NIGHT_OWL_CASE,
                        "Sean Fitzgerald",
                        15,
                        notes="""Fire proposed moving the case to response:
                            nightly door counts by club staff, backed by a
                            licence condition. Hector wants the club's own
                            clicker counts before drafting anything.""",
                        decisions=(
                            "Ask the club for its clicker counts before any "
                            "licence condition.",
                        ),
                        actions=(
                            Action(
                                "Draft a door-count licence condition for the club",
                                "Hector Alvarez",
                                ABC,
                                due=21,
                                done=18,
                            ),
                        ),
                    ),
                    Item(
                        "Check the door-staff ratio in the draft against "
                        "the security licence rules",
                        ASSAULTS,
                        ROBERT,
                        5,
                        follow_up=True,
                        notes="""Not started: Harbor Security was short of staff
                            over the festival weekends.""",
                        decisions=("Fold the ratio check into the incident log work.",),
                    ),
                ),
            ),
            Held(
                apologies=("Hector Alvarez", RESIDENTS),
                walk_in=("Pier 9 Lounge", "Owner"),
                items=(
                    Item(
                        "Closing-time assaults: early numbers",
                        ASSAULTS,
                        ANALYST,
                        15,
                        notes="""Three assaults within 500 ft in the last four
                            weekends, against nine in the same weekends last
                            year. No sign of displacement to Front Street in the
                            calls. Too early to call it, but encouraging.""",
                        decisions=(
                            "Keep the trial running; the first formal "
                            "assessment is at the end of January.",
                        ),
                        actions=(
                            Action(
                                "Add Front Street calls to the monthly street-count "
                                "report",
                                ANALYST,
                                POLICE,
                                due=14,
                                done=6,
                            ),
                            Action(
                                "Check the food-truck permits on the 400 block",
                                "Priya Raman",
                                ZONING,
                                due=7,
                                done=4,
                            ),
                            Action(
                                "Share the Anchor's door-count log with the partners",
                                "Tom Kowalski",
                                ANCHOR,
                                due=7,
                                done=3,
                            ),
                        ),
                    ),
                    Item(
                        "Mariner Alley lighting: the estate and LED quotes",
                        ASSAULTS,
                        "Priya Raman",
                        10,
                        task=ALLEY_LIGHTS,
                        notes="""The notice of violation went to the estate's
                            lawyer, who has 30 days. The BID offered its
                            contractor for LED fixtures along the whole
                            alley.""",
                        decisions=(
                            "If the estate has not acted in 30 days, the city "
                            "fixes the lights and liens the property.",
                        ),
                        actions=(
                            Action(
                                "Ask the BID for its contractor's LED price list",
                                "Priya Raman",
                                ZONING,
                                due=10,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Night Owl Club: the problem is the queue",
                        NIGHT_OWL_CASE,
                        "Sean Fitzgerald",
                        15,
                        notes="""Inside, the club is mostly under its limit now.
                            The trouble is the sidewalk queue, which reaches the
                            corner by midnight and spills into the road. The
                            case goes back to analysis.""",
                        decisions=(
                            "Count the queue on three Saturdays before deciding "
                            "on barriers.",
                        ),
                        actions=(
                            Action(
                                "Send the club's head of door staff the queue-count "
                                "sheet",
                                "Sean Fitzgerald",
                                FIRE,
                                due=5,
                                done=2,
                            ),
                            Action(
                                "Get the clicker counts from the club's owner",
                                LISA,
                                NIGHT_OWL,
                                due=7,
                                status="blocked",
                            ),
                        ),
                    ),
                    Item(
                        "Accreditation: four of seven signed",
                        ASSAULTS,
                        "Tom Kowalski",
                        10,
                        task="Sign up the seven Water Street licensees to the "
                        "accreditation",
                        notes="""Rusty Nail signed. Salt & Lime will sign once it
                            has training dates for its staff. Copper Kettle and
                            Night Owl have not answered.""",
                        actions=(
                            Action(
                                "Set server-training dates with the ABC Board for "
                                "Salt & Lime staff",
                                "Tom Kowalski",
                                ANCHOR,
                                due=14,
                                status="open",
                            ),
                        ),
                        done=False,
                    ),
                ),
            ),
        ),
        upcoming=(
            Item(
                "New case: late-night noise from the Water Street lofts",
                LOFT_NOISE,
                "Priya Raman",
                10,
                task="Invite the loft management company to the partner meeting",
            ),
            Item(
                "Night Owl Club: revised analysis",
                NIGHT_OWL_CASE,
                "Elena Ruiz",
                10,
                task="Write up the revised analysis for the partner meeting",
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # Harbor Homeless Outreach Coalition: monthly, all the shared cases.
    # ------------------------------------------------------------------
    Series(
        coalition=OUTREACH,
        title="Homeless Outreach Coalition monthly partners' meeting",
        coordinator=MARCUS,
        case=None,
        weekday=2,
        hour=9,
        minute=30,
        duration=90,
        location="Department of Human Services, 4th floor training room, "
        "1 Court Square",
        video_link="",
        invitees=(
            "Marcus Bell",
            DEBRA,
            "Jamal Carter",
            CYNTHIA,
            LIAISON,
            ANDREW,
            "Ruth Abdullah",
            HIROSHI,
            ANNA,
            VETERANS,
            ("Harbor City Public Library", "Program Manager"),
        ),
        held=(
            Held(
                apologies=(VETERANS,),
                walk_in=("St. Brendan's Parish", "Ministry Coordinator"),
                items=(
                    Item(
                        "Riverside Park: overdoses at the boathouse",
                        RIVERSIDE,
                        HIROSHI,
                        15,
                        task="Naloxone training for park rangers",
                        notes="""Two overdoses at the boathouse in one week, both
                            reversed with naloxone by outreach staff. Rangers
                            are often first on the scene and carry none.""",
                        decisions=(
                            "Park rangers get naloxone training this month.",
                            "Mercy makes a follow-up visit within 72 hours of "
                            "every overdose at the park.",
                        ),
                        actions=(
                            Action(
                                "Put naloxone kits in the ranger trucks",
                                CYNTHIA,
                                PARKS,
                                due=21,
                                done=30,
                            ),
                        ),
                    ),
                    Item(
                        "Clean-up notice at Riverside Park",
                        RIVERSIDE,
                        LIAISON,
                        15,
                        task="Agree a 14-day notice protocol before any clean-up",
                        notes="""Parks had scheduled a clean-up with three days'
                            notice. Outreach asks for fourteen, so people can
                            move their things and keep their appointments.""",
                        decisions=(
                            "No clean-up at Riverside Park without 14 days' "
                            "notice and outreach on site the whole morning.",
                        ),
                        actions=(
                            Action(
                                "Write up the 14-day notice protocol for Parks and "
                                "the police",
                                LIAISON,
                                POLICE,
                                due=14,
                                done=10,
                            ),
                        ),
                    ),
                    Item(
                        "Couples' rooms at the Rescue Mission",
                        RIVERSIDE,
                        "Ruth Abdullah",
                        15,
                        task="Hold two couples' rooms for people from the camp",
                        notes="""Most people at the camp say they would come in
                            if they could keep their partner and their dog. The
                            Mission can free two rooms on the second floor.""",
                        decisions=(
                            "The Mission pilots two couples' rooms; DHS covers "
                            "the kennel cost.",
                        ),
                        actions=(
                            Action(
                                "Price kennel places for two dogs",
                                DEBRA,
                                DHS,
                                due=14,
                                done=13,
                            ),
                            Action(
                                "Get the two couples' rooms ready",
                                "Ruth Abdullah",
                                MISSION,
                                due=30,
                                done=41,
                            ),
                        ),
                    ),
                    Item(
                        "Route 9 overpass: access from the DOT",
                        OVERPASS,
                        "Marcus Bell",
                        10,
                        task="Get a named contact and a meeting at the state DOT "
                        "district office",
                        notes="""The land is state DOT right-of-way. Two letters
                            to the district office have had no reply.""",
                        decisions=(
                            "Marcus escalates through the county executive's office.",
                        ),
                        actions=(
                            Action(
                                "Ask the county executive's office for a DOT contact",
                                "Marcus Bell",
                                DHS,
                                due=14,
                                done=20,
                            ),
                        ),
                    ),
                    Item(
                        "Marina lot: safe parking",
                        MARINA,
                        ANNA,
                        10,
                        notes="""The safe-parking lot at First Baptist is full
                            most nights (12 spaces). Two households are on the
                            waiting list.""",
                        decisions=(
                            "Keep the safe-parking lot open through the winter.",
                        ),
                        actions=(
                            Action(
                                "Renew the safe-parking agreement through March",
                                ANNA,
                                FIRST_BAPTIST,
                                due=30,
                                done=25,
                            ),
                        ),
                    ),
                ),
            ),
            Held(
                apologies=(ANDREW, ("Harbor City Public Library", "Program Manager")),
                walk_in=("Bridgeway Family Shelter", "Case Manager"),
                items=(
                    Item(
                        "Riverside Park: the by-name list",
                        RIVERSIDE,
                        DEBRA,
                        15,
                        task="Weekly by-name list review with the DHS housing "
                        "navigators",
                        notes="""Nine people from the camp housed or sheltered
                            since the response started; two came back. Four
                            people at the camp are veterans.""",
                        decisions=("Put the four veterans first for VA vouchers.",),
                        actions=(
                            Action(
                                "Request VA verification for the four veterans at "
                                "the camp",
                                DEBRA,
                                DHS,
                                due=14,
                                done=20,
                            ),
                            Action(
                                "Add Mercy's crisis-line contacts to the by-name list",
                                HIROSHI,
                                MERCY,
                                due=14,
                                done=10,
                            ),
                        ),
                    ),
                    Item(
                        "ID documents for people at the camp",
                        RIVERSIDE,
                        "Jamal Carter",
                        10,
                        task="Birth certificates and state IDs for 12 people",
                        notes="""Vital records is taking six weeks for birth
                            certificates. Five requests are past that and holding
                            up housing applications.""",
                        decisions=(
                            "DHS pays the expedited fee for the five oldest requests.",
                        ),
                        actions=(
                            Action(
                                "Pay the expedited fees for five birth certificates",
                                "Marcus Bell",
                                DHS,
                                due=7,
                                done=4,
                            ),
                            Action(
                                "Chase the five late birth certificates",
                                "Jamal Carter",
                                STREET_REACH,
                                due=21,
                                done=15,
                            ),
                        ),
                    ),
                    Item(
                        "Boathouse lights and water fountain",
                        RIVERSIDE,
                        CYNTHIA,
                        10,
                        task="Fix the lights and the water fountain at the boathouse",
                        notes="""The electrical contractor has not been scheduled
                            and the fountain needs a part on back order.""",
                        decisions=(
                            "Parks puts the boathouse repairs in this month's "
                            "work orders.",
                        ),
                        actions=(
                            Action(
                                "Get a date from the electrical contractor",
                                CYNTHIA,
                                PARKS,
                                due=14,
                                status="blocked",
                            ),
                        ),
                    ),
                    Item(
                        "Get the two couples' rooms ready",
                        RIVERSIDE,
                        "Ruth Abdullah",
                        5,
                        follow_up=True,
                        notes="""One room is ready; the second needs a bed frame
                            and a lock on the door.""",
                    ),
                    Item(
                        "Marina lot: six months of safe parking",
                        MARINA,
                        "Marcus Bell",
                        15,
                        notes="""Nineteen of 24 households are off the marina
                            lot, seven of them housed; four veterans have VA
                            vouchers. Parks counts fewer than three vehicles on
                            most nights.""",
                        decisions=(
                            "Do the six-month counts for the assessment before "
                            "deciding whether to close the case.",
                        ),
                        actions=(
                            Action(
                                "Write the six-month safe-parking summary",
                                "Marcus Bell",
                                DHS,
                                due=21,
                                done=18,
                            ),
                        ),
                    ),
                    Item(
                        "Route 9 overpass: the DOT will not move",
                        OVERPASS,
                        "Marcus Bell",
                        10,
                        notes="""The DOT will not agree access or a clean-up
                            before its spring inspection. The people living there
                            stay on Jamal's weekly outreach route.""",
                        decisions=(
                            "Put the case on hold until the DOT's spring inspection.",
                        ),
                        actions=(
                            Action(
                                "Tell the warming-centre team who is living under "
                                "the overpass",
                                ANNA,
                                FIRST_BAPTIST,
                                due=14,
                                done=9,
                            ),
                        ),
                    ),
                ),
            ),
            Held(
                apologies=(LIAISON,),
                absent=(VETERANS,),
                walk_in=("Harbor Food Bank", "Volunteer Coordinator"),
                items=(
                    Item(
                        "Get a date from the electrical contractor",
                        RIVERSIDE,
                        CYNTHIA,
                        5,
                        follow_up=True,
                        notes="""Still no date from the contractor. The boathouse
                            is dark from 5 p.m. now.""",
                        decisions=(
                            "Marcus raises the repairs with the Parks director.",
                        ),
                        actions=(
                            Action(
                                "Raise the boathouse repairs with the Parks director",
                                "Marcus Bell",
                                DHS,
                                due=7,
                                done=5,
                            ),
                        ),
                        done=False,
                    ),
                    Item(
                        "Riverside Park: the winter plan",
                        RIVERSIDE,
                        "Marcus Bell",
                        15,
                        notes="""The first freezing nights are expected within
                            the month. Around 20 people are at the camp. The
                            mobile clinic offered flu shots on its Thursday
                            visits.""",
                        decisions=(
                            "Outreach checks the camp on every freezing night.",
                            "Flu shots on the mobile clinic's next two visits.",
                        ),
                        actions=(
                            Action(
                                "Draw up a freezing-night check rota",
                                "Jamal Carter",
                                STREET_REACH,
                                due=7,
                                done=3,
                            ),
                            Action(
                                "Open the boathouse restrooms on freezing nights",
                                CYNTHIA,
                                PARKS,
                                due=5,
                                done=4,
                            ),
                            Action(
                                "Flu shots at the camp on two Thursday visits",
                                ANDREW,
                                CLINIC,
                                due=14,
                                done=7,
                            ),
                        ),
                    ),
                    Item(
                        "Overdose follow-up visits",
                        RIVERSIDE,
                        HIROSHI,
                        10,
                        task="Overdose follow-up visits after the boathouse overdoses",
                        notes="""Mercy reached five of the seven people within 72
                            hours; two could not be found. Outreach often knows
                            where people are the same morning.""",
                        decisions=(
                            "Outreach passes new contacts to Mercy the same day.",
                        ),
                        actions=(
                            Action(
                                "Share the overdose locations with the rangers",
                                HIROSHI,
                                MERCY,
                                due=7,
                                done=12,
                            ),
                            Action(
                                "Report the follow-up visits to the coalition "
                                "each month",
                                HIROSHI,
                                MERCY,
                                due=28,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Marina lot: close the case or keep monitoring?",
                        MARINA,
                        "Marcus Bell",
                        10,
                        task="Decide: close the case or keep monitoring through the "
                        "summer",
                        notes="""Parks found the lot clear of overnight vehicles
                            on 22 of the last 30 nights. Three families are still
                            in vehicles. The partners want the safe-parking lot
                            to stay before deciding.""",
                        actions=(
                            Action(
                                "Ask First Baptist whether the safe-parking lot can "
                                "stay open to June",
                                ANNA,
                                FIRST_BAPTIST,
                                due=21,
                                status="open",
                            ),
                        ),
                        done=False,
                    ),
                ),
            ),
        ),
        upcoming=(
            Item(
                "Storage for belongings during shelter stays",
                RIVERSIDE,
                "Jamal Carter",
                10,
                task="Find storage for belongings during shelter stays",
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # Eastgate Homes Safety Partnership: a monthly review of its main case,
    # in the evening so residents can come.
    # ------------------------------------------------------------------
    Series(
        coalition=EASTGATE,
        title="Building C courtyard case review",
        coordinator=DANA,
        case=COURTYARD,
        weekday=3,
        hour=17,
        minute=30,
        duration=75,
        location="Eastgate Homes community room, Building A",
        video_link="",
        invitees=(
            "Dana Okafor",
            DETECTIVE,
            LIAISON,
            "Gloria Mensah",
            "Andre Washington",
            PEACEKEEPER,
            "Latoya Brooks",
            (COUNCIL, "Block Captain"),
            KEISHA,
        ),
        held=(
            Held(
                apologies=((COUNCIL, "Block Captain"),),
                walk_in=("Harbor County Probation Department", "Case Manager"),
                items=(
                    Item(
                        "Courtyard lights",
                        COURTYARD,
                        "Gloria Mensah",
                        15,
                        task="Replace the 14 broken courtyard lights",
                        notes="""Six of the 14 lights replaced. The other eight
                            need new poles, which is a capital request, not
                            maintenance. The north corner is still dark.""",
                        decisions=(
                            "The Housing Authority submits the capital request "
                            "this month.",
                            "The foot beat checks the dark corner every evening "
                            "meanwhile.",
                        ),
                        actions=(
                            Action(
                                "Submit the capital request for eight courtyard poles",
                                "Gloria Mensah",
                                HOUSING,
                                due=21,
                                done=35,
                            ),
                            Action(
                                "Add the courtyard's north corner to the foot-beat "
                                "route",
                                LIAISON,
                                POLICE,
                                due=7,
                                done=3,
                            ),
                        ),
                    ),
                    Item(
                        "Stairwell door locks",
                        COURTYARD,
                        "Gloria Mensah",
                        10,
                        task="Fit self-closing locks on the three Building C "
                        "stairwell doors",
                        notes="""The locksmith contract is stuck in procurement.
                            Residents say the stairwells are where people wait
                            before a shooting.""",
                        decisions=(
                            "Dana writes to the Housing Authority director to "
                            "expedite the contract.",
                        ),
                        actions=(
                            Action(
                                "Write to the Housing Authority director about the "
                                "locksmith contract",
                                "Dana Okafor",
                                POLICE,
                                due=7,
                                done=2,
                            ),
                        ),
                    ),
                    Item(
                        "After the summer jobs",
                        COURTYARD,
                        KEISHA,
                        10,
                        notes="""22 of the 25 young people finished the program;
                            eight want to keep going. Friday late-night
                            basketball draws 30 to 40.""",
                        decisions=(
                            "Late-night basketball continues on Fridays through "
                            "October.",
                        ),
                        actions=(
                            Action(
                                "Keep Friday late-night basketball going through "
                                "October",
                                KEISHA,
                                YOUTH,
                                due=14,
                                done=10,
                            ),
                        ),
                    ),
                    Item(
                        "Hospital bedside visits",
                        COURTYARD,
                        "Andre Washington",
                        15,
                        task="Hospital bedside visit within 24 hours of every shooting",
                        notes="""Peacekeepers reached the last two victims within
                            24 hours, once only because a nurse called Andre.""",
                        decisions=(
                            "Police tell Peacekeepers of every shooting victim "
                            "at the hospital within two hours.",
                        ),
                        actions=(
                            Action(
                                "Set up the two-hour hospital notification with "
                                "the detectives",
                                DETECTIVE,
                                POLICE,
                                due=14,
                                done=9,
                            ),
                        ),
                    ),
                ),
            ),
            Held(
                apologies=(KEISHA,),
                walk_in=(COUNCIL, "Member"),
                items=(
                    Item(
                        "Submit the capital request for eight courtyard poles",
                        COURTYARD,
                        "Gloria Mensah",
                        5,
                        follow_up=True,
                        notes="""The request is drafted but not yet submitted;
                            the board meets at the end of the month.""",
                        decisions=(
                            "Latoya speaks for the request at the Housing "
                            "Authority board meeting.",
                        ),
                        actions=(
                            Action(
                                "Speak at the Housing Authority board meeting about "
                                "the courtyard poles",
                                "Latoya Brooks",
                                COUNCIL,
                                due=21,
                                done=20,
                            ),
                        ),
                    ),
                    Item(
                        "Stairwell door locks: six to eight weeks",
                        COURTYARD,
                        "Gloria Mensah",
                        10,
                        task="Fit self-closing locks on the three Building C "
                        "stairwell doors",
                        notes="""Procurement now says six to eight weeks for the
                            locksmith. Two of the three doors are propped open
                            most nights.""",
                        decisions=(
                            "The Resident Council checks the doors weekly until "
                            "the locks are fitted.",
                        ),
                        actions=(
                            Action(
                                "Weekly check of the Building C stairwell doors",
                                (COUNCIL, "Block Captain"),
                                COUNCIL,
                                due=7,
                                done=14,
                            ),
                            Action(
                                "Put door-alarm notices on the three stairwell doors",
                                "Gloria Mensah",
                                HOUSING,
                                due=7,
                                done=6,
                            ),
                        ),
                    ),
                    Item(
                        "Courtyard playground",
                        COURTYARD,
                        "Latoya Brooks",
                        10,
                        notes="""Residents want the playground fixed before
                            anything else: it is what would bring families back
                            into the courtyard in daylight.""",
                        decisions=(
                            "The Housing Authority prices the repair; a "
                            "reopening day with the Youth Center when it is "
                            "done.",
                        ),
                        actions=(
                            Action(
                                "Get a quote for the playground repair",
                                "Gloria Mensah",
                                HOUSING,
                                due=21,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Summer jobs next year",
                        COURTYARD,
                        "Dana Okafor",
                        10,
                        notes="""The Workforce Board's funding round opens in
                            January. The Youth Center would rather lead the plan
                            than the police.""",
                        decisions=("The Youth Center leads next summer's plan.",),
                        actions=(
                            Action(
                                "Ask the Workforce Board about the January funding "
                                "round",
                                KEISHA,
                                YOUTH,
                                due=21,
                                done=14,
                            ),
                        ),
                    ),
                    Item(
                        "Residents' safety survey",
                        COURTYARD,
                        "Latoya Brooks",
                        10,
                        notes="""The first survey was in March. Repeating it with
                            the same questions shows whether residents feel the
                            difference.""",
                        decisions=(
                            "Repeat the survey in November with the same questions.",
                        ),
                        actions=(
                            Action(
                                "Print the survey and recruit four volunteers",
                                "Latoya Brooks",
                                COUNCIL,
                                due=30,
                                status="in_progress",
                            ),
                        ),
                    ),
                ),
            ),
            Held(
                apologies=(DETECTIVE, PEACEKEEPER),
                walk_in=("Jefferson High School", "School Resource Coordinator"),
                items=(
                    Item(
                        "Two shootings since August",
                        COURTYARD,
                        "Andre Washington",
                        15,
                        notes="""Nobody was hit. Peacekeepers reached both groups
                            within a day and there has been no retaliation so
                            far. Both incidents started on the 14th Street
                            side.""",
                        decisions=(
                            "Review both incidents with Peacekeepers before the "
                            "next meeting.",
                        ),
                        actions=(
                            Action(
                                "Mediation session with the two groups from the "
                                "14th Street side",
                                "Andre Washington",
                                PEACEKEEPERS,
                                due=10,
                                done=5,
                            ),
                        ),
                    ),
                    Item(
                        "Camera at the 14th Street corner",
                        COURTYARD,
                        "Gloria Mensah",
                        15,
                        task="Camera at the 14th Street corner: cost and privacy "
                        "review",
                        notes="""Residents are split. The Resident Council wants
                            a written privacy policy before any camera goes
                            up.""",
                        decisions=(
                            "No camera until the Resident Council has approved a "
                            "privacy policy.",
                        ),
                        actions=(
                            Action(
                                "Draft a camera privacy policy for the Resident "
                                "Council",
                                "Gloria Mensah",
                                HOUSING,
                                due=21,
                                status="open",
                            ),
                        ),
                    ),
                    Item(
                        "Get a quote for the playground repair",
                        COURTYARD,
                        "Gloria Mensah",
                        5,
                        follow_up=True,
                        notes="""Quotes requested from two contractors; neither
                            has come back.""",
                        done=False,
                    ),
                    Item(
                        "Foot beat and the resident meeting",
                        COURTYARD,
                        LIAISON,
                        10,
                        notes="""31 residents came to the monthly meeting, the
                            most yet; the community room was too small.""",
                        decisions=(
                            "Hold the resident meeting in the Youth Center gym "
                            "from December.",
                        ),
                        actions=(
                            Action(
                                "Book the Youth Center gym for the December "
                                "resident meeting",
                                KEISHA,
                                YOUTH,
                                due=7,
                                done=2,
                            ),
                        ),
                    ),
                ),
            ),
        ),
        upcoming=(
            Item(
                "Residents' safety survey: first returns",
                COURTYARD,
                "Latoya Brooks",
                10,
                task="Repeat the residents' safety survey",
            ),
            Item(
                "Courtyard lights: the capital request",
                COURTYARD,
                "Gloria Mensah",
                10,
                task="Replace the 14 broken courtyard lights",
            ),
        ),
    ),
]
