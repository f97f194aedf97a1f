"""The forecast cache: a rerun refits nothing, and any change to a series, a setting or
the code refits (and only what changed); a damaged cache file is ignored."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planeval.data.ingest import load_plan
from planeval.method import forecast_cache
from planeval.method.assess import assess_plan, plan_forecaster
from planeval.method.forecast import Forecaster
from planeval.method.forecast_cache import CACHE_FILE, ForecastCache


@pytest.fixture
def plan(sample_copy):
    config = sample_copy("liunan")
    return config, load_plan(config)


@pytest.fixture
def fits(monkeypatch):
    """Counts the forecaster's real fits."""
    count = {"n": 0}
    real = Forecaster.fit

    def counting(self, *args, **kwargs):
        count["n"] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Forecaster, "fit", counting)
    return count


def test_rerun_refits_nothing_and_gives_the_same_assessment(plan, fits):
    config, data = plan
    plain = assess_plan(data, config)
    n = fits["n"]
    assert n > 5
    first = assess_plan(data, config, cache=True)
    assert fits["n"] == 2 * n
    assert (config.processed / CACHE_FILE).is_file()
    second = assess_plan(data, config, cache=True)
    assert fits["n"] == 2 * n  # nothing refitted
    pd.testing.assert_frame_equal(first, plain)
    pd.testing.assert_frame_equal(second, plain)


def test_a_changed_value_refits_that_series_only(plan, fits):
    config, data = plan
    assess_plan(data, config, cache=True)
    n = fits["n"]
    annual = data.annual.copy()
    iid = data.indicators.sort_values("order").index[0]
    last = annual[annual["indicator_id"] == iid]["year"].max()
    row = (annual["indicator_id"] == iid) & (annual["year"] == last)
    annual.loc[row, "value"] = annual.loc[row, "value"] * 1.05
    data.annual = annual
    changed = assess_plan(data, config, cache=True)
    assert 1 <= fits["n"] - n < n  # the changed series (and its real-terms twin) only
    fresh = assess_plan(data, config)
    pd.testing.assert_frame_equal(changed, fresh)


def test_a_changed_setting_or_code_version_refits_everything(plan, fits, monkeypatch):
    config, data = plan
    assess_plan(data, config, cache=True)
    per_run = fits["n"]
    forecaster = plan_forecaster(config)
    forecaster.shock_threshold = 3.0  # another threshold: every series refitted
    before = fits["n"]
    cache = ForecastCache(config.processed / CACHE_FILE)
    assess_plan(data, config, forecaster=forecaster, cache=cache)
    assert fits["n"] - before == per_run
    monkeypatch.setattr(forecast_cache, "code_version", lambda: "another version")
    before = fits["n"]
    assess_plan(data, config, cache=True)
    assert fits["n"] - before == per_run
    assess_plan(data, config, cache=True)
    assert fits["n"] - before == per_run  # and that version's forecasts are now kept


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not json",
        b'{"format": 1, "forecasts": []}',
        b'{"format": 999, "forecasts": {}}',
        "broken entries",
    ],
)
def test_a_damaged_cache_file_is_ignored(plan, fits, damage):
    config, data = plan
    plain = assess_plan(data, config)
    n = fits["n"]
    assess_plan(data, config, cache=True)
    path = config.processed / CACHE_FILE
    if damage == "broken entries":
        record = json.loads(path.read_text("utf-8"))
        for i, key in enumerate(record["forecasts"]):
            record["forecasts"][key] = {"point": "nonsense"} if i % 2 else None
        path.write_text(json.dumps(record), "utf-8")
    else:
        path.write_bytes(damage)
    before = fits["n"]
    again = assess_plan(data, config, cache=True)
    assert fits["n"] - before == n  # every entry unreadable: all refitted
    pd.testing.assert_frame_equal(again, plain)
    record = json.loads(path.read_text("utf-8"))  # and a good file written in its place
    assert len(record["forecasts"]) == n
    assess_plan(data, config, cache=True)
    assert fits["n"] - before == n
