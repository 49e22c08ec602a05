"""Plain data and rules of the unit's domain: no I/O, no transports."""
