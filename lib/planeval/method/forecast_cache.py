"""Fitted forecasts kept between runs, so a rerun that changes only texts or layout
refits nothing.

A forecast is stored under a key made of everything `Forecaster.fit` depends on: the
series (years and values, exactly), the year-to-date arguments, every setting of the
forecaster, the source of the forecast package and the versions of planeval, numpy,
pandas and statsmodels. Any change gives another key, so a stale entry is never read.
The file is JSON (not pickle: reading it runs no code), written atomically; a file
that cannot be read, or an entry that does not parse, is ignored and refitted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path

import pandas as pd

from planeval.outputs import write_text

CACHE_FILE = "forecast_cache.json"
FORMAT = 1
LIBRARIES = ("planeval", "numpy", "pandas", "statsmodels")


@functools.cache
def code_version() -> str:
    """The forecast package's source and the versions of the libraries it runs on."""
    from planeval.method import forecast

    h = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(Path(forecast.__file__).parent.glob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    for name in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{name}={metadata.version(name)};".encode())
    return h.hexdigest()


def forecast_key(forecaster, series: pd.Series, **arguments) -> str:
    """The cache key of `forecaster.fit(series, **arguments)`."""
    settings = {k: v for k, v in vars(forecaster).items() if not k.startswith("_")}
    record = {
        "code": code_version(),
        "settings": settings,
        "arguments": arguments,
        "index": [str(i) for i in series.index],
        # repr keeps every bit of a float (and nan) so equal text means equal values
        "values": [repr(float(v)) for v in series.to_numpy(dtype=float)],
    }
    text = json.dumps(record, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class ForecastCache:
    """Forecasts by key, read from and written to one JSON file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.entries = self._read()
        self.changed = False
        self.hits = self.misses = 0

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("forecasts")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str):
        try:
            found = _forecast_from(self.entries[key])
        except Exception:  # absent, or damaged in any way: refit
            found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, forecast) -> None:
        self.entries[key] = _forecast_record(forecast)
        self.changed = True

    def save(self, keep: set[str] | None = None) -> None:
        """Write the file when something was added; `keep` drops the other entries (the
        forecasts the current run no longer needs)."""
        if keep is not None and set(self.entries) - keep:
            self.entries = {k: v for k, v in self.entries.items() if k in keep}
            self.changed = True
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"format": FORMAT, "forecasts": self.entries}
        text = json.dumps(record, ensure_ascii=False, default=_plain)
        write_text(self.path, text)
        self.changed = False


class CachedForecaster:
    """A `Forecaster` whose `fit` reads the cache first; everything else is the
    forecaster's own."""

    def __init__(self, forecaster, cache: ForecastCache):
        self.forecaster = forecaster
        self.cache = cache
        self.used: set[str] = set()

    def __getattr__(self, name: str):
        return getattr(self.forecaster, name)

    def fit(self, series: pd.Series, ytd_growth=None, ytd_year=None, prev_growth=None):
        arguments = {"ytd_growth": ytd_growth, "ytd_year": ytd_year, "prev_growth": prev_growth}
        key = forecast_key(self.forecaster, series, **arguments)
        self.used.add(key)
        found = self.cache.get(key)
        if found is None:
            found = self.forecaster.fit(series, **arguments)
            self.cache.put(key, found)
        return found


# --- JSON form of a Forecast ------------------------------------------------------------


def _plain(value):
    """numpy scalars (years as int64, flags as bool_) as Python numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in the forecast cache")


def _series_record(s: pd.Series) -> dict:
    return {
        "index": s.index.tolist(),
        "index_dtype": str(s.index.dtype),
        "index_name": s.index.name,
        "name": s.name,
        "dtype": str(s.dtype),
        "values": s.tolist(),  # NaN stays NaN: Python's json writes and reads it
    }


def _series_from(r: dict) -> pd.Series:
    index = pd.Index(r["index"], dtype=r["index_dtype"], name=r["index_name"])
    return pd.Series(r["values"], index=index, name=r["name"], dtype=r["dtype"])


def _forecast_record(fc) -> dict:
    out = {}
    for f in dataclasses.fields(fc):
        value = getattr(fc, f.name)
        if isinstance(value, pd.Series):
            out[f.name] = {"series": _series_record(value)}
        elif isinstance(value, tuple):
            out[f.name] = {"tuple": list(value)}
        else:
            out[f.name] = {"value": value}
    return out


def _forecast_from(record: dict):
    from planeval.method.forecast import Forecast

    values = {}
    for f in dataclasses.fields(Forecast):
        r = record[f.name]
        if "series" in r:
            values[f.name] = _series_from(r["series"])
        elif "tuple" in r:
            values[f.name] = tuple(r["tuple"])
        else:
            values[f.name] = r["value"]
    return Forecast(**values)
