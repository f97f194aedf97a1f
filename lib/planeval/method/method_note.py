"""The report's 评估方法说明, generated from the parameters actually used.

Every number in the text (years, E, thresholds, tolerances, cut-offs, models) comes
from the PlanConfig, the Thresholds and the forecaster passed in, so the note can
never drift from what planeval.method.assess computed.
"""

from __future__ import annotations

import re

from planeval.method.progress import (
    CONFIG_KEYS,
    FORECAST_KEYS,
    Thresholds,
    elapsed_share,
    reduction_annual_rate,
)


def method_note(config, forecaster=None, thresholds: Thresholds | None = None) -> str:
    """评估方法说明 (Markdown) for one plan's run."""
    th = thresholds or Thresholds.from_config(config)
    if getattr(config, "evaluation", "") == "final":
        sections = [
            "## 评估方法说明",
            _final_timing(config),
            _progress(config),
            _target_forms(config, th),
            _final_categories(config, th),
            _data_rules(config),
            _secondary(th),
            _precision(),
            _tasks(config),
            _parameters(th, final=True),
        ]
        return _renumbered("\n\n".join(sections) + "\n")
    if forecaster is None:
        from planeval.method.forecast import Forecaster

        forecaster = Forecaster.for_plan(config)
    sections = [
        "## 评估方法说明",
        _timing(config),
        _ytd_monitoring(config),
        _monitoring_report(config),
        _progress(config),
        _target_forms(config, th),
        _categories(config, th),
        _special_targets(config, th),
        _data_rules(config),
        _secondary(th),
        _outlook(config, forecaster, th),
        _precision(),
        _tasks(config),
        _parameters(th, forecaster),
    ]
    return _renumbered("\n\n".join(s for s in sections if s) + "\n")


_NUMERALS = "一二三四五六七八九十"


def _renumbered(markdown: str) -> str:
    """### 一、… ### 二、…: the section numbers in order, whichever sections the note has."""
    count = iter(range(len(_NUMERALS)))
    return re.sub(
        r"^### [一二三四五六七八九十]+、",
        lambda m: f"### {_NUMERALS[next(count)]}、",
        markdown,
        flags=re.M,
    )


def _pct(x: float, digits: int = 0) -> str:
    return f"{x * 100:.{digits}f}%"


def _timing(c) -> str:
    t0, T, t = c.base_year, c.target_year, c.last_year
    e = elapsed_share(t0, T, t)
    m = c.monthly_cutoff
    half = (m.year - 1 + m.month / 12 - t0) / (T - t0)
    return (
        "### 一、评估时点与时间进度\n\n"
        f"以{t0}年为基期（t₀），{T}年为规划目标年（T）。年度数据截至"
        f"{c.annual_cutoff:%Y年%m月%d日}，最新年度数据为{t}年（t）；月度累计数据截至"
        f"{c.monthly_cutoff.year}年{c.monthly_cutoff.month}月。\n\n"
        f"时间进度 E = (t − t₀) / (T − t₀) = ({t} − {t0}) / ({T} − {t0}) = {_pct(e)}。"
        f"某指标最新数据早于{t}年时，按其最新年份计算该指标的 E。"
        f"计入{c.monthly_cutoff.year}年1-{c.monthly_cutoff.month}月数据时时间进度约为"
        f"{_pct(half)}，"
        + (
            "本次监测按月份计算 E（见下文年内监测）。"
            if getattr(c, "evaluation", "") == "monitoring" and t == t0
            else "但评价仍以年度数据的 E 为准，月度累计数据单独列示并用于当年预测（现时预测）。"
        )
    )


def _progress(c) -> str:
    n = c.target_year - c.base_year
    t0, T = c.base_year, c.target_year
    rate = -reduction_annual_rate(13.5, n)
    return (
        "### 二、任务进度 P\n\n"
        "任务进度 P 在规划路径随时间线性推进的尺度上计算：增速、总量和累计下降目标用对数尺度，"
        "比重（百分点）目标用线性尺度，五年累计目标用逐年累加。记基期值 v₀、最新值 vₜ、"
        f"{T}年目标值 V：\n\n"
        "| 目标写法 | 目标类型 | 任务进度 P |\n"
        "|---|---|---|\n"
        f"| 年均增长g% | 年均增速 | V = v₀(1+g)^{n}，P = ln(vₜ/v₀) / ln(V/v₀) |\n"
        f"| g%以上 | 年均增速下限 | 同上，以g%为要求 |\n"
        "| a%～b% | 年均增速区间 | 按区间中值计算 P、R，并列示按下限、上限计算的 P |\n"
        f"| {T}年达到V | 总量目标 | P = ln(vₜ/v₀) / ln(V/v₀) |\n"
        f"| {T}年比重达到V% | 比重目标 | P = (vₜ − v₀) / (V − v₀)（百分点线性路径） |\n"
        f"| 五年累计S | 累计目标 | P = Σ({t0 + 1}…t)vᵧ / S |\n"
        "| 累计下降r% | 累计下降 | V = v₀(1 − r/100)，P = ln(vₜ/v₀) / ln(V/v₀) |\n\n"
        f"例如累计下降13.5%相当于年均下降{rate:.2f}%（(1 − 0.135)^(1/{n}) − 1）。"
        "按复合增长设定的目标不能用总量的线性时间比例衡量进度：年均增长6%的指标若恰好沿规划路径"
        "增长，按对数尺度 P 恰等于时间进度，按总量线性比例则会被误判为滞后。\n\n"
        "逆向指标（越低越好）同样适用上述公式，数值下降即为进度。若规划允许指标向不利方向变化"
        "（如逆向指标的增长上限，或口径调整后基期值已优于目标值），则以规划路径为参照："
        "R = 1 + s·(a − L·E) / (|L|·E)，其中 a、L 分别为实际和规划变化量，s 正向取1、逆向取−1；"
        "目标方向与指标方向一致时该式即为 P = a/L。"
    )


def _ytd_monitoring(c) -> str:
    """年度监测 before the first annual figure of the period (method.assess._ytd_estimate)."""
    if getattr(c, "evaluation", "") != "monitoring" or c.last_year != c.base_year:
        return ""
    t0, n, m = c.base_year, c.target_year - c.base_year, c.monthly_cutoff
    share = m.month / 12 / n
    return (
        f"**年内监测。**{t0 + 1}年尚无年度数据，本次监测以{m.year}年1-{m.month}月累计数据"
        "作为全年的估计：有累计增速的指标（含数据形式为增速、降低率的指标），全年水平按"
        f"v₀(1 + 累计增速) 推算；比率、比重等指标以1-{m.month}月数值作为全年估计；"
        f"只有年度统计的指标暂不评价（数据不足）。时间进度按已过月份计算，"
        f"E = ({m.month}/12) / {n} = {_pct(share)}；按增速推算的指标，任务进度取全年推算进度"
        f"的{m.month}/12，即 P = ({m.month}/12)·P全年，进度比 R = P / E 等于累计增速与规划"
        "要求增速的比较；逐年限值和相对目标按1-{m}月数据判断。如期实现前景以推算的全年值为起点，"
        "按剩余年份计算后续所需年均增速，趋势预测计入累计增速（现时预测）。"
    ).replace("{m}", str(m.month))


def _monitoring_report(c) -> str:
    """What the short 年度监测 report shows (report.document.Report.indicators)."""
    if getattr(c, "evaluation", "") != "monitoring":
        return ""
    words = "、".join(f"“{w}”" for w in c.monitoring_watch) or "（无）"
    return (
        "**监测报告的内容。**指标监测表列出全部主要指标的基期值、目标、监测值、进度和评价结果；"
        f"评价结果或如期实现前景为{words}的指标逐项分析并附图，其余指标只列入指标监测表；"
        "评估单位未撰写的部分不列出。逐项分析的评价结果可在参数文件中设置（monitoring_watch）。"
    )


def _target_forms(c, th: Thresholds) -> str:
    """How the written forms of national and provincial plans are read (data.targets)."""
    t0, T = c.base_year, c.target_year
    tol = f"{th.approx_tolerance:g}"
    return (
        "**其他目标写法。**"
        f"〔x〕（或[x]、【x】）表示规划期累计数：指标名称或单位含“降低”“下降”的按累计下降x%评价，"
        "名称含“新增”“累计”的按五年累计目标评价，其余按比基期提高x评价；"
        f"提高N岁、提高N个百分点、增加N按 V = v₀ + N 的线性路径评价（P = (vₜ − v₀) / N）。"
        "≥、＞、不低于与“以上”相同，≤、＜、不高于与“以内”相同（统计数据已修约，等于限值视为达到）。"
        f"“左右”：年均增长g%左右按 g ± {tol}% 的区间评价；比重、累计降幅等百分数目标在目标值 ±{tol}"
        f"个百分点以内、其他单位的目标在目标值 ±{tol}% 以内视为实现（容差可在参数文件中设置，"
        "approx_tolerance），进度 P 仍按目标值计算。"
        f"总量栏的“X以上”“不低于X”按{T}年水平不低于X（期末目标）评价，只有写作“稳定在…以上”"
        "“保持在…以上”“始终…”“每年…”时，或指标为“新增”流量指标时，按逐年下限评价；按期末目标理解时在问题清单中提示。"
        "相对目标（高于GDP增长、与经济增长基本同步）可按名称或指标代码指向指标表中的任一指标，"
        "“经济”“GDP”指指标表中的地区生产总值、国内生产总值或GDP增长一行。"
        f"数据形式为“增速”“降低率”的指标，年度数据为各年比率，按{t0}年=100逐年连乘为定基指数后"
        "按上表评价（降低率取负值），逐年限值按各年比率本身判断。"
    )


def _categories(c, th: Thresholds) -> str:
    return (
        "### 三、进度比与评价结论\n\n"
        "进度比 R = P / E。评价结论采用国家五年规划纲要实施中期评估报告的用语：\n\n"
        f"- **提前实现**：{c.target_year}年目标已经达到（正向指标最新值不低于目标值，逆向指标不高于"
        "目标值；累计目标已完成五年总量）；\n"
        f"- **快于预期**：R ≥ {th.ahead:.2f}；\n"
        f"- **基本符合预期**：预期性指标 R ≥ {th.on_track:.2f}，约束性指标"
        f"{'不设容差，' if th.binding_on_track >= 1 else ''}须 R ≥ {th.binding_on_track:.2f}；\n"
        "- **滞后于预期**：低于上述标准。\n\n"
        "无法计算 R 的指标（缺少基期值或最新数据）标注“数据不足”，不作评价。"
    )


def _final_timing(c) -> str:
    t0, T = c.base_year, c.target_year
    return (
        "### 一、评估时点与时间进度\n\n"
        f"以{t0}年为基期（t₀），{T}年为规划目标年（T）。年度数据截至"
        f"{c.annual_cutoff:%Y年%m月%d日}，最新年度数据为{c.last_year}年（t）。"
        f"总结评估时规划期已经结束，时间进度 E = ({T} − {t0}) / ({T} − {t0}) = 100%；"
        f"某指标缺少{T}年数据时，按其最新年份计算该指标的 E，并在计算说明中注明。"
    )


def _final_categories(c, th: Thresholds) -> str:
    return (
        "### 三、完成情况评价（总结评估）\n\n"
        f"总结评估时规划期已经结束（{c.target_year}年），时间进度 E = 100%，不作趋势预测，"
        "按目标年实际值对照规划目标评价：\n\n"
        f"- **已完成**：{c.target_year}年目标已经达到（任务进度 P ≥ 100%；逐年限值各年均未突破；"
        "相对目标各年均达到要求）；\n"
        f"- **基本完成**：预期性指标未达到目标但 P ≥ {th.final_basic:.0%}，"
        f"或逐年限值在{c.target_year}年未突破、个别年份曾经突破；\n"
        "- **未完成**：低于上述标准。约束性指标不设“基本完成”档，未达到目标即为未完成。\n\n"
        f"逐年限值按年判断：{_binding_band(th)}，预期性指标允许超出限值"
        f"{th.ceiling_tolerance:g}个计量单位；相对目标“基本同步”要求增速不低于参照增速减"
        f"{th.in_step_tolerance:g}个百分点。\n\n"
        "年均增速区间按区间中值计算 P；定性目标有上级下达的年度指标时按逐年限值判断，"
        "否则采用评估人员的人工判断。无法计算 P 的指标（缺少基期值或最新数据）标注“数据不足”。"
        "基本完成的阈值可在参数文件中设置（final_basic_threshold）。"
    )


def _special_targets(c, th: Thresholds) -> str:
    t0 = c.base_year
    return (
        "### 四、特殊目标的判断规则\n\n"
        "- **年均增速区间**：P、R 按区间中值计算；评价按实际年均增速所在位置判断："
        "高于区间为快于预期，"
        "处于区间内为基本符合预期，低于区间为滞后于预期；按区间下限推算的目标年水平已达到为提前实现。\n"
        f"- **逐年上限、下限**：对{t0 + 1}年至最新年份逐年判断"
        "（比率类指标另计入当年1月以来累计值）。"
        f"{_binding_band(th)}；预期性指标允许超出限值{th.ceiling_tolerance:g}个计量单位"
        f"（如{th.ceiling_tolerance:g}个百分点）。任一年份突破即为滞后于预期，并列出突破年份；"
        "各年均在限值内为基本符合预期（远低于上限不视为快于预期）。此类目标不计算 P、R。\n"
        "- **相对目标**（如与经济增长基本同步、高于地区生产总值增长）："
        "逐年比较本指标与参照指标的增速，"
        "两者均报告可比价增速时用可比价增速，否则均用现价水平计算的增速。“基本同步”要求增速不低于参照"
        f"增速减{th.in_step_tolerance:g}个百分点，“高于”要求增速高于参照增速。"
        "各年均达到要求为基本符合预期，任一年份未达到为滞后于预期，并列出未达到的年份；"
        "当年1月以来的累计增速只作说明，不作为评价依据。相对目标要求的是与参照指标的关系，"
        "没有需要提前达到的终值，增速再高也只是“符合要求”，因此不评为快于预期或提前实现。\n"
        "- **定性目标**：有上级下达的年度指标时按逐年上限（逆向）或下限（正向）判断；"
        "否则采用评估人员提供的人工判断并注明理由；均无时标注“需人工判断”。"
    )


def _data_rules(c) -> str:
    return (
        "### 五、数据口径\n\n"
        "- **可比价**：地区生产总值等按可比价考核的增速目标，用各年报告的可比价增速连乘计算实际进度"
        f"（vₜ/v₀ = Π(1 + 增速/100)，{c.base_year + 1}年至最新年份），"
        f"目标值按{c.base_year}年价格计；"
        "缺少某年增速时改用现价水平并加注说明。总量类目标按现价水平评价。\n"
        f"- **基期值**：规划印发后统计口径调整的，采用调整后基期值，并同时列示规划文本数值；"
        f"否则采用{c.base_year}年统计数，缺少统计数时采用规划文本数值。\n"
        "- **预计数**：正式统计数发布前使用的预计数、初步核算数在表中标注，正式数发布后替换。"
    )


def _secondary(th: Thresholds) -> str:
    return (
        "### 六、辅助评价（欧盟统计局可持续发展目标方法）\n\n"
        "以实际年均增速与规划要求年均增速之比衡量：比值不低于"
        f"{_pct(th.sdg_significant)}为显著进展，{_pct(th.sdg_moderate)}～{_pct(th.sdg_significant)}"
        f"为中等进展，0～{_pct(th.sdg_moderate)}为进展不足，小于0为背离目标。规划要求年均增速：增速目标为目标增速"
        "（区间取中值），总量和累计下降目标为隐含年均增速，五年累计目标为使五年之和等于目标的恒定增速；"
        "相对目标以参照指标的年均增速为要求。规划允许向不利方向变化时，不劣于允许幅度为显著进展，"
        "否则为背离目标。逐年限值目标和定性目标不适用。"
    )


def _outlook(c, forecaster, th: Thresholds) -> str:
    from planeval.method.forecast import method_description

    T = c.target_year
    years = "、".join(str(y) for y in c.forecast_years)
    return (
        "### 七、预测与展望\n\n"
        f"{method_description(forecaster)}\n\n"
        f"对{years}年给出点预测及80%、95%预测区间。{T}年达标概率由预测分布计算："
        f"总量、增速目标为{T}年预测值达到目标值的概率（区间目标按区间下限）；可比价增速目标对按"
        f"{c.base_year}年价格计算的水平序列单独预测；五年累计目标为已完成值加各年预测值之和达到目标的"
        "概率（假定各年预测误差完全相关）；逐年上限（下限）为目标年不高于上限（不低于下限）的概率，"
        "定性目标有目标年下达值时同样处理。\n\n"
        f"后续需年均增长 =（V / vₜ）^(1/({T} − t)) − 1，可比价目标按可比价指数计算，"
        "逆向指标为负值即"
        f"需年均下降；五年累计目标为使 t+1 至{T}年各年值之和等于剩余任务的恒定增速"
        "（以最新年度值为起点逐年递推）。\n\n"
        "**规划调整提示**：后续需年均增长超过该指标自身历史（有数据的全部年份）最高年增速，"
        "逆向指标为后续需年均降幅超过历史最大年降幅"
        f"{_margin(th)}时，提示研究规划调整，如期实现前景评为难以实现，并列入规划调整建议表："
        f"建议目标按{T}年趋势预测值隐含的年均增速（比重、累计下降目标按预测值）向稳妥方向取整至"
        f"{getattr(c, 'adjustment_step', 0.5):g}个百分点（adjustment_step）；"
        "评估单位在 adjustments 文件中提出的意见优先。\n\n"
        f"{_outlook_rule(c, th)}"
    )


def _outlook_rule(c, th: Thresholds) -> str:
    T = c.target_year
    likely, unlikely = _pct(th.outlook_likely), _pct(th.outlook_unlikely)
    return (
        "**如期实现前景**：评价结论按时间进度衡量已完成的进度；如期实现前景另按预测判断"
        f"{T}年能否实现目标，两者并列给出，方向不一致时在同一句中说明。"
        f"达标概率不低于{likely}（点预测达到目标）为有望实现；低于{unlikely}"
        "（目标在80%预测区间之外）或后续所需增速超过该指标历史最好水平为难以实现；"
        "其余为存在风险。逐年上限、下限须在剩余各年均不被突破："
        "任一年点预测突破限值为难以实现，任一年突破限值的概率超过"
        f"{unlikely}为存在风险，否则为有望实现（预期性指标同样计入容差）；"
        "上级下达指标缺少以后年份数值时按最近一年下达值判断。相对目标比较本指标与参照指标"
        f"按现有趋势预测的{T}年前年均增速（均按现价水平）：达到要求为有望实现，差距在"
        f"{th.in_step_tolerance:g}个百分点以内为存在风险，否则为难以实现。"
        "历史数据各年相同、预测区间宽度为零或按趋势外推超出指标可能的取值范围（如降至零以下、"
        "比重超过100%）时，预测不作为判断依据，标注“预测不适用”并说明原因，不列示达标概率。"
        f"阈值为可配置参数（outlook_likely = {th.outlook_likely:g}，"
        f"outlook_unlikely = {th.outlook_unlikely:g}）。"
    )


def _binding_band(th: Thresholds) -> str:
    t = th.binding_ceiling_tolerance
    return "约束性指标不设容差" if t == 0 else f"约束性指标允许超出限值{t:g}个计量单位"


def _margin(th: Thresholds) -> str:
    m = th.adjustment_margin
    return f"且超出{m:g}个百分点以上（比重目标按每年百分点计）" if m > 0 else ""


# Parameters a final evaluation does not use (it judges no R and makes no forecast:
# nor the forecaster's options), and the one only it uses.
_FORWARD_ONLY = {
    "ahead_threshold",
    "on_track_threshold",
    "binding_on_track_threshold",
    "outlook_likely",
    "outlook_unlikely",
    "adjustment_margin",
}
_FINAL_ONLY = {"final_basic_threshold"}


def method_parameters(
    th: Thresholds, forecaster=None, final: bool = False
) -> list[tuple[str, str, str]]:
    """(Chinese name, parameters-file key, value) of every method parameter the run used:
    the thresholds' values, and the forecaster's options unless the point forecasts nothing."""
    from planeval.params import SCHEMA

    skip = _FORWARD_ONLY if final else _FINAL_ONLY
    values = {k: getattr(th, f) for k, f in CONFIG_KEYS.items() if k not in skip}
    if forecaster is not None and not final:
        values.update({k: getattr(forecaster, k) for k in FORECAST_KEYS})
    out = []
    for key, value in values.items():
        if isinstance(value, tuple | list):
            shown = "、".join(str(v) for v in value) or "无"
        else:
            shown = f"{value:g}"
        out.append((SCHEMA[key].label, key, shown))
    return out


def _parameters(th: Thresholds, forecaster=None, final: bool = False) -> str:
    rows = "".join(
        f"| {name} | {key} | {value} |\n"
        for name, key, value in method_parameters(th, forecaster, final)
    )
    return (
        "### 九、方法参数\n\n"
        "以上各项阈值、容差和规则常数均为参数文件中可设置的参数，本次评估采用的取值如下：\n\n"
        "| 参数 | 参数文件中的名称 | 取值 |\n|---|---|---|\n" + rows
    ).rstrip("\n")


def _precision() -> str:
    return (
        "### 八、数值精度\n\n"
        "评价以未经四舍五入的数值判断；表中数值按显示精度四舍五入，临界值附近的指标以评价结论为准。"
    )


def _tasks(c) -> str:
    return (
        "### 九、章节指标和重点任务\n\n"
        "章节指标按与主要指标相同的方法、阈值和预测评估，按章节单列汇总，不计入主要指标的统计。"
        "重点任务（本级纲要）、上级规划涉及本地区的任务、“四个重大”和专栏项目按部门填报的进展"
        "（已完成、按计划推进、滞后、未启动）和完成率统计，平均完成率与月度数据截止时点的时间进度比较；"
        "预期展望以“存在风险”或“难以完成”开头的，与滞后、未启动的一并列为需关注事项。"
        f"一类事项不超过{c.task_list_limit}项时逐项列出，超过时只逐项列出需关注事项，"
        "全部事项见重点任务进展表；上限可在参数文件中设置（task_list_limit）。"
    )
