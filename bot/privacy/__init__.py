"""Privacy guards: keep patient data (PHI) out of everything Balance Bot stores."""

from bot.privacy.phi import KINDS, PhiFinding, screen

__all__ = ["KINDS", "PhiFinding", "screen"]
