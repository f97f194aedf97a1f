"""Shared fixtures: a small but complete plan written as department files."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from planeval.config import PlanConfig
from repo import PROJECT_ROOT

INDICATORS = """\
序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性,可比价
1,gdp,经济发展,地区生产总值,亿元,—,6%,预期性,是
2,unemployment,民生福祉,城镇调查失业率,%,—,4.5以内,约束性,
3,income,民生福祉,居民人均可支配收入,元,—,与经济增长基本同步,预期性,
4,investment,经济发展,全社会固定资产投资额,亿元,800,—,预期性,
"""

ANNUAL = """\
指标名称,年份,数值,增速,数据类型
地区生产总值,2018,90,6.8,
地区生产总值,2019,95,6.1,
地区生产总值,2020,97,1.9,
地区生产总值,2021,105,7.9,
地区生产总值,2022,110,4.2,预计数
城镇调查失业率,2020,4.2,,
城镇调查失业率,2021,4.3,,
城镇调查失业率,2022,4.6,,
居民人均可支配收入,2020,30000,,
居民人均可支配收入,2021,32000,,
居民人均可支配收入,2022,33500,,
全社会固定资产投资额,2020,150,,
全社会固定资产投资额,2021,160,,
全社会固定资产投资额,2022,165,,
"""

MONTHLY = """\
指标名称,期间,累计值,累计增速
地区生产总值,2023-06,55,5.1
"""


def write_plan(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Write a plan folder and its parameters file; returns the parameters path."""
    raw = root / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    contents = {"indicators.csv": INDICATORS, "annual.csv": ANNUAL, "monthly.csv": MONTHLY}
    contents.update(files or {})
    for name, body in contents.items():
        if body is None:
            continue
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    params = root / "params.yaml"
    params.write_text(
        textwrap.dedent(
            """\
            plan_id: mini
            plan_name: 测试区国民经济和社会发展第十四个五年规划纲要
            region: 测试区
            data_dir: raw
            processed_dir: processed
            """
        ),
        encoding="utf-8",
    )
    return params


@pytest.fixture
def mini_plan(tmp_path: Path) -> PlanConfig:
    return PlanConfig.load(write_plan(tmp_path))


@pytest.fixture
def sample_copy(tmp_path: Path):
    """Copy a sample plan's raw data and parameters into tmp_path (never touch data/raw)."""

    def copy(plan_id: str) -> PlanConfig:
        src = PROJECT_ROOT / "data" / "raw" / plan_id
        shutil.copytree(src, tmp_path / "raw" / plan_id)
        text = (PROJECT_ROOT / "parameters" / f"{plan_id}.yaml").read_text("utf-8")
        params = tmp_path / f"{plan_id}.yaml"
        params.write_text(
            text.replace(f"../data/raw/{plan_id}", f"raw/{plan_id}")
            + f"\nprocessed_dir: processed/{plan_id}\n",
            "utf-8",
        )
        return PlanConfig.load(params)

    return copy
