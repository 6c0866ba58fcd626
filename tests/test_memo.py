"""`amm58.memo.per_dataset`: a helper's result kept per dataset and arguments, a copy per call."""

from __future__ import annotations

import pandas as pd
from tiny import tiny

from amm58 import analysis as A
from amm58.memo import per_dataset


def counting_helper():
    calls = []

    @per_dataset
    def helper(ds, n=1, *, codes=None):
        """One row per call made so far."""
        calls.append(n)
        return pd.DataFrame({"n": [n] * len(calls)})

    return helper, calls


def test_computed_once_per_dataset_and_arguments():
    helper, calls = counting_helper()
    one, two = tiny(), tiny()
    assert helper(one).n.tolist() == [1]
    assert helper(one).n.tolist() == [1]  # kept
    assert helper(one, 2).n.tolist() == [2, 2]  # other arguments
    assert helper(two).n.tolist() == [1, 1, 1]  # another dataset
    assert calls == [1, 2, 1]


def test_each_caller_gets_its_own_copy():
    helper, _ = counting_helper()
    ds = tiny()
    first = helper(ds)
    first.loc[0, "n"] = 99
    assert helper(ds).n.tolist() == [1]


def test_unhashable_arguments_are_computed_every_time():
    helper, calls = counting_helper()
    ds = tiny()
    helper(ds, codes={"a": pd.DataFrame()})
    helper(ds, codes={"a": pd.DataFrame()})
    assert calls == [1, 1]


def test_a_kept_analysis_helper_equals_a_fresh_computation():
    ds = tiny()
    kept = A.theme_shift(ds)
    assert A.theme_shift.__wrapped__(ds).equals(kept)
    assert A.theme_shift(ds) is not A.theme_shift(ds)
