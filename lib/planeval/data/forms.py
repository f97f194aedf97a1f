"""Data forms: annual values sent as yearly rates become a chained index.

An indicator whose 数据形式 is 增速 (GDP增长 5.3, 4.8 …) or 降低率 (单位GDP能耗降低
2.7, 0.1 …) reports each year's rate, not a level. Progress needs a level: the rates
are chained into an index with the base year = 100,

    I_t0 = 100,  I_y = I_{y-1} · (1 + g_y / 100)   (增速: g = the rate)
                                                    (降低率: g = − the rate)

and back from the base, I_{y-1} = I_y / (1 + g_y / 100). The processed table keeps the
index in `value`, g in `growth` (so relative targets compare the rates themselves) and
the rate as sent in `reported`. A missing year breaks the chain: the years beyond it
cannot be put on the index and are dropped with a warning.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

RATE_FORMS = {"growth": "增速", "reduction_rate": "降低率"}


def index_unit(base_year: int) -> str:
    """The unit of a chained index, 2025年=100: the table shows 地区生产总值增长（2025年=100）."""
    return f"{base_year}年=100"


def is_index_unit(unit: str) -> bool:
    return str(unit or "").strip().endswith("年=100")


def chain_rates(
    annual: pd.DataFrame, indicators: pd.DataFrame, base_year: int, warnings: list
) -> pd.DataFrame:
    """Annual rows of rate-form indicators → index rows (module doc); levels unchanged."""
    out = annual.copy()
    out["reported"] = np.nan
    forms = indicators["data_form"] if "data_form" in indicators else pd.Series(dtype=str)
    rate_ids = [iid for iid, f in forms.items() if f in RATE_FORMS]
    if not rate_ids:
        return out
    keep = out[~out["indicator_id"].isin(rate_ids)]
    parts = [keep]
    for iid in rate_ids:
        rows = out[out["indicator_id"] == iid].set_index("year").sort_index()
        sign = -1.0 if forms[iid] == "reduction_rate" else 1.0
        parts.append(_index_rows(iid, rows, sign, base_year, indicators.at[iid, "name"], warnings))
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return frame.sort_values(["indicator_id", "year"], ignore_index=True)


def _index_rows(iid, rows: pd.DataFrame, sign: float, base_year: int, name: str, warnings):
    rates = {int(y): sign * float(v) for y, v in rows["value"].items() if math.isfinite(v)}
    index = {base_year: 100.0}
    y = base_year
    while y + 1 in rates:
        index[y + 1] = index[y] * (1 + rates[y + 1] / 100)
        y += 1
    y = base_year
    while y in rates:  # the rate of year y links it to the year before
        index[y - 1] = index[y] / (1 + rates[y] / 100)
        y -= 1
    dropped = sorted(set(rates) - set(index))
    if dropped:
        warnings.append(
            f"指标「{name}」的年度数据为逐年比率，{'、'.join(map(str, dropped))}年与基期之间"
            "有缺年，无法连乘为定基指数，未使用"
        )
    records = []
    for year in sorted(index):
        src = rows.loc[year] if year in rows.index else None
        records.append(
            {
                "indicator_id": iid,
                "year": year,
                "value": index[year],
                "growth": rates.get(year, np.nan),
                "provenance": src["provenance"] if src is not None else "official",
                "superseded_estimate": np.nan,
                "source": src["source"] if src is not None else "",
                "reported": float(src["value"]) if src is not None else np.nan,
            }
        )
    return pd.DataFrame(records)


def chain_ytd(monthly: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Year-to-date rows of rate-form indicators: the 累计值 sent is the year-to-date rate;
    it becomes `ytd_growth` (negated for a 降低率) and `ytd_value` is left empty."""
    if monthly.empty or "data_form" not in indicators:
        return monthly
    out = monthly.copy()
    forms = indicators["data_form"].to_dict()
    for i, r in out.iterrows():
        form = forms.get(r["indicator_id"])
        if form not in RATE_FORMS:
            continue
        sign = -1.0 if form == "reduction_rate" else 1.0
        rate = r["ytd_value"] if math.isfinite(float(r["ytd_value"])) else r["ytd_growth"]
        out.at[i, "ytd_growth"] = sign * float(rate)
        out.at[i, "ytd_value"] = np.nan
    return out


def link_breaks(
    annual: pd.DataFrame, old_rows: list[dict], indicators: pd.DataFrame, base_year: int, warnings
) -> pd.DataFrame:
    """口径调整: a break year b sent twice (旧口径 and 新口径 rows) chains the series onto the
    basis of the base year, so that growth is only ever computed within one basis.

    With k = new_b / old_b (percent units: d = new_b − old_b, points), a break after the
    base year puts the years from b on the old basis (v / k, v − d); a break at or before
    the base year puts the years before b on the new basis (v · k, v + d). The value as
    sent is kept in `as_sent`, and `break_year` marks the indicator's break (charts draw it).
    """
    out = annual.copy()
    out["as_sent"] = out["value"]
    out["break_year"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["old_basis"] = np.nan  # the break year's 旧口径 value
    for old in old_rows:
        iid, year = old["indicator_id"], int(old["year"])
        mask = (out["indicator_id"] == iid) & (out["year"] == year)
        name = indicators.at[iid, "name"]
        if not mask.any():
            warnings.append(
                f"{old['_where']}：指标「{name}」{year}年只有旧口径数值、没有新口径数值，"
                "无法衔接口径，已按旧口径使用"
            )
            row = {k: old[k] for k in ("indicator_id", "year", "value", "growth", "provenance")}
            row |= {"superseded_estimate": np.nan, "source": old["source"], "reported": np.nan}
            row |= {"as_sent": old["value"], "break_year": pd.NA, "old_basis": np.nan}
            out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
            continue
        new_value = float(out.loc[mask, "value"].iloc[0])
        additive = str(indicators.at[iid, "unit"]).strip() in {"%", "％", "‰"}
        series = out["indicator_id"] == iid
        shifted = series & ((out["year"] >= year) if year > base_year else (out["year"] < year))
        if additive:
            d = new_value - float(old["value"])
            out.loc[shifted, "value"] = out.loc[shifted, "value"] + (-d if year > base_year else d)
            how = f"相差{d:+g}个百分点"
        else:
            k = new_value / float(old["value"])
            out.loc[shifted, "value"] = out.loc[shifted, "value"] * (
                1 / k if year > base_year else k
            )
            how = f"新旧口径之比{k:.4f}"
        out.loc[series, "break_year"] = year
        out.loc[mask, "old_basis"] = float(old["value"])
        side = f"{year}年起按旧口径换算" if year > base_year else f"{year}年以前按新口径换算"
        warnings.append(
            f"指标「{name}」{year}年口径调整：旧口径{float(old['value']):g}、新口径{new_value:g}"
            f"（{how}），{side}后衔接，增速在同一口径内计算"
        )
    return out.sort_values(["indicator_id", "year"], ignore_index=True)
