"""What someone asked for after `/balance tip`: a level (or "manager"), a topic, or neither.

Entry point: ``parse_tip_request(text) -> TipRequest``. Words may come in any order, either
language, any case, with or without accents, with small typos ("boundries", "estres"). When the
words name no topic Balance Bot knows, ``unknown`` keeps them so the reply can say so and list
the topics instead of giving an unrelated tip. Words of crisis set ``crisis``: the reply is then
the "where to get help" entry, never a tip.

When several topics are named, the first one wins ("lunch and then sleep" → breaks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.features.tips.lexicon import SYNONYMS
from bot.features.tips.words import Words
from content import TOPICS, Audience, Topic, normalize

CRISIS = "@crisis"
_TOPIC = "@topic:"
_LEVEL = "@level:"

# Words people type, per topic (normalized: lower case, no accents). Phrases match first.
# fmt: off
TOPIC_WORDS: dict[Topic, tuple[str, ...]] = {
    "boundaries": (
        "boundaries", "boundary", "limits", "limit", "after hours", "disconnect", "say no",
        "saying no", "clock out", "leave on time", "switch off", "off the clock", "limites",
        "limite", "desconectar", "desconectarme", "decir que no", "salir a tiempo",
        "fuera de horario", "on time", "go home", "leave work", "a tiempo", "irme a casa",
        "salir del trabajo",
    ),
    "priorities": (
        "priorities", "priority", "prioritize", "prioritise", "eisenhower", "urgent",
        "time management", "paperwork", "workload", "organize", "organise", "organized",
        "to do list", "todo list", "checklist", "multitasking", "multitask", "focus",
        "interruptions", "prior auth", "prior auths", "prior authorization", "insurance",
        "claims", "billing", "admin", "prioridades", "prioridad", "priorizar", "urgente",
        "papeleo", "organizar", "organizarme", "organizacion", "pendientes", "interrupciones",
        "autorizaciones", "autorizacion previa", "seguros", "facturacion", "carga de trabajo",
        "too much work", "so much work", "overloaded", "demasiado trabajo", "mucho trabajo",
        "sobrecarga",
    ),
    "technology": (
        "tech", "technology", "software", "automation", "automate", "tools", "ehr", "emr",
        "templates", "shortcuts", "email", "computer", "telehealth", "video visits",
        "tecnologia", "automatizacion", "automatizar", "herramientas", "plantillas", "atajos",
        "sistema", "computadora", "correo", "telemedicina", "teleconsulta",
    ),
    "breaks": (
        "breaks", "break", "lunch", "pause", "stretch", "stretching", "water", "eyes",
        "microbreak", "descanso", "descansos", "pausa", "pausas", "almuerzo", "estirar",
        "estiramientos", "agua", "ojos", "hydration", "drink water", "posture", "back pain",
        "neck", "hidratacion", "tomar agua", "postura", "espalda", "cuello",
    ),
    "time-off": (
        "time off", "timeoff", "pto", "vacation", "vacations", "holiday", "holidays",
        "on leave", "day off", "days off", "sick day", "vacaciones", "tiempo libre",
        "dia libre", "dias libres", "licencia", "feriado", "permiso",
    ),
    "team": (
        "team", "teamwork", "coworkers", "coworker", "colleagues", "colleague", "supervisor",
        "boss", "delegate", "delegating", "delegation", "communication", "communicate",
        "mentor", "mentoring", "new hire", "new hires", "onboarding", "lead", "leading",
        "leadership", "example", "handoff", "cover", "coverage", "huddle", "provider",
        "providers", "doctor", "doctors", "difficult provider", "equipo", "companeros",
        "companero", "companera", "jefe", "jefa", "delegar", "comunicacion", "mentoria",
        "liderazgo", "liderar", "ejemplo", "cubrir", "cobertura", "reunion", "medicos",
        "doctora", "nuevo ingreso", "persona nueva", "recien llegado", "leader", "leaders",
        "lider", "conflict", "conflicto", "training a new hire", "train a new hire",
        "training new staff", "train someone", "onboard", "capacitar a alguien",
    ),
    "self-care": (
        "self care", "selfcare", "exercise", "sleep", "meditation", "meditate", "hobby",
        "breathing", "breathe", "relax", "relaxation", "rest", "autocuidado", "ejercicio",
        "dormir", "sueno", "meditacion", "meditar", "respiracion", "respirar", "relajarme",
        "relajacion", "descansar", "pasatiempo", "mental health", "salud mental",
    ),
    "growth": (
        "growth", "career", "training", "learning", "learn", "development", "course",
        "courses", "certification", "promotion", "skills", "study", "crecimiento", "carrera",
        "capacitacion", "aprender", "aprendizaje", "formacion", "curso", "cursos",
        "certificacion", "ascenso", "habilidades", "estudiar", "raise", "pay raise",
        "aumento", "review", "evaluacion",
    ),
    "stress": (
        "stress", "stressed", "burnout", "burned out", "burnt out", "tired", "phones",
        "phone calls", "calls", "waiting room", "llamadas", "telefonos", "sala de espera",
        "quemada", "quemado", "overwhelmed", "anxiety",
        "anxious", "pressure", "busy", "chaos", "rush", "mistakes", "calm", "estres",
        "estresado", "estresada", "agotamiento", "cansancio", "cansado", "cansada", "agobio",
        "agobiada", "agobiado", "ansiedad", "presion", "caos", "errores", "calma", "nervios",
    ),
    "emotional-labor": (
        "emotional labor", "emotional labour", "emotional", "emotions", "patients", "patient",
        "compassion", "empathy", "upset patients", "angry patients", "rude patients",
        "difficult patients", "angry", "rude", "grief", "bad news", "confidentiality",
        "emocional", "emociones", "pacientes", "paciente", "compasion", "empatia",
        "carga emocional", "groseros", "enojados", "duelo", "malas noticias",
        "confidencialidad",
    ),
    "irregular-hours": (
        "irregular", "irregular hours", "weekend", "weekends", "night", "nights", "shifts",
        "schedule", "overtime", "early shift", "late shift", "horario", "horarios", "turnos",
        "fin de semana", "fines de semana", "noche", "noches", "horas extra",
        "horarios irregulares",
    ),
    "why-balance": (
        "why balance", "balance", "why", "work life balance", "work life", "equilibrio",
        "por que", "vida laboral", "vida personal", "family", "kids", "motivation",
        "familia", "hijos", "motivacion",
    ),
}
LEVEL_WORDS: dict[Audience, tuple[str, ...]] = {
    "entry": (
        "entry", "entry level", "junior", "beginner", "just started", "new job", "first job",
        "first week", "inicial", "principiante", "recien empiezo", "soy nueva", "soy nuevo",
        "primer trabajo", "primera semana",
    ),
    "mid": ("mid", "mid level", "intermediate", "intermedio", "intermedia"),
    "senior": ("senior", "senior level", "experienced", "experimentado", "experimentada"),
    "manager": (
        "manager", "managers", "practice manager", "office manager", "gerente", "gerentes",
        "gerencia",
    ),
}
# fmt: on
_FILLER = (
    "tip",
    "tips",
    "consejo",
    "consejos",
    "about",
    "on",
    "for",
    "with",
    "please",
    "give",
    "another",
    "some",
    "sobre",
    "de",
    "para",
    "con",
    "por favor",
    "dame",
    "otro",
    "un",
)  # fmt: skip


@dataclass(frozen=True)
class TipRequest:
    level: Audience | None = None
    topic: Topic | None = None
    unknown: str | None = None
    crisis: bool = False


@cache
def _words() -> Words:
    """Built on first use, not at import, so the bot starts as fast as before."""
    table: dict[str, tuple[str, ...]] = {
        "@filler": _FILLER,
        CRISIS: SYNONYMS[CRISIS],
        **{f"{_LEVEL}{level}": words for level, words in LEVEL_WORDS.items()},
        **{f"{_TOPIC}{topic}": words for topic, words in TOPIC_WORDS.items()},
        # Topic ids typed as-is ("time-off", "self-care").
        **{f"{_TOPIC}{topic}-id": (normalize(topic),) for topic in TOPICS},
    }
    return Words(table, vocabulary=())


def parse_tip_request(text: str) -> TipRequest:
    """The level, topic and leftover words in what followed `/balance tip`."""
    level: Audience | None = None
    topic: Topic | None = None
    rest: list[str] = []
    crisis = False
    for token in _words().tokens(text):
        word = token.text
        if word == CRISIS:
            crisis = True
        elif word.startswith(_LEVEL):
            level = level or _audience(word.removeprefix(_LEVEL))
        elif word.startswith(_TOPIC):
            topic = topic or _topic(word.removeprefix(_TOPIC).removesuffix("-id"))
        else:
            rest.append(word)
    unknown = " ".join(rest) if rest and topic is None else None
    return TipRequest(level, topic, unknown, crisis)


def match_topic(text: str) -> Topic | None:
    """The topic meant by free text, or ``None`` when it names none."""
    return parse_tip_request(text).topic


def _audience(word: str) -> Audience | None:
    return next((level for level in LEVEL_WORDS if level == word), None)


def _topic(word: str) -> Topic | None:
    return next((topic for topic in TOPICS if topic == word), None)
