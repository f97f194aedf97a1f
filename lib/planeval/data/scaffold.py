"""`planeval new`: the files a new plan starts from, in a project folder.

- parameters/<id>.yaml, every key commented in Chinese;
- data/raw/<id>/indicators.xlsx, the 附件1 indicator table with drop-down lists and a
  填表说明 sheet;
- data/raw/<id>/texts/*.md, one file per evaluator-written section; their guidance is
  an HTML comment, which the report ignores, so an unwritten section still shows 待补充.

Nothing that exists is overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from planeval.data.plandata import TEXT_SECTIONS
from planeval.data.targets import TargetKind
from planeval.errors import Location, PlanevalError
from planeval.outputs import save_workbook
from planeval.periods import DEFAULT_EVALUATION, DEFAULT_PERIOD, EVALUATIONS, PERIODS, PLAN_ORDINALS
from planeval.project import Project

PLAN_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# The indicator table (附件1): column, width, what to write (for the 填表说明 sheet).
INDICATOR_COLUMNS = (
    ("序号", 6, "必填。指标在规划中的顺序，1、2、3……"),
    ("指标代码", 16, "必填。英文小写字母、数字和下划线，本规划内唯一，如 gdp、retail_sales"),
    ("类别", 10, "必填。经济发展、创新驱动、民生福祉、绿色生态、安全保障等（可从下拉列表选择）"),
    ("指标名称", 28, "必填。与规划文本一致；年度数据表按此名称对应指标"),
    ("单位", 12, "必填。与规划文本一致，如 亿元、%、‰、吨标准煤/万元"),
    (
        "目标总量",
        14,
        "与“年均增长”至少填一项。规划“目标总量”栏的原文，如 2000、65%、〔13.5〕、<5.5、"
        "不低于95、3左右、提高1岁、46以上（按目标年水平；逐年下限写“稳定在…以上”）、—",
    ),
    (
        "年均增长",
        14,
        "规划“年均增长”栏的原文，如 6%、6%左右、5.5-6.5%、9%以上、≥7、控制在7‰以下、"
        "高于GDP增长、与经济增长基本同步",
    ),
    ("属性", 8, "必填。预期性 或 约束性"),
    ("方向", 8, "选填。正向（越大越好）或 逆向（越小越好）；不填时按目标类型判断"),
    ("数据单位", 10, "选填。规划印刷的单位有误时填写数据实际使用的单位"),
    (
        "数据形式",
        10,
        "选填。水平（默认）；增速：年度数据为各年增长率（如GDP增长）；"
        "降低率：年度数据为各年降低率（如单位GDP能耗降低）",
    ),
    ("目标类型", 16, "选填。结构化目标，优先于原文：" + "、".join(k.value for k in TargetKind)),
    ("目标值", 10, "选填。结构化目标的数值（百分数写 6 表示 6%）"),
    ("目标下限", 10, "选填。区间目标的下限"),
    ("目标上限", 10, "选填。区间目标的上限"),
    ("参照指标", 14, "选填。相对目标（如“与经济增长同步”）参照的指标名称或指标代码"),
    ("左右", 6, "选填。是：目标为“左右”，按参数 approx_tolerance 的容差评价"),
    ("可比价", 8, "选填。是：增长目标按可比价增速（年度数据表“增速”列）评价"),
    ("调整后基期值", 12, "选填。规划印发后基期值经统计口径调整的，填调整后的基期值"),
    ("口径说明", 20, "选填。口径调整的原因"),
    ("人工判断", 12, "选填。定性目标的评价：提前实现、快于预期、基本符合预期、滞后于预期"),
    ("人工判断说明", 20, "选填。人工判断的依据"),
    ("备注", 24, "选填。"),
)
CHOICES = {
    "类别": ("经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"),
    "属性": ("预期性", "约束性"),
    "方向": ("正向", "逆向"),
    "目标类型": tuple(k.value for k in TargetKind),
    "可比价": ("是", "否"),
    "数据形式": ("水平", "增速", "降低率"),
    "左右": ("是", "否"),
    "人工判断": ("提前实现", "快于预期", "基本符合预期", "滞后于预期"),
}
STRICT = {
    "属性",
    "方向",
    "目标类型",
    "可比价",
    "数据形式",
    "左右",
    "人工判断",
}  # 类别 may name a chapter of its own

TEXT_GUIDES = {
    "tasks": "重大战略任务推进情况：按规划篇章逐项说明进展、成效和存在的差距。",
    "projects": "重大工程项目进展情况：开工、竣工、投资完成和资金到位情况，滞后项目及原因。",
    "environment": "外部环境变化：规划实施以来国内外环境、上级政策和区域形势的主要变化。",
    "problems": "主要问题和挑战：逐条写明问题、表现和原因，可用“**一是……**”开头。",
    "measures": "规划中后期主要工作举措：下一步的重点工作和保障措施。",
    "recommendations": "对策建议：进一步推进规划实施的建议，需调整的目标和理由。",
    "lessons": "经验启示（总结评估）：规划实施中形成的好做法和可推广的经验。",
}
# Sections a final evaluation (总结评估) does not have, and the one only it has.
FINAL_ONLY, NOT_IN_FINAL = {"lessons"}, {"environment", "measures"}


@dataclass(frozen=True)
class NewPlan:
    parameters: Path
    indicators: Path
    texts: Path

    def next_steps(self, plan_id: str) -> list[str]:
        return [
            f"1. 打开 {self.parameters}，核对规划名称、上级地区、评估单位和数据截止日期；",
            f"2. 在 {self.indicators} 中按规划附表逐行填写主要指标（说明见“填表说明”工作表）；",
            f"3. 运行 planeval template {plan_id} -o 完成情况表.xlsx，生成各部门填报的"
            f"完成情况表，收回后保存为 data/raw/{plan_id}/annual_<部门>.xlsx；",
            f"4. 在 {self.texts} 中撰写评估文字（缺少的部分在报告中显示“待补充”）；",
            f"5. 运行 planeval validate {plan_id} 检查数据，"
            f"再运行 planeval run {plan_id} 生成报告。",
        ]


def new_plan(
    project: Project,
    plan_id: str,
    name: str,
    *,
    parent: str = "",
    period: str = DEFAULT_PERIOD,
    evaluation: str = DEFAULT_EVALUATION,
) -> NewPlan:
    """Write the starting files of a plan; refuse to overwrite anything."""
    if not PLAN_ID.match(plan_id):
        raise PlanevalError(
            f"规划编号「{plan_id}」无效",
            expected="小写英文字母开头，只含小写字母、数字和下划线（如 moumou、xx_district）",
        )
    if period not in PERIODS:
        raise PlanevalError(f"未知的规划期「{period}」", expected="、".join(PERIODS))
    if evaluation not in EVALUATIONS:
        raise PlanevalError(f"未知的评估类型「{evaluation}」", expected="、".join(EVALUATIONS))
    if not name.strip():
        raise PlanevalError("请用 --name 给出地区名称", expected="如 --name 某某区")
    plan = NewPlan(
        project.parameters_file(plan_id),
        project.raw / plan_id / "indicators.xlsx",
        project.raw / plan_id / "texts",
    )
    for path in (plan.parameters, plan.indicators.parent):
        if path.exists():
            raise PlanevalError(
                "已存在，未作任何改动", Location(file=path), expected="换一个规划编号"
            )
    plan.parameters.parent.mkdir(parents=True, exist_ok=True)
    plan.parameters.write_text(
        parameters_text(plan_id, name.strip(), parent, period, evaluation), encoding="utf-8"
    )
    write_indicator_table(plan.indicators, f"{parent}{name}“{period}”规划主要指标")
    plan.texts.mkdir(parents=True)
    skip = NOT_IN_FINAL if evaluation == "final" else FINAL_ONLY
    for key in (k for k in TEXT_SECTIONS if k not in skip):
        (plan.texts / f"{key}.md").write_text(f"<!-- {TEXT_GUIDES[key]} -->\n", encoding="utf-8")
    return plan


def evaluation_dates(period: str, evaluation: str) -> tuple[int, str, str, list[int]]:
    """(last year with data, annual cutoff, monthly cutoff, forecast years) by default."""
    base, target = PERIODS[period]
    last = {"monitoring": base + 1, "midterm": base + 2, "final": target}[evaluation]
    forecast = list(range(last + 1, target + 1))
    monthly = f"{last + 1}-06-30" if last < target else ""
    return last, f"{last}-12-31", monthly, forecast


def parameters_text(plan_id: str, name: str, parent: str, period: str, evaluation: str) -> str:
    base, target = PERIODS[period]
    _, annual, monthly, forecast = evaluation_dates(period, evaluation)
    ordinal = PLAN_ORDINALS[period]
    title = f"{parent}{name}国民经济和社会发展第{ordinal}个五年规划纲要"
    monthly_line = (
        f'monthly_cutoff: "{monthly}"   # 月度累计数据截止日期（上半年：6月30日）'
        if monthly
        else "# monthly_cutoff: 总结评估不使用月度累计数据"
    )
    return f"""# {name}“{period}”规划{EVALUATIONS[evaluation]}的参数（papermill 参数文件）。
# 路径相对于本文件所在的文件夹。修改后运行 planeval validate {plan_id} 检查。
plan_id: {plan_id}          # 规划编号：英文小写，用于文件夹名，勿改
plan_name: {title}   # 规划全称（报告封面）
region: {name}             # 地区名称（报告标题）
parent: {parent or '""'}             # 上级地区（如 柳州市），可留空
evaluator: ""              # 评估单位（如 某某专家咨询协会（第三方评估））
period: {period}            # 规划期名称
evaluation: {evaluation}      # 评估类型：monitoring 年度监测 / midterm 中期评估 / final 总结评估
data_dir: ../data/raw/{plan_id}   # 本规划数据文件夹
base_year: {base}            # 基期年份
target_year: {target}          # 目标年份
annual_cutoff: "{annual}"   # 年度数据截止日期（12月31日：该年数据已齐）
{monthly_line}
forecast_years: {forecast}   # 需要预测的年份
peers: []                  # 横向比较的其他规划编号，如 [nankai, hebei]
# 评估方法参数（取值为默认值，去掉行首 # 即可修改；评估方法说明列出本次采用的取值）：
{method_parameter_lines()}
"""


def method_parameter_lines() -> str:
    """Every method parameter as a commented line: key, default value, Chinese name."""
    from planeval.config import PlanConfig
    from planeval.method.progress import METHOD_KEYS, REPORT_KEYS
    from planeval.params import SCHEMA

    defaults = {f.name: f.default for f in fields(PlanConfig)}
    lines = []
    for key in (*METHOD_KEYS, *REPORT_KEYS):
        value = defaults[key]
        shown = f"[{', '.join(map(str, value))}]" if isinstance(value, tuple) else f"{value:g}"
        lines.append(f"# {f'{key}: {shown}':<34} # {SCHEMA[key].label}")
    return "\n".join(lines)


def write_indicator_table(path: Path, title: str) -> Path:
    """The empty 附件1 table: title, header, drop-down lists, and a 填表说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([title])
    ws.append([c for c, _, _ in INDICATOR_COLUMNS])
    thin = Side(style="thin", color="999999")
    ws["A1"].font = Font(name="宋体", bold=True, size=14)
    rows = 60
    for col, (column, width, _) in enumerate(INDICATOR_COLUMNS, start=1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(name="宋体", bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
        for row in range(2, rows + 3):
            ws.cell(row=row, column=col).border = Border(
                left=thin, right=thin, top=thin, bottom=thin
            )
            if row > 2:
                ws.cell(row=row, column=col).font = Font(name="宋体")
        if column in CHOICES:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(CHOICES[column]) + '"',
                allow_blank=True,
                showErrorMessage=column in STRICT,
                errorTitle=column,
                error="请从下拉列表中选择：" + "、".join(CHOICES[column]),
            )
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}3:{cell.column_letter}{rows + 2}")
    ws.freeze_panes = "E3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"

    guide = wb.create_sheet("填表说明")
    guide.append(["列名", "填写说明"])
    for column, _, text in INDICATOR_COLUMNS:
        guide.append([column, text])
    guide.append([])
    guide.append(
        ["示例", "地区生产总值 | 亿元 | 目标总量 — | 年均增长 5.5-6.5% | 预期性 | 可比价 是"]
    )
    guide.append(["示例", "城镇调查失业率 | % | 年均增长 控制在4.5%以内 | 约束性"])
    guide.append(["示例", "单位GDP能耗降低 | % | 目标总量 累计下降13.5% | 约束性"])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 90
    for row in guide.iter_rows():
        for cell in row:
            cell.font = Font(name="宋体", bold=cell.row == 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_workbook(wb, path)
