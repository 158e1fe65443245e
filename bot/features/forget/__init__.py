"""`/balance forget-me`: delete everything Balance Bot stores about a member (after a
confirmation)."""
