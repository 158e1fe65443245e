"""Weekly team pulse: an anonymous poll per channel, results above a threshold, trends."""
