"""数据核查 (report.data_check): warnings for people in the annex, locations in the workbook."""

from __future__ import annotations

from openpyxl import load_workbook

from planeval.report.data_check import (
    HEADERS,
    data_check_items,
    department_of,
    parse_warning,
    write_data_check,
)

UNIT = (
    "文件 data/raw/liunan/indicators.csv，第7行，列「数据单位」："
    "指标「人口自然增长率」规划文本单位为「万人」，数据按「‰」处理"
)
VALUE = "文件 /abs/data/raw/liunan/annual_统计局.csv，第12行，列「数值」：「1,234」已去掉千位分隔符"


def test_warning_split_into_location_and_message():
    item = parse_warning(VALUE)
    assert item.text == "「1,234」已去掉千位分隔符"
    assert (item.department, item.file, item.row, item.column) == (
        "统计局",
        "annual_统计局.csv",
        12,
        "数值",
    )
    assert department_of("indicators.csv") == ""


def test_items_list_a_unit_correction_once_with_its_location(tmp_path):
    facts = {
        "estimates": [("地区生产总值", 2022, "预计数")],
        "superseded": [],
        "revised": [("森林覆盖率", "23.6", "21.8", "%", "新监测方法")],
        "units": [("人口自然增长率", "万人", "‰", "控制在7‰以下")],
    }
    sources = {("地区生产总值", 2022): "annual_统计局.csv:9"}
    items = data_check_items(facts, [UNIT, VALUE], sources)
    kinds = [i.kind for i in items]
    assert kinds == ["预计数", "口径调整", "计量单位", "校验提示"]
    assert items[0].department == "统计局" and items[0].row == 9
    unit = items[2]
    assert (unit.file, unit.row, unit.column) == ("indicators.csv", 7, "数据单位")
    assert all("data/raw" not in i.text for i in items)

    path = write_data_check(items, "测试区数据核查表", tmp_path / "x_数据核查.xlsx")
    ws = load_workbook(path).active
    assert tuple(c.value for c in ws[2]) == HEADERS
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[2][:3] == ("计量单位", None, "人口自然增长率")
    assert rows[2][5:] == ("indicators.csv", 7, "数据单位")
    assert [p.name for p in tmp_path.iterdir()] == ["x_数据核查.xlsx"]  # written atomically
