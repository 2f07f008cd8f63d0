"""The inline SMPP firewall: ``clearline smpp`` (see docs/smpp.md)."""
