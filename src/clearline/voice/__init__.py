"""Voice: STIR/SHAKEN verification of calls (and, built on it, call scoring).

- ``identity.py`` parses the SIP Identity header (RFC 8224).
- ``passport.py`` verifies the PASSporT it carries (RFC 8225/8588, ATIS-1000074).
- ``certs.py`` holds the local certificate cache and the trust store of STI-CA roots.

Nothing here touches the network: certificates come from the cache only.
"""
