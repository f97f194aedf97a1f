"""The five sample plans ingest cleanly, and the cases they were built for are there."""

from __future__ import annotations

import pytest

from planeval.cli import main
from planeval.config import PlanConfig, parameters_file
from planeval.data.ingest import ingest_plan, load_plan, source_hash
from planeval.data.plandata import PlanData

COUNTS = {"liunan": 11, "nankai": 26, "jiangbei": 30, "hebei": 17, "baicheng": 17, "sample15": 20}


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[PlanConfig, PlanData]]:
    out = {}
    for plan_id in COUNTS:
        config = PlanConfig.load(parameters_file(plan_id))
        out[plan_id] = (config, ingest_plan(config))
    return out


@pytest.mark.parametrize("plan_id", COUNTS)
def test_indicator_counts(plans, plan_id):
    assert len(plans[plan_id][1].indicators) == COUNTS[plan_id]


def test_liunan_table_is_verbatim(plans):
    ind = plans["liunan"][1].indicators
    assert list(ind["target_text"]) == [
        "5.5-6.5%",
        "2000，6%",
        "6%",
        "800",
        "10%",
        "控制在7‰以下",
        "9%以上",
        "10%以上",
        "4.5以内",
        "控制在柳州市下达指标内",
        "控制在柳州市下达指标内",
    ]
    growth = ind.loc["natural_growth_rate"]
    assert (growth["unit_printed"], growth["unit"]) == ("万人", "‰")
    assert ind.at["fixed_investment", "target_kind"] == "cumulative_total"  # explicit spec wins
    assert ind.at["fixed_investment", "target_value"] == 800


def test_encodings_and_excel_are_read(plans):
    hebei = plans["hebei"][1]  # GB18030 CSVs
    assert hebei.annual["source"].str.endswith(tuple(f":{n}" for n in range(2, 999))).all()
    assert hebei.monthly["month"].eq(6).all()  # "2023年1-6月" periods
    jiangbei = plans["jiangbei"][1]  # UTF-8 with BOM and an .xlsx
    assert jiangbei.indicators.index[0] == "gdp"
    gdp = jiangbei.series("gdp")
    assert gdp[2022] == pytest.approx(860.3)
    assert any(s.startswith("annual_财政局.xlsx") for s in jiangbei.annual["source"])


def test_official_value_supersedes_estimate(plans):
    annual = plans["nankai"][1].annual.set_index(["indicator_id", "year"])
    row = annual.loc[("gdp", 2020)]
    assert (row["value"], row["provenance"], row["superseded_estimate"]) == (631.7, "official", 632)


def test_estimates_pending_are_kept(plans):
    for plan_id in ("hebei", "baicheng"):
        config, data = plans[plan_id]
        latest = data.annual[data.annual["year"] == config.last_year]
        assert (latest["provenance"] != "official").any()


def test_validate_all_prints_summaries_and_never_writes_raw(tmp_path, capsys, monkeypatch):
    raw = parameters_file("liunan").parent.parent / "data" / "raw"
    before = source_hash(raw)
    # Keep processed output out of the repository during tests.
    original = PlanConfig.load

    def load(path):
        config = original(path)
        return PlanConfig(**{**config.__dict__, "processed_dir": tmp_path / config.plan_id})

    monkeypatch.setattr(PlanConfig, "load", staticmethod(load))
    assert main(["validate", "--all"]) == 0
    out = capsys.readouterr().out
    for region in ("柳南区", "南开区", "江北区", "河北区", "白城市"):
        assert f"{region}（" in out and "校验通过" in out
    assert "指标 11 项" in out and "指标 30 项" in out
    # the optional catalogues, where a plan has them (江北区 both, 河北区 its 目录清单)
    assert "专项规划目录 17 项（已提交评估报告 15 项）" in out
    assert "专项规划目录 16 项（已提交评估报告 14 项）" in out
    assert out.count("专项规划目录") == 2
    assert "标兵城市对标：3 个城市，11 项指标" in out
    assert source_hash(raw) == before
    assert (tmp_path / "liunan" / "annual.parquet").is_file()


def test_load_plan_reingests_when_raw_changes(sample_copy):
    config = sample_copy("liunan")
    first = load_plan(config)
    assert load_plan(config).source_hash == first.source_hash  # cached
    path = config.data_dir / "annual_统计局.csv"
    if not path.exists():
        path = next(config.data_dir.glob("annual*.csv"))
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    assert load_plan(config).source_hash != first.source_hash
