"""Report blocks: the structured content the Word export is built from."""

from __future__ import annotations

from planeval.report.blocks import html_blocks, indicator_table_block, markdown_blocks
from planeval.report.indicator_table import Cell, Column, IndicatorTable


def test_evaluator_markdown_keeps_chinese_bold_and_raw_html_as_text():
    (block,) = markdown_blocks("**一是增长动能偏弱。**受<script>x</script>影响，增速放缓。")
    assert block["kind"] == "paragraph"
    assert block["runs"] == [
        {"text": "一是增长动能偏弱。", "bold": True},
        {"text": "受<script>x</script>影响，增速放缓。", "bold": False},
    ]
    heading, _ = markdown_blocks("# 标题\n\n正文")
    assert (heading["kind"], heading["level"]) == ("heading", 4)  # under the section's h3


def test_template_fragments_become_blocks():
    blocks = html_blocks(
        '<h4>1．进度滞后于预期的指标（2项）</h4><p class="pe-placeholder">（待补充：问题）</p>'
        "<ol><li>甲</li><li><strong>乙</strong>丙</li></ol><style>p { color: red }</style>"
    )
    assert [b["kind"] for b in blocks] == ["heading", "paragraph", "list"]
    assert blocks[1]["runs"][0]["role"] == "placeholder"
    assert blocks[2]["items"][1] == [
        {"text": "乙", "bold": True},
        {"text": "丙", "bold": False},
    ]


def test_indicator_table_block_follows_the_table_columns():
    """A column added to the table (e.g. an outlook) appears in the Word table."""
    columns = [
        Column("order", "序号"),
        Column("name_unit", "指标（单位）"),
        Column("base", "2020年基期", numeric=True),
        Column("category", "评价"),
        Column("outlook", "如期实现前景"),
        Column("unit", "单位", html=False),
    ]
    row = {
        "order": Cell("1"),
        "group": Cell("经济发展"),
        "name_unit": Cell("地区生产总值（亿元）"),
        "base": Cell("712.53"),
        "category": Cell("滞后于预期"),
        "outlook": Cell("存在风险"),
        "unit": Cell("亿元"),
    }
    table = IndicatorTable("完成情况表", "截至2022年", columns, [row], ["滞后于预期"])
    block = indicator_table_block(table, number=1)
    assert [c["text"] for c in block["header"][0]] == [
        "序号",
        "指标（单位）",
        "2020年基期",
        "评价",
        "如期实现前景",
    ]
    group, body = block["rows"]
    assert group[0]["text"] == "经济发展" and group[0]["span"] == 5
    assert body[2]["align"] == "right" and body[4]["text"] == "存在风险" and body[4]["fill"]
    assert body[3]["fill"] and body[3]["color"] == "#FFFFFF"
    assert block["caption"] == "表1　完成情况表"
    assert not block["landscape"]  # five columns fit a portrait page; the full table does not
