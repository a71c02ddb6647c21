"""The demo cases: what each coalition is working on, as a story over months.

Every date is a number of days before the day the demo is loaded (``ago``),
so the demo never goes stale; a task's ``due`` counts from that day too
(negative: in the past). Text is written wrapped; the loader collapses runs
of whitespace, so indentation and line breaks here do not reach the page.

People are named either by full name (the key people of ``data.KEY_PEOPLE``)
or as ``(organization, title)``: the first current staff member of that
organization with that title (see ``cases._Directory.person``).
"""

from __future__ import annotations

from typing import NamedTuple

ELENA = "elena.ruiz@example.org"
MARCUS = "marcus.bell@example.org"
DANA = "dana.okafor@example.org"
PRIYA = "priya.raman@example.org"
JAMAL = "jamal.carter@example.org"
TOM = "tom.kowalski@example.org"
GLORIA = "gloria.mensah@example.org"
SEAN = "sean.fitzgerald@example.org"

POLICE = "Harbor City Police Department"
ABC = "Alcoholic Beverage Control Board"
FIRE = "Harbor City Fire Marshal's Office"
ZONING = "Zoning and Code Enforcement"
HEALTH_DEPT = "Harbor County Health Department"
ANCHOR = "The Anchor Tavern"
DHS = "Department of Human Services"
PARKS = "Parks and Recreation Department"
LIBRARY = "Harbor City Public Library"
MISSION = "Harbor Rescue Mission"
STREET_REACH = "Street Reach Outreach"
CLINIC = "Harbor Community Health Center"
MERCY = "Mercy Behavioral Health"
HOUSING = "Harbor City Housing Authority"
COUNCIL = "Eastgate Homes Resident Council"
YOUTH = "Eastgate Youth Center"
PEACEKEEPERS = "Peacekeepers Harbor"

ANALYST = (POLICE, "Crime Analyst")
LIAISON = (POLICE, "Community Liaison Officer")

Who = str | tuple[str, str] | None


class Place(NamedTuple):
    name: str
    address: str
    latitude: float
    longitude: float
    beat: str
    added: int | None = None  # days ago; None: the place the case opened with


class Role(NamedTuple):
    role: str
    organization: str | None
    person: Who = None
    started: int | None = None  # days ago; None: the day the case opened
    note: str = ""
    ended: int | None = None


class Move(NamedTuple):
    to_stage: str
    ago: int
    reason: str
    by: str | None = None  # a user's email; None: the coordinator


class Sara(NamedTuple):
    ago: int
    answers: dict[str, str]


class Response(NamedTuple):
    key: str
    description: str
    partner: str | None
    ago: int
    history: tuple[tuple[str, int], ...] = ()  # (status, days ago), oldest first


class Task(NamedTuple):
    title: str
    assignee: Who
    organization: str | None
    created: int
    due: int | None  # days from load day; negative: in the past
    history: tuple[tuple[str, int], ...] = ()  # (status, days ago), oldest first
    priority: str = "normal"
    response: str | None = None  # key of a response on the same case
    description: str = ""


class Comment(NamedTuple):
    by: str  # a user's email
    ago: int
    body: str
    task: str | None = None  # the title of a task on the same case


class Story(NamedTuple):
    coalition: str
    title: str
    problem_type: str
    lead: str
    coordinator: str
    opened: int
    place: Place
    problem_statement: str
    goals: str
    triangle: dict[str, str]
    # Controllers linked on the case, e.g. {"manager_organization": "The Anchor
    # Tavern", "handler_person": "Andre Washington"}.
    controllers: dict[str, str]
    roles: tuple[Role, ...]
    moves: tuple[Move, ...] = ()
    sara: tuple[Sara, ...] = ()
    responses: tuple[Response, ...] = ()
    tasks: tuple[Task, ...] = ()
    comments: tuple[Comment, ...] = ()
    more_places: tuple[Place, ...] = ()
    priority: str = "normal"
    visibility: str = "coalition"
    status: tuple[str, int] | None = None  # ("on_hold" | "closed", days ago)


NIGHTLIFE = "Water Street Nightlife Initiative"
OUTREACH = "Harbor Homeless Outreach Coalition"
EASTGATE = "Eastgate Homes Safety Partnership"

WATER_STREET = Place(
    "Water Street bar district, 400 block",
    "400-480 Water Street, Harbor City",
    41.63521,
    -70.92362,
    "Central 3",
)

CASES: list[Story] = [
    # ------------------------------------------------------------------
    # Water Street Nightlife Initiative
    # ------------------------------------------------------------------
    Story(
        coalition=NIGHTLIFE,
        title="Closing-time assaults on the 400 block of Water Street",
        problem_type="Alcohol-related violence",
        lead=POLICE,
        coordinator=ELENA,
        opened=210,
        priority="high",
        place=WATER_STREET,
        more_places=(
            Place(
                "Mariner Alley",
                "Mariner Alley, between Water Street and Front Street",
                41.63489,
                -70.92411,
                "Central 3",
                added=150,
            ),
        ),
        problem_statement="""
            Fights and assaults cluster on the 400 block of Water Street between
            1:30 and 2:45 a.m. on Friday and Saturday nights, when seven bars with a
            combined capacity of about 1,600 close at the same time. In the twelve
            months to March there were 61 assaults within 500 ft of the block, 44 of
            them at closing time, and 212 calls for fights or disorderly persons.
            Harbor Medical Center's emergency department sees a steady stream of
            facial injuries from the district on weekend nights.
        """,
        goals="""
            Cut closing-time assaults within 500 ft of the block by a third within
            twelve months without pushing them onto Front Street. Every Water Street
            licensee in a voluntary accreditation with server and door-staff
            training standards. Stagger the dispersal so the street never holds more
            than a few hundred people at once.
        """,
        triangle={
            "offender": """Intoxicated men, mostly 21 to 30, leaving the bars at
                closing time; a handful of repeat fighters known to door staff. Few
                of them live in the district.""",
            "victim": """Other patrons waiting for rides or food, door staff
                breaking up fights, and residents of the lofts above the bars.""",
            "place": """One block with seven licensed premises, a dark service
                alley (Mariner Alley), a single taxi stand and two late-night food
                trucks where the crowd bunches up.""",
            "handler": """Friends and group leaders; the ABC Board through licence
                conditions; probation for the few repeat offenders on
                supervision.""",
            "guardian": """Door staff from Harbor Security Services, the Central
                District night shift; BID street ambassadors, but only until
                midnight.""",
            "manager": """The licensees and their managers (Tom Kowalski of the
                Anchor Tavern chairs the licensee group); Zoning for the alley
                lighting.""",
        },
        controllers={
            "handler_organization": ABC,
            "guardian_organization": "Harbor Security Services",
            "manager_organization": ANCHOR,
            "manager_person": "Tom Kowalski",
        },
        roles=(
            Role(
                "partner",
                ABC,
                note="Licence conditions and responsible server training",
            ),
            Role(
                "place_manager",
                ANCHOR,
                "Tom Kowalski",
                started=200,
                note="Chairs the Water Street licensee group",
            ),
            Role(
                "partner",
                FIRE,
                started=195,
                note="Occupancy counts at closing time",
            ),
            Role(
                "partner",
                ZONING,
                started=150,
                note="Mariner Alley lighting; food-truck permits",
            ),
            Role(
                "guardian",
                "Harbor Security Services",
                started=140,
                note="Door staff at six Water Street venues",
            ),
            Role(
                "service_provider",
                "SafeRide Harbor",
                started=120,
                note="Late-night rides from the pickup point",
            ),
        ),
        moves=(
            Move(
                "analysis",
                175,
                """Scanning confirms the closing-time cluster; pulling CAD, door
                counts and emergency department data.""",
            ),
            Move(
                "response",
                110,
                """Analysis done: simultaneous closing and the dark alley drive the
                fights. Licensees agree to work on an accreditation.""",
            ),
        ),
        sara=(
            Sara(
                178,
                {
                    "scanning_problem": """61 assaults and 212 fight or disorder
                        calls within 500 ft of the 400 block in twelve months; the
                        emergency department and the licensees raised it at the
                        same meeting.""",
                    "scanning_pattern": """Fridays and Saturdays, 1:30 to 2:45
                        a.m.; 44 of 61 assaults at closing time. Up 30% on the year
                        before.""",
                    "scanning_stakeholders": """Patrons, door staff and loft
                        residents are harmed. At the table: police, ABC Board, Fire
                        Marshal, Zoning, the licensees, Harbor Security Services,
                        SafeRide, the residents association.""",
                },
            ),
            Sara(
                112,
                {
                    "analysis_data": """Twelve months of CAD and crime reports,
                        door counts on four weekends, emergency department injury
                        data (anonymised), a night-time lighting survey of Mariner
                        Alley. 70% of closing-time assaults happen within 50 ft of
                        the taxi stand or in the alley.""",
                    "analysis_triangle": """The place side is weakest: seven
                        venues empty at once onto one block with one taxi stand
                        and no lighting in the alley. Managers are willing but act
                        alone; no one manages the street between 2 and 3 a.m.""",
                    "analysis_causes": """Everyone closes at 2 a.m., last call is
                        a rush of shots, and there are no rides: 1,000+ people wait
                        in the same 100 ft. Over-serving in two venues.""",
                    "analysis_current_response": """Arrests after the fact and
                        extra patrol on holiday weekends. Assaults come back as soon
                        as the extra patrol ends.""",
                },
            ),
            Sara(
                95,
                {
                    "response_plan": """Voluntary accreditation (ABC Board),
                        staggered last call and a marshalled taxi rank (police and
                        licensees), lighting in Mariner Alley (Zoning), a SafeRide
                        pickup point.""",
                    "response_expected": """Fewer people on the street at any one
                        time from the first month; assaults down a third by the
                        end of twelve months.""",
                    "response_obstacles": """Night Owl Club has not signed up; the
                        taxi rank needs a loading-zone change by the council; the
                        alley lights are on three private properties.""",
                },
            ),
        ),
        responses=(
            Response(
                "accreditation",
                "Voluntary bar accreditation with server training standards",
                ABC,
                105,
                (("in_progress", 90),),
            ),
            Response(
                "dispersal",
                "Coordinated closing-time dispersal: staggered last call and a "
                "marshalled taxi rank",
                POLICE,
                100,
                (("in_progress", 60),),
            ),
            Response("lighting", "Lighting upgrade in Mariner Alley", ZONING, 100),
            Response(
                "saferide",
                "SafeRide pickup point at Water and Front with ambassadors until "
                "2:30 a.m.",
                "SafeRide Harbor",
                90,
                (("in_progress", 80), ("done", 40)),
            ),
        ),
        tasks=(
            Task(
                "Pull 12 months of calls and assaults within 500 ft of the block",
                ANALYST,
                POLICE,
                172,
                -150,
                (("in_progress", 170), ("done", 152)),
                "high",
            ),
            Task(
                "Door counts at closing time on four weekends",
                "Sean Fitzgerald",
                FIRE,
                160,
                -125,
                (("in_progress", 150), ("done", 128)),
            ),
            Task(
                "Draft the accreditation standards",
                "Hector Alvarez",
                ABC,
                104,
                -70,
                (("in_progress", 100), ("done", 72)),
                "high",
                "accreditation",
                """Server training for every bartender, a door-staff ratio, an
                incident log, a 1:15 a.m. last call and no shot specials after
                midnight.""",
            ),
            Task(
                "Sign up the seven Water Street licensees to the accreditation",
                "Tom Kowalski",
                ANCHOR,
                90,
                -10,
                (("in_progress", 60),),
                "high",
                "accreditation",
                "Five of seven have signed; Night Owl Club and Salt & Lime Cantina "
                "still to meet.",
            ),
            Task(
                "Schedule responsible server training for Anchor Tavern staff",
                "Tom Kowalski",
                ANCHOR,
                40,
                5,
                response="accreditation",
            ),
            Task(
                "Send two door staff to the ABC door-staff course",
                "Tom Kowalski",
                ANCHOR,
                30,
                18,
                response="accreditation",
            ),
            Task(
                "Inspect Mariner Alley light fixtures and notify the owners",
                "Priya Raman",
                ZONING,
                95,
                -21,
                (("in_progress", 50),),
                "high",
                "lighting",
            ),
            Task(
                "Get quotes for LED fixtures from the BID's contractor",
                "Priya Raman",
                ZONING,
                30,
                12,
                response="lighting",
            ),
            Task(
                "Closing-time occupancy checks at Night Owl Club and the Anchor",
                "Sean Fitzgerald",
                FIRE,
                45,
                3,
                (("in_progress", 20),),
                response="dispersal",
            ),
            Task(
                "Agree staggered last-call times with the licensee group",
                "Elena Ruiz",
                POLICE,
                98,
                -55,
                (("in_progress", 80), ("done", 58)),
                "high",
                "dispersal",
            ),
            Task(
                "Brief the Central District night shift on the dispersal plan",
                "Elena Ruiz",
                POLICE,
                58,
                2,
                (("in_progress", 10),),
                "high",
                "dispersal",
            ),
            Task(
                "Request a marshalled taxi rank on Front Street",
                None,
                ZONING,
                60,
                20,
                (("blocked", 25),),
                response="dispersal",
                description="Blocked: the loading-zone change needs a council vote.",
            ),
            Task(
                "Incident log template for accredited venues",
                ("Harbor Security Services", "General Manager"),
                "Harbor Security Services",
                80,
                -30,
                (("in_progress", 70),),
                response="accreditation",
            ),
            Task(
                "SafeRide pickup point signage",
                None,
                "SafeRide Harbor",
                85,
                -45,
                (("done", 50),),
                response="saferide",
            ),
            Task(
                "Ask Harbor Medical Center about sharing ED injury data monthly",
                "Elena Ruiz",
                POLICE,
                20,
                25,
                priority="low",
            ),
        ),
        comments=(
            Comment(
                ELENA,
                150,
                """Door counts from the Fire Marshal show Night Owl at 510 against a
                450 limit on two of four Saturdays. Adding it to the analysis and
                opening a separate case with the Fire Marshal's Office as lead.""",
            ),
            Comment(
                TOM,
                58,
                """Licensee group met at the Anchor. Everyone agrees to a 1:15 last
                call except Night Owl, who want to talk to their owner first.""",
                "Sign up the seven Water Street licensees to the accreditation",
            ),
            Comment(
                PRIYA,
                22,
                """Two of the three property owners have replied. The third (the
                alley side of 412 Water) is an estate; I've sent a notice of
                violation.""",
                "Inspect Mariner Alley light fixtures and notify the owners",
            ),
            Comment(
                SEAN,
                15,
                "Night Owl was at 430 at 1:45 last Saturday, under the limit.",
                "Closing-time occupancy checks at Night Owl Club and the Anchor",
            ),
            Comment(
                ELENA,
                8,
                """Closing-time assaults: 3 in the last four weekends against 9 in
                the same weekends last year. Too early to call it, but
                encouraging.""",
            ),
        ),
    ),
    Story(
        coalition=NIGHTLIFE,
        title="Crowding and blocked exits at the Night Owl Club",
        problem_type="Nuisance property",
        lead=FIRE,
        coordinator=ELENA,
        opened=120,
        priority="high",
        place=Place(
            "Night Owl Club",
            "455 Water Street, Harbor City",
            41.63548,
            -70.92291,
            "Central 3",
        ),
        problem_statement="""
            Fire Marshal counts found the Night Owl Club over its 450 occupancy on
            two of four Saturday nights, with the rear exit to Mariner Alley chained
            shut. Patrol reports a crush at the door and fights in the queue between
            midnight and 1:30 a.m. A fire or a panic in a packed club with a blocked
            exit is the worst case the district has.
        """,
        goals="""
            Occupancy at or under 450 and both exits clear at every inspection;
            fights in the queue down by half. A queue management plan agreed with
            the club rather than a string of citations.
        """,
        triangle={
            "offender": """Patrons pushing in the queue; club management admitting
                over capacity on busy nights.""",
            "victim": "Patrons inside (life safety), people in the queue, door staff.",
            "place": """A 450-capacity dance club with one front door, a rear exit
                onto Mariner Alley and a smoking area on the sidewalk.""",
            "guardian": "In-house door staff; Fire Marshal inspections.",
            "manager": "The club's general manager and its owner.",
        },
        controllers={
            "guardian_organization": FIRE,
            "manager_organization": "Night Owl Club",
        },
        roles=(
            Role("partner", POLICE, note="Central District night shift"),
            Role(
                "place_manager",
                "Night Owl Club",
                ("Night Owl Club", "General Manager"),
                started=100,
            ),
            Role("partner", ABC, started=95, note="Licence file and conditions"),
            Role(
                "observer",
                "Water Street Residents Association",
                started=90,
            ),
            Role(
                "partner",
                ZONING,
                started=28,
                note="Sidewalk use and a queue-barrier permit",
            ),
        ),
        moves=(
            Move(
                "analysis",
                100,
                "Two over-capacity nights and a chained exit confirmed; the club "
                "agrees to meet.",
                SEAN,
            ),
            Move(
                "response",
                55,
                "Exit fixed; joint inspections and clicker counts agreed with the "
                "club.",
            ),
            Move(
                "analysis",
                30,
                """Back to analysis: re-counts show the club now stays under its
                limit inside. The crush is the sidewalk queue and the smoking area
                around 1 a.m.; we need queue and sidewalk data before adding more
                responses.""",
            ),
        ),
        sara=(
            Sara(
                102,
                {
                    "scanning_problem": """Over capacity on two of four Saturdays
                        (512 and 498 against 450) and a chained rear exit.""",
                    "scanning_pattern": "Saturdays, midnight to 1:30 a.m.",
                    "scanning_stakeholders": """Patrons and door staff; the club,
                        the Fire Marshal, the ABC Board, police, the residents
                        association.""",
                },
            ),
            Sara(
                57,
                {
                    "analysis_data": """Four Fire Marshal counts, the ABC licence
                        file (two prior over-serving warnings), patrol logs.""",
                    "analysis_causes": """Cover charges reward packing the room;
                        the door has no clicker and the owner is never on site.""",
                },
            ),
            Sara(
                50,
                {
                    "response_plan": """Clicker counts reported weekly to the
                        Fire Marshal; unannounced joint inspections.""",
                },
            ),
            Sara(
                25,
                {
                    "analysis_data": """Four Fire Marshal counts, the ABC licence
                        file, patrol logs and now three re-counts since the
                        citation: 430, 446 and 441. Inside is under control; the
                        queue reaches the corner by 12:30.""",
                    "analysis_triangle": """The place is the sidewalk, not the
                        room: nobody manages the queue or the smoking area.""",
                },
            ),
        ),
        responses=(
            Response(
                "clicker",
                "Occupancy clicker counts by door staff, reported to the Fire Marshal",
                "Night Owl Club",
                52,
                (("in_progress", 45),),
            ),
            Response(
                "inspections",
                "Unannounced late-night joint inspections (Fire Marshal, ABC, police)",
                FIRE,
                50,
                (("in_progress", 48),),
            ),
        ),
        tasks=(
            Task(
                "Re-inspect occupancy and exits on two Saturday nights",
                "Sean Fitzgerald",
                FIRE,
                98,
                -80,
                (("done", 84),),
                "high",
            ),
            Task(
                "Cite the chained rear exit and confirm the fix",
                "Sean Fitzgerald",
                FIRE,
                99,
                -95,
                (("done", 96),),
                "urgent",
            ),
            Task(
                "Pull the club's licence file and past ABC violations",
                "Hector Alvarez",
                ABC,
                94,
                -70,
                (("done", 75),),
            ),
            Task(
                "Count the sidewalk queue every 15 minutes on three Saturdays",
                "Elena Ruiz",
                POLICE,
                28,
                10,
                (("in_progress", 14),),
                "high",
            ),
            Task(
                "Measure the sidewalk and draft a queue-barrier layout",
                "Priya Raman",
                ZONING,
                27,
                -3,
                priority="high",
            ),
            Task(
                "Send the clicker counts since August",
                ("Night Owl Club", "General Manager"),
                "Night Owl Club",
                45,
                -12,
                (("blocked", 20),),
                response="clicker",
                description="The club says the counts are on paper at the owner's "
                "office.",
            ),
            Task(
                "Walk the queue with the club's head of door staff",
                "Sean Fitzgerald",
                FIRE,
                20,
                4,
                response="inspections",
            ),
            Task(
                "Check the sidewalk smoking area against egress rules",
                "Sean Fitzgerald",
                FIRE,
                18,
                11,
            ),
            Task(
                "Write up the revised analysis for the partner meeting",
                "Elena Ruiz",
                POLICE,
                25,
                16,
            ),
        ),
        comments=(
            Comment(
                SEAN,
                84,
                "Two Saturdays: 512 and 498 at 1 a.m. Rear exit clear both times "
                "after the citation.",
                "Re-inspect occupancy and exits on two Saturday nights",
            ),
            Comment(
                ELENA,
                30,
                """Moving back to analysis. The club is mostly under capacity now;
                the problem is outside. We were about to fund more inspections for
                the wrong thing.""",
            ),
            Comment(
                PRIYA,
                6,
                """Sidewalk is 11 ft at the door; a barrier layout leaving 5 ft clear
                works on paper. Need one more site visit on a busy night.""",
                "Measure the sidewalk and draft a queue-barrier layout",
            ),
        ),
    ),
    Story(
        coalition=NIGHTLIFE,
        title="Late-night noise complaints from the Water Street lofts",
        problem_type="Nuisance property",
        lead=ZONING,
        coordinator=ELENA,
        opened=18,
        place=Place(
            "Harbor Lofts",
            "420 Water Street, Harbor City",
            41.63509,
            -70.92377,
            "Central 3",
        ),
        problem_statement="""
            Since the summer, residents of the lofts above the 400 block have made
            74 complaints to 311 and the non-emergency line about noise, shouting
            and broken glass after 1 a.m., against 20 in the same months last year.
            Some name the Anchor Tavern's patio speakers and the Rusty Nail
            Saloon's live music; others are about the crowd on the street. How much
            is venue noise and how much is street disorder is not yet clear.
        """,
        goals="""
            Sort the complaints into venue noise (a licence and zoning matter) and
            street disorder (the closing-time case), and agree with residents what
            would count as better.
        """,
        triangle={
            "offender": """Venues with outdoor speakers or open doors during live
                music; patrons on the street after closing.""",
            "victim": "About 60 loft residents, several with young children.",
            "place": """A loft building above three bars; bedrooms face Water
                Street.""",
            "guardian": "The residents association; the night shift.",
            "manager": "The venue managers; the loft building's management company.",
        },
        controllers={"guardian_organization": "Water Street Residents Association"},
        roles=(
            Role("partner", POLICE),
            Role(
                "guardian",
                "Water Street Residents Association",
                ("Water Street Residents Association", "President"),
                started=16,
            ),
            Role(
                "place_manager",
                ANCHOR,
                "Tom Kowalski",
                started=15,
                note="Patio speakers",
            ),
            Role(
                "place_manager",
                "Rusty Nail Saloon",
                started=15,
                note="Live music",
            ),
            Role("expert", HEALTH_DEPT, started=12, note="Noise measurement"),
        ),
        sara=(
            Sara(
                10,
                {
                    "scanning_problem": """74 noise complaints since July against
                        20 a year ago; residents came to the partner meeting.""",
                    "scanning_pattern": """Thursday to Saturday, mostly 11 p.m. to
                        2:30 a.m.; a second peak at closing time.""",
                },
            ),
        ),
        tasks=(
            Task(
                "Map noise complaints since July by address and hour",
                ANALYST,
                POLICE,
                16,
                3,
                (("in_progress", 12),),
            ),
            Task(
                "Residents' noise diary: two weeks, five households",
                ("Water Street Residents Association", "President"),
                "Water Street Residents Association",
                15,
                14,
                (("in_progress", 9),),
            ),
            Task(
                "Decibel readings at 420 Water Street on a Friday and a Saturday",
                None,
                HEALTH_DEPT,
                12,
                10,
            ),
            Task(
                "Check the Anchor Tavern patio against its zoning permit",
                "Priya Raman",
                ZONING,
                14,
                6,
                description="Speakers, hours and the seating plan.",
            ),
            Task(
                "Turn the patio speakers off at 11 p.m. and log it for two weeks",
                "Tom Kowalski",
                ANCHOR,
                15,
                -1,
                (("in_progress", 13),),
            ),
            Task(
                "Invite the loft management company to the partner meeting",
                "Elena Ruiz",
                POLICE,
                10,
                7,
                priority="low",
            ),
            Task(
                "Check the Rusty Nail Saloon's entertainment permit conditions",
                "Priya Raman",
                ZONING,
                9,
                20,
            ),
        ),
        comments=(
            Comment(
                ELENA,
                9,
                """Kept apart from the closing-time case on purpose: this one is
                about the venues, that one about the street.""",
            ),
            Comment(
                TOM,
                4,
                """Speakers go off at 11 every night since the 5th. The log is at
                the bar; I'll bring it Thursday.""",
                "Turn the patio speakers off at 11 p.m. and log it for two weeks",
            ),
        ),
    ),
    Story(
        coalition=NIGHTLIFE,
        title="Robberies of bar patrons in the Front Street parking lot",
        problem_type="Other",
        lead=POLICE,
        coordinator=ELENA,
        opened=420,
        place=Place(
            "Front Street municipal parking lot",
            "300 Front Street, Harbor City",
            41.63462,
            -70.92468,
            "Central 3",
        ),
        problem_statement="""
            Fourteen robberies and attempted robberies of patrons walking to their
            cars in the Front Street municipal lot between 11 p.m. and 3 a.m. in
            twelve months. Most victims were alone and had been drinking; phones
            and wallets taken at knife-point in the unlit north corner.
        """,
        goals="""
            Halve robberies in the lot within a year with lighting, an attendant at
            closing time and a safer walking route, without moving them to the Pier
            Street garage.
        """,
        triangle={
            "offender": "Two or three pairs of young men working the lot on foot.",
            "victim": "Patrons walking alone to their cars after midnight.",
            "place": """A 240-space municipal lot; the north corner is dark and out
                of sight of Front Street.""",
            "guardian": "Nobody after midnight: the BID ambassadors go home at 12.",
            "manager": "The Downtown BID runs the lot for the city.",
        },
        controllers={"manager_organization": "Downtown Business Improvement District"},
        roles=(
            Role(
                "place_manager",
                "Downtown Business Improvement District",
                started=400,
            ),
            Role("partner", ZONING, started=405, note="Lighting"),
            Role("service_provider", "SafeRide Harbor", started=380),
            Role(
                "guardian",
                "Harbor Security Services",
                started=360,
                note="Lot attendant on weekends",
            ),
        ),
        moves=(
            Move(
                "analysis",
                395,
                "Fourteen robberies confirmed, all in the same corner of the lot.",
            ),
            Move(
                "response",
                350,
                "Lighting survey and offender pattern done; BID agrees to fund.",
            ),
            Move(
                "assessment",
                200,
                "Lights in for three months, attendant in place; time to measure.",
            ),
        ),
        sara=(
            Sara(
                396,
                {
                    "scanning_problem": """14 robberies in twelve months in one
                        lot; two victims hospitalised.""",
                    "scanning_pattern": """Friday and Saturday, midnight to 2:30
                        a.m.; 11 of 14 in the north corner.""",
                    "scanning_stakeholders": """Patrons, the BID, the bars whose
                        customers park there, SafeRide.""",
                },
            ),
            Sara(
                352,
                {
                    "analysis_data": """Crime reports, a lux survey at night (under
                        2 lux in the north corner), BID parking data.""",
                    "analysis_triangle": """No guardian and no lighting: the place
                        is the weak side.""",
                    "analysis_causes": """Drunk, distracted victims walking alone
                        to the darkest corner, where nobody can see them.""",
                    "analysis_current_response": """Arrests of two suspects; the
                        robberies carried on with others.""",
                },
            ),
            Sara(
                330,
                {
                    "response_plan": """Twelve LED poles (Zoning, BID funds), a
                        weekend attendant (Harbor Security), BID ambassador
                        escorts.""",
                    "response_expected": "Robberies halved within a year.",
                    "response_obstacles": "BID budget cycle; ambassador hours.",
                },
            ),
            Sara(
                125,
                {
                    "assessment_measures": """Robberies in the lot, twelve months
                        before vs. twelve months after; the Pier Street garage as
                        a displacement check.""",
                    "assessment_result": """14 robberies before, 3 after. The Pier
                        Street garage stayed at 2 and 2: no displacement.""",
                    "assessment_next": """Close. The closing-time case keeps an eye
                        on Front Street.""",
                },
            ),
        ),
        responses=(
            Response(
                "lighting",
                "Lighting upgrade: twelve LED poles in the north corner",
                ZONING,
                345,
                (("in_progress", 330), ("done", 280)),
            ),
            Response(
                "attendant",
                "Lot attendant from 11 p.m. to 3 a.m. on weekends",
                "Harbor Security Services",
                340,
                (("in_progress", 320), ("done", 200)),
            ),
            Response(
                "escorts",
                "Walk-to-your-car escorts by BID ambassadors",
                "Downtown Business Improvement District",
                340,
                (("in_progress", 320), ("abandoned", 260)),
            ),
        ),
        tasks=(
            Task(
                "Map robbery locations inside the lot",
                ANALYST,
                POLICE,
                400,
                -385,
                (("done", 388),),
            ),
            Task(
                "Lighting survey at night (lux readings)",
                "Priya Raman",
                ZONING,
                390,
                -370,
                (("done", 372),),
            ),
            Task(
                "Install twelve LED poles",
                None,
                ZONING,
                340,
                -285,
                (("in_progress", 330), ("done", 282)),
                "high",
                "lighting",
            ),
            Task(
                "Attendant schedule and radio link to patrol",
                ("Harbor Security Services", "General Manager"),
                "Harbor Security Services",
                335,
                -320,
                (("done", 321),),
                response="attendant",
            ),
            Task(
                "Before-and-after robbery counts for the assessment",
                ANALYST,
                POLICE,
                200,
                -150,
                (("done", 155),),
            ),
            Task(
                "Write the closing report for the partner meeting",
                "Elena Ruiz",
                POLICE,
                150,
                -125,
                (("done", 122),),
            ),
        ),
        comments=(
            Comment(
                ELENA,
                260,
                """Ambassador escorts dropped: the BID contract ends at midnight and
                nobody asked for an escort in six weeks.""",
            ),
            Comment(
                ELENA,
                121,
                """Closing: 3 robberies in the twelve months after the lights went
                in, against 14 before, and no displacement to the Pier Street
                garage.""",
            ),
        ),
        status=("closed", 120),
    ),
    # ------------------------------------------------------------------
    # Harbor Homeless Outreach Coalition
    # ------------------------------------------------------------------
    Story(
        coalition=OUTREACH,
        title="Riverside Park encampment and access to services",
        problem_type="Homelessness / encampment",
        lead=DHS,
        coordinator=MARCUS,
        opened=240,
        priority="high",
        place=Place(
            "Riverside Park, east lawn and boathouse",
            "1 Riverside Drive, Harbor City",
            41.64203,
            -70.93104,
            "North 2",
        ),
        more_places=(
            Place(
                "Greenway under the Mill Street bridge",
                "Mill Street bridge, Riverside Greenway, Harbor City",
                41.64318,
                -70.92981,
                "North 2",
                added=150,
            ),
        ),
        problem_statement="""
            About 45 people sleep in tents on the east lawn of Riverside Park and
            along the greenway by the boathouse, up from about 15 a year ago. Calls
            to the park tripled to 318 in twelve months: mostly welfare checks,
            disputes between residents and two overdoses in the boathouse
            restrooms. Outreach workers find that most people have no ID, so they
            cannot be assessed for coordinated entry, and that the shelter beds on
            offer take neither couples nor pets.
        """,
        goals="""
            Move people into housing or shelter rather than move them along:
            everyone at the camp with an ID and a coordinated-entry assessment,
            police calls to the park halved within a year, and no overdose deaths.
        """,
        triangle={
            "offender": """A few people selling pills and pressuring others in the
                camp; most calls are not about offending at all.""",
            "victim": """People living in the camp (overdose, theft, assault,
                weather); park users and the boathouse rowing club.""",
            "place": """Open lawn and restrooms with no lighting, out of sight from
                Riverside Drive; tents cluster where the water fountain works.""",
            "handler": "Outreach case managers and behavioural health clinicians.",
            "guardian": """Street Reach outreach workers, park rangers, the library
                social worker.""",
            "manager": """Parks and Recreation for the park; DHS for coordinated
                entry and shelter placement.""",
        },
        controllers={
            "guardian_person": "Jamal Carter",
            "guardian_organization": STREET_REACH,
            "manager_organization": PARKS,
        },
        roles=(
            Role(
                "partner",
                STREET_REACH,
                "Jamal Carter",
                note="Daily outreach to the camp",
            ),
            Role("place_manager", PARKS),
            Role(
                "partner",
                POLICE,
                started=235,
                note="Homeless liaison; no clean-up without outreach first",
            ),
            Role(
                "service_provider",
                CLINIC,
                started=135,
                note="Mobile clinic and medication-assisted treatment",
            ),
            Role(
                "service_provider",
                MISSION,
                "Ruth Abdullah",
                started=105,
                note="Shelter beds; couples' rooms",
            ),
            Role("service_provider", MERCY, started=100, note="Overdose follow-up"),
        ),
        moves=(
            Move(
                "analysis",
                200,
                "Point-in-time count done; the camp has tripled in a year.",
            ),
            Move(
                "response",
                130,
                """Analysis shows the barriers are IDs, couples and pets, not
                unwillingness; partners commit to the responses.""",
            ),
        ),
        sara=(
            Sara(
                205,
                {
                    "scanning_problem": """45 people in tents, up from 15; 318
                        calls to the park in twelve months; two overdoses.""",
                    "scanning_pattern": """Year-round, growing since the winter
                        shelter closed in April; calls peak on weekday mornings.""",
                    "scanning_stakeholders": """The people at the camp first; Parks,
                        DHS, Street Reach, police, the Rescue Mission, the health
                        centre, the rowing club.""",
                },
            ),
            Sara(
                135,
                {
                    "analysis_data": """By-name list (45 people, 31 known to
                        outreach), calls for service, shelter refusal reasons. 29
                        have no ID; 11 are couples; 7 have dogs.""",
                    "analysis_triangle": """The victims are mostly the campers
                        themselves; the missing controller is a manager for their
                        path into housing, not for the park.""",
                    "analysis_causes": """No ID means no assessment; no assessment
                        means no housing match. Shelters split couples and refuse
                        pets, so people stay.""",
                    "analysis_current_response": """Two clean-ups last year moved
                        people 300 yards and lost their documents.""",
                },
            ),
            Sara(
                115,
                {
                    "response_plan": """Navigation centre referrals with
                        assessments at the camp (DHS), an ID clinic (Street Reach),
                        a weekly mobile clinic (health centre), couples' rooms
                        (Rescue Mission).""",
                    "response_expected": """Everyone assessed within four months;
                        calls down by half within a year.""",
                    "response_obstacles": """Vital records take six weeks;
                        shelter capacity; the capital budget for the boathouse.""",
                },
            ),
        ),
        responses=(
            Response(
                "navigation",
                "Navigation centre referrals with coordinated-entry assessments "
                "at the camp",
                DHS,
                125,
                (("in_progress", 110),),
            ),
            Response(
                "clinic",
                "Weekly mobile clinic and naloxone at the boathouse",
                CLINIC,
                120,
                (("in_progress", 100),),
            ),
            Response(
                "ids",
                "ID document recovery clinic at the library",
                STREET_REACH,
                110,
                (("in_progress", 95),),
            ),
            Response(
                "couples",
                "Couples' and pet-friendly rooms at Harbor Rescue Mission",
                MISSION,
                100,
            ),
        ),
        tasks=(
            Task(
                "Point-in-time count of tents and people, east lawn and greenway",
                "Jamal Carter",
                STREET_REACH,
                215,
                -200,
                (("done", 201),),
            ),
            Task(
                "Pull 12 months of calls for service to Riverside Park",
                ANALYST,
                POLICE,
                214,
                -195,
                (("done", 198),),
            ),
            Task(
                "Coordinated-entry assessments for everyone at the camp",
                "Jamal Carter",
                STREET_REACH,
                120,
                -14,
                (("in_progress", 110),),
                "high",
                "navigation",
                "31 of 45 done. The rest are mostly people who are at the camp only "
                "at night.",
            ),
            Task(
                "Birth certificates and state IDs for 12 people",
                "Jamal Carter",
                STREET_REACH,
                105,
                -5,
                (("in_progress", 95),),
                "high",
                "ids",
            ),
            Task(
                "Book the mobile clinic for Thursday mornings through March",
                (CLINIC, "Clinic Manager"),
                CLINIC,
                100,
                -60,
                (("done", 62),),
                response="clinic",
            ),
            Task(
                "Naloxone training for park rangers",
                (PARKS, "Coordinator"),
                PARKS,
                90,
                -30,
                (("in_progress", 60), ("done", 38)),
                response="clinic",
            ),
            Task(
                "Fix the lights and the water fountain at the boathouse",
                None,
                PARKS,
                80,
                -20,
                (("blocked", 40),),
                description="Waiting on the capital budget.",
            ),
            Task(
                "Hold two couples' rooms for people from the camp",
                "Ruth Abdullah",
                MISSION,
                95,
                10,
                (("in_progress", 50),),
                response="couples",
            ),
            Task(
                "Weekly by-name list review with the DHS housing navigators",
                "Marcus Bell",
                DHS,
                110,
                2,
                (("in_progress", 100),),
                response="navigation",
            ),
            Task(
                "Agree a 14-day notice protocol before any clean-up",
                LIAISON,
                POLICE,
                85,
                -40,
                (("done", 45),),
                "high",
            ),
            Task(
                "Overdose follow-up visits after the boathouse overdoses",
                (MERCY, "Peer Recovery Specialist"),
                MERCY,
                70,
                6,
                (("in_progress", 60),),
            ),
            Task(
                "Find storage for belongings during shelter stays",
                "Jamal Carter",
                STREET_REACH,
                40,
                21,
            ),
            Task(
                "Follow up with the three people who declined shelter last week",
                "Jamal Carter",
                STREET_REACH,
                6,
                1,
                priority="high",
            ),
            Task(
                "Check VA eligibility for the four veterans at the camp",
                (DHS, "Case Manager"),
                DHS,
                30,
                12,
            ),
        ),
        comments=(
            Comment(
                JAMAL,
                108,
                """Most people say the same thing: they would go in if they could
                keep their partner and their dog. The Rescue Mission is looking at
                two rooms.""",
            ),
            Comment(
                ELENA,
                44,
                """Protocol agreed: 14 days' notice, outreach on site the whole
                morning, storage offered.""",
                "Agree a 14-day notice protocol before any clean-up",
            ),
            Comment(
                MARCUS,
                30,
                """By-name list: 9 people housed or sheltered from the camp since
                the response started, 2 came back.""",
                "Weekly by-name list review with the DHS housing navigators",
            ),
            Comment(
                JAMAL,
                12,
                """Vital records is taking six weeks for birth certificates. Chasing
                the five that are late.""",
                "Birth certificates and state IDs for 12 people",
            ),
        ),
    ),
    Story(
        coalition=OUTREACH,
        title="Overnight sleeping and overdoses at the Central Library",
        problem_type="Homelessness / encampment",
        lead=LIBRARY,
        coordinator=MARCUS,
        opened=75,
        priority="high",
        visibility="participants",
        place=Place(
            "Central Library, Elm Street entrance",
            "200 Elm Street, Harbor City",
            41.63782,
            -70.92617,
            "Central 1",
        ),
        problem_statement="""
            Library staff find people sleeping in the covered Elm Street entrance
            most mornings and have reversed three overdoses in the ground-floor
            restrooms since spring. Security calls to police went from 4 a month to
            19. Staff are frightened and the library is considering closing the
            ground-floor restrooms, which would push the problem onto the street
            and cut people off from the social worker's office hours.
        """,
        goals="""
            No overdose deaths at the library; keep the restrooms open; connect the
            people sleeping at the entrance to shelter or housing; staff who know
            whom to call besides 911.
        """,
        triangle={
            "offender": """A few people selling at the entrance before opening,
                known to outreach.""",
            "victim": "People using alone in the restrooms; staff and patrons.",
            "place": """A covered entrance out of sight of Elm Street;
                single-occupancy restrooms with locking doors.""",
            "handler": "Street Reach case managers.",
            "guardian": "Library security and the library social worker.",
            "manager": "The library's facilities manager.",
        },
        controllers={
            "handler_organization": STREET_REACH,
            "manager_organization": LIBRARY,
        },
        roles=(
            Role("partner", DHS),
            Role(
                "partner",
                STREET_REACH,
                "Jamal Carter",
                started=70,
                note="Early-morning outreach at the entrance",
            ),
            Role(
                "service_provider",
                MERCY,
                started=55,
                note="Crisis line and peer recovery",
            ),
            Role(
                "expert",
                HEALTH_DEPT,
                started=45,
                note="Overdose prevention, naloxone cabinets",
            ),
            Role("partner", POLICE, started=45, note="Central District liaison"),
        ),
        moves=(
            Move(
                "analysis",
                40,
                "Four weeks of morning logs confirm the pattern.",
            ),
        ),
        sara=(
            Sara(
                42,
                {
                    "scanning_problem": """Three overdoses reversed in the
                        restrooms; security calls up from 4 to 19 a month.""",
                    "scanning_pattern": """Entrance: 6 to 9 a.m. most days.
                        Restrooms: afternoons, weekdays.""",
                    "scanning_stakeholders": """The people sleeping and using
                        there, library staff, patrons; DHS, Street Reach, Mercy,
                        the Health Department, police.""",
                },
            ),
            Sara(
                10,
                {
                    "analysis_data": """Morning logs (6 regulars, 4 on the by-name
                        list), security reports, the overdose log.""",
                    "analysis_triangle": """People use alone behind a locked door
                        where nobody checks: the guardian is missing.""",
                },
            ),
        ),
        tasks=(
            Task(
                "Log every morning check of the entrance for four weeks",
                (LIBRARY, "Program Manager"),
                LIBRARY,
                68,
                -40,
                (("in_progress", 66), ("done", 41)),
            ),
            Task(
                "Report on four weeks of early-morning outreach at the entrance",
                "Jamal Carter",
                STREET_REACH,
                55,
                -4,
                (("in_progress", 50),),
                "high",
            ),
            Task(
                "Install a naloxone cabinet by the ground-floor restrooms",
                None,
                HEALTH_DEPT,
                28,
                9,
                (("in_progress", 15),),
            ),
            Task(
                "Staff training: overdose response and whom to call",
                (MERCY, "Peer Recovery Specialist"),
                MERCY,
                26,
                13,
            ),
            Task(
                "Compare library security calls with Elm Street CAD data",
                ANALYST,
                POLICE,
                38,
                -2,
            ),
            Task(
                "Interview day staff and security about the morning routine",
                "Marcus Bell",
                DHS,
                35,
                5,
                (("in_progress", 20),),
            ),
            Task(
                "Find out if the restrooms can take an occupancy alarm",
                None,
                LIBRARY,
                20,
                18,
                priority="low",
            ),
            Task(
                "Match people seen at the entrance against the by-name list",
                (DHS, "Case Manager"),
                DHS,
                30,
                3,
            ),
        ),
        comments=(
            Comment(
                MARCUS,
                38,
                """Visible to participants only: the analysis names
                individuals.""",
            ),
            Comment(
                JAMAL,
                9,
                """Six regulars at the entrance; four are on the by-name list
                already. Two want detox; Mercy has a bed Thursday.""",
                "Report on four weeks of early-morning outreach at the entrance",
            ),
        ),
    ),
    Story(
        coalition=OUTREACH,
        title="Encampment under the Route 9 overpass",
        problem_type="Homelessness / encampment",
        lead=PARKS,
        coordinator=MARCUS,
        opened=160,
        place=Place(
            "Route 9 overpass, Canal Street embankment",
            "Canal Street at Route 9, Harbor City",
            41.64551,
            -70.93497,
            "North 3",
        ),
        problem_statement="""
            Twelve to fifteen people camp on the embankment under the Route 9
            overpass, on state right-of-way beside the greenway. Fires for heat in
            winter and used needles on the greenway path have brought complaints
            from the rowing club and the high school cross-country team.
        """,
        goals="""
            Agree with the state DOT who manages the site; offer everyone there
            shelter or housing; no fires under the overpass this winter.
        """,
        triangle={
            "victim": "The people living under the overpass (cold, fire).",
            "place": """An embankment on state right-of-way with no owner on site,
                hidden from the road.""",
            "guardian": "Street Reach outreach; the Fire Marshal for fire risk.",
            "manager": "The state DOT district office, not at the table yet.",
        },
        controllers={"guardian_organization": STREET_REACH},
        roles=(
            Role(
                "partner",
                STREET_REACH,
                "Jamal Carter",
                started=150,
                note="Weekly outreach visit",
            ),
            Role("partner", FIRE, started=140, note="Fire risk"),
            Role(
                "service_provider",
                "First Baptist Church of Harbor City",
                started=120,
                note="Warming centre on freezing nights",
            ),
            # DHS takes the lead over from Parks (the old lead ends by itself).
            Role("lead", DHS, started=110, note="Took over from Parks"),
            Role("place_manager", PARKS, started=110, note="Greenway path"),
        ),
        moves=(
            Move(
                "analysis",
                120,
                "Outreach count and fire walk-through done.",
            ),
        ),
        sara=(
            Sara(
                122,
                {
                    "scanning_problem": """12 to 15 people on state land; two
                        cooking fires against a bridge pier; needles on the
                        path.""",
                    "scanning_pattern": "Year-round; fires from November.",
                    "scanning_stakeholders": """The campers, Parks, DHS, Street
                        Reach, the Fire Marshal, First Baptist, the state DOT.""",
                },
            ),
            Sara(
                60,
                {
                    "analysis_data": """Outreach contacts (14 people, 9 on the
                        by-name list), the Fire Marshal's walk-through.""",
                    "analysis_triangle": """The place has no manager at the table:
                        the DOT owns it and has not answered.""",
                },
            ),
        ),
        tasks=(
            Task(
                "Weekly outreach visit to the overpass",
                "Jamal Carter",
                STREET_REACH,
                145,
                -120,
                (("in_progress", 140), ("done", 121)),
            ),
            Task(
                "Fire-risk walk-through under the overpass",
                "Sean Fitzgerald",
                FIRE,
                138,
                -125,
                (("done", 126),),
                "high",
            ),
            Task(
                "Needle sweep of the greenway path by the overpass",
                None,
                PARKS,
                90,
                -60,
                (("done", 62),),
            ),
            Task(
                "Get a named contact and a meeting at the state DOT district office",
                "Marcus Bell",
                DHS,
                100,
                -20,
                (("in_progress", 90), ("blocked", 50)),
                "high",
                description="The DOT says nothing happens before its spring "
                "inspection.",
            ),
            Task(
                "Transport to the warming centre on freezing nights",
                ("First Baptist Church of Harbor City", "Pastor"),
                "First Baptist Church of Harbor City",
                110,
                30,
                (("in_progress", 60),),
            ),
            Task(
                "Keep the overpass residents on the by-name list",
                "Jamal Carter",
                STREET_REACH,
                48,
                9,
            ),
            Task(
                "Tell the rowing club and the school what happens next",
                "Marcus Bell",
                DHS,
                48,
                20,
                priority="low",
            ),
        ),
        comments=(
            Comment(
                SEAN,
                126,
                """Two cooking fires against the bridge pier, no structural damage.
                Handed out two CO alarms and talked through safer heating.""",
                "Fire-risk walk-through under the overpass",
            ),
            Comment(
                MARCUS,
                50,
                """On hold: the land is state DOT right-of-way and the DOT will not
                agree access or a clean-up before its spring inspection. The people
                living there stay on Jamal's outreach route.""",
            ),
        ),
        status=("on_hold", 50),
    ),
    Story(
        coalition=OUTREACH,
        title="People living in vehicles in the Marina Boulevard lot",
        problem_type="Homelessness / encampment",
        lead=DHS,
        coordinator=MARCUS,
        opened=330,
        place=Place(
            "Marina Boulevard public lot",
            "900 Marina Boulevard, Harbor City",
            41.63297,
            -70.91952,
            "South 1",
        ),
        problem_statement="""
            Twenty to twenty-five cars and RVs park overnight in the Marina
            Boulevard lot with people living in them, several of them working
            families and veterans. Neighbours complain about waste and generators;
            the marina wants the lot back for boat trailers in summer. Tickets went
            up, but the vehicles just moved around the block.
        """,
        goals="""
            A safe-parking program with sanitation and case management, so that
            nobody is ticketed into losing their vehicle; the marina lot back by
            the boating season; veterans connected to VA vouchers.
        """,
        triangle={
            "victim": """Families and veterans living in their vehicles;
                neighbours.""",
            "place": """A free public lot with no restrooms, no overnight rules
                and no one in charge after 6 p.m.""",
            "guardian": "DHS case managers; First Baptist volunteers.",
            "manager": "Parks and Recreation (the marina lot).",
        },
        controllers={"manager_organization": PARKS},
        roles=(
            Role("partner", POLICE, started=320, note="Warnings instead of tickets"),
            Role("place_manager", PARKS, started=325),
            Role(
                "service_provider",
                "Harbor County Veterans Services",
                started=280,
            ),
            Role(
                "service_provider",
                "First Baptist Church of Harbor City",
                started=260,
                note="Hosts the safe-parking lot",
            ),
            Role(
                "observer",
                "Harbor Food Bank",
                started=240,
                note="Mobile pantry stop",
                ended=100,
            ),
        ),
        moves=(
            Move("analysis", 300, "Counts and interviews confirm 20+ vehicles."),
            Move("response", 250, "First Baptist offers its lot for safe parking."),
            Move(
                "assessment",
                60,
                "Safe parking has run six months; measuring against the baseline.",
            ),
        ),
        sara=(
            Sara(
                302,
                {
                    "scanning_problem": """20 to 25 lived-in vehicles a night; 48
                        complaints in three months.""",
                    "scanning_pattern": "Every night, growing since spring.",
                    "scanning_stakeholders": """The households in the vehicles,
                        neighbours, the marina, Parks, police, Veterans
                        Services.""",
                },
            ),
            Sara(
                252,
                {
                    "analysis_data": """Vehicle counts, interviews with 24
                        households (9 working, 5 veterans), tickets issued.""",
                    "analysis_triangle": """No manager at night and no legal place
                        to go: the place side again.""",
                    "analysis_causes": """Rents; a free lot with no rules; tickets
                        that lead to tows and the loss of the last shelter.""",
                    "analysis_current_response": """Ticketing moved people round
                        the block and deeper into debt.""",
                },
            ),
            Sara(
                240,
                {
                    "response_plan": """Safe parking at First Baptist, warnings
                        and referrals instead of tickets, VA vouchers.""",
                    "response_expected": "Marina lot clear by May.",
                    "response_obstacles": "Church insurance; restrooms.",
                },
            ),
            Sara(
                30,
                {
                    "assessment_measures": """Lived-in vehicles per night at the
                        marina (baseline 22); households housed; tickets and
                        complaints.""",
                    "assessment_result": """19 of 24 households off the marina
                        lot, 7 housed, 4 veterans with VA vouchers; the lot clear
                        on 22 of the last 30 nights.""",
                },
            ),
        ),
        responses=(
            Response(
                "safe_parking",
                "Safe-parking program in the First Baptist lot with restrooms and "
                "a case manager",
                "First Baptist Church of Harbor City",
                245,
                (("in_progress", 220),),
            ),
            Response(
                "warnings",
                "Warnings and referrals instead of tickets for a first offence",
                POLICE,
                245,
                (("in_progress", 230), ("done", 150)),
            ),
            Response(
                "vouchers",
                "VA housing vouchers for veterans living in vehicles",
                "Harbor County Veterans Services",
                240,
                (("in_progress", 200),),
            ),
        ),
        tasks=(
            Task(
                "Count vehicles in the marina lot twice a week",
                (PARKS, "Coordinator"),
                PARKS,
                320,
                -300,
                (("done", 302),),
            ),
            Task(
                "Safe-parking agreement with First Baptist",
                "Marcus Bell",
                DHS,
                245,
                -215,
                (("in_progress", 240), ("done", 218)),
                "high",
                "safe_parking",
                "Insurance, hours, restrooms, a case manager two evenings a week.",
            ),
            Task(
                "Veterans Services intake at the safe-parking lot",
                None,
                "Harbor County Veterans Services",
                230,
                -180,
                (("done", 185),),
                response="vouchers",
            ),
            Task(
                "Six-month vehicle counts for the assessment",
                (PARKS, "Coordinator"),
                PARKS,
                70,
                -10,
                (("in_progress", 40),),
            ),
            Task(
                "Compare tickets and calls before and after",
                ANALYST,
                POLICE,
                62,
                4,
                (("in_progress", 30),),
            ),
            Task(
                "Follow up with the three families still in vehicles",
                (DHS, "Case Manager"),
                DHS,
                55,
                8,
                (("in_progress", 35),),
                "high",
            ),
            Task(
                "Decide: close the case or keep monitoring through the summer",
                "Marcus Bell",
                DHS,
                20,
                30,
            ),
        ),
        comments=(
            Comment(
                MARCUS,
                58,
                """Safe parking has run six months: 19 of 24 households off the
                marina lot, 7 housed, 4 veterans with VA vouchers.""",
            ),
            Comment(
                MARCUS,
                25,
                "Parks says the lot was clear of overnight vehicles on 22 of the "
                "last 30 nights.",
                "Six-month vehicle counts for the assessment",
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # Eastgate Homes Safety Partnership
    # ------------------------------------------------------------------
    Story(
        coalition=EASTGATE,
        title="Retaliatory shootings around the Building C courtyard",
        problem_type="Gang violence",
        lead=POLICE,
        coordinator=DANA,
        opened=300,
        priority="urgent",
        place=Place(
            "Eastgate Homes, Building C courtyard",
            "1400 Eastgate Avenue, Building C, Harbor City",
            41.62851,
            -70.90503,
            "East 4",
        ),
        more_places=(
            Place(
                "Eastgate Avenue and 14th Street corner",
                "Eastgate Avenue at 14th Street, Harbor City",
                41.62917,
                -70.90381,
                "East 4",
                added=190,
            ),
        ),
        problem_statement="""
            Eleven shootings (four people hit, one killed) in and around the
            Building C courtyard in fourteen months, most of them retaliation
            between two groups of young men from Building C and the 14th Street
            blocks. Residents stopped using the courtyard and the playground;
            parents walk children to Eastgate Elementary the long way round.
            Officers used to enter only in pairs with back-up, and residents rarely
            call.
        """,
        goals="""
            No retaliatory shootings; residents using the courtyard and playground
            again; a police team assigned to Eastgate for at least three years that
            residents know by name; young people from both blocks in jobs or
            programs.
        """,
        triangle={
            "offender": """About 20 young men aged 16 to 24 in two groups; five or
                six drive most of the retaliation.""",
            "victim": """Group members themselves, their families and bystanders;
                children in the courtyard.""",
            "place": """An enclosed courtyard with broken lights, three unlocked
                stairwell doors and a line of sight to the 14th Street corner.""",
            "handler": """Peacekeepers Harbor violence interrupters (Andre
                Washington), families, probation for those on supervision.""",
            "guardian": """The Eastgate partnership officers, assigned long-term;
                Resident Council block captains.""",
            "manager": """Harbor City Housing Authority (Gloria Mensah, property
                manager).""",
        },
        controllers={
            "handler_person": "Andre Washington",
            "handler_organization": PEACEKEEPERS,
            "guardian_organization": COUNCIL,
            "manager_person": "Gloria Mensah",
            "manager_organization": HOUSING,
        },
        roles=(
            Role(
                "place_manager",
                HOUSING,
                "Gloria Mensah",
                note="Property manager, Eastgate Homes",
            ),
            Role(
                "handler",
                PEACEKEEPERS,
                "Andre Washington",
                started=290,
                note="Credible messenger; hospital-based intervention",
            ),
            Role(
                "guardian",
                COUNCIL,
                "Latoya Brooks",
                started=285,
                note="Resident Council president",
            ),
            Role(
                "handler",
                "Harbor County Probation Department",
                started=250,
                note="Young people on supervision",
                ended=110,
            ),
            Role(
                "service_provider",
                YOUTH,
                started=185,
                note="Summer jobs and late-night basketball",
            ),
        ),
        moves=(
            Move(
                "analysis",
                270,
                "Shootings mapped; Peacekeepers and the Resident Council at the table.",
            ),
            Move(
                "response",
                200,
                """The group audit shows this is about five or six young men and two
                blocks; everything else follows from that.""",
            ),
        ),
        sara=(
            Sara(
                272,
                {
                    "scanning_problem": """Eleven shootings in fourteen months, one
                        homicide; residents have stopped calling.""",
                    "scanning_pattern": """Evenings, 7 p.m. to midnight; clusters
                        of two or three within a week of each other.""",
                    "scanning_stakeholders": """Residents, the two groups and their
                        families; the Housing Authority, Peacekeepers, the Resident
                        Council, schools, the youth centre, probation.""",
                },
            ),
            Sara(
                205,
                {
                    "analysis_data": """Shooting reports, a group audit with
                        Peacekeepers, a residents' night walk, a survey of 140
                        households (22% feel safe in the courtyard).""",
                    "analysis_triangle": """Handlers are the key: the shooters
                        listen to the interrupters, not to the police. The place
                        lacks a working manager (lights, doors).""",
                    "analysis_causes": """A feud started over a social-media video;
                        each shooting starts the next one. Dark, open stairwells
                        give cover.""",
                    "analysis_current_response": """Saturation patrols after each
                        shooting; they stop when the overtime ends and residents
                        see them as outsiders.""",
                },
            ),
            Sara(
                180,
                {
                    "response_plan": """Violence interruption and hospital visits
                        (Peacekeepers), a long-term Eastgate team (police), lights
                        and door locks (Housing Authority), summer jobs (youth
                        centre).""",
                    "response_expected": """No retaliation after a shooting within
                        six months; courtyard use up in the next survey.""",
                    "response_obstacles": """Procurement for the locks; funding
                        for jobs beyond one summer; trust.""",
                },
            ),
        ),
        responses=(
            Response(
                "team",
                "Eastgate partnership team: officers assigned for three years, foot "
                "beats and resident meetings",
                POLICE,
                198,
                (("in_progress", 195),),
            ),
            Response(
                "interrupt",
                "Violence interruption and hospital-based intervention after every "
                "shooting",
                PEACEKEEPERS,
                195,
                (("in_progress", 190),),
            ),
            Response(
                "lighting",
                "Lighting upgrade and stairwell door locks in Building C",
                HOUSING,
                185,
                (("in_progress", 120),),
            ),
            Response(
                "jobs",
                "Summer youth jobs for young people from both blocks",
                YOUTH,
                180,
                (("in_progress", 140), ("done", 80)),
            ),
        ),
        tasks=(
            Task(
                "Map the eleven shootings and who was involved",
                (POLICE, "Detective"),
                POLICE,
                285,
                -265,
                (("done", 268),),
                "high",
            ),
            Task(
                "Group audit with Peacekeepers: who is in conflict with whom",
                "Andre Washington",
                PEACEKEEPERS,
                280,
                -250,
                (("in_progress", 270), ("done", 255)),
                "high",
            ),
            Task(
                "Residents' night safety walk of the courtyard",
                "Latoya Brooks",
                COUNCIL,
                275,
                -260,
                (("done", 262),),
            ),
            Task(
                "Foot-beat schedule so every resident meets the team",
                LIAISON,
                POLICE,
                190,
                -160,
                (("done", 165),),
                response="team",
            ),
            Task(
                "Replace the 14 broken courtyard lights",
                "Gloria Mensah",
                HOUSING,
                180,
                -40,
                (("in_progress", 120),),
                "high",
                "lighting",
                "9 of 14 replaced; the last five need a new circuit.",
            ),
            Task(
                "Fit self-closing locks on the three Building C stairwell doors",
                "Gloria Mensah",
                HOUSING,
                170,
                6,
                (("in_progress", 100), ("blocked", 60)),
                "high",
                "lighting",
                "Waiting on the locksmith contract.",
            ),
            Task(
                "Sign up 25 young people from both blocks for summer jobs",
                (YOUTH, "Outreach Worker"),
                YOUTH,
                175,
                -100,
                (("in_progress", 160), ("done", 110)),
                response="jobs",
            ),
            Task(
                "Hospital bedside visit within 24 hours of every shooting",
                "Andre Washington",
                PEACEKEEPERS,
                190,
                60,
                (("in_progress", 185),),
                "urgent",
                "interrupt",
            ),
            Task(
                "Monthly resident meeting with the Eastgate team",
                "Dana Okafor",
                POLICE,
                150,
                9,
                (("in_progress", 140),),
                response="team",
            ),
            Task(
                "Plan next summer's jobs program with the Workforce Board",
                None,
                YOUTH,
                40,
                45,
                response="jobs",
            ),
            Task(
                "Repair the courtyard playground and hold a reopening day",
                "Gloria Mensah",
                HOUSING,
                35,
                20,
            ),
            Task(
                "Repeat the residents' safety survey",
                "Latoya Brooks",
                COUNCIL,
                30,
                25,
                description="Same 140 households as the baseline.",
            ),
            Task(
                "Camera at the 14th Street corner: cost and privacy review",
                "Gloria Mensah",
                HOUSING,
                25,
                -2,
                priority="low",
            ),
            Task(
                "Review the two shootings since August with Peacekeepers",
                "Dana Okafor",
                POLICE,
                12,
                2,
                priority="urgent",
            ),
        ),
        comments=(
            Comment(
                DANA,
                110,
                """Probation's juvenile caseload moved to the county's new east-side
                unit; they stay in touch through Andre.""",
            ),
            Comment(
                GLORIA,
                60,
                """The locksmith contract is stuck in procurement. I've asked the
                director to expedite.""",
                "Fit self-closing locks on the three Building C stairwell doors",
            ),
            Comment(
                DANA,
                14,
                """Two shootings since August, nobody hit. Andre's team reached both
                groups within a day and there was no retaliation.""",
            ),
        ),
    ),
    Story(
        coalition=EASTGATE,
        title="Drug sales in the Building F parking lot and stairwell",
        problem_type="Drug market",
        lead=POLICE,
        coordinator=DANA,
        opened=95,
        priority="high",
        visibility="participants",
        place=Place(
            "Eastgate Homes, Building F rear lot",
            "1400 Eastgate Avenue, Building F, Harbor City",
            41.62788,
            -70.90617,
            "East 4",
        ),
        problem_statement="""
            Building F residents report hand-to-hand sales in the rear parking lot
            and the north stairwell from mid-afternoon to late evening, and used
            needles in the stairwell. 46 calls in six months, most anonymous; two
            vacant third-floor units appear to be used by buyers. The Resident
            Council says people have stopped using the rear entrance.
        """,
        goals="""
            Close the vacant units, make the stairwell and the lot unattractive for
            dealing, and offer treatment to the people buying, not another round of
            arrests that the market replaces in a week.
        """,
        triangle={
            "offender": """A few sellers from outside Eastgate using one unit as a
                base; buyers from across the east side.""",
            "victim": "Building F residents; children using the stairwell.",
            "place": """A rear lot with no sight lines from the street, an unlocked
                north stairwell and two vacant units.""",
            "handler": "Probation (two sellers are on supervision).",
            "guardian": "Resident Council block captains; the Eastgate team.",
            "manager": "Housing Authority (vacant units, locks, towing).",
        },
        controllers={
            "manager_person": "Gloria Mensah",
            "manager_organization": HOUSING,
        },
        roles=(
            Role("place_manager", HOUSING, "Gloria Mensah"),
            Role("guardian", COUNCIL, started=90),
            Role(
                "partner",
                "Harbor County District Attorney's Office",
                started=40,
                note="Community prosecution; nuisance abatement",
            ),
            Role(
                "service_provider",
                HEALTH_DEPT,
                started=30,
                note="Syringe pick-up, naloxone, treatment referrals",
            ),
            Role(
                "partner",
                ZONING,
                started=25,
                note="Code inspection of the stairwell and vacant units",
            ),
        ),
        moves=(
            Move(
                "analysis",
                60,
                "Calls and resident reports confirm a fixed market at Building F.",
            ),
        ),
        sara=(
            Sara(
                62,
                {
                    "scanning_problem": """46 calls in six months, needles in the
                        stairwell, residents avoiding the rear entrance.""",
                    "scanning_pattern": "Daily, 3 to 10 p.m.; worst on paydays.",
                    "scanning_stakeholders": """Building F residents; the Housing
                        Authority, Resident Council, DA, Health Department.""",
                },
            ),
            Sara(
                15,
                {
                    "analysis_data": """Calls and arrests by hour, confidential
                        resident interviews, the vacancy list.""",
                },
            ),
        ),
        tasks=(
            Task(
                "Plot six months of calls and arrests around Building F by hour",
                ANALYST,
                POLICE,
                85,
                -62,
                (("done", 64),),
            ),
            Task(
                "Inspect and secure the two vacant third-floor units",
                "Gloria Mensah",
                HOUSING,
                55,
                -9,
                (("in_progress", 30),),
                "urgent",
            ),
            Task(
                "Code inspection of the Building F north stairwell",
                "Priya Raman",
                ZONING,
                24,
                -4,
                priority="high",
                description="Lighting, door closers, the broken rear door.",
            ),
            Task(
                "Syringe pick-up and a naloxone cabinet in the stairwell",
                None,
                HEALTH_DEPT,
                28,
                5,
                (("in_progress", 20),),
            ),
            Task(
                "Confidential resident interviews about the lot",
                "Latoya Brooks",
                COUNCIL,
                40,
                3,
                (("in_progress", 25),),
            ),
            Task(
                "Nuisance abatement options for the unit used as a base",
                ("Harbor County District Attorney's Office", "Program Manager"),
                "Harbor County District Attorney's Office",
                38,
                14,
            ),
            Task(
                "Tow the abandoned cars from the rear lot",
                "Gloria Mensah",
                HOUSING,
                20,
                10,
            ),
            Task(
                "Observation from the Building E roof on two afternoons",
                "Dana Okafor",
                POLICE,
                18,
                6,
            ),
        ),
        comments=(
            Comment(
                DANA,
                60,
                "Visible to participants only: the analysis includes informant "
                "reports.",
            ),
            Comment(
                GLORIA,
                12,
                """Unit 3F-2 is secured. 3F-4 has a tenant of record; we need the
                lease file before we can enter.""",
                "Inspect and secure the two vacant third-floor units",
            ),
        ),
    ),
    Story(
        coalition=EASTGATE,
        title="After-school fights at the Eastgate Avenue bus stop",
        problem_type="Youth",
        lead="Jefferson High School",
        coordinator=DANA,
        opened=21,
        place=Place(
            "Eastgate Avenue and 14th Street bus stop",
            "Eastgate Avenue at 14th Street, Harbor City",
            41.62921,
            -70.90372,
            "East 4",
        ),
        problem_statement="""
            Fights among Jefferson High students at the Eastgate Avenue bus stop
            between 2:45 and 3:30 p.m., several filmed and posted online; 14 calls
            since school started. Younger children from Eastgate Elementary pass
            the same stop.
        """,
        goals="""
            Understand who is fighting and why, and agree a safe-passage plan with
            the school before the next term.
        """,
        triangle={
            "offender": "A few groups of 14- to 16-year-olds; fights filmed.",
            "victim": "Students waiting for the bus; younger children passing.",
            "place": "One bus stop serving 600 students in 40 minutes.",
            "guardian": "School staff until the gate; nobody at the stop.",
            "manager": "Harbor Transit Authority (the stop and the schedule).",
        },
        controllers={"manager_organization": "Harbor Transit Authority"},
        roles=(
            Role("partner", POLICE),
            Role("partner", YOUTH, started=19),
            Role(
                "place_manager",
                "Harbor Transit Authority",
                started=16,
                note="The stop and the 3:05 bus",
            ),
            Role(
                "partner",
                HOUSING,
                "Gloria Mensah",
                started=15,
                note="Building A cameras face the stop",
            ),
            Role(
                "guardian",
                PEACEKEEPERS,
                "Andre Washington",
                started=11,
                note="Safe-passage volunteers",
            ),
        ),
        sara=(
            Sara(
                5,
                {
                    "scanning_problem": """14 calls since September; fights posted
                        online.""",
                    "scanning_pattern": "School days, 2:45 to 3:30 p.m.",
                },
            ),
        ),
        tasks=(
            Task(
                "Pull the calls and school incident reports since September",
                ("Jefferson High School", "School Resource Coordinator"),
                "Jefferson High School",
                18,
                2,
                (("in_progress", 10),),
            ),
            Task(
                "Watch the stop on three school days, 2:30 to 4 p.m.",
                LIAISON,
                POLICE,
                17,
                6,
            ),
            Task(
                "Youth centre focus group: ask the students what is going on",
                (YOUTH, "Outreach Worker"),
                YOUTH,
                15,
                12,
            ),
            Task(
                "Check whether the Building A camera covers the stop",
                "Gloria Mensah",
                HOUSING,
                14,
                -2,
            ),
            Task(
                "Could a second 3:05 bus take the crowd?",
                None,
                "Harbor Transit Authority",
                12,
                20,
            ),
            Task(
                "Safe-passage volunteers: who could stand at the stop",
                "Andre Washington",
                PEACEKEEPERS,
                10,
                9,
            ),
        ),
        comments=(
            Comment(
                DANA,
                7,
                "Jefferson leads this one; the Eastgate team supports.",
            ),
        ),
    ),
]
