"""Pure tip rules: which topic someone meant, which tip to show next, the tip of the day.

No I/O and no clock: the caller passes what was seen, a ``random.Random`` and the local date.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date

from content import TOPICS, Catalog, Level, Tip, Topic, normalize

# Words people type, mapped to topics. Keys are normalized (lower case, no accents), so
# "Límites", "LIMITES" and "limites" all match "limites". Multi-word keys match as phrases.
TOPIC_WORDS: dict[str, Topic] = {
    # boundaries
    "boundaries": "boundaries",
    "boundary": "boundaries",
    "limits": "boundaries",
    "limit": "boundaries",
    "after hours": "boundaries",
    "disconnect": "boundaries",
    "limites": "boundaries",
    "limite": "boundaries",
    "desconectar": "boundaries",
    # priorities
    "priorities": "priorities",
    "priority": "priorities",
    "prioritize": "priorities",
    "prioritise": "priorities",
    "eisenhower": "priorities",
    "urgent": "priorities",
    "time management": "priorities",
    "paperwork": "priorities",
    "workload": "priorities",
    "prioridades": "priorities",
    "prioridad": "priorities",
    "priorizar": "priorities",
    "urgente": "priorities",
    "papeleo": "priorities",
    # technology
    "tech": "technology",
    "technology": "technology",
    "software": "technology",
    "automation": "technology",
    "automate": "technology",
    "tools": "technology",
    "tecnologia": "technology",
    "automatizacion": "technology",
    "automatizar": "technology",
    "herramientas": "technology",
    # breaks
    "breaks": "breaks",
    "break": "breaks",
    "lunch": "breaks",
    "pause": "breaks",
    "descanso": "breaks",
    "descansos": "breaks",
    "pausa": "breaks",
    "pausas": "breaks",
    "almuerzo": "breaks",
    # time off
    "time off": "time-off",
    "timeoff": "time-off",
    "pto": "time-off",
    "vacation": "time-off",
    "vacations": "time-off",
    "holiday": "time-off",
    "holidays": "time-off",
    "on leave": "time-off",
    "day off": "time-off",
    "vacaciones": "time-off",
    "tiempo libre": "time-off",
    "dia libre": "time-off",
    "dias libres": "time-off",
    "licencia": "time-off",
    "feriado": "time-off",
    # team
    "team": "team",
    "coworkers": "team",
    "coworker": "team",
    "colleagues": "team",
    "manager": "team",
    "supervisor": "team",
    "delegate": "team",
    "delegation": "team",
    "communication": "team",
    "equipo": "team",
    "companeros": "team",
    "companero": "team",
    "jefe": "team",
    "delegar": "team",
    "comunicacion": "team",
    # self-care
    "self care": "self-care",
    "selfcare": "self-care",
    "exercise": "self-care",
    "sleep": "self-care",
    "meditation": "self-care",
    "hobby": "self-care",
    "autocuidado": "self-care",
    "ejercicio": "self-care",
    "dormir": "self-care",
    "sueno": "self-care",
    "meditacion": "self-care",
    # growth
    "growth": "growth",
    "career": "growth",
    "training": "growth",
    "learning": "growth",
    "learn": "growth",
    "development": "growth",
    "crecimiento": "growth",
    "carrera": "growth",
    "capacitacion": "growth",
    "aprender": "growth",
    "aprendizaje": "growth",
    "formacion": "growth",
    # stress
    "stress": "stress",
    "stressed": "stress",
    "burnout": "stress",
    "tired": "stress",
    "overwhelmed": "stress",
    "anxiety": "stress",
    "estres": "stress",
    "estresado": "stress",
    "estresada": "stress",
    "agotamiento": "stress",
    "cansancio": "stress",
    "cansado": "stress",
    "cansada": "stress",
    "agobio": "stress",
    # emotional labor
    "emotional labor": "emotional-labor",
    "emotional labour": "emotional-labor",
    "emotional": "emotional-labor",
    "patients": "emotional-labor",
    "patient": "emotional-labor",
    "compassion": "emotional-labor",
    "empathy": "emotional-labor",
    "emocional": "emotional-labor",
    "emociones": "emotional-labor",
    "pacientes": "emotional-labor",
    "paciente": "emotional-labor",
    "compasion": "emotional-labor",
    "empatia": "emotional-labor",
    # irregular hours
    "irregular": "irregular-hours",
    "irregular hours": "irregular-hours",
    "weekend": "irregular-hours",
    "weekends": "irregular-hours",
    "night": "irregular-hours",
    "nights": "irregular-hours",
    "shifts": "irregular-hours",
    "schedule": "irregular-hours",
    "overtime": "irregular-hours",
    "horario": "irregular-hours",
    "horarios": "irregular-hours",
    "turnos": "irregular-hours",
    "fin de semana": "irregular-hours",
    "fines de semana": "irregular-hours",
    "noche": "irregular-hours",
    "noches": "irregular-hours",
    # why balance
    "why balance": "why-balance",
    "balance": "why-balance",
    "por que": "why-balance",
    "equilibrio": "why-balance",
}
# Topic ids typed as-is ("time-off", "self-care") normalize to "time off", "self care".
TOPIC_WORDS.update({normalize(topic): topic for topic in TOPICS})


def match_topic(words: str) -> Topic | None:
    """The topic meant by free text (either language, any case or accents), or ``None``.

    When several topics are mentioned, the one mentioned first wins; at the same position, the
    longer phrase wins ("time off" beats "time").
    """
    text = f" {normalize(words)} "
    best: tuple[int, int, Topic] | None = None
    for phrase, topic in TOPIC_WORDS.items():
        position = text.find(f" {phrase} ")
        if position < 0:
            continue
        candidate = (position, -len(phrase), topic)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best else None


def tip_pool(catalog: Catalog, *, level: Level | None, topic: Topic | None) -> list[Tip]:
    """Tips that fit a level and topic, sorted by id so picks are reproducible.

    A topic with no tips for this level falls back to the topic at any level, then to the
    level alone, so a member always gets something useful.
    """
    pool = catalog.tips_for(level=level, topic=topic)
    if not pool and topic is not None:
        pool = catalog.tips_for(topic=topic) or catalog.tips_for(level=level)
    return sorted(pool, key=lambda tip: tip.id)


def pick_tip(
    catalog: Catalog,
    *,
    level: Level | None,
    topic: Topic | None,
    seen_ids: Collection[str],
    rng: random.Random,
) -> tuple[Tip, bool]:
    """The next tip for a member, and whether their pool was reset.

    No tip repeats until every tip in the member's pool for this level and topic has been seen;
    then the pool starts over (``True``), and the caller should forget the ids it had recorded
    for this pool before recording the new one. When ``seen_ids`` is a sequence (oldest first),
    the tip seen last is not shown again right after a reset.
    """
    pool = tip_pool(catalog, level=level, topic=topic)
    if not pool:
        raise LookupError("the catalog has no tips")
    unseen = [tip for tip in pool if tip.id not in seen_ids]
    if unseen:
        return rng.choice(unseen), False
    candidates = pool
    if isinstance(seen_ids, Sequence) and seen_ids and len(pool) > 1:
        candidates = [tip for tip in pool if tip.id != seen_ids[-1]]
    return rng.choice(candidates), True


def _cycle_order(pool: list[Tip], level: Level | None, cycle: int) -> list[Tip]:
    order = list(pool)
    random.Random(f"tip-of-day:{level}:{cycle}").shuffle(order)
    return order


def tip_of_day(catalog: Catalog, *, level: Level | None, local_date: date) -> Tip:
    """The same tip all day (in the member's local date), a different one the next day.

    Days walk through a shuffled order of the pool, so every tip is shown before any comes back.
    The shuffle is seeded by level and cycle (never by process state), and a new cycle never
    opens with the tip that closed the previous one.
    """
    pool = tip_pool(catalog, level=level, topic=None)
    if not pool:
        raise LookupError("the catalog has no tips")
    cycle, index = divmod(local_date.toordinal(), len(pool))
    order = _cycle_order(pool, level, cycle)
    if len(order) >= 3 and order[0] == _cycle_order(pool, level, cycle - 1)[-1]:
        order[0], order[1] = order[1], order[0]
    return order[index]
