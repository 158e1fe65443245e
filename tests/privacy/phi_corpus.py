"""Synthetic corpora for the PHI screen: patient details a member might paste into a comment,
and ordinary workplace comments that must pass. Seeded, so every run sees the same strings.

All names, numbers and addresses are made up.
"""

from __future__ import annotations

import random

FIRST = [
    "John",
    "Maria",
    "Robert",
    "Linda",
    "James",
    "Rosa",
    "Michael",
    "Guadalupe",
    "David",
    "Jennifer",
    "Carlos",
    "Patricia",
    "William",
    "Elena",
    "Thomas",
    "Nancy",
    "Luis",
    "Barbara",
    "Jose",
    "Susan",
    "Kevin",
    "Ana",
    "Daniel",
    "Karen",
    "Miguel",
    "Betty",
]
LAST = [
    "Smith",
    "Garcia",
    "Johnson",
    "Martinez",
    "Williams",
    "Rodriguez",
    "Brown",
    "Lopez",
    "Jones",
    "Hernandez",
    "Miller",
    "Gonzalez",
    "Davis",
    "Perez",
    "Wilson",
    "Sanchez",
    "Anderson",
    "Ramirez",
    "Thomas",
    "Torres",
    "Nguyen",
    "Flores",
    "Lee",
    "Rivera",
    "Kim",
]
MONTHS = [
    "January",
    "Feb",
    "March",
    "Apr",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "October",
    "Nov",
    "December",
]
MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
STREETS = ["Oak", "Maple", "Main", "Elm", "Cedar", "Lakeview", "Washington", "Pine Hill"]
SUFFIXES = ["St", "Street", "Ave", "Avenue", "Rd", "Drive", "Lane", "Blvd", "Ct", "Way"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"]

# Sentences a member might write around patient details (the slot is {x}).
PHI_FRAMES = [
    "{x}",
    "I stayed late because {x} needed a callback.",
    "Had to redo the forms for {x} three times.",
    "Billing mix-up again: {x}",
    "Can someone follow up on {x}? I ran out of time.",
    "{x} was really upset at check-in today.",
    "Spent an hour on the phone about {x}.",
    "Insurance kept rejecting {x} and I missed lunch.",
    "Note for Monday: {x}",
    "Tuve que quedarme tarde por {x}.",
    "Llamaron tres veces por {x}, no pude tomar mi pausa.",
    "Pendiente para el lunes: {x}",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _ssn(rng: random.Random) -> str:
    area = rng.choice([rng.randint(1, 665), rng.randint(667, 899)])
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    sep = rng.choice(["-", "-", " ", "."])
    forms = [
        f"{area:03d}{sep}{group:02d}{sep}{serial:04d}",
        f"SSN {area:03d}{group:02d}{serial:04d}",
        f"social security number {area:03d}-{group:02d}-{serial:04d}",
        f"ssn: {area:03d} {group:02d} {serial:04d}",
        f"SS# {area:03d}-{group:02d}-{serial:04d}",
        f"seguro social {area:03d}-{group:02d}-{serial:04d}",
        f"SSN last 4 {serial:04d}",
        f"her social is {area:03d}{group:02d}{serial:04d}",
    ]
    return rng.choice(forms)


def _date(rng: random.Random, *, spanish: bool = False) -> str:
    y, m, d = rng.randint(1930, 2014), rng.randint(1, 12), rng.randint(1, 28)
    forms = [
        f"{m}/{d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}-{d}-{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{MONTHS[m - 1]} {d}, {y}",
        f"{d} {MONTHS[m - 1]} {y}",
        f"{m}/{d}/{y % 100:02d}",
        f"{m}.{d}.{y}",
    ]
    if spanish:
        forms += [f"{d} de {MESES[m - 1]} de {y}", f"{d}/{m}/{y}"]
    return rng.choice(forms)


def _dob(rng: random.Random) -> str:
    label = rng.choice(
        [
            "DOB",
            "dob",
            "D.O.B.",
            "date of birth",
            "birthdate",
            "born",
            "born on",
            "Fecha de nacimiento",
            "nacido el",
            "DOB:",
            "b-day",
        ]
    )
    date = _date(rng, spanish="nac" in label.lower() or "fecha" in label.lower())
    return rng.choice(
        [
            f"{label} {date}",
            f"{_name(rng)}, {label} {date}",
            f"{_name(rng)} ({date})",
            f"the one born {date}",
        ]
    )


def _mrn(rng: random.Random) -> str:
    value = rng.choice(
        [
            _digits(rng, rng.randint(5, 10)),
            f"{rng.choice('ABCDEFGHKMPRT')}{_digits(rng, rng.randint(5, 8))}",
            f"{_digits(rng, 3)}-{_digits(rng, 4)}",
        ]
    )
    label = rng.choice(
        [
            "MRN",
            "mrn",
            "MRN#",
            "MRN:",
            "medical record number",
            "chart #",
            "chart number",
            "chart",
            "record #",
            "patient ID",
            "pt id",
            "acct #",
            "account number",
            "expediente",
            "número de expediente",
            "historia clínica",
        ]
    )
    return f"{label} {value}"


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(201, 989), rng.randint(200, 999), _digits(rng, 4)
    forms = [
        f"({a}) {b}-{c}",
        f"{a}-{b}-{c}",
        f"{a}.{b}.{c}",
        f"{a} {b} {c}",
        f"+1 {a} {b} {c}",
        f"1-{a}-{b}-{c}",
        f"{a}{b}{c}",
        f"call her back at {b}-{c}",
        f"+52 55 {_digits(rng, 4)} {_digits(rng, 4)}",
        f"su celular es {a}-{b}-{c}",
        f"his cell {a}-{b}-{c}",
    ]
    return rng.choice(forms)


def _email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
    user = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}{rng.randint(1, 99)}",
            f"{first}_{last}",
            f"{last}{first[0]}",
        ]
    )
    return rng.choice(
        [
            f"{user}@{rng.choice(DOMAINS)}",
            f"email {user}@{rng.choice(DOMAINS)}",
            f"{user} @ {rng.choice(DOMAINS)}",
        ]
    )


def _patient(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    forms = [
        f"patient {first} {last}",
        f"Patient {last}",
        f"the patient, {first} {last},",
        f"pt {last}",
        f"Pt. {first} {last}",
        f"Mrs. {last}",
        f"Mr. {last}",
        f"Ms {last}",
        f"patient named {first.lower()}",
        f"a patient whose name is {first}",
        f"patient {first[0]}.{last[0]}.",
        f"la paciente {first} {last}",
        f"el paciente {last}",
        f"la señora {last}",
        f"Sra. {last}",
        f"un paciente llamado {first}",
        f"patient {first}",
    ]
    return rng.choice(forms)


def _insurance(rng: random.Random) -> str:
    mbi = f"{rng.randint(1, 9)}EG{rng.randint(1, 9)}-TE{rng.randint(1, 9)}-MK{_digits(rng, 2)}"
    forms = [
        f"member ID {rng.choice('XYZW')}{rng.choice('JKH')}{_digits(rng, 9)}",
        f"Medicare {mbi}",
        f"policy number {_digits(rng, 3)}-{_digits(rng, 6)}",
        f"insurance ID W{_digits(rng, 8)}",
        f"subscriber # {_digits(rng, 9)}",
        f"póliza {_digits(rng, 8)}",
        f"group number GRP{_digits(rng, 5)}",
    ]
    return rng.choice(forms)


def _address(rng: random.Random) -> str:
    n = rng.randint(1, 9999)
    return rng.choice(
        [
            f"{n} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}",
            f"lives at {n} N {rng.choice(STREETS)} {rng.choice(SUFFIXES)}",
            f"calle {rng.choice(['Hidalgo', 'Juárez', 'Morelos'])} {n}",
        ]
    )


def _card(rng: random.Random) -> str:
    return rng.choice(
        [
            f"card {' '.join(_digits(rng, 4) for _ in range(4))}",
            f"account {_digits(rng, 12)}",
            f"ref {_digits(rng, 9)}",
        ]
    )


KINDS = [_ssn, _dob, _mrn, _phone, _email, _patient, _insurance, _address, _card]


def phi_corpus(n: int = 600, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    out: dict[str, None] = {}  # distinct, in order
    while len(out) < n:
        for make in KINDS:
            out[rng.choice(PHI_FRAMES).format(x=make(rng))] = None
    return list(out)[:n]


# Ordinary things a front-desk team says about its week; fills include numbers, times, dates,
# extensions, colleagues' first names and the word "patient" used in general.
ORDINARY_FRAMES = [
    "We had {n} patients on {day} and only {k} of us at the desk.",
    "Phones were ringing non-stop, maybe {n} calls before lunch.",
    "I didn't get my {m}-minute break until {time}.",
    "Lunch at {time} would help, I keep eating at my desk.",
    "{coworker} covered for me so I could take a break, thank you!",
    "Thanks {coworker} for staying late on {day}.",
    "The patient portal was down for {m} minutes on {day}.",
    "Patient flow was smoother after {time} once {coworker} came in.",
    "New patients paperwork takes too long, about {m} minutes each.",
    "Too many patient complaints about wait times this week.",
    "Dr. {doctor} ran {m} minutes behind all afternoon.",
    "Dr. {doctor}'s schedule was double-booked on {day}.",
    "Shifts {shift} all week felt long.",
    "Could we rotate the phones every {m} minutes?",
    "The fax machine jammed {k} times on {day}.",
    "Insurance verification is eating up {n}% of my day.",
    "Please fix the printer in room {k}.",
    "Call ext. {ext} when the desk needs backup.",
    "The new scheduling template starts {date}.",
    "We're closed {date}, can we plan coverage before then?",
    "I'm off on {date}, {coworker} is covering.",
    "Team huddle at {time} helped a lot.",
    "I answered emails after {time} again, not great.",
    "Training on the new EHR was on my own time, {k} hours.",
    "More staff on {day}s please, it's always {n}+ patients.",
    "Break room fridge needs cleaning.",
    "Good week overall, felt supported.",
    "Hard week. Stayed until {time} twice.",
    "Could managers help with check-in when the line is over {k} people?",
    "Schedule changed {k} times this week, hard to plan childcare.",
    "The waiting room was full by {time}.",
    "Overtime: about {k} hours this week.",
    "Patients were kind this week, it helped.",
    "Walk-ins doubled, {n} on {day} alone.",
    "Billing questions took {m} minutes per call on average.",
    "We need a second person on phones between {time} and {time2}.",
    "Our Q{k} numbers look better, {n}% fewer no-shows.",
    "The 2026-27 budget should include another MOA.",
    "Half-day on {date} would be amazing.",
    "Semana pesada, atendimos {n} pacientes el {dia}.",
    "Gracias a {coworker} por cubrirme el {dia}.",
    "No pude tomar mi pausa de {m} minutos hasta las {time}.",
    "El portal de pacientes falló {k} veces esta semana.",
    "Necesitamos alguien más en los teléfonos de {time} a {time2}.",
    "Me quedé hasta las {time} dos días.",
    "El turno de {shift} se siente muy largo.",
    "Buena semana, el equipo se apoyó mucho.",
    "Demasiadas llamadas de seguros, como {n} al día.",
    "La capacitación del sistema fue en mi tiempo libre.",
    "Estamos cerrados el {date}, ¿quién cubre?",
    "Room {k} printer is out of toner again.",
    "Version {k}.{m} of the EHR logs us out every {m} minutes.",
    "Fewer interruptions from the back office would help.",
    "I liked the {m}-minute stretch break idea.",
    "Can we get a headset for desk {k}?",
    "We hit {n} calls on hold at one point on {day}.",
    "Rush hour is {time}-{time2}, we need coverage then.",
    "Parking lot construction made everyone late {k} days.",
    "I worked {k} Saturdays in a row.",
    "Text reminders cut no-shows by {n}%.",
]
COWORKERS = ["Ana", "Ben", "Maria", "Tasha", "Luis", "Priya", "Jen", "Omar", "Kim", "Rosa"]
DOCTORS = ["Patel", "Nguyen", "Okafor", "Reyes", "Chen", "Ahmed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
DIAS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado"]


def _time(rng: random.Random) -> str:
    h, mm = rng.randint(7, 19), rng.choice([0, 15, 30, 45])
    return rng.choice(
        [
            f"{h}:{mm:02d}",
            f"{(h - 1) % 12 + 1}:{mm:02d} pm" if h > 12 else f"{h}:{mm:02d} am",
            f"{(h - 1) % 12 + 1}{'pm' if h >= 12 else 'am'}",
            f"{h:02d}{mm:02d}",
            f"{h}:{mm:02d}",
        ]
    )


def _shift(rng: random.Random) -> str:
    a, b = rng.randint(6, 9), rng.randint(15, 19)
    return rng.choice(
        [
            f"{a}-{b - 12}",
            f"{a}:30-{b}:00",
            f"0{a}00-{b}00",
            f"{a}am to {b - 12}pm",
            f"{a}:00 to {b}:30",
        ]
    )


def _when(rng: random.Random) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [
            f"{m}/{d}",
            f"{MONTHS[m - 1]} {d}",
            f"{m}/{d}/2026",
            f"2026-{m:02d}-{d:02d}",
            f"{MONTHS[m - 1]} {d}, 2027",
            f"{d}/{m}",
        ]
    )


def ordinary_corpus(n: int = 600, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: dict[str, None] = {}  # distinct, in order
    turn = 0
    while len(out) < n:
        frame = ORDINARY_FRAMES[turn % len(ORDINARY_FRAMES)]
        turn += 1
        out.setdefault(
            frame.format(
                n=rng.randint(8, 140),
                k=rng.randint(2, 9),
                m=rng.choice([5, 10, 15, 20, 30, 45]),
                day=rng.choice(DAYS),
                dia=rng.choice(DIAS),
                time=_time(rng),
                time2=_time(rng),
                coworker=rng.choice(COWORKERS),
                doctor=rng.choice(DOCTORS),
                shift=_shift(rng),
                ext=rng.randint(100, 499),
                date=_when(rng),
            )
        )
    return list(out)
