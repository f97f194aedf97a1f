"""Ingestion: data/raw/<plan>/ as received → validated tidy tables in data/processed/<plan>/.

File kinds and columns are described in data/raw/README.md. Nothing under
data/raw is ever written.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from planeval.config import PlanConfig
from planeval.data import adjustments, answers, benchmarks, forms, plausibility, textfile
from planeval.data import tasks as task_table
from planeval.data.cells import (
    is_missing,
    parse_choice,
    parse_number,
    parse_period,
    parse_provenance,
    parse_year,
    shown,
)
from planeval.data.plandata import PROVENANCE_LABELS, TABLES, TEXT_KEY, TEXT_SECTIONS, PlanData
from planeval.data.problems import Problems, guard, warn
from planeval.data.readers import SUFFIXES, RawTable, read_table
from planeval.data.targets import (
    LOWER_IS_BETTER,
    TargetKind,
    parse_target,
    resolve_reference,
    spec_from_columns,
)
from planeval.errors import Location, PlanevalError
from planeval.periods import PERIODS
from planeval.vocabulary import FINAL_CATEGORIES, OFFICIAL_CATEGORIES

# The file kinds of data/raw/<plan>/: the processed tables but the benchmark file, which
# the parameters name, and the chapter indicators.
KINDS = ("chapter_indicators", *(k for k in TABLES if k != "benchmarks"))
FIRST_YEAR = 1990

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "indicators": {
        "order": ("序号", "order"),
        "indicator_id": ("指标代码", "indicator_id", "id"),
        "category": ("类别", "category"),
        "name": ("指标名称", "name", "indicator"),
        "unit_printed": ("单位", "unit"),
        "target_total": ("目标总量", "总量", "规划目标总量", "target_total"),
        "target_growth": ("年均增长", "年均增长%", "年均增长(%)", "target_growth"),
        "attribute": ("属性", "attribute"),
        "direction": ("方向", "direction"),
        "unit": ("数据单位", "data_unit"),
        "spec_kind": ("目标类型", "target_kind"),
        "spec_value": ("目标值", "target_value"),
        "spec_low": ("目标下限", "target_low"),
        "spec_high": ("目标上限", "target_high"),
        "spec_reference": ("参照指标", "target_reference"),
        "spec_relation": ("参照关系", "target_relation"),
        "spec_approx": ("左右", "约数", "target_approx"),
        "data_form": ("数据形式", "data_form"),
        "real_growth": ("可比价", "real_growth"),
        "base_printed": ("基期值", *(f"{base}年基期值" for base, _ in PERIODS.values()), "base"),
        "base_revised": ("调整后基期值", "base_revised"),
        "base_note": ("口径说明", "base_note"),
        "manual_status": ("人工判断", "manual_status"),
        "manual_note": ("人工判断说明", "manual_note"),
        "note": ("备注", "note"),
    },
    "annual": {
        "name": ("指标名称", "指标", "name", "indicator"),
        "year": ("年份", "年度", "year"),
        "value": ("数值", "值", "value"),
        "growth": ("增速", "增速(%)", "可比价增速", "growth"),
        "provenance": ("数据类型", "provenance"),
        "unit": ("单位", "unit"),
        "basis": ("口径", "统计口径", "basis"),
        "note": ("备注", "note"),
    },
    "monthly": {
        "name": ("指标名称", "指标", "name"),
        "period": ("期间", "月份", "period"),
        "ytd_value": ("累计值", "ytd_value"),
        "ytd_growth": ("累计增速", "累计增速(%)", "ytd_growth"),
        "provenance": ("数据类型", "provenance"),
    },
    "assigned": {
        "name": ("指标名称", "name"),
        "year": ("年份", "year"),
        "value": ("下达值", "value"),
    },
    "tasks": task_table.ALIASES,
    "projects": {
        "name": ("项目名称", "name"),
        "field": ("领域", "field"),
        "department": ("负责部门", "department"),
        "total_investment": ("总投资", "总投资(亿元)", "total_investment"),
        "planned_investment": (
            *(f"{name}计划投资{unit}" for name in PERIODS for unit in ("", "(亿元)")),
            "规划期计划投资",
            "planned_investment",
        ),
        "completed_investment": ("累计完成投资", "累计完成投资(亿元)", "completed_investment"),
        "funds_in_place": ("资金到位", "资金到位(亿元)", "funds_in_place"),
        "planned_start": ("计划开工年份", "planned_start"),
        "started": ("是否开工", "started"),
        "planned_completion": ("计划竣工年份", "planned_completion"),
        "completed": ("是否竣工", "completed"),
        "preparation": ("前期工作", "preparation"),
    },
    # 专项规划目录清单 of a 纲要: the seeds' catalogues and their evaluation status.
    "special_plans": {
        "name": ("名称", "规划名称", "专项规划名称", "name"),
        "department": ("牵头部门", "牵头单位", "department"),
        "form": ("印发形式", "form"),
        "to_congress": ("是否报区人大", "是否报人大", "to_congress"),
        "plan_id": ("规划编号", "规划代码", "plan_id"),
        "submitted": ("是否提交评估报告", "submitted"),
        "filed": ("是否备案", "filed"),
        "adjustment_chapter": ("是否有调整章节", "adjustment_chapter"),
    },
    "survey": {
        "item": ("调查项目", "item"),
        "sample": ("样本数", "sample"),
        "satisfied": ("满意", "satisfied"),
        "fairly_satisfied": ("基本满意", "fairly_satisfied"),
        "dissatisfied": ("不满意", "dissatisfied"),
        "group": ("调查对象", "对象", "群体", "group"),
    },
    "adjustments": adjustments.ALIASES,
    "answers": answers.ALIASES,
}

ALIASES["chapter_indicators"] = {**ALIASES["indicators"], "chapter": ("章节", "章", "chapter")}
REQUIRED = {
    "indicators": ("order", "indicator_id", "category", "name", "unit_printed", "attribute"),
    "chapter_indicators": (
        "chapter",
        "order",
        "indicator_id",
        "category",
        "name",
        "unit_printed",
        "attribute",
    ),
    "annual": ("name", "year", "value"),
    "monthly": ("name", "period", "ytd_value"),
    "assigned": ("name", "year", "value"),
    "tasks": task_table.REQUIRED,
    "projects": ("name", "department", "planned_investment", "completed_investment"),
    "survey": ("item", "sample", "satisfied", "fairly_satisfied", "dissatisfied"),
    "special_plans": ("name", "department"),
    "adjustments": adjustments.REQUIRED,
    "answers": answers.REQUIRED,
}
# The wide 完成情况表 layout (planeval template) has no 年份 column.
WIDE_REQUIRED = ("name",)

ATTRIBUTES = {"预期性": False, "约束性": True}
DIRECTIONS = {"正向": "higher", "逆向": "lower", "higher": "higher", "lower": "lower"}
# 口径 of an annual row: blank (the series' basis), or the two rows of a break year.
BASES = {"": "", "旧口径": "old", "原口径": "old", "新口径": "new", "old": "old", "new": "new"}
YES_NO = {"是": True, "否": False, "": False, "yes": True, "no": False, "y": True, "n": False}
# Manual judgements: the mid-term words, or the final evaluation's (总结评估).
OFFICIAL_STATUS = (*OFFICIAL_CATEGORIES, *FINAL_CATEGORIES)
PERCENT_UNITS = {"%", "‰", "％", "个百分点"}
_ID = re.compile(r"[a-z][a-z0-9_]*")


HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def discover(data_dir: Path, exclude=()) -> tuple[dict[str, list[Path]], list[str]]:
    """Files per kind, by the start of their name; warnings for files we skip. `exclude`:
    files read on their own (a benchmark file named in the parameters)."""
    excluded = {Path(p).resolve() for p in exclude if p}
    if not data_dir.is_dir():
        raise PlanevalError(
            "找不到数据目录", Location(data_dir), expected="data/raw/<plan>/ 文件夹"
        )
    found: dict[str, list[Path]] = {k: [] for k in KINDS}
    skipped = []
    for path in sorted(data_dir.iterdir()):
        if path.name.startswith((".", "~$")) or path.name == "README.md":
            continue
        if path.is_dir() or path.resolve() in excluded:
            continue
        kind = next((k for k in KINDS if path.name.lower().startswith(k)), None)
        if kind and path.suffix.lower() not in SUFFIXES:
            raise PlanevalError(
                f"不支持的文件格式：{path.suffix}",
                Location(path),
                expected="、".join(sorted(SUFFIXES)) + " 文件",
            )
        if kind is None and path.suffix.lower() in SUFFIXES and textfile.is_regular(path):
            kind = _sniff(path, data_dir)
            if kind:
                skipped.append(f"{Location(path)}：文件名未标明类别，按表头识别为 {kind} 表")
        if kind:
            found[kind].append(path)
        else:
            skipped.append(
                f"文件 {path}：无法识别的文件，已忽略（文件名应以 {'/'.join(KINDS)} 开头）"
            )
    if not found["indicators"]:
        raise PlanevalError(
            "缺少指标表", Location(data_dir), expected="indicators.csv 或 indicators.xlsx"
        )
    for kind, what in (("indicators", "指标表"), ("chapter_indicators", "章节指标表")):
        if len(found[kind]) > 1:
            raise PlanevalError(
                f"有多个{what}，只能有一个", Location(data_dir), expected=f"一个 {kind} 文件"
            )
    return found, skipped


def _sniff(path: Path, data_dir: Path) -> str | None:
    """The kind of a file whose name does not say it, from its sheet names and headers
    (a filled 完成情况表 saved as 柳南区统计局.xlsx)."""
    for kind in ("annual", *(k for k in KINDS if k != "annual")):
        for required in (REQUIRED[kind], *((WIDE_REQUIRED,) if kind == "annual" else ())):
            try:
                t = read_table(path, kind, ALIASES[kind], required, within=data_dir)
            except PlanevalError:
                continue
            if required is WIDE_REQUIRED and not any(_WIDE_YEAR.fullmatch(c) for c in t.frame):
                continue
            return kind
    return None


def source_hash(data_dir: Path, *extra: Path | None) -> str:
    """Hash of every input file's name and bytes (the data folder's, and `extra` files such
    as a benchmark file kept elsewhere): processed data is stale when one changes."""
    h = hashlib.sha256()
    for path in (p for p in extra if p and p.is_file()):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for path in sorted(p for p in data_dir.rglob("*") if textfile.is_regular(p)):
        if not path.resolve().is_relative_to(data_dir.resolve()):
            continue  # a link out of the folder is refused by the readers, not hashed
        h.update(str(path.relative_to(data_dir)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _records(table: RawTable):
    """(index, row as a dict of str) for every row: much faster than DataFrame.iterrows."""
    return table.records()


# --- indicators -------------------------------------------------------------------


def read_indicators(table: RawTable, warnings: list[str]) -> pd.DataFrame:
    """The indicator table; a chapter indicator table (章节指标) keeps its 章节 column."""
    chapter = "chapter" in table.frame.columns
    rows = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for i, r in _records(table):
        with guard(warnings):

            def at(col: str, _i=i) -> Location:
                return table.where(_i, col)

            def text(col: str, _r=r) -> str:
                return str(_r.get(col, "") or "").strip()

            ind_id = text("indicator_id")
            if not _ID.fullmatch(ind_id):
                raise PlanevalError(
                    f"指标代码「{ind_id}」无效",
                    at("indicator_id"),
                    expected="小写英文字母开头，只含小写字母、数字和下划线，如 gdp",
                )
            name = text("name")
            if not name:
                raise PlanevalError("指标名称为空", at("name"), expected="指标名称")
            for key, seen, col in ((ind_id, seen_ids, "indicator_id"), (name, seen_names, "name")):
                if key in seen:
                    raise PlanevalError(
                        f"重复的指标「{key}」（另见第{seen[key]}行）",
                        at(col),
                        expected="每个指标一行",
                    )
                seen[key] = table.where(i).row
            order = parse_number(text("order"), at("order"), warnings)
            binding = parse_choice(text("attribute"), at("attribute"), ATTRIBUTES, "指标属性")
            unit_printed = text("unit_printed")
            unit = text("unit") or unit_printed
            data_form = parse_choice(text("data_form"), at("data_form"), DATA_FORMS, "数据形式")
            spec, spec_col = _indicator_target(r, table, i, unit, name, warnings)
            direction = (
                parse_choice(text("direction"), at("direction"), DIRECTIONS, "方向")
                if text("direction")
                else ("lower" if spec and spec.kind in LOWER_IS_BETTER else "higher")
            )
            manual = text("manual_status") or None
            if manual and manual not in OFFICIAL_STATUS:
                raise PlanevalError(
                    f"未知的人工判断「{manual}」",
                    at("manual_status"),
                    expected="、".join(OFFICIAL_STATUS),
                )
            written = [
                t for t in (text("target_total"), text("target_growth")) if not is_missing(t)
            ]
            rows.append(
                {
                    "indicator_id": ind_id,
                    "order": int(order),
                    "category": text("category"),
                    "name": name,
                    "unit": unit,
                    "unit_printed": unit_printed,
                    "attribute": text("attribute"),
                    "binding": binding,
                    "direction": direction,
                    "target_text": "，".join(written) if written else "—",
                    "target_kind": spec.kind.value if spec else None,
                    "target_value": spec.value if spec else None,
                    "target_low": spec.low if spec else None,
                    "target_high": spec.high if spec else None,
                    "target_reference": spec.reference if spec else None,
                    "target_relation": spec.relation if spec else None,
                    "target_approx": bool(spec and spec.approx),
                    "data_form": data_form,
                    "real_growth": parse_choice(
                        text("real_growth"), at("real_growth"), YES_NO, "可比价标记"
                    ),
                    "base_printed": _optional_number(
                        text("base_printed"), at("base_printed"), warnings
                    ),
                    "base_revised": _optional_number(
                        text("base_revised"), at("base_revised"), warnings
                    ),
                    "base_note": text("base_note"),
                    "manual_status": manual,
                    "manual_note": text("manual_note"),
                    "note": text("note"),
                    **({"chapter": _chapter(text("chapter"), at("chapter"))} if chapter else {}),
                    "_row": table.where(i).row,
                    "_target_col": spec_col,
                }
            )
            if unit != unit_printed:
                warn(
                    warnings,
                    at("unit"),
                    f"指标「{name}」规划文本单位为「{unit_printed}」，数据按「{unit}」处理",
                    unit,
                    "核对数据单位；报告中注明口径",
                )
    if not rows:
        raise PlanevalError("指标表中没有可用的指标", Location(table.path, table.sheet))
    frame = pd.DataFrame(rows)
    _resolve_references(frame, table)
    out = frame.drop(columns=["_row", "_target_col"]).set_index("indicator_id")
    # Where each indicator was written, for later checks that name its row (plain values:
    # attrs travel into the parquet metadata).
    out.attrs["rows"] = {
        iid: int(n) for iid, n in zip(frame["indicator_id"], frame["_row"], strict=True)
    }
    out.attrs["sheet"] = table.sheet
    return out


def _chapter(text: str, where: Location) -> str:
    if not text:
        raise PlanevalError(
            "章节为空", where, expected="指标所属章节，如 第四章 深度融入京津冀协同发展"
        )
    return text


def read_chapter_indicators(
    table: RawTable, indicators: pd.DataFrame, warnings: list[str]
) -> pd.DataFrame:
    """The chapter indicators (章节指标): the indicator table's columns and 章节, assessed
    like the main ones but kept apart; codes and names must differ from the main table's."""
    chapter = read_indicators(table, warnings)
    rows = chapter.attrs["rows"]
    main_names = set(indicators["name"])
    for iid, r in chapter.iterrows():
        for clash, col, what in (
            (iid in indicators.index, "指标代码", iid),
            (r["name"] in main_names, "指标名称", r["name"]),
        ):
            if clash:
                with guard(warnings):
                    raise PlanevalError(
                        f"章节指标「{what}」与主要指标重复",
                        Location(table.path, table.sheet, rows[iid], col),
                        expected="章节指标的代码和名称不与主要指标相同",
                    )
    return chapter


# 数据形式: what the annual values are. 增速: each year's growth rate (GDP增长); 降低率: each
# year's reduction rate of an intensity (单位GDP能耗降低). Both are chained into an index.
DATA_FORMS = {"": "level", "水平": "level", "总量": "level", "level": "level"}
DATA_FORMS |= {"增速": "growth", "增长率": "growth", "growth": "growth"}
DATA_FORMS |= {"降低率": "reduction_rate", "下降率": "reduction_rate"}
DATA_FORMS |= {"reduction_rate": "reduction_rate"}

# 参照关系 of a structured relative target: growth in step with, or above, the reference.
RELATIONS = {"in_step": "in_step", "同步": "in_step", "基本同步": "in_step", "above": "above"}
RELATIONS |= {"高于": "above"}


def _relation(text: str, where) -> str | None:
    text = text.strip()
    if is_missing(text):
        return None
    if text not in RELATIONS:
        raise PlanevalError(
            f"无法识别的参照关系「{text}」",
            where,
            expected="in_step（基本同步）或 above（高于）",
        )
    return RELATIONS[text]


def _indicator_target(r: pd.Series, table: RawTable, i: int, unit: str, name: str, warnings):
    """(spec, the column it was read from): the structured columns win over the text."""
    kind = str(r.get("spec_kind", "") or "").strip()
    if kind:
        nums = {}
        for col in ("spec_value", "spec_low", "spec_high"):
            t = str(r.get(col, "") or "").strip()
            nums[col] = (
                None if is_missing(t) else parse_number(t, table.where(i, col), [], percent_ok=True)
            )
        ref = str(r.get("spec_reference", "") or "").strip() or None
        relation = _relation(str(r.get("spec_relation", "") or ""), table.where(i, "spec_relation"))
        approx = parse_choice(
            str(r.get("spec_approx", "") or "").strip(),
            table.where(i, "spec_approx"),
            YES_NO,
            "左右",
        )
        spec = spec_from_columns(
            kind,
            nums["spec_value"],
            nums["spec_low"],
            nums["spec_high"],
            ref,
            (relation or "in_step") if ref else None,
            approx=approx,
            where=table.where(i, "spec_kind"),
        )
        return spec, "spec_reference" if ref else "spec_kind"
    growth = str(r.get("target_growth", "") or "")
    total = str(r.get("target_total", "") or "")
    g = parse_target(
        growth, column="growth", unit=unit, name=name, where=table.where(i, "target_growth")
    )
    t = parse_target(
        total, column="total", unit=unit, name=name, where=table.where(i, "target_total")
    )
    if g is None and t is None:
        raise PlanevalError(
            "该指标没有规划目标",
            table.where(i, "target_growth"),
            expected="目标总量或年均增长至少填一项",
        )
    # Both written (工业总产值: 2000 and 6%): the growth target is assessed; the level is kept
    # in the target text and its implied growth is shown in the report notes.
    spec, col = (g, "target_growth") if g else (t, "target_total")
    if spec.reading:
        cell = growth if g else total
        warn(
            warnings,
            table.where(i, col),
            f"指标「{name}」的目标{spec.reading}",
            cell,
            "如理解有误，请改写目标或填写“目标类型”列",
        )
    return spec, col


def _resolve_references(frame: pd.DataFrame, table: RawTable) -> None:
    """A relative target's reference (a name, an indicator code, 经济/GDP …) → indicator_id."""
    names = dict(zip(frame["indicator_id"], frame["name"], strict=True))
    for i, row in frame.iterrows():
        ref = row["target_reference"]
        if not isinstance(ref, str) or not ref:
            continue
        match = resolve_reference(ref, names)
        # Name the column the reference was written in: 参照指标, or the target text.
        column = table.original.get(row["_target_col"], row["_target_col"])
        where = Location(table.path, table.sheet, int(row["_row"]), column)
        if match is None:
            raise PlanevalError(
                f"相对目标的参照指标「{ref}」不在指标表中",
                where,
                expected="指标表中另一个指标的名称或指标代码，如 地区生产总值、GDP增长、gdp",
            )
        if match == row["indicator_id"]:
            raise PlanevalError(
                f"指标「{row['name']}」的相对目标以自身为参照",
                where,
                expected="另一个指标，如 与经济增长基本同步（参照地区生产总值）",
            )
        frame.at[i, "target_reference"] = match


def _optional_number(text: str, where: Location, warnings: list[str]) -> float:
    return np.nan if is_missing(text) else parse_number(text, where, warnings, percent_ok=True)


# --- observations -----------------------------------------------------------------


def _indicator_of(name: str, where: Location, names: dict[str, str]) -> str:
    key = "".join(name.split())
    if key in names:
        return names[key]
    import difflib

    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    raise PlanevalError(
        f"未知指标「{shown(name)}」",
        where,
        expected=f"指标表中的指标名称{'（是否为「' + close[0] + '」？）' if close else ''}",
    )


def _units(indicators: pd.DataFrame) -> dict[str, str]:
    """indicator_id → data unit (a dict: DataFrame.at per row is slow on big files)."""
    return _column(indicators, "unit")


def _names(indicators: pd.DataFrame) -> dict[str, str]:
    return _column(indicators, "name")


def _column(indicators: pd.DataFrame, col: str) -> dict[str, str]:
    cache = indicators.__dict__.setdefault("_planeval_columns", {})
    if col not in cache:
        cache[col] = indicators[col].to_dict()
    return cache[col]


def _name_lookup(indicators: pd.DataFrame) -> dict[str, str]:
    return {"".join(n.split()): iid for iid, n in indicators["name"].items()}


def _last_year(config: PlanConfig) -> int:
    """The latest year a data file may hold: rows after the evaluation's cutoff are kept
    (one data folder serves monitoring, mid-term and final runs) up to the target year;
    `PlanData.as_of` leaves them out of each evaluation with a note."""
    return max(config.last_year, config.target_year)


def read_annual(
    table: RawTable, indicators: pd.DataFrame, config: PlanConfig, warnings: list[str]
) -> tuple[list[dict], list[dict]]:
    """Annual rows (long layout, or the wide 完成情况表 template) → (annual, monthly) records."""
    if "year" not in table.frame.columns:
        return _read_wide(table, indicators, config, warnings)
    names = _name_lookup(indicators)
    out = []
    for i, r in _records(table):
        with guard(warnings):
            if not any(r[c] for c in ("name", "year", "value")):
                continue
            iid = _indicator_of(r["name"], table.where(i, "name"), names)
            year = parse_year(r["year"], table.where(i, "year"), FIRST_YEAR, _last_year(config))
            unit = _units(indicators)[iid]
            if r.get("unit") and "".join(r["unit"].split()) != "".join(unit.split()):
                raise PlanevalError(
                    f"单位「{r['unit']}」与指标表不一致",
                    table.where(i, "unit"),
                    expected=f"「{unit}」（请换算为指标表的单位）",
                )
            if is_missing(r["value"]):
                warnings.append(f"{table.where(i, 'value')}：「{r['value']}」视为无数据，已跳过")
                continue
            value = parse_number(
                r["value"], table.where(i, "value"), warnings, percent_ok=unit in PERCENT_UNITS
            )
            plausibility.check_value(value, _names(indicators)[iid], unit, table.where(i, "value"))
            growth = r.get("growth", "")
            out.append(
                {
                    "indicator_id": iid,
                    "year": year,
                    "value": value,
                    "growth": np.nan
                    if is_missing(growth)
                    else parse_number(growth, table.where(i, "growth"), warnings, percent_ok=True),
                    "provenance": parse_provenance(
                        r.get("provenance", ""), table.where(i, "provenance")
                    ),
                    "basis": parse_choice(
                        r.get("basis", "") or "", table.where(i, "basis"), BASES, "口径"
                    ),
                    "source": _source(table, i),
                    "_where": table.where(i, "value"),
                }
            )
    return out, []


_WIDE_YEAR = re.compile(r"(\d{4})年?(\(基期\))?")
_WIDE_YTD = re.compile(r"(\d{4})年1-(\d{1,2})月(累计值|累计增速\(%\))")
_WIDE_GROWTH = re.compile(r"(\d{4})年增速\(%\)")


def _read_wide(table, indicators, config, warnings) -> tuple[list[dict], list[dict]]:
    """The intake template: one row per indicator, one column per year."""
    names = _name_lookup(indicators)
    prov_col = f"{config.last_year}年数据类型"
    annual, monthly = [], []
    for i, r in _records(table):
        with guard(warnings):
            if not r.get("name"):
                continue
            iid = _indicator_of(r["name"], table.where(i, "name"), names)
            unit = _units(indicators)[iid]
            ytd: dict[tuple[int, int], dict] = {}
            rows: dict[int, dict] = {}
            growth: dict[int, float] = {}
            for col in table.frame.columns:
                cell = r[col]
                if (mg := _WIDE_GROWTH.fullmatch(col)) and not is_missing(cell):
                    where = table.where(i, col)
                    growth[int(mg.group(1))] = parse_number(cell, where, warnings, percent_ok=True)
                    continue
                m, my = _WIDE_YEAR.fullmatch(col), _WIDE_YTD.fullmatch(col)
                if not (m or my) or is_missing(cell):
                    continue
                where = table.where(i, col)
                v = parse_number(
                    cell, where, warnings, percent_ok=unit in PERCENT_UNITS or bool(my)
                )
                if m or my.group(3) == "累计值":
                    plausibility.check_value(v, _names(indicators)[iid], unit, where)
                if m:
                    year = parse_year(m.group(1), where, FIRST_YEAR, _last_year(config))
                    prov = r.get(prov_col, "") if year == config.last_year else ""
                    rows[year] = {
                        "indicator_id": iid,
                        "year": year,
                        "value": v,
                        "growth": np.nan,
                        "provenance": parse_provenance(prov, table.where(i, prov_col)),
                        "source": _source(table, i),
                        "_where": where,
                    }
                    annual.append(rows[year])
                else:
                    key = (int(my.group(1)), int(my.group(2)))
                    rec = ytd.setdefault(
                        key,
                        {
                            "indicator_id": iid,
                            "year": key[0],
                            "month": key[1],
                            "ytd_value": np.nan,
                            "ytd_growth": np.nan,
                            "provenance": "official",
                            "source": _source(table, i),
                        },
                    )
                    rec["ytd_value" if my.group(3) == "累计值" else "ytd_growth"] = v
            for year, g in growth.items():  # 增速 columns (the template's): growth of that year
                if year in rows:
                    rows[year]["growth"] = g
            monthly.extend(ytd.values())
    return annual, monthly


def read_monthly(table, indicators, config, warnings) -> list[dict]:
    names = _name_lookup(indicators)
    seen: dict[tuple, dict] = {}
    for i, r in _records(table):
        with guard(warnings):
            if not r["name"]:
                continue
            iid = _indicator_of(r["name"], table.where(i, "name"), names)
            year, month = parse_period(r["period"], table.where(i, "period"))
            if year > _last_year(config):
                raise PlanevalError(
                    f"期间 {year}-{month:02d} 晚于规划目标年",
                    table.where(i, "period"),
                    expected=f"不晚于 {_last_year(config)} 年",
                )
            growth = r.get("ytd_growth", "")
            rec = {
                "indicator_id": iid,
                "year": year,
                "month": month,
                "ytd_value": np.nan
                if is_missing(r["ytd_value"])
                else parse_number(r["ytd_value"], table.where(i, "ytd_value"), warnings),
                "_name": _names(indicators)[iid],
                "ytd_growth": np.nan
                if is_missing(growth)
                else parse_number(growth, table.where(i, "ytd_growth"), warnings, percent_ok=True),
                "provenance": parse_provenance(
                    r.get("provenance", ""), table.where(i, "provenance")
                ),
                "source": _source(table, i),
            }
            where = table.where(i, "ytd_value")
            name, unit = rec.pop("_name"), _units(indicators)[iid]
            if not np.isnan(rec["ytd_value"]):
                plausibility.check_value(rec["ytd_value"], name, unit, where)
            cols = ("ytd_value", "ytd_growth")
            what = f"{_names(indicators)[iid]} {year}年1-{month}月累计值"
            if not _merged(seen, (iid, year, month), rec, cols, where, warnings, what):
                seen[(iid, year, month)] = rec
    return list(seen.values())


def read_assigned(table, indicators, config, warnings) -> list[dict]:
    names = _name_lookup(indicators)
    out: dict[tuple, dict] = {}
    for i, r in _records(table):
        if not r["name"]:
            continue
        with guard(warnings):
            iid = _indicator_of(r["name"], table.where(i, "name"), names)
            year = parse_year(
                r["year"], table.where(i, "year"), config.base_year, config.target_year
            )
            value = parse_number(r["value"], table.where(i, "value"), warnings, percent_ok=True)
            rec = {"indicator_id": iid, "year": year, "value": value, "source": _source(table, i)}
            what = f"{_names(indicators)[iid]} {year}年下达值"
            where = table.where(i, "value")
            if _merged(out, (iid, year), rec, ("value",), where, warnings, what):
                continue
            out[(iid, year)] = rec
    return [{k: v for k, v in rec.items() if k != "source"} for rec in out.values()]


def _merged(seen: dict, key, rec: dict, cols, where: Location, warnings, what: str) -> bool:
    """A key given twice: the same values merge (True, with a warning); different ones are
    an error naming both rows."""
    old = seen.get(key)
    if old is None:
        return False

    def same(a, b) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return (np.isnan(a) and np.isnan(b)) or bool(np.isclose(a, b))
        return a == b

    def fmt(v) -> str:
        return f"{v:g}" if isinstance(v, float) else str(v)

    diff = [c for c in cols if not same(old[c], rec[c])]
    if diff:
        shown = "；".join(f"{fmt(old[c])} 和 {fmt(rec[c])}" for c in diff)
        raise PlanevalError(
            f"{what}重复填报且数值不同：{shown}（另见 {old['source']}）",
            where,
            expected="每项只填一行；请删除重复的行或核对数值",
        )
    warnings.append(f"{where}：与 {old['source']} 重复（数值相同），已合并")
    return True


def _source(table: RawTable, i: int) -> str:
    return f"{table.path.name}:{table.where(i).row}"


def _supersede(best: dict, rec: dict, rank: dict, warnings) -> None:
    key = (rec["indicator_id"], rec["year"])
    old = best.get(key)
    if old is None:
        best[key] = rec | {"superseded_estimate": np.nan}
        return
    if rank[rec["provenance"]] == rank[old["provenance"]]:
        if not math.isclose(rec["value"], old["value"], rel_tol=1e-9, abs_tol=1e-12):
            raise PlanevalError(
                f"同一指标同一年份有两个不同的{PROVENANCE_LABELS[rec['provenance']]}："
                f"{old['value']:g}（{old['source']}）和 {rec['value']:g}",
                rec["_where"],
                expected="每个指标每年一个数值；正式统计数会替换预计数",
            )
        warnings.append(f"{rec['_where']}：与 {old['source']} 重复（数值相同），已合并")
        return
    new, superseded = (
        (rec, old) if rank[rec["provenance"]] < rank[old["provenance"]] else (old, rec)
    )
    best[key] = new | {"superseded_estimate": superseded["value"]}


def apply_provenance(records: list[dict], warnings: list[str]) -> pd.DataFrame:
    """One value per indicator and year: official beats preliminary beats estimated.

    Two different values of the same provenance are an error; a superseded
    estimate is kept in `superseded_estimate` so the report can show it.
    """
    rank = {"official": 0, "preliminary": 1, "estimated": 2}
    best: dict[tuple[str, int], dict] = {}
    for rec in records:
        with guard(warnings):
            _supersede(best, rec, rank, warnings)
    columns = [
        "indicator_id",
        "year",
        "value",
        "growth",
        "provenance",
        "superseded_estimate",
        "source",
    ]
    frame = pd.DataFrame([{c: r[c] for c in columns} for r in best.values()], columns=columns)
    return frame.sort_values(["indicator_id", "year"], ignore_index=True).astype(
        {"year": "int64", "value": "float64", "growth": "float64", "superseded_estimate": "float64"}
    )


# --- tasks, projects, survey ------------------------------------------------------


SPECIAL_FLAGS = ("to_congress", "submitted", "filed", "adjustment_chapter")


def read_special_plans(table: RawTable, warnings: list[str]) -> pd.DataFrame:
    """The 专项规划目录清单: name, lead department, issuing form, 是/否 flags, and the
    plan code (规划编号) of a special plan evaluated as a plan of the project."""
    rows = []
    for i, r in _records(table):
        with guard(warnings):
            rec = {k: str(r.get(k, "")).strip() for k in ("name", "department", "form")}
            plan_id = str(r.get("plan_id", "")).strip()
            if plan_id and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,63}", plan_id):
                raise PlanevalError(
                    f"规划编号「{shown(plan_id)}」无效",
                    table.where(i, "plan_id"),
                    expected="该专项规划参数文件中的 plan_id（英文字母开头），未评估的留空",
                )
            rec["plan_id"] = plan_id
            for col in SPECIAL_FLAGS:
                rec[col] = bool(
                    parse_choice(str(r.get(col, "")), table.where(i, col), YES_NO, "是/否")
                )
            rows.append(rec)
    return pd.DataFrame(rows)


def read_projects(table: RawTable, config: PlanConfig, warnings: list[str]) -> pd.DataFrame:
    money = ("total_investment", "planned_investment", "completed_investment", "funds_in_place")
    seen: dict[tuple, dict] = {}
    for i, r in _records(table):
        with guard(warnings):
            rec = {"name": r["name"], "field": r.get("field", ""), "department": r["department"]}
            for col in money:
                t = r.get(col, "")
                rec[col] = (
                    np.nan if is_missing(t) else parse_number(t, table.where(i, col), warnings)
                )
            for col in ("planned_start", "planned_completion"):
                t = r.get(col, "")
                rec[col] = (
                    pd.NA
                    if is_missing(t)
                    else parse_year(
                        t, table.where(i, col), config.base_year, config.target_year + 5
                    )
                )
            for col in ("started", "completed"):
                rec[col] = parse_choice(r.get(col, ""), table.where(i, col), YES_NO, "是/否")
            rec["preparation"] = r.get("preparation", "")
            plausibility.check_project(rec, lambda c, _i=i: table.where(_i, c), warnings)
            rec["source"] = _source(table, i)
            cols = (*money, "planned_start", "planned_completion", "started", "completed")
            where = table.where(i, "name")
            if _merged(seen, (rec["name"],), rec, cols, where, warnings, f"项目「{rec['name']}」"):
                continue
            seen[(rec["name"],)] = rec
    rows = [{k: v for k, v in rec.items() if k != "source"} for rec in seen.values()]
    if not rows:
        return _empty("projects")
    frame = pd.DataFrame(rows)
    for col in ("planned_start", "planned_completion"):
        frame[col] = frame[col].astype("Int64")
    return frame


def read_survey(table: RawTable, warnings: list[str]) -> pd.DataFrame:
    seen: dict[tuple, dict] = {}
    for i, r in _records(table):
        with guard(warnings):
            rec = {"item": r["item"], "group": r.get("group", "")}
            for col in ("sample", "satisfied", "fairly_satisfied", "dissatisfied"):
                rec[col] = parse_number(r[col], table.where(i, col), warnings)
            if rec["satisfied"] + rec["fairly_satisfied"] + rec["dissatisfied"] > rec["sample"]:
                raise PlanevalError(
                    "各选项人数之和超过样本数",
                    table.where(i, "sample"),
                    expected="满意+基本满意+不满意 ≤ 样本数",
                )
            plausibility.check_survey(rec, lambda c, _i=i: table.where(_i, c))
            rec["source"] = _source(table, i)
            cols = ("sample", "satisfied", "fairly_satisfied", "dissatisfied")
            where = table.where(i, "item")
            key = (rec["group"], rec["item"])
            what = f"调查项目「{rec['group']}{'：' if rec['group'] else ''}{rec['item']}」"
            if _merged(seen, key, rec, cols, where, warnings, what):
                continue
            seen[key] = rec
    rows = [{k: v for k, v in rec.items() if k != "source"} for rec in seen.values()]
    return pd.DataFrame(rows) if rows else _empty("survey")


def _empty(kind: str) -> pd.DataFrame:
    if kind == "adjustments":
        return adjustments.empty()
    if kind == "answers":
        return answers.empty()
    cols = {
        "tasks": task_table.COLUMNS,
        "projects": list(ALIASES["projects"]),
        "survey": list(ALIASES["survey"]),
        "monthly": [
            "indicator_id",
            "year",
            "month",
            "ytd_value",
            "ytd_growth",
            "provenance",
            "source",
        ],
        "assigned": ["indicator_id", "year", "value"],
        "special_plans": list(ALIASES["special_plans"]),
    }[kind]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


# --- whole plan -------------------------------------------------------------------


def ingest_plan(config: PlanConfig) -> PlanData:
    """Read and validate every raw file of a plan. Every error found (up to a limit) is
    raised at once as `PlanevalErrors`; warnings are kept, the first ones listed in full."""
    files, skipped = discover(config.data_dir, exclude=(config.benchmarks,))
    problems = Problems()
    problems.extend(skipped)

    def table(path: Path, kind: str) -> RawTable:
        t = _read_kind(path, kind, config.data_dir)
        problems.extend(t.warnings)
        return t

    def each(kind: str, read) -> list:
        """Read every file of a kind; a file's errors are recorded and the next file read."""
        out = []
        for path in files[kind]:
            with guard(problems):
                before = len(problems.errors)
                got = read(table(path, kind))
                if len(got) == 0 and len(problems.errors) == before:
                    raise PlanevalError(
                        "文件中没有可用的数据行", Location(path), expected="至少一行填写完整的数据"
                    )
                out.append(got)
        return out

    with guard(problems):
        indicators = read_indicators(table(files["indicators"][0], "indicators"), problems)
    problems.raise_errors()  # every other file is read against the indicator table
    chapter = _empty_indicators(indicators)
    for path in files["chapter_indicators"]:
        with guard(problems):
            chapter = read_chapter_indicators(
                table(path, "chapter_indicators"), indicators, problems
            )
    problems.raise_errors()
    # Annual, monthly and assigned files may hold chapter indicators too: read against both.
    every = pd.concat([indicators, chapter.drop(columns="chapter")]) if len(chapter) else indicators
    annual_recs, monthly_recs, assigned_recs = [], [], []
    for a, m in each("annual", lambda t: _pair(read_annual(t, every, config, problems))):
        annual_recs += a
        monthly_recs += m
    for got in each("monthly", lambda t: read_monthly(t, every, config, problems)):
        monthly_recs += got
    for got in each("assigned", lambda t: read_assigned(t, every, config, problems)):
        assigned_recs += got
    names, units = every["name"].to_dict(), every["unit"].to_dict()
    # 口径调整: the old-basis value of a break year is kept apart, then the series is
    # chained onto the base year's basis (data.forms.link_breaks).
    old_basis = [r for r in annual_recs if r.get("basis") == "old"]
    annual_recs = [r for r in annual_recs if r.get("basis") != "old"]
    plausibility.check_series(annual_recs, names, units, problems)
    annual_all = forms.chain_rates(
        apply_provenance(annual_recs, problems), indicators, config.base_year, problems
    )
    annual_all = forms.link_breaks(annual_all, old_basis, every, config.base_year, problems)
    rate_form = indicators["data_form"].isin(list(forms.RATE_FORMS))
    indicators.loc[rate_form, "unit"] = forms.index_unit(config.base_year)
    indicators.__dict__.pop("_planeval_columns", None)  # the unit changed
    in_chapter = annual_all["indicator_id"].isin(chapter.index)
    annual, chapter_annual = annual_all[~in_chapter], annual_all[in_chapter]
    checks = [(indicators, annual, files["indicators"][0])]
    if len(chapter):
        checks.append((chapter, chapter_annual, files["chapter_indicators"][0]))
    for table_, values, path in checks:
        _check_coverage(table_, values, config, problems, {r["indicator_id"] for r in monthly_recs})
        plausibility.check_targets(
            table_,
            values,
            config.base_year,
            config.target_year,
            lambda iid, t=table_, p=path: _indicator_where(t, iid, p),
            problems,
        )
    indicators.attrs.clear()
    chapter.attrs.clear()

    def concat(kind, reader):
        frames = each(kind, reader)
        return pd.concat(frames, ignore_index=True) if frames else _empty(kind)

    tasks = concat("tasks", lambda t: task_table.read_tasks(t, problems))
    projects = concat("projects", lambda t: read_projects(t, config, problems))
    survey = concat("survey", lambda t: read_survey(t, problems))
    special_plans = concat("special_plans", lambda t: read_special_plans(t, problems))
    open_answers = concat("answers", lambda t: answers.read_answers(t, problems))
    proposals = concat(
        "adjustments", lambda t: adjustments.read_adjustments(t, indicators, problems)
    )
    bench = benchmarks.empty()
    if config.benchmarks:
        with guard(problems):
            t = read_table(
                config.benchmarks,
                "benchmarks",
                benchmarks.ALIASES,
                benchmarks.REQUIRED,
                # the parameters check already confined the resolved path to the project
                within=config.benchmarks.parent,
            )
            problems.extend(t.warnings)
            bench = benchmarks.read_benchmarks(t, indicators, problems)
    texts = {}
    # The standard sections, and any other text a plan's framework names (safeguards.md).
    folder = config.data_dir / "texts"
    others = sorted(p.stem for p in folder.glob("*.md") if TEXT_KEY.fullmatch(p.stem))
    for key in dict.fromkeys([*TEXT_SECTIONS, *others]):
        path = folder / f"{key}.md"
        if path.exists() or path.is_symlink():
            with guard(problems):
                text = textfile.read_text(path, limit=MAX_TEXT_BYTES, within=config.data_dir)
                # <!-- … --> is guidance for the writer (planeval new writes it), not report text.
                texts[key] = HTML_COMMENT.sub("", text).strip()
    problems.raise_errors()
    monthly, assigned = _dedupe_monthly(monthly_recs), _assigned_frame(assigned_recs)
    return PlanData(
        plan_id=config.plan_id,
        indicators=indicators,
        annual=annual.reset_index(drop=True),
        monthly=forms.chain_ytd(monthly[~monthly["indicator_id"].isin(chapter.index)], indicators),
        assigned=assigned[~assigned["indicator_id"].isin(chapter.index)],
        tasks=tasks,
        projects=projects,
        survey=survey,
        special_plans=special_plans,
        adjustments=proposals,
        answers=open_answers,
        benchmarks=bench,
        texts=texts,
        warnings=problems.summary(),
        source_hash=source_hash(config.data_dir, config.benchmarks),
        problems=problems,
        chapter_indicators=chapter,
        chapter_annual=chapter_annual.reset_index(drop=True),
        chapter_monthly=monthly[monthly["indicator_id"].isin(chapter.index)],
        chapter_assigned=assigned[assigned["indicator_id"].isin(chapter.index)],
    )


def _assigned_frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records) if records else _empty("assigned")


def _empty_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """No chapter indicators: the indicator table's columns and 章节, no rows."""
    return indicators.iloc[0:0].assign(chapter=pd.Series(dtype="object"))


MAX_TEXT_BYTES = 1024 * 1024  # an evaluator's section text is a few pages


class _Pair(tuple):
    """(annual, monthly) records of one file; its length is how many records it gave."""

    def __len__(self) -> int:
        return len(self[0]) + len(self[1]) if tuple.__len__(self) == 2 else 0


def _pair(result: tuple[list, list]) -> _Pair:
    return _Pair(result)


def _read_kind(path: Path, kind: str, data_dir: Path) -> RawTable:
    """A file of a kind; an annual file may be in the wide 完成情况表 layout."""
    required = REQUIRED[kind]
    if kind == "annual":
        try:
            return read_table(path, kind, ALIASES[kind], required, within=data_dir)
        except PlanevalError as exc:
            if not exc.message.startswith("缺少必需的列"):
                raise
            wide = read_table(path, kind, ALIASES[kind], WIDE_REQUIRED, within=data_dir)
            if not any(_WIDE_YEAR.fullmatch(c) for c in wide.frame.columns):
                raise exc from None
            return wide
    return read_table(path, kind, ALIASES[kind], required, within=data_dir)


def _indicator_where(indicators: pd.DataFrame, iid: str, path: Path) -> Location:
    row = indicators.attrs.get("rows", {}).get(iid)
    return Location(path, indicators.attrs.get("sheet"), row, "目标总量")


def _dedupe_monthly(records: list[dict]) -> pd.DataFrame:
    if not records:
        return _empty("monthly")
    frame = pd.DataFrame(records)
    return frame.drop_duplicates(["indicator_id", "year", "month"], keep="last").sort_values(
        ["indicator_id", "year", "month"], ignore_index=True
    )


def _check_coverage(indicators, annual, config, warnings, with_ytd=frozenset()) -> None:
    """Indicators without annual data of the period (a monitoring run before the first
    annual figure judges year-to-date figures instead: those are not warned about)."""
    have = set(annual["indicator_id"])
    after = set(annual.loc[annual["year"] > config.base_year, "indicator_id"])
    if config.evaluation == "monitoring":
        after |= set(with_ytd)
    for iid, row in indicators.iterrows():
        if row["target_kind"] == TargetKind.QUALITATIVE:
            continue
        if iid not in have:
            warnings.append(f"指标「{row['name']}」没有年度数据")
        elif iid not in after and config.evaluation == "monitoring":
            warnings.append(
                f"指标「{row['name']}」尚无 {config.base_year + 1} 年数据（年度统计待发布），"
                "本次监测暂不评价"
            )
        elif iid not in after:
            warnings.append(
                f"指标「{row['name']}」只有 {config.base_year} 年及以前的数据，无法计算规划期进度"
            )


def load_plan(config: PlanConfig, *, refresh: bool = False) -> PlanData:
    """The plan's processed data, re-ingested when data/raw changed since it was written."""
    folder = config.processed
    if not refresh and PlanData.complete(folder):
        data = PlanData.load(folder)
        if data.source_hash == source_hash(config.data_dir, config.benchmarks):
            return data.as_of(config.last_year, config.monthly_cutoff)
    data = ingest_plan(config)
    data.save(folder)
    return data.as_of(config.last_year, config.monthly_cutoff)
