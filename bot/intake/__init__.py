"""Email intake: turning raw messages into what the unit's rules understand.

The parser (`bot.intake.parsing`) is pure: bytes in, a `ParsedMessage` out, no I/O.
"""
