"""Pure tip rules: which tip to show next, and the tip of the day.

No I/O and no clock: the caller passes what was seen, a ``random.Random`` and the local date.

Tips written for one level come first: of the tips a member draws for their level, at most one
in :data:`GENERAL_EVERY` is a general tip (one written for every level) while tips written for
that level remain unseen — so at least 75 % of draws are level-specific until those run out.
(What someone typed is read in :mod:`.topics` and :mod:`.matching`.)
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date

from content import LEVELS, Audience, Catalog, Tip, Topic

# One general tip may follow every (GENERAL_EVERY - 1) level-specific ones.
GENERAL_EVERY = 4


def is_general(tip: Tip) -> bool:
    """Written for every member level rather than for one stage of the career."""
    return all(level in tip.levels for level in LEVELS)


def tip_pool(catalog: Catalog, *, level: Audience | None, topic: Topic | None) -> list[Tip]:
    """Tips that fit a level and topic, sorted by id so picks are reproducible.

    A topic with no tips for this level falls back to the topic at any member level, then to
    the level alone, so a member always gets something useful. Managers stay with tips for
    managers.
    """
    pool = catalog.tips_for(level=level, topic=topic)
    if not pool and topic is not None:
        fallback = [] if level == "manager" else catalog.tips_for(topic=topic)
        pool = fallback or catalog.tips_for(level=level)
    return sorted(pool, key=lambda tip: tip.id)


def _general_allowed(pool: list[Tip], seen_ids: Collection[str]) -> bool:
    """True when a general tip may come next without general tips exceeding one in
    GENERAL_EVERY of what the member has seen from this pool."""
    seen = [tip for tip in pool if tip.id in seen_ids]
    general = sum(1 for tip in seen if is_general(tip))
    specific = len(seen) - general
    return (general + 1) * (GENERAL_EVERY - 1) <= specific


def pick_tip(
    catalog: Catalog,
    *,
    level: Audience | None,
    topic: Topic | None,
    seen_ids: Collection[str],
    rng: random.Random,
) -> tuple[Tip, bool]:
    """The next tip for a member, and whether their pool was reset.

    No tip repeats until every tip in the member's pool for this level and topic has been seen;
    then the pool starts over (``True``), and the caller should forget the ids it had recorded
    for this pool before recording the new one. When ``seen_ids`` is a sequence (oldest first),
    the tip seen last is not shown again right after a reset.

    With a level, unseen tips written for it come first: a general tip is drawn only when
    :func:`_general_allowed` says so, or when no level-specific tip is left unseen.
    """
    pool = tip_pool(catalog, level=level, topic=topic)
    if not pool:
        raise LookupError("the catalog has no tips")
    unseen = [tip for tip in pool if tip.id not in seen_ids]
    if unseen:
        specific = [tip for tip in unseen if not is_general(tip)]
        general = [tip for tip in unseen if is_general(tip)]
        if level is None or not specific:
            return rng.choice(unseen), False
        if general and _general_allowed(pool, seen_ids):
            return rng.choice(general), False
        return rng.choice(specific), False
    candidates = pool
    if isinstance(seen_ids, Sequence) and seen_ids and len(pool) > 1:
        candidates = [tip for tip in pool if tip.id != seen_ids[-1]]
    return rng.choice(candidates), True


def _cycle_order(pool: list[Tip], level: Audience | None, cycle: int) -> list[Tip]:
    """A shuffled walk through the pool; with a level, level-specific tips are interleaved so
    that general ones come at most once in GENERAL_EVERY until the specific ones run out."""
    rng = random.Random(f"tip-of-day:{level}:{cycle}")
    if level is None:
        shuffled = list(pool)
        rng.shuffle(shuffled)
        return shuffled
    specific = [tip for tip in pool if not is_general(tip)]
    general = [tip for tip in pool if is_general(tip)]
    rng.shuffle(specific)
    rng.shuffle(general)
    order: list[Tip] = []
    while specific:
        order.extend(specific[: GENERAL_EVERY - 1])
        del specific[: GENERAL_EVERY - 1]
        if general and specific:
            order.append(general.pop())
    return order + general


def tip_of_day(catalog: Catalog, *, level: Audience | None, local_date: date) -> Tip:
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
