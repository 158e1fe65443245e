"""Fixtures for the schedule tests."""

from __future__ import annotations

import pytest
from sched_helpers import chicago

from bot.schedule import MemberCalendar


@pytest.fixture
def office() -> MemberCalendar:
    """Mon-Fri 08:00-17:00 in Chicago with US federal holidays."""
    return chicago("mon-fri 08:00-17:00", holiday_country="US")
