"""Every symbol a signal declares is named in the tests of that signal's module: a symbol nobody
tests can be disabled, or its threshold moved, without any test noticing.

The tests of ``clearline.signals.<module>`` live in ``tests/signals/test_<module>.py``; this file
names no symbol, so it cannot satisfy itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clearline.signals import BUILTIN, SignalType

SIGNAL_TESTS = Path(__file__).resolve().parent


def _module_tests(signal: SignalType) -> Path:
    module = signal.__module__.rsplit(".", 1)[-1]
    return SIGNAL_TESTS / f"test_{module}.py"


DECLARED = [(signal, spec.name) for signal in BUILTIN for spec in signal.symbols]


def test_symbol_names_are_unique_across_signals() -> None:
    names = [name for _, name in DECLARED]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("signal", "symbol"), DECLARED, ids=[name for _, name in DECLARED])
def test_each_declared_symbol_is_named_in_its_signals_tests(
    signal: SignalType, symbol: str
) -> None:
    tests = _module_tests(signal)
    assert tests.is_file(), f"{signal.__module__} has no test module {tests.name}"
    text = tests.read_text()
    assert re.search(rf"\b{symbol}\b", text), f"{symbol} is named in no test of {tests.name}"
