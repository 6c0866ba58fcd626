"""Results kept per loaded dataset.

A notebook asks for the same table several times: the theme comparison feeds a table, a
figure's title, its alt text and a sentence. `per_dataset` computes such a helper once per
`Dataset` and arguments, and hands every caller its own copy. A `Dataset` is treated as read
as loaded: a helper's result is not recomputed when a caller changes the dataset's tables in
place (change a copy of a table, or load the package again).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable)


def _copy(result):
    """A copy that a caller may change: tables and series copied, tuples copied item by item."""
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy()
    if isinstance(result, tuple):
        return tuple(_copy(r) for r in result)
    return result


def per_dataset(func: F) -> F:
    """`func(ds, *args, **kwargs)`, computed once per dataset (by identity) and hashable
    arguments, each call given a copy of the result. Unhashable arguments (a dict of tables)
    are computed every time. The kept results go with the dataset."""
    kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def wrapper(ds, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:
            return func(ds, *args, **kwargs)
        results = kept.setdefault(ds, {})
        if key not in results:
            results[key] = func(ds, *args, **kwargs)
        return _copy(results[key])

    return wrapper
