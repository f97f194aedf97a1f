"""The assessment as files: the machine table, a table for readers, and their dictionary.

- ``assessment.csv``: every column of the assessment frame, English names, UTF-8
  (read back by the batch overview and by scripts).
- ``评估结果.csv``: the columns a reader needs, Chinese headers, rates in percent,
  rounded, UTF-8 with a byte-order mark so Excel on Chinese Windows opens it
  correctly; text that Excel would take for a formula is prefixed with ``'``.
- ``数据字典.md``: what every column of both files means.

Columns are described in `COLUMN_DICTIONARY` (patterns with ``{year}`` for the
per-forecast-year columns); a column of the frame that is not described there is
listed as such in the dictionary (and fails the test that guards this table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planeval.outputs import csv_safe, write_text

MACHINE_CSV = "assessment.csv"
READER_CSV = "评估结果.csv"
DICTIONARY = "数据字典.md"

# column (or pattern) → (Chinese name, meaning)
COLUMN_DICTIONARY: dict[str, tuple[str, str]] = {
    "indicator_id": ("指标代码", "指标表中的指标代码（英文，文件和图表名用）"),
    "order": ("序号", "规划指标表中的序号"),
    "name": ("指标名称", "规划指标表中的指标名称"),
    "group": ("类别", "规划指标表中的类别（经济发展、民生福祉等）"),
    "attribute": ("属性", "预期性或约束性"),
    "binding": ("是否约束性", "True 为约束性指标（评价不设容差）"),
    "unit": ("单位", "指标的计量单位（评估采用的单位）"),
    "direction": ("指标方向", "higher：越高越好；lower：越低越好"),
    "target_text": ("规划目标", "规划文本中的目标写法"),
    "target_kind": (
        "目标类型",
        "目标的结构化类型：cagr 年均增长、cagr_range 区间、cagr_floor 下限、level 目标值、"
        "cumulative_total 五年累计、ceiling/floor 逐年上限/下限、reduction 累计下降、"
        "pp_level 比重目标值、relative 相对目标、qualitative 定性目标",
    ),
    "target_value": ("目标数值", "目标中的数字（增速为%，目标值为指标单位）"),
    "target_low": ("目标区间下限", "区间目标的下限（%）"),
    "target_high": ("目标区间上限", "区间目标的上限（%）"),
    "real_growth": ("按可比价评价", "True 表示增速目标按可比价增速连乘评价"),
    "period": ("规划期", "规划期名称（参数 period：五年规划的期次，或专项规划自身的名称）"),
    "base_year": ("基期年份", "规划基期年份（t₀）"),
    "target_year": ("目标年份", "规划目标年份（T）"),
    "base_value": ("基期值", "评估采用的基期值（指标单位）"),
    "base_source": (
        "基期值来源",
        "revised 口径调整后数值；annual 年度统计数；printed 规划文本数值",
    ),
    "base_printed": ("规划文本基期值", "规划文本印发的基期值"),
    "base_revised": ("调整后基期值", "口径调整后的基期值"),
    "latest_year": ("最新年份", "有年度数据的最近年份"),
    "latest_value": ("最新值", "最新年份的数值（指标单位）"),
    "latest_real": ("最新值（可比价）", "按可比价评价时，最新年份按基期价格计算的水平"),
    "target_approx": ("目标为“左右”", "是：目标为约数（左右），按 approx_tolerance 容差评价"),
    "data_form": (
        "数据形式",
        "level 水平；growth 增速；reduction_rate 降低率（按基期=100连乘为定基指数评价）",
    ),
    "latest_rate": ("最新年份比率", "数据形式为增速、降低率的指标最新年份的比率（%）"),
    "latest_provenance": (
        "最新值数据类型",
        "official 统计数；estimated 预计数；preliminary 初步核算数；ytd 按年内累计数推算",
    ),
    "ytd_period": ("累计数期间", "年初至月度截止时点的期间（年-月）"),
    "ytd_value": ("累计值", "年初至月度截止时点的累计数值"),
    "ytd_growth": ("累计增速", "累计数比上年同期增长（%）"),
    "actual_cagr": ("实际年均增速", "基期至最新年份的实际年均增速（%）"),
    "required_cagr": ("规划要求年均增速", "实现目标所需的整个规划期年均增速（%）"),
    "target_level": ("目标年目标值", "由目标折算的目标年水平（指标单位）"),
    "E": ("时间进度", "E = (t − 基期) / (目标年 − 基期)，小数"),
    "P": ("任务进度", "按规划路径计算的完成进度 P，小数"),
    "R": ("进度比", "R = P / E"),
    "p_low": ("按区间下限的任务进度", "区间目标按下限计算的 P"),
    "p_high": ("按区间上限的任务进度", "区间目标按上限计算的 P"),
    "category": (
        "评价结论",
        "提前实现、快于预期、基本符合预期、滞后于预期（总结评估为已完成、基本完成、未完成）、需人工判断或数据不足",
    ),
    "secondary": ("辅助评价", "欧盟统计局可持续发展目标方法的进展等级"),
    "breach_years": ("突破年份", "逐年上限/下限目标未达到要求的年份"),
    "forecast_{year}": ("{year}年预测值", "{year}年点预测（现价水平，指标单位）"),
    "lo80_{year}": ("{year}年预测80%区间下限", "80%预测区间下限"),
    "hi80_{year}": ("{year}年预测80%区间上限", "80%预测区间上限"),
    "lo95_{year}": ("{year}年预测95%区间下限", "95%预测区间下限"),
    "hi95_{year}": ("{year}年预测95%区间上限", "95%预测区间上限"),
    "real_forecast_{year}": ("{year}年预测值（可比价）", "按基期价格计算的点预测（可比价目标）"),
    "real_lo80_{year}": ("{year}年可比价预测80%区间下限", "按基期价格的80%预测区间下限"),
    "real_hi80_{year}": ("{year}年可比价预测80%区间上限", "按基期价格的80%预测区间上限"),
    "real_lo95_{year}": ("{year}年可比价预测95%区间下限", "按基期价格的95%预测区间下限"),
    "real_hi95_{year}": ("{year}年可比价预测95%区间上限", "按基期价格的95%预测区间上限"),
    "outlook": (
        "如期实现前景",
        "有望实现、存在风险、难以实现，或预测不适用、需人工判断、数据不足（与评价结论并列的第二个判断）",
    ),
    "outlook_years": ("预计突破年份", "逐年上限/下限目标中，点预测突破要求的剩余年份"),
    "no_forecast_reason": (
        "预测不适用原因",
        "预测序列退化、不作为评价依据的原因（此时不列示预测值和达标概率）",
    ),
    "trend_growth": ("预测年均增速", "相对目标：本指标最新年份至目标年的预测年均增速（%）"),
    "reference_trend_growth": (
        "参照指标预测年均增速",
        "相对目标：参照指标最新年份至目标年的预测年均增速（%）",
    ),
    "model": ("预测模型", "所选预测模型或组合（中文）"),
    "model_key": ("预测模型代码", "所选预测模型的代码"),
    "backtest_error": ("回测误差", "滚动起点回测的误差（见 backtest_metric）"),
    "backtest_metric": ("回测误差指标", "回测误差的计算方法（如 MASE）"),
    "prob_meet": ("达标概率", "按预测分布计算的目标年实现目标的概率，小数"),
    "required_growth": ("后续需年均增长", "剩余年份实现目标所需的年均增速（%）"),
    "history_best_growth": ("历史最高年增速", "该指标历史上最高的年增速（逆向指标为最大降幅，%）"),
    "adjustment_flag": ("规划调整提示", "True 表示后续所需增速超出该指标历史最好水平"),
    "notes": ("计算说明", "各项计算的说明（中文，以“；”分隔）"),
}


@dataclass(frozen=True)
class ReaderColumn:
    """A column of 评估结果.csv: its source, header, scale and rounding."""

    source: str
    header: str
    scale: float = 1.0
    decimals: int | None = 4
    unit: str = ""
    meaning: str = ""  # when it differs from the machine column's (words, not codes)


def _describe(column: str) -> tuple[str, str] | None:
    if column in COLUMN_DICTIONARY:
        return COLUMN_DICTIONARY[column]
    for pattern, (name, meaning) in COLUMN_DICTIONARY.items():
        if "{year}" in pattern:
            regex = re.escape(pattern).replace(re.escape("{year}"), r"(?P<year>\d{4})")
            if m := re.fullmatch(regex, column):
                return name.format(year=m["year"]), meaning.format(year=m["year"])
    return None


def undocumented(columns) -> list[str]:
    """Columns of the assessment frame that the dictionary does not describe."""
    return [c for c in columns if _describe(c) is None]


def reader_columns(frame: pd.DataFrame) -> list[ReaderColumn]:
    """What a reader needs, in reading order; one forecast column (and its 80 %
    interval) per forecast year present in the frame."""
    years = sorted(int(m[1]) for c in frame.columns if (m := re.fullmatch(r"forecast_(\d{4})", c)))
    cols = [
        ReaderColumn("order", "序号", decimals=0),
        ReaderColumn("group", "类别"),
        ReaderColumn("name", "指标名称"),
        ReaderColumn("unit", "单位"),
        ReaderColumn("attribute", "属性"),
        ReaderColumn("target_text", "规划目标"),
        ReaderColumn("base_year", "基期年份", decimals=0),
        ReaderColumn("base_value", "基期值"),
        ReaderColumn("latest_year", "最新年份", decimals=0),
        ReaderColumn("latest_value", "最新值"),
        ReaderColumn("latest_provenance", "最新值数据类型", meaning="统计数、预计数或初步核算数"),
        ReaderColumn("ytd_period", "累计数期间"),
        ReaderColumn("ytd_value", "累计值"),
        ReaderColumn("ytd_growth", "累计增速（%）", decimals=2, unit="%"),
        ReaderColumn("actual_cagr", "实际年均增速（%）", decimals=2, unit="%"),
        ReaderColumn("required_cagr", "规划要求年均增速（%）", decimals=2, unit="%"),
        ReaderColumn("E", "时间进度（%）", 100, 1, "%"),
        ReaderColumn("P", "任务进度（%）", 100, 1, "%"),
        ReaderColumn("R", "进度比", decimals=3),
        ReaderColumn("category", "评价结论"),
        ReaderColumn("outlook", "如期实现前景"),
        ReaderColumn("secondary", "辅助评价"),
    ]
    for y in years:
        cols += [
            ReaderColumn(f"forecast_{y}", f"{y}年预测值"),
            ReaderColumn(f"lo80_{y}", f"{y}年预测80%区间下限"),
            ReaderColumn(f"hi80_{y}", f"{y}年预测80%区间上限"),
        ]
    cols += [
        ReaderColumn("prob_meet", "达标概率（%）", 100, 1, "%"),
        ReaderColumn("required_growth", "后续需年均增长（%）", decimals=2, unit="%"),
        ReaderColumn(
            "adjustment_flag",
            "规划调整提示",
            meaning="“是”表示后续所需增速超出该指标历史最好水平，建议研究调整目标",
        ),
        ReaderColumn("model", "预测模型"),
        ReaderColumn("notes", "计算说明"),
    ]
    return [c for c in cols if c.source in frame.columns]


PROVENANCE = {"official": "统计数", "estimated": "预计数", "preliminary": "初步核算数"}


def reader_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The reader's table: Chinese headers and words, percentages, rounded numbers."""
    out = {}
    for c in reader_columns(frame):
        s = frame[c.source]
        if c.source == "latest_provenance":
            s = s.map(lambda v: PROVENANCE.get(v, v))
        elif c.source in ("adjustment_flag", "binding"):
            s = s.map(lambda v: "是" if v is True or str(v) == "True" else "")
        elif pd.api.types.is_numeric_dtype(s) and s.dtype != bool:
            s = s * c.scale
            if c.decimals is not None:
                s = s.round(c.decimals)
            if c.decimals == 0:
                s = s.astype("Int64")
        out[c.header] = s if pd.api.types.is_numeric_dtype(s) else s.map(csv_safe)
    return pd.DataFrame(out)


def dictionary_markdown(frame: pd.DataFrame) -> str:
    lines = [
        "# 数据字典",
        "",
        f"## {READER_CSV}",
        "",
        "供阅读和在 Excel 中打开：UTF-8（带BOM）编码，中文列名，比率以百分数表示。",
        "",
        "| 列名 | 含义 | 来源列（assessment.csv） |",
        "|---|---|---|",
    ]
    for c in reader_columns(frame):
        _, meaning = _describe(c.source) or ("", "")
        meaning = c.meaning or meaning
        if c.scale == 100:
            meaning = meaning.replace("，小数", "").replace("小数", "") + "（已换算为%）"
        lines.append(f"| {c.header} | {meaning} | {c.source} |")
    lines += [
        "",
        f"## {MACHINE_CSV}",
        "",
        "供程序读取：UTF-8 编码，英文列名，比率为小数，数值未经四舍五入。",
        "",
        "| 列名 | 中文名 | 含义 |",
        "|---|---|---|",
    ]
    for column in frame.columns:
        name, meaning = _describe(column) or ("", "（未登记说明）")
        lines.append(f"| {column} | {name} | {meaning} |")
    return "\n".join(lines) + "\n"


def write_assessment_files(frame: pd.DataFrame, output_dir: Path) -> dict[str, Path]:
    """Write assessment.csv, 评估结果.csv and 数据字典.md into `output_dir`."""
    output_dir = Path(output_dir)
    return {
        "csv": write_text(output_dir / MACHINE_CSV, frame.to_csv(index=False)),
        "reader_csv": write_text(
            output_dir / READER_CSV, reader_frame(frame).to_csv(index=False), encoding="utf-8-sig"
        ),
        "dictionary": write_text(output_dir / DICTIONARY, dictionary_markdown(frame)),
    }
