"""Redress: how a sender filtered in error gets it fixed, and how a subscriber shapes their own
filtering, within deadlines and durably.

Modules:
    ``disputes``     filing, status updates, resolution and history of disputes (SQL storage);
                     an upheld dispute lifts the block (``lift_block``).
    ``subscribers``  subscriber preferences, releases, spam reports and operators' corrections,
                     written to the engine state the ``preferences`` signal reads.
"""
