"""Fixtures for the SMPP tests (the helpers live in tests/smpp_support.py)."""

from __future__ import annotations

from smpp_support import policy_file, start_firewall

__all__ = ["policy_file", "start_firewall"]
