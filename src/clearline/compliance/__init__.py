"""The CTIA/FCC rulebook as data and small pure functions, shared by signals, CLI and API.

Modules:
    ``text_rules``    keywords (STOP, START, HELP), natural-language opt-outs, opt-out language,
                      sender identification, marketing words, public URL shorteners.
    ``registry``      10DLC-style brands, campaigns and their numbers; throughput tiers.
    ``consent``       consent records (conversational, informational, promotional).
    ``number_lists``  operator lists: do-not-originate, unallocated, reassigned numbers.
    ``imports``       reading those files with per-line errors, all or nothing.
    ``store``         where all of it lives: tables of the engine's ``StateStore``.
    ``quiet_hours``   the recipient's local time from the area code.
    ``lint``          the sender's pre-check: every rule a message would break and how to fix it.
"""
