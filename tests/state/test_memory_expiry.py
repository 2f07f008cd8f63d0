"""The in-memory table's sweep reads only what was written before the horizon (its write log),
and must forget exactly what a sweep of every record would: checked against a plain model of the
table through random writes, deletions, sweeps, commits and rollbacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clearline.state.memory import MemoryStateStore, MemoryTable

_KEYS = [f"k{i}" for i in range(12)]
_STAMPS = st.sampled_from([-5.0, 0.0, 0.5, 1.0, 3.0, 7.0, 10.0, 1_795_392_000.0, 2e9])

_OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.lists(st.sampled_from(_KEYS), max_size=5), _STAMPS),
        st.tuples(st.just("delete"), st.lists(st.sampled_from(_KEYS), max_size=3), _STAMPS),
        st.tuples(st.just("expire"), st.just([]), _STAMPS),
        st.tuples(st.just("commit"), st.just([]), _STAMPS),
        st.tuples(st.just("rollback"), st.just([]), _STAMPS),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_OPERATIONS)
def test_sweeps_forget_exactly_the_records_older_than_the_horizon(
    operations: list[tuple[str, list[str], float]],
) -> None:
    store = MemoryStateStore()
    table = store.table("t", int)
    model: dict[str, tuple[float, int]] = {}  # key -> (stamp, value)
    committed: dict[str, tuple[float, int]] = {}
    for step, (operation, keys, stamp) in enumerate(operations):
        if operation == "put":
            table.put_many(dict.fromkeys(keys, step), stamp)
            model.update(dict.fromkeys(keys, (stamp, step)))
        elif operation == "delete":
            table.delete_many(keys)
            for key in keys:
                model.pop(key, None)
        elif operation == "expire":
            old = [key for key, (written, _) in model.items() if written < stamp]
            assert table.expire(stamp) == len(old)
            for key in old:
                del model[key]
        elif operation == "commit":
            store.commit()
            committed = dict(model)
        else:
            store.rollback()
            model = dict(committed)
        assert table.get_many(_KEYS) == {key: value for key, (_, value) in model.items()}
        assert len(table) == len(model)


def test_the_write_log_stays_bounded_when_the_same_keys_are_written_again_and_again() -> None:
    table = MemoryTable(int)
    for batch in range(3_000):
        table.put_many({f"n{i}": batch for i in range(10)}, float(batch))
        table.release()  # the store's commit
    # 30,000 writes of 10 keys: the log is made anew from the records whenever it passes about
    # two entries a record (plus a small allowance), instead of growing with every write.
    assert table._logged <= 2 * len(table) + 4096
    assert table.expire(2_990.0) == 0  # every key was written at 2,999
    assert table.expire(3_000.0) == 10
