"""`planeval assess` over many plans: one table, parallel processes, failures isolated."""

from __future__ import annotations

import pandas as pd

from planeval.cli import main
from repo import copy_project


def test_many_plans_in_one_table_with_a_failure_isolated(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path / "project", ["liunan", "nankai", "hebei"])
    broken = project / "parameters" / "hebei.yaml"
    broken.write_text(broken.read_text("utf-8").replace("base_year: 2020", "base_year: [2020"))
    monkeypatch.chdir(project)
    out = tmp_path / "评估汇总.csv"

    assert main(["assess", "--all", "--workers", "2", "-o", str(out)]) == 1

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table.columns[:3]) == ["plan_id", "region", "indicator_id"]
    assert table.groupby("plan_id", sort=False).size().to_dict() == {"liunan": 11, "nankai": 26}
    err = capsys.readouterr().err
    assert "失败：" in err and "hebei.yaml" in err
    # The same numbers as one plan assessed alone.
    assert main(["assess", "liunan", "--format", "csv"]) == 0
    alone = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    liunan = table[table["plan_id"] == "liunan"].reset_index(drop=True)
    assert liunan["category"].tolist() == alone["category"].tolist()
    pd.testing.assert_series_equal(liunan["R"], alone["R"])
