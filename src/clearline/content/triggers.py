"""Cheap word prefilters for expensive regexes.

Python's ``re`` tries every alternative of a big alternation at every position of the text, so a
phrase list of a hundred entries costs 15-100 microseconds a message even when nothing matches,
which is most of the time. Instead, each text is split into its set of words once
(``word_set``, about two microseconds), and a regex runs only when the text holds one of the
words its matches can start with (``trigger_words``, derived from the regex itself so the two
never drift apart).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Final

__all__ = ["WordSet", "trigger_words", "word_set"]

#: The distinct lower-case words of a text, as UTF-8 bytes.
WordSet = frozenset[bytes]

# ASCII punctuation and whitespace become spaces; letters, digits and non-ASCII bytes stay.
_SEPARATORS: Final = bytes(c for c in range(128) if not chr(c).isalnum())
_TO_SPACE: Final = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))


def word_set(text: str) -> WordSet:
    """The distinct lower-case words of a text (split at every ASCII non-alphanumeric).

    Args:
        text: any text.

    Returns:
        Its words as UTF-8 bytes.
    """
    return frozenset(text.lower().encode("utf-8", "surrogatepass").translate(_TO_SPACE).split())


# ``re._parser`` is the standard library's own regex parser (``sre_parse`` before 3.11); it is
# private, so it is loaded by name and used only at import time to derive trigger words.
_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

_MAX_VARIANTS: Final = 4096
_SPACE: Final = " "


class _UnboundedError(Exception):
    """The regex can start with a word that cannot be listed (``\\w+``, a digit class...)."""


def _chars(items: Iterable[tuple[Any, Any]]) -> list[str]:
    chars: list[str] = []
    for op, value in items:
        if op is _constants.LITERAL:
            chars.append(chr(value))
        elif op is _constants.RANGE:
            if value[1] - value[0] > 40:
                raise _UnboundedError
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        elif op is _constants.CATEGORY and value is _constants.CATEGORY_SPACE:
            chars.append(_SPACE)
        else:
            raise _UnboundedError
    return chars


def _extend(states: set[tuple[str, bool]], chars: Iterable[str]) -> set[tuple[str, bool]]:
    result: set[tuple[str, bool]] = set()
    for prefix, done in states:
        if done:
            result.add((prefix, done))
            continue
        for char in chars:
            lowered = char.lower()
            if lowered.isascii() and not lowered.isalnum():
                # A separator ends the first word (or is skipped before it starts).
                result.add((prefix, bool(prefix)))
            else:
                result.add((prefix + lowered, False))
    if len(result) > _MAX_VARIANTS:
        raise _UnboundedError
    return result


def _walk(items: Iterable[tuple[Any, Any]], states: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    for op, value in items:
        if all(done for _, done in states):
            return states
        if op is _constants.LITERAL:
            states = _extend(states, [chr(value)])
        elif op is _constants.IN:
            states = _extend(states, _chars(value))
        elif op is _constants.SUBPATTERN:
            states = _walk(value[-1], states)
        elif op is _constants.BRANCH:
            merged: set[tuple[str, bool]] = set()
            for branch in value[1]:
                merged |= _walk(branch, states)
            states = merged
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
            low, high, body = value
            if high > 3:
                # Only bounded if one repetition already ends every first word ("\\s+").
                if low >= 1:
                    states = _walk(body, states)
                    if all(done for _, done in states):
                        continue
                raise _UnboundedError
            merged = set()
            current = states
            for count in range(high + 1):
                if count >= low:
                    merged |= current
                current = _walk(body, current)
            states = merged
        elif op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # anchors and lookarounds consume nothing
        else:
            raise _UnboundedError
        if len(states) > _MAX_VARIANTS:
            raise _UnboundedError
    return states


def trigger_words(pattern: str) -> WordSet | None:
    """Every word a match of ``pattern`` can start with, for prefiltering.

    Args:
        pattern: a regex source, matched case-insensitively against text.

    Returns:
        The lower-case first words of every possible match, as ``word_set`` splits them; or
        ``None`` when they cannot be listed (the regex must then always run).
    """
    try:
        states = _walk(_parser.parse(pattern, 0), {("", False)})
    except _UnboundedError:
        return None
    words = {prefix for prefix, _ in states}
    if "" in words:
        return None  # a match can start without any word: no prefilter is safe
    return frozenset(word.encode("utf-8") for word in words)
