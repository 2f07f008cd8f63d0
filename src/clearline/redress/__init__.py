"""Redress: how a sender who believes it was filtered in error gets it fixed, within deadlines.

Modules:
    ``disputes``  filing, status updates, resolution and history of disputes (SQL storage).
"""
