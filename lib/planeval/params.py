"""Checking a plan's parameters: every key typed, named in Chinese, all problems at once.

`SCHEMA` lists each parameter with its Chinese name and a check that turns the
YAML value into the typed value or says what was expected. A new parameter is
one line here (and its field in `PlanConfig`). Cross-field rules (years in
order, forecast years inside the period, thresholds ordered) follow in `_relations`.
Paths are resolved against the parameters file's folder and must stay inside
the project folder (the folder that holds `parameters/`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planeval.data.textfile import decode, read_bytes
from planeval.errors import Location, PlanevalError

MAX_YAML_BYTES = 256 * 1024
MAX_ALIASES = 20  # a parameters file needs none; a "billion laughs" needs many
MAX_TEXT = 500
YEARS = (1949, 2100)
_SLUG = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


class Invalid(Exception):
    """One parameter's problem: what was expected (Chinese)."""


@dataclass(frozen=True)
class Param:
    label: str  # Chinese name shown in messages
    check: Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Context:
    base_dir: Path  # relative paths are resolved against it
    project_dir: Path  # every path must lie inside it


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"「{value}」"
    return text if len(text) <= 60 else text[:57] + "…"


def text(value, ctx) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid("一段文字")
    s = str(value).strip()
    if len(s) > MAX_TEXT:
        raise Invalid(f"不超过 {MAX_TEXT} 个字的文字")
    if any(ord(c) < 32 and c not in "\t\n" for c in s):
        raise Invalid("不含控制字符的文字")
    return s


def slug(value, ctx) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise Invalid(
            "英文字母开头、只含英文字母、数字、_ 和 - 的代码（不超过64个字符），如 liunan"
        )
    return value


def path(value, ctx) -> Path:
    if not isinstance(value, str | Path) or not str(value).strip():
        raise Invalid("一个文件夹路径（相对于参数文件所在文件夹）")
    p = Path(str(value).strip()).expanduser()
    resolved = (p if p.is_absolute() else ctx.base_dir / p).resolve()
    if not resolved.is_relative_to(ctx.project_dir):
        raise Invalid(f"项目文件夹 {ctx.project_dir} 之内的路径")
    return resolved


def file_path(value, ctx) -> Path:
    p = path(value, ctx)
    if not p.is_file():
        raise Invalid(f"一个存在的文件（{p} 不存在）")
    return p


def year(value, ctx) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not YEARS[0] <= value <= YEARS[1]:
        raise Invalid(f"四位数年份（{YEARS[0]}—{YEARS[1]}），如 2020")
    return value


def date(value, ctx) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        d = value
    else:
        try:
            d = dt.date.fromisoformat(str(value).strip()) if isinstance(value, str) else None
        except ValueError:
            d = None
    if d is None or not YEARS[0] <= d.year <= YEARS[1]:
        raise Invalid('日期，写作 "2022-12-31"')
    return d


def years(value, ctx) -> tuple[int, ...]:
    """A list of years; empty is fine (a final evaluation forecasts nothing)."""
    if not isinstance(value, list | tuple):
        raise Invalid("年份列表，如 [2023, 2024, 2025]（不预测时写 []）")
    out = []
    for v in value:
        try:
            out.append(year(v, ctx))
        except Invalid:
            raise Invalid(f"年份列表，如 [2023, 2024, 2025]；{_shown(v)} 不是年份") from None
    if len(set(out)) != len(out) or out != sorted(out):
        raise Invalid("从小到大、不重复的年份列表")
    return tuple(out)


def choice(*options: str):
    def check(value, ctx) -> str:
        if value not in options:
            raise Invalid("、".join(options) + " 之一")
        return value

    return check


def slugs(value, ctx) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("规划代码列表，如 [nankai, hebei]（单个也写成列表）")
    return tuple(slug(v, ctx) for v in value)


def ratio(value, ctx) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid("一个正数，如 1.10")
    try:
        x = float(value)
    except ValueError:
        raise Invalid("一个正数，如 1.10") from None
    if not math.isfinite(x) or not 0 < x < 10:
        raise Invalid("一个有限的正数（0—10），如 1.10")
    return x


def probability(value, ctx) -> float:
    x = ratio(value, ctx)
    if not 0 < x < 1:
        raise Invalid("0 与 1 之间的概率，如 0.5")
    return x


def count(value, ctx) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise Invalid("1—1000 之间的整数，如 20")
    return value


def tolerance(value, ctx) -> float:
    """A band in the indicator's own unit or in percentage points: 0 allowed."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid("一个不小于0的数，如 0.1（0 表示不设容差）")
    try:
        x = float(value)
    except ValueError:
        raise Invalid("一个不小于0的数，如 0.1（0 表示不设容差）") from None
    if not math.isfinite(x) or not 0 <= x < 100:
        raise Invalid("0 至 100 之间的数，如 0.1（0 表示不设容差）")
    return x


def share(value, ctx) -> float:
    """A cut-off on a ratio of growth rates: 0 to 1 inclusive."""
    try:
        x = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        x = math.nan
    if not 0 <= x <= 1:
        raise Invalid("0 与 1 之间的比值，如 0.60")
    return x


def shock_years(value, ctx) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise Invalid("年份列表，如 [2020]（不作异常年份处理时写 []）")
    try:
        return tuple(sorted({year(v, ctx) for v in value}))
    except Invalid:
        raise Invalid("年份列表，如 [2020]（不作异常年份处理时写 []）") from None


def judgement_words(value, ctx) -> tuple[str, ...]:
    """Category and outlook words (滞后于预期, 存在风险 …), as a list."""
    from planeval.vocabulary import FINAL_CATEGORIES, OFFICIAL_CATEGORIES, OUTLOOKS

    known = dict.fromkeys((*OFFICIAL_CATEGORIES, *FINAL_CATEGORIES, *OUTLOOKS))
    expected = f"评价用语列表，取自：{'、'.join(known)}，如 [滞后于预期, 存在风险]"
    if not isinstance(value, list | tuple) or any(str(v).strip() not in known for v in value):
        raise Invalid(expected)
    return tuple(str(v).strip() for v in value)


def flag(value, ctx) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "是"):
        return True
    if text in ("false", "no", "否"):
        return False
    raise Invalid("true 或 false")


def framework(value, ctx) -> str:
    """A shipped report framework's name, or a framework file (returned resolved)."""
    from planeval.report import framework as fw

    names = fw.shipped_names()
    expected = f"内置报告框架之一（{'、'.join(names)}）或项目内的框架文件路径（.yaml）"
    if not isinstance(value, str) or not value.strip():
        raise Invalid(expected)
    value = value.strip()
    if fw.is_name(value):
        if value not in names:
            raise Invalid(expected)
        return value
    resolved = path(value, ctx)
    if resolved.suffix.lower() not in (".yaml", ".yml") or not resolved.is_file():
        raise Invalid(f"{expected}；{resolved} 不是 .yaml 文件")
    return str(resolved)


# Parameters without a line here are passed through unchecked.
SCHEMA: dict[str, Param] = {
    "plan_id": Param("规划代码", slug),
    "plan_name": Param("规划名称", text),
    "region": Param("地区名称", text),
    "parent": Param("上级地区", text),
    "evaluator": Param("评估单位", text),
    "period": Param("规划期名称", text),
    "evaluation": Param("评估类型", choice("monitoring", "midterm", "final")),
    "data_dir": Param("数据文件夹", path),
    "processed_dir": Param("校验后数据文件夹", path),
    "base_year": Param("基期年份", year),
    "target_year": Param("目标年份", year),
    "annual_cutoff": Param("年度数据截止日期", date),
    "monthly_cutoff": Param("月度数据截止日期", date),
    "forecast_years": Param("预测年份", years),
    # Method parameters (planeval.method.progress.CONFIG_KEYS, Forecaster.for_plan);
    # the method note prints each with its value.
    "ahead_threshold": Param("“快于预期”阈值", ratio),
    "on_track_threshold": Param("“基本符合预期”阈值", ratio),
    "binding_on_track_threshold": Param("约束性指标“基本符合预期”阈值", ratio),
    "ceiling_tolerance": Param("预期性指标逐年限值容差", tolerance),
    "binding_ceiling_tolerance": Param("约束性指标逐年限值容差", tolerance),
    "in_step_tolerance": Param("“基本同步”容差（百分点）", tolerance),
    "sdg_significant": Param("辅助评价“显著进展”阈值", share),
    "sdg_moderate": Param("辅助评价“中等进展”阈值", share),
    "outlook_likely": Param("“有望实现”概率阈值", probability),
    "outlook_unlikely": Param("“难以实现”概率阈值", probability),
    # 总结评估: the share P of the target an expected indicator needs for 基本完成
    "final_basic_threshold": Param("总结评估“基本完成”阈值", probability),
    # Up to this many rows of a kind (上级规划 tasks, 四个重大, 专栏项目) the report lists
    # every one; beyond it only the lagging and at-risk ones (河北区's 107 tasks)
    "task_list_limit": Param("逐项列出任务的上限", count),
    "monitoring_watch": Param("年度监测逐项分析的评价结果", judgement_words),
    "approx_tolerance": Param("“左右”目标容差", ratio),  # points (%) or % of the value
    "adjustment_step": Param("调整建议取整步长（百分点）", ratio),
    "adjustment_margin": Param("规划调整提示余量（百分点）", tolerance),
    "shock_years": Param("预测异常年份", shock_years),
    "shock_threshold": Param("异常年份判定倍数（稳健标准差）", ratio),
    "nowcast_sd": Param("上半年累计增速误差（百分点）", ratio),
    "report_date": Param("报告日期", date),
    "peers": Param("比较规划", slugs),
    "peer_group": Param("比较对象的称谓", text),
    "benchmarks": Param("标兵城市数据文件", file_path),
    "public": Param("另出公开版", flag),
    "framework": Param("报告框架", framework),
    # 专项规划: a special plan names the 纲要 it belongs to; a 纲要 its annexed ones.
    "plan_type": Param("规划类型", choice("master", "special")),
    "parent_plan": Param("所属总体规划", slug),
    "annex_plans": Param("附件专项规划", slugs),
}
REQUIRED = ("plan_id", "plan_name", "region", "data_dir")


def label(key: str) -> str:
    p = SCHEMA.get(key)
    return f"{p.label}（{key}）" if p else key


def project_dir(base_dir: Path) -> Path:
    """The project folder: the one that holds `parameters/`, else the file's own folder."""
    base = base_dir.resolve()
    return base.parent if base.name == "parameters" else base


def check(values: dict, known: set[str], defaults: dict, ctx: Context, where: Location) -> dict:
    """Typed values for every given key; raises one PlanevalError listing every problem."""
    problems: list[str] = []
    unknown = sorted(str(k) for k in set(values) - known - {"config_dir", "output_dir"})
    if unknown:
        guesses = [g for k in unknown for g in difflib.get_close_matches(k, known, n=1)]
        guess = f"；是否应为 {'、'.join(guesses)}？" if guesses else ""
        problems.append(
            f"未知参数：{'、'.join(unknown)}{guess}（可用参数：{'、'.join(sorted(known))}）"
        )
    for key in REQUIRED:
        if values.get(key) in (None, ""):
            problems.append(f"缺少必填参数 {label(key)}")
    out = {}
    for key in sorted(known & set(values)):
        value = values[key]
        if value is None:
            continue
        param = SCHEMA.get(key)
        if param is None:
            out[key] = value
            continue
        try:
            out[key] = param.check(value, ctx)
        except Invalid as exc:
            problems.append(f"{label(key)} 的值 {_shown(value)} 无效，应为{exc}")
    if not problems:
        problems += _relations({**defaults, **out}, given=set(out))
    if problems:
        raise PlanevalError(
            "参数文件有误：\n" + "\n".join(f"  - {p}" for p in problems),
            where,
            hint="invalid parameters; each key is named above",
        )
    return out


def _relations(v: dict, given: set[str]) -> list[str]:
    out = []
    base, target = v["base_year"], v["target_year"]
    if not base < target <= base + 20:
        out.append(
            f"{label('base_year')} {base} 应早于 {label('target_year')} {target}（相差不超过20年）"
        )
        return out
    annual = v["annual_cutoff"]
    last = annual.year if (annual.month, annual.day) == (12, 31) else annual.year - 1
    if not base <= last <= target:
        out.append(f"{label('annual_cutoff')} {annual} 应在规划期 {base}—{target} 年之内")
    monthly = v["monthly_cutoff"]
    # A final evaluation has no year-to-date data: the default month is then not checked.
    if "monthly_cutoff" in given and (monthly < annual or monthly.year > target):
        out.append(
            f"{label('monthly_cutoff')} {monthly} 应不早于年度数据截止日期 {annual}，"
            f"且不晚于 {target} 年"
        )
    outside = [y for y in v["forecast_years"] if not last < y <= target]
    if outside:
        out.append(
            f"{label('forecast_years')} 中的 {'、'.join(map(str, outside))} 不在"
            f"最后数据年份 {last} 之后、目标年份 {target} 之内"
        )
    likely, unlikely = v.get("outlook_likely"), v.get("outlook_unlikely")
    if likely is not None and unlikely is not None and not unlikely < likely:
        out.append(
            f"{label('outlook_unlikely')} {unlikely} 应小于 {label('outlook_likely')} {likely}"
        )
    special = v.get("plan_type") == "special"
    if special and not v.get("parent_plan"):
        out.append(
            f"{label('plan_type')} 为 special 时应填写 {label('parent_plan')}（纲要的规划代码）"
        )
    if not special and v.get("parent_plan"):
        out.append(f"只有专项规划（{label('plan_type')}: special）填写 {label('parent_plan')}")
    if special and v.get("annex_plans"):
        out.append(f"{label('annex_plans')} 只用于总体规划（纲要），专项规划不能再带附件")
    if v.get("plan_id") in (v.get("annex_plans") or ()):
        out.append(f"{label('annex_plans')} 不能包含规划自身")
    ahead, on_track = v["ahead_threshold"], v["on_track_threshold"]
    if not on_track < ahead:
        out.append(
            f"{label('on_track_threshold')} {on_track} 应小于 {label('ahead_threshold')} {ahead}"
        )
    binding = v.get("binding_on_track_threshold")
    if binding is not None and not binding <= ahead:
        out.append(
            f"{label('binding_on_track_threshold')} {binding} 应不大于 "
            f"{label('ahead_threshold')} {ahead}"
        )
    significant, moderate = v.get("sdg_significant"), v.get("sdg_moderate")
    if significant is not None and moderate is not None and not moderate <= significant:
        out.append(
            f"{label('sdg_moderate')} {moderate} 应不大于 {label('sdg_significant')} {significant}"
        )
    return out


# --- reading the YAML file --------------------------------------------------------


class _LimitedLoader(yaml.SafeLoader):
    """A safe loader that refuses more than MAX_ALIASES aliases (exponential expansion)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases = getattr(self, "_aliases", 0) + 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases")
        return super().compose_node(parent, index)


def read_yaml(path: Path) -> dict:
    """The mapping in a parameters file: size-limited, alias-limited, any common encoding."""
    where = Location(file=path)
    if not path.is_file():
        raise PlanevalError("找不到参数文件", where, expected="parameters/<plan>.yaml")
    text, _ = decode(read_bytes(path, limit=MAX_YAML_BYTES), path)
    try:
        values = yaml.load(text, Loader=_LimitedLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = Location(file=path, row=mark.line + 1)
        problem = getattr(exc, "problem", None) or str(exc)
        if "aliases" in problem:
            problem = f"别名（&/*）超过 {MAX_ALIASES} 个"
        raise PlanevalError(
            f"参数文件不是有效的 YAML：{problem[:200]}",
            where,
            expected="“键: 值”形式，每行一个参数",
        ) from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise PlanevalError("参数文件应为“键: 值”形式的 YAML", where)
    return values
