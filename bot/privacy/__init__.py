"""Privacy guards: keep patient data (PHI) out of everything Balance Bot stores."""

from bot.privacy.lexicon import warm
from bot.privacy.phi import KINDS, PhiFinding, Screening, screen

__all__ = ["KINDS", "PhiFinding", "Screening", "screen", "warm"]
