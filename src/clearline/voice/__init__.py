"""Voice: calls scored on the same policy and verdict format as texts, and STIR/SHAKEN.

- ``codec.py`` reads call records (JSON Lines, CSV) with errors in place, like messages.
- ``engine.py`` is the call engine: the call signals (``clearline.signals.voice``) over the policy.
- ``scan.py`` is the batch pipeline behind ``clearline calls scan``.
- ``identity.py`` parses the SIP Identity header (RFC 8224).
- ``passport.py`` verifies the PASSporT it carries (RFC 8225/8588, ATIS-1000074).
- ``certs.py`` holds the local certificate cache and the trust store of STI-CA roots.
- ``numbers.py`` spells telephone numbers as E.164 digits, as STIR/SHAKEN compares them.

Nothing here touches the network: certificates come from the cache only.
"""
