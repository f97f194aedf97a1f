"""Keep library-internal numerical warnings away from users.

statsmodels and numpy warn freely on short, degenerate series (convergence,
divide by zero, frequency inference). The library turns the ones that matter
into Chinese notes itself, so the raw warnings are silenced around fits.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


@contextmanager
def quiet() -> Iterator[None]:
    """Silence Python warnings and numpy floating-point warnings in the block.

    `warnings.catch_warnings` changes process-wide state, so this is not
    thread-safe; parallel runs in this project use processes (Dask workers).
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield
