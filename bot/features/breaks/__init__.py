"""Shifts, time zone, break preferences, time off, and the break nudges planned from them."""
