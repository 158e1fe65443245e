"""The settings modal: level, shifts, breaks, lunch and message switches in one form."""
