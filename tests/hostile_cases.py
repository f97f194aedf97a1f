"""The hostile corpus: copies of sample plans with one mutation each, and what must happen.

Each `Case` copies a sample plan (parameters and data) into a project folder of
its own, applies one mutation, runs `planeval validate` in-process and expects
one outcome:

- ``error``: exit code 2, a Chinese message with the given text and location,
  no processed data written (no partial output);
- ``warning``: exit code 0 and a warning with the text and location;
- ``accepted``: exit code 0, and `check` (if any) holds on the processed data.

Whatever the outcome, no traceback is printed, the raw data is unchanged and
nothing is written outside the project folder's outputs/ and data/processed/.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from repo import PROJECT_ROOT

TESTS = Path(__file__).parent


def _noise(n: int) -> bytes:
    """Random-looking bytes, the same in every run and every test worker."""
    return random.Random(n).randbytes(n)


@dataclass
class Project:
    """A copied sample plan: root/parameters/<plan>.yaml and root/data/raw/<plan>/."""

    root: Path
    plan: str

    @property
    def params(self) -> Path:
        return self.root / "parameters" / f"{self.plan}.yaml"

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw" / self.plan

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed" / self.plan

    # --- parameters
    def set_param(self, key: str, value: str) -> None:
        """Replace (or add) the line `key: value` of the YAML file (value as YAML text)."""
        lines = self.params.read_text("utf-8").splitlines()
        new = f"{key}: {value}"
        hits = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        if hits:
            lines[hits[0]] = new
        else:
            lines.append(new)
        self.params.write_text("\n".join(lines) + "\n", "utf-8")

    def drop_param(self, key: str) -> None:
        lines = self.params.read_text("utf-8").splitlines()
        self.params.write_text(
            "\n".join(x for x in lines if not x.startswith(f"{key}:")) + "\n", "utf-8"
        )

    # --- data files
    def text(self, name: str) -> str:
        return (self.raw / name).read_text("utf-8")

    def write(self, name: str, body: str | bytes) -> Path:
        path = self.raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, "utf-8")
        return path

    def replace(self, name: str, old: str, new: str) -> None:
        body = self.text(name)
        assert old in body, (name, old)
        self.write(name, body.replace(old, new, 1))

    def append(self, name: str, rows: str) -> None:
        body = self.text(name)
        self.write(name, body + ("" if body.endswith("\n") else "\n") + rows)

    def remove(self, name: str) -> None:
        (self.raw / name).unlink()


def copy_sample(plan: str, root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, root / "data" / "raw" / plan)
    (root / "parameters").mkdir()
    text = (PROJECT_ROOT / "parameters" / f"{plan}.yaml").read_text("utf-8")
    text += f"processed_dir: ../data/processed/{plan}\n"
    (root / "parameters" / f"{plan}.yaml").write_text(text, "utf-8")
    return Project(root, plan)


@dataclass
class Case:
    id: str
    mutate: Callable[[Project], None]
    outcome: str  # "error" | "warning" | "accepted"
    message: str = ""
    where: tuple[str, ...] = ()
    plan: str = "liunan"
    check: Callable[[object], None] | None = None  # on the processed PlanData
    command: str = "validate"  # or "run": the batch route, which must refuse before writing


CASES: list[Case] = []


def case(id, mutate, outcome, message="", where=(), **kw) -> None:
    CASES.append(Case(id, mutate, outcome, message, tuple(where), **kw))


def param(key: str, value: str):
    return lambda p: p.set_param(key, value)


def gdp_value(year: int, value: float):
    def check(data):
        assert data.series("gdp")[year] == value

    return check


# --- parameters --------------------------------------------------------------------

P = "liunan.yaml"
for i, (value, expected) in enumerate(
    [
        ("123", "规划代码（plan_id）"),
        ("../../x", "规划代码（plan_id）"),
        ("/tmp/x", "规划代码（plan_id）"),
        ("柳南", "英文字母开头"),
        ('"a b"', "英文字母开头"),
        ("true", "规划代码（plan_id）"),
        ("[liunan]", "规划代码（plan_id）"),
        ("x" + "y" * 70, "不超过64个字符"),
    ]
):
    case(f"param-plan_id-{i}", param("plan_id", value), "error", expected, [P])
case(
    "param-plan_id-empty", param("plan_id", '""'), "error", "缺少必填参数 规划代码（plan_id）", [P]
)
case(
    "run-plan_id-escape",
    param("plan_id", "../../x"),
    "error",
    "规划代码（plan_id）",
    [P],
    command="run",
)
case("run-data_dir-absolute", param("data_dir", "/etc"), "error", "项目文件夹", [P], command="run")

for i, (key, value, expected) in enumerate(
    [
        ("base_year", "true", "基期年份（base_year） 的值 True 无效"),
        ("base_year", "二〇二〇", "基期年份（base_year） 的值 「二〇二〇」 无效，应为四位数年份"),
        ("base_year", "2020.5", "基期年份（base_year）"),
        ("base_year", "1800", "四位数年份（1949—2100）"),
        ("base_year", "2026", "应早于 目标年份（target_year）"),
        ("target_year", "2020", "应早于 目标年份（target_year） 2020"),
        ("target_year", "2060", "相差不超过20年"),
        ("target_year", "[2025]", "目标年份（target_year）"),
        ("annual_cutoff", '"2022-13-01"', "年度数据截止日期（annual_cutoff）"),
        ("annual_cutoff", "yesterday", "应为日期"),
        ("annual_cutoff", '"2019-12-31"', "应在规划期 2020—2025 年之内"),
        ("monthly_cutoff", '"2022-06-30"', "应不早于年度数据截止日期"),
        ("monthly_cutoff", '"2027-06-30"', "月度数据截止日期（monthly_cutoff）"),
        ("monthly_cutoff", "12345", "月度数据截止日期（monthly_cutoff）"),
        ("forecast_years", "2023", "预测年份（forecast_years） 的值 2023 无效，应为年份列表"),
        ("forecast_years", '"2023, 2024"', "应为年份列表"),
        ("forecast_years", "[2021, 2023]", "中的 2021 不在最后数据年份 2022 之后"),
        ("forecast_years", "[2023, 2030]", "中的 2030 不在"),
        ("forecast_years", "[2025, 2023]", "从小到大、不重复"),
        ("forecast_years", "[2023, 2023]", "从小到大、不重复"),
        ("forecast_years", "[2023, x]", "「x」 不是年份"),
        (
            "evaluation",
            "mid",
            "评估类型（evaluation） 的值 「mid」 无效，应为monitoring、midterm、final 之一",
        ),
        ("ahead_threshold", ".nan", "“快于预期”阈值（ahead_threshold）"),
        ("ahead_threshold", ".inf", "有限的正数"),
        ("ahead_threshold", "-1", "有限的正数"),
        ("ahead_threshold", "high", "“快于预期”阈值（ahead_threshold） 的值 「high」 无效"),
        ("ahead_threshold", "true", "“快于预期”阈值（ahead_threshold）"),
        ("on_track_threshold", "1.2", "应小于 “快于预期”阈值（ahead_threshold） 1.1"),
        ("on_track_threshold", "0", "“基本符合预期”阈值（on_track_threshold）"),
        ("peers", "nankai", "比较规划（peers） 的值 「nankai」 无效，应为规划代码列表"),
        ("peers", '[nankai, "../x"]', "比较规划（peers）"),
        ("data_dir", "../../outside", "数据文件夹（data_dir）"),
        ("data_dir", "/etc", "项目文件夹"),
        ("data_dir", "[a]", "数据文件夹（data_dir）"),
        ("processed_dir", "/tmp/planeval-hostile-x", "校验后数据文件夹（processed_dir）"),
        ("processed_dir", "../../processed", "项目文件夹"),
        (
            "region",
            "[柳南区, 柳北区]",
            "地区名称（region） 的值 ['柳南区', '柳北区'] 无效，应为一段文字",
        ),
        ("region", '"柳南\\e区"', "不含控制字符"),
        ("plan_name", "规" * 600, "不超过 500 个字"),
        ("base_yaer", "2020", "未知参数：base_yaer"),
        ("outlook_likely", "1.5", "“有望实现”概率阈值（outlook_likely）"),
        ("outlook_unlikely", "0.6", "应小于 “有望实现”概率阈值（outlook_likely） 0.5"),
        ("report_date", "someday", "报告日期（report_date）"),
    ]
):
    case(f"param-{key}-{i}", param(key, value), "error", expected, [P])

case(
    "param-missing-region",
    lambda p: p.drop_param("region"),
    "error",
    "缺少必填参数 地区名称（region）",
    [P],
)
case(
    "param-several-at-once",
    lambda p: (
        p.set_param("base_year", "true"),
        p.set_param("ahead_threshold", ".nan"),
        p.set_param("peers", "nankai"),
    ),
    "error",
    "基期年份（base_year）",
    [P, "“快于预期”阈值（ahead_threshold）", "比较规划（peers）"],
)
case(
    "param-yaml-syntax",
    lambda p: p.set_param("forecast_years", "[2023, 2024"),
    "error",
    "参数文件不是有效的 YAML",
    [P, "第"],
)
case(
    "param-yaml-list",
    lambda p: p.params.write_text("- a\n- b\n", "utf-8"),
    "error",
    "“键: 值”形式",
    [P],
)
case("param-yaml-empty", lambda p: p.params.write_text("", "utf-8"), "error", "缺少必填参数", [P])
case(
    "param-yaml-alias-bomb",
    lambda p: p.params.write_text(
        p.params.read_text("utf-8")
        + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(
            f"{c}: &{c} [*{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}]\n"
            for b, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "utf-8",
    ),
    "error",
    "别名（&/*）超过 20 个",
    [P],
)
case(
    "param-yaml-oversized",
    lambda p: p.params.write_text(
        p.params.read_text("utf-8") + "# " + "长" * 200_000 + "\n", "utf-8"
    ),
    "error",
    "文件过大",
    [P],
)
case(
    "param-yaml-undecodable",
    lambda p: p.params.write_bytes(p.params.read_bytes() + b"\nevaluator: \x80\xff\n"),
    "error",
    "无法识别文件编码",
    [P, "第"],
)


def _reencode(enc: str):
    def mutate(p: Project) -> None:
        p.params.write_bytes(p.params.read_text("utf-8").encode(enc))

    return mutate


case("param-yaml-gbk", _reencode("gbk"), "accepted")
case("param-yaml-utf16", _reencode("utf-16"), "accepted")
case("param-yaml-utf8-bom", _reencode("utf-8-sig"), "accepted")
case("param-base_year-string", param("base_year", '"2020"'), "accepted")
case("param-cutoff-yaml-date", param("annual_cutoff", "2022-12-31"), "accepted")
case("param-peers-list", param("peers", "[nankai]"), "accepted")
case("param-processed-inside", param("processed_dir", "../data/processed/liunan"), "accepted")
case("param-evaluator-number", param("evaluator", "123"), "accepted")
case("param-null-uses-default", param("base_year", "null"), "accepted")
case(
    "param-final-evaluation",
    lambda p: (
        p.set_param("evaluation", "final"),
        p.set_param("annual_cutoff", '"2025-12-31"'),
        p.set_param("forecast_years", "[]"),
        p.drop_param("monthly_cutoff"),
    ),
    "accepted",
)

# --- files: encodings, newlines, sizes, kinds --------------------------------------

A = "annual_统计局.csv"


def _bytes(name: str, transform: Callable[[str], bytes]):
    return lambda p: p.write(name, transform(p.text(name)))


case(
    "csv-cr-newlines",
    _bytes(A, lambda t: t.replace("\n", "\r").encode()),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case(
    "csv-mixed-newlines",
    _bytes(
        A,
        lambda t: "".join(
            line + ("\r\n", "\n", "\r")[k % 3] for k, line in enumerate(t.splitlines())
        ).encode(),
    ),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case(
    "csv-crlf-bom",
    _bytes(A, lambda t: t.replace("\n", "\r\n").encode("utf-8-sig")),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case("csv-utf16", _bytes(A, lambda t: t.encode("utf-16")), "accepted", check=gdp_value(2022, 800.2))
case("csv-gbk", _bytes(A, lambda t: t.encode("gbk")), "accepted", check=gdp_value(2022, 800.2))
case("csv-gb18030", _bytes(A, lambda t: t.encode("gb18030")), "accepted")
case(
    "csv-undecodable-row",
    _bytes(A, lambda t: "\n".join(t.splitlines()[:6]).encode() + b"\n\x80\xff,2021,1,,,\n"),
    "error",
    "无法识别文件编码",
    [A, "第7行"],
)
case("csv-empty", lambda p: p.write(A, b""), "error", "文件为空", [A])
case("csv-whitespace-only", lambda p: p.write(A, "\n\n  \n"), "error", "文件为空", [A])
case(
    "csv-header-only",
    lambda p: p.write(A, "指标名称,年份,数值\n"),
    "error",
    "没有数据行",
    [A, "第1行"],
)
case(
    "csv-blank-rows-only",
    lambda p: p.write(A, "指标名称,年份,数值\n,,\n,,\n"),
    "error",
    "没有数据行",
    [A],
)
case(
    "csv-huge-note-cell",
    lambda p: p.replace(A, "2022,800.2,-1.2,统计数,", "2022,800.2,-1.2,统计数," + "备" * 200_000),
    "error",
    "单元格内容过长",
    [A, "第"],
)
case(
    "csv-huge-value-cell",
    lambda p: p.replace(A, "2022,800.2,", "2022," + "9" * 200_000 + ","),
    "error",
    "单元格内容过长",
    [A],
)
case(
    "csv-unclosed-quote",
    lambda p: p.replace(A, "地区生产总值,2012,423.08", '地区生产总值,2012,"423.08'),
    "error",
    "引号不成对",
    [A, "第3行"],
)
case(
    "csv-stray-quote",
    lambda p: p.replace(A, "地区生产总值,2012,423.08", '地区生产总值,2012,"423"08'),
    "error",
    "引号不成对",
    [A, "第3行"],
)
case(
    "csv-long-text-echo-capped",
    lambda p: p.replace(A, "2022,800.2,", "2022," + "x" * 5000 + ","),
    "error",
    "（共5000字）",
    [A, "列「数值」"],
)


def _symlink(name: str, target: str | Callable[[Project], Path]):
    def mutate(p: Project) -> None:
        dest = target(p) if callable(target) else Path(target)
        link = p.raw / name
        link.unlink(missing_ok=True)
        link.symlink_to(dest)

    return mutate


def _outside_file(p: Project) -> Path:
    out = p.root.parent / "outside.csv"
    out.write_text((PROJECT_ROOT / "data" / "raw" / "liunan" / A).read_text("utf-8"), "utf-8")
    return out


def _fifo(name: str):
    def mutate(p: Project) -> None:
        (p.raw / name).unlink(missing_ok=True)
        os.mkfifo(p.raw / name)

    return mutate


case(
    "file-symlink-dev-zero",
    _symlink("annual_zero.csv", "/dev/zero"),
    "error",
    "不是普通文件",
    ["annual_zero.csv"],
)
case(
    "file-symlink-dev-null",
    _symlink("annual_null.csv", "/dev/null"),
    "error",
    "不是普通文件",
    ["annual_null.csv"],
)
case("file-named-pipe", _fifo("annual_pipe.csv"), "error", "不是普通文件", ["annual_pipe.csv"])
case(
    "file-symlink-outside",
    _symlink("annual_out.csv", _outside_file),
    "error",
    "指向数据文件夹之外的链接",
    ["annual_out.csv"],
)
case(
    "file-symlink-broken",
    _symlink("annual_gone.csv", "/nonexistent/x.csv"),
    "error",
    "无法读取文件",
    ["annual_gone.csv"],
)
case("file-directory-named-csv", lambda p: (p.raw / "annual_dir.csv").mkdir(), "accepted")
case(
    "file-unknown-ignored",
    lambda p: p.write("说明.txt", "随附说明"),
    "warning",
    "无法识别的文件",
    ["说明.txt"],
)
case(
    "file-unsupported-suffix",
    lambda p: p.write("annual_x.docx", b"PK\x03\x04"),
    "error",
    "不支持的文件格式：.docx",
    ["annual_x.docx"],
)
case("file-no-indicators", lambda p: p.remove("indicators.csv"), "error", "缺少指标表")
case(
    "file-two-indicators",
    lambda p: p.write("indicators_2.csv", p.text("indicators.csv")),
    "error",
    "有多个指标表",
)
case(
    "file-sniffed-by-header",
    lambda p: (p.write("柳南区统计局报送.csv", p.text(A)), p.remove(A)),
    "warning",
    "按表头识别为 annual 表",
    ["柳南区统计局报送.csv"],
)
case(
    "file-missing-column",
    lambda p: p.replace(A, "指标名称,年份,数值", "指标名称,年份,数额"),
    "error",
    "缺少必需的列：数值",
    [A, "第1行"],
)
case(
    "file-two-value-columns",
    lambda p: p.replace(A, "数据类型,备注", "数据类型,值"),
    "error",
    "有 2 列都是「数值」",
    [A, "第1行"],
)
case(
    "texts-gbk",
    lambda p: p.write("texts/problems.md", "风险：财政收支紧平衡".encode("gbk")),
    "accepted",
    check=lambda d: "紧平衡" in d.texts["problems"],
)
case(
    "texts-utf16",
    lambda p: p.write("texts/problems.md", "风险：财政收支紧平衡".encode("utf-16")),
    "accepted",
    check=lambda d: "紧平衡" in d.texts["problems"],
)
case(
    "texts-crlf",
    lambda p: p.write("texts/problems.md", b"a\r\nb\rc\n"),
    "accepted",
    check=lambda d: d.texts["problems"] == "a\nb\nc",
)
case(
    "texts-undecodable-utf8",
    lambda p: p.write("texts/problems.md", b"ok\nline\n\x80\x81\xff"),
    "error",
    "无法识别文件编码",
    ["problems.md", "第3行"],
)
case(
    "texts-symlink-passwd",
    _symlink("texts/problems.md", "/etc/passwd"),
    "error",
    "指向数据文件夹之外的链接",
    ["problems.md"],
)
case("texts-fifo", _fifo("texts/problems.md"), "error", "不是普通文件", ["problems.md"])
case(
    "texts-oversized",
    lambda p: p.write("texts/problems.md", "长" * 600_000),
    "error",
    "文件过大",
    ["problems.md"],
)

# --- many problems: all at once, aggregated -----------------------------------------


def _bad_rows(n: int):
    return lambda p: p.append(
        A, "".join(f"地区生产总值,{2000 + k % 20},约{k},,统计数,\n" for k in range(n))
    )


case("many-errors-listed", _bad_rows(5), "error", "发现 5 处错误", [A, "第91行", "第95行"])
case("many-errors-limit", _bad_rows(250), "error", "已达上限 200 处", [A, "另有 190 处错误"])
case(
    "errors-in-two-files",
    lambda p: (
        p.replace(A, "2012,423.08", "2012,约423"),
        p.replace("tasks.csv", "按计划推进,64", "差不多,64"),
    ),
    "error",
    "发现 2 处错误",
    [A, "tasks.csv", "未知的进展「差不多」"],
)
case(
    "many-warnings-aggregated",
    lambda p: p.append(A, "城镇调查失业率,2021,3.8,,统计数,\n" * 3000),
    "warning",
    "条提示未列出（全部见 问题清单.xlsx）",
    ["另有"],
    check=lambda d: len(d.warnings) <= 31,
)

# --- cells: numbers that cannot be meant ---------------------------------------------

GDP22 = "地区生产总值,2022,800.2,"
for i, (value, expected) in enumerate(
    [
        ("1e999", "超出可表示的范围"),
        ("-1e999", "超出可表示的范围"),
        ("inf", "无法读取数值「inf」"),
        ("1e400", "超出可表示的范围"),
        ("-800.2", "为负数"),
        ("#DIV/0!", "无法读取数值"),
    ]
):
    case(
        f"cell-gdp-{i}",
        lambda p, v=value: p.replace(A, GDP22, f"地区生产总值,2022,{v},"),
        "error",
        expected,
        [A, "第", "列「数值」"],
    )
case(
    "cell-nan-is-missing",
    lambda p: p.replace(A, GDP22, "地区生产总值,2022,NaN,"),
    "warning",
    "视为无数据",
    [A, "列「数值」"],
)
case(
    "cell-gdp-zero",
    lambda p: p.replace(A, GDP22, "地区生产总值,2022,0,"),
    "warning",
    "变为 0（超过 3 倍的变动）",
    [A, "列「数值」"],
)
case(
    "cell-gdp-jump",
    lambda p: p.replace(A, GDP22, "地区生产总值,2022,8002,"),
    "warning",
    "超过 3 倍的变动",
    [A, "列「数值」", "地区生产总值"],
)
U22 = "城镇调查失业率,2022,4.2,"
case(
    "cell-share-250",
    lambda p: p.replace(A, U22, "城镇调查失业率,2022,250,"),
    "error",
    "不在 0—100% 之内",
    [A, "列「数值」"],
)
case(
    "cell-share-negative",
    lambda p: p.replace(A, U22, "城镇调查失业率,2022,-5,"),
    "error",
    "不在 0—100% 之内",
    [A],
)
case(
    "cell-share-jump",
    lambda p: p.replace(A, U22, "城镇调查失业率,2022,54.2,"),
    "warning",
    "变动超过 30 个百分点",
    [A, "城镇调查失业率"],
)
case(
    "cell-share-percent-sign",
    lambda p: p.replace(A, U22, "城镇调查失业率,2022,4.2%,"),
    "warning",
    "已去掉百分号",
    [A],
)
case(
    "cell-permille-negative-growth-ok",
    lambda p: p.replace(A, "人口自然增长率,2022,-0.8,", "人口自然增长率,2022,-1.5,"),
    "accepted",
)


def _price_index(p: Project) -> None:
    p.append(
        "indicators.csv",
        "12,cpi,人民生活,居民消费价格指数,%,—,控制在103以内,约束性" + "," * 13 + "\n",
    )
    p.append(
        A,
        "".join(
            f"居民消费价格指数,{y},{v},,统计数,\n"
            for y, v in ((2020, 101.5), (2021, 102.3), (2022, 102.0))
        ),
    )


case(
    "cell-price-index-above-100",
    _price_index,
    "accepted",
    check=lambda d: d.series("cpi")[2021] == 102.3,
)
case(
    "cell-fullwidth",
    lambda p: p.replace(A, GDP22, "地区生产总值,2022,８００.２,"),
    "warning",
    "全角字符已按半角读取",
    [A],
    check=gdp_value(2022, 800.2),
)
case(
    "cell-thousands",
    lambda p: p.replace(
        A, "城镇居民人均可支配收入,2015,29363", '城镇居民人均可支配收入,2015,"29,363"'
    ),
    "warning",
    "已去掉千位分隔符",
    [A],
)
case(
    "cell-approximate",
    lambda p: p.replace(A, GDP22, "地区生产总值,2022,约800,"),
    "error",
    "预计数",
    [A, "列「数值」"],
)
case(
    "cell-year-chinese",
    lambda p: p.replace(A, GDP22, "地区生产总值,二〇二二,800.2,"),
    "error",
    "无法读取年份「二〇二二」",
    [A, "列「年份」"],
)
case(
    "cell-year-after-target-year",
    lambda p: p.replace(A, GDP22, "地区生产总值,2026,800.2,"),
    "error",
    "年份 2026 超出范围",
    [A],
)
case(
    "cell-unknown-indicator",
    lambda p: p.replace(A, GDP22, "地区总产值,2022,800.2,"),
    "error",
    "未知指标「地区总产值」",
    [A, "地区生产总值"],
)
case(
    "cell-unit-mismatch",
    lambda p: p.write("annual_x.csv", "指标名称,年份,数值,单位\n地区生产总值,2022,800.2,万元\n"),
    "error",
    "单位「万元」与指标表不一致",
    ["annual_x.csv", "列「单位」"],
)
case(
    "cell-duplicate-different",
    lambda p: p.append(A, "地区生产总值,2022,801,-1.2,统计数,\n"),
    "error",
    "两个不同的统计数",
    [A, "800.2"],
)
case(
    "cell-duplicate-same",
    lambda p: p.append(A, "地区生产总值,2022,800.2,-1.2,统计数,\n"),
    "warning",
    "重复（数值相同），已合并",
    [A],
)
case(
    "cell-estimate-superseded",
    lambda p: p.append(A, "地区生产总值,2022,790,,预计数,\n"),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case(
    "cell-bad-provenance",
    lambda p: p.replace(A, "2022,800.2,-1.2,统计数", "2022,800.2,-1.2,拍脑袋"),
    "error",
    "未知的数据类型「拍脑袋」",
    [A, "列「数据类型」"],
)
case(
    "cell-only-base-row",
    lambda p: p.write(
        A,
        "\n".join(
            x
            for x in p.text(A).splitlines()
            if not (x.startswith("地区生产总值,") and x.split(",")[1] > "2020")
        )
        + "\n",
    ),
    "warning",
    "只有 2020 年及以前的数据",
    ["地区生产总值"],
)

M = "monthly.csv"
case(
    "monthly-duplicate-different",
    lambda p: p.append(M, "地区生产总值,2023-06,390,3.8,统计数\n"),
    "error",
    "重复填报且数值不同",
    [M, "385.76 和 390"],
)
case(
    "monthly-duplicate-same",
    lambda p: p.append(M, "地区生产总值,2023年1-6月,385.76,3.8,统计数\n"),
    "warning",
    "重复（数值相同），已合并",
    [M],
)
case(
    "monthly-after-target-year",
    lambda p: p.append(M, "地区生产总值,2027-03,500,3.8,统计数\n"),
    "error",
    "晚于规划目标年",
    [M, "列「期间」"],
)
case(
    "monthly-bad-period",
    lambda p: p.append(M, "地区生产总值,上半年,500,3.8,统计数\n"),
    "error",
    "无法读取期间「上半年」",
    [M],
)
case(
    "monthly-growth-inf",
    lambda p: p.append(M, "工业总产值,2023-03,300,1e999,统计数\n"),
    "error",
    "超出可表示的范围",
    [M, "列「累计增速」"],
)
case(
    "monthly-negative-ytd",
    lambda p: p.append(M, "工业总产值,2023-03,-300,1,统计数\n"),
    "error",
    "为负数",
    [M],
)

G = "assigned.csv"
case(
    "assigned-duplicate-different",
    lambda p: p.append(G, "万元生产总值能耗,2021,0.6\n"),
    "error",
    "重复填报且数值不同",
    [G, "0.565 和 0.6"],
)
case(
    "assigned-duplicate-same",
    lambda p: p.append(G, "万元生产总值能耗,2021,0.565\n"),
    "warning",
    "重复（数值相同），已合并",
    [G],
)
case(
    "assigned-year-out",
    lambda p: p.append(G, "万元生产总值能耗,2031,0.5\n"),
    "error",
    "年份 2031 超出范围",
    [G],
)
case(
    "assigned-value-nan",
    lambda p: p.append(G, "万元生产总值能耗,2023,1e999\n"),
    "error",
    "超出可表示的范围",
    [G],
)

T = "tasks.csv"
T1 = "发展改革局,按计划推进,64,"
case(
    "task-completion-150",
    lambda p: p.replace(T, T1, "发展改革局,按计划推进,150,"),
    "error",
    "完成率 150 不在 0—100 之内",
    [T, "第2行", "列「完成率」"],
)
case(
    "task-completion-negative",
    lambda p: p.replace(T, T1, "发展改革局,按计划推进,-10,"),
    "error",
    "完成率 -10 不在 0—100 之内",
    [T, "第2行"],
)
case(
    "task-done-at-60",
    lambda p: p.replace(T, T1, "发展改革局,已完成,60,"),
    "warning",
    "进展「已完成」与完成率 60% 不一致",
    [T, "第2行"],
)
case(
    "task-not-started-at-30",
    lambda p: p.replace(T, T1, "发展改革局,未启动,30,"),
    "warning",
    "进展「未启动」与完成率 30% 不一致",
    [T, "第2行"],
)
case(
    "task-ongoing-at-100",
    lambda p: p.replace(T, T1, "发展改革局,按计划推进,100,"),
    "warning",
    "进展「按计划推进」与完成率 100% 不一致",
    [T],
)
case(
    "task-bad-status",
    lambda p: p.replace(T, T1, "发展改革局,差不多,64,"),
    "error",
    "未知的进展「差不多」",
    [T, "第2行", "列「进展」"],
)
case(
    "task-completion-text",
    lambda p: p.replace(T, T1, "发展改革局,按计划推进,大半,"),
    "error",
    "无法读取数值「大半」",
    [T, "列「完成率」"],
)

J = "projects.csv"
J1 = "工业和信息化局,3.68,3.04,2.92,2.58,2021,是,2022,是"
case(
    "project-done-100x",
    lambda p: p.replace(J, J1, "工业和信息化局,3.68,3.04,368,2.58,2021,是,2022,是"),
    "error",
    "超过总投资 3.68 的 2 倍",
    [J, "第2行", "列「累计完成投资」"],
)
case(
    "project-done-1.5x",
    lambda p: p.replace(J, J1, "工业和信息化局,3.68,3.04,5,2.58,2021,是,2022,是"),
    "warning",
    "累计完成投资 5 超过总投资 3.68",
    [J, "第2行"],
)
case(
    "project-negative",
    lambda p: p.replace(J, J1, "工业和信息化局,-3.68,3.04,2.92,2.58,2021,是,2022,是"),
    "error",
    "投资额 -3.68 为负数",
    [J, "列「总投资」"],
)
case(
    "project-end-before-start",
    lambda p: p.replace(J, J1, "工业和信息化局,3.68,3.04,2.92,2.58,2024,是,2022,是"),
    "error",
    "计划竣工年份 2022 早于计划开工年份 2024",
    [J, "第2行"],
)
case(
    "project-done-not-started",
    lambda p: p.replace(J, J1, "工业和信息化局,3.68,3.04,2.92,2.58,2021,否,2022,是"),
    "error",
    "项目已竣工但未开工",
    [J, "列「是否开工」"],
)
case(
    "project-duplicate-different",
    lambda p: p.append(
        J,
        "柳南区新能源汽车零部件产业园工程机械配套件项目,先进制造,工业和信息化局,"
        "9.9,3.04,2.92,2.58,2021,是,2022,是,已竣工\n",
    ),
    "error",
    "重复填报且数值不同",
    [J, "3.68 和 9.9"],
)
case(
    "project-money-inf",
    lambda p: p.replace(J, J1, "工业和信息化局,1e999,3.04,2.92,2.58,2021,是,2022,是"),
    "error",
    "超出可表示的范围",
    [J],
)
case(
    "project-bad-yes-no",
    lambda p: p.replace(J, J1, "工业和信息化局,3.68,3.04,2.92,2.58,2021,也许,2022,是"),
    "error",
    "未知的是/否「也许」",
    [J],
)

S = "survey.csv"
case(
    "survey-negative",
    lambda p: p.replace(S, "营商环境,412,225,134,53", "营商环境,412,225,134,-53"),
    "error",
    "人数 -53 不是非负整数",
    [S, "第2行", "列「不满意」"],
)
case(
    "survey-all-zero",
    lambda p: p.write(S, "调查项目,样本数,满意,基本满意,不满意\n营商环境,0,0,0,0\n"),
    "error",
    "样本数或回答人数为 0",
    [S, "第2行"],
)
case(
    "survey-fraction",
    lambda p: p.replace(S, "营商环境,412,225,134,53", "营商环境,412,224.5,134,53"),
    "error",
    "不是非负整数",
    [S],
)
case(
    "survey-over-sample",
    lambda p: p.replace(S, "营商环境,412,225,134,53", "营商环境,100,225,134,53"),
    "error",
    "各选项人数之和超过样本数",
    [S],
)
case(
    "survey-duplicate-different",
    lambda p: p.append(S, "营商环境,400,225,134,41\n"),
    "error",
    "重复填报且数值不同",
    [S, "412 和 400"],
)
case(
    "survey-duplicate-same",
    lambda p: p.append(S, "营商环境,412,225,134,53\n"),
    "warning",
    "重复（数值相同），已合并",
    [S],
)

# --- targets: contradictions --------------------------------------------------------

IND = "indicators.csv"
case(
    "target-range-inverted",
    lambda p: p.replace(IND, "—,5.5-6.5%,", "—,8-5%,"),
    "error",
    "下限大于上限",
    [IND, "第2行", "列「年均增长」"],
)
case(
    "target-total-vs-growth",
    lambda p: p.replace(IND, "亿元,2000,6%,", "亿元,500,6%,"),
    "warning",
    "相差超过 3 个百分点",
    [IND, "工业总产值"],
)
case(
    "target-self-reference",
    lambda p: p.replace(IND, "元,—,9%以上,", "元,—,与城镇居民人均可支配收入同步,"),
    "error",
    "以自身为参照",
    [IND, "第8行", "列「年均增长」"],
)
case(
    "target-unknown-reference",
    lambda p: p.replace(IND, "元,—,9%以上,", "元,—,与财政总收入同步,"),
    "error",
    "参照指标「财政总收入」不在指标表中",
    [IND, "第8行", "列「年均增长」"],
)
case(
    "target-structured-negative-ceiling",
    lambda p: p.replace(IND, "4.5以内,约束性,,,,,", "4.5以内,约束性,,,ceiling,-5,"),
    "error",
    "目标数值 -5 为负数",
    [IND, "第10行"],
)
case(
    "target-structured-range-inverted",
    lambda p: p.replace(IND, "4.5以内,约束性,,,,,,", "4.5以内,约束性,,,cagr_range,,8,5"),
    "error",
    "目标下限 8 大于目标上限 5",
    [IND, "第10行"],
)
case(
    "target-unreadable",
    lambda p: p.replace(IND, "—,10%,预期性", "—,大幅增长,预期性"),
    "error",
    "无法识别的规划目标写法：「大幅增长」",
    [IND, "列「年均增长」"],
)
case(
    "target-missing",
    lambda p: p.replace(IND, "—,10%,预期性", "—,—,预期性"),
    "error",
    "该指标没有规划目标",
    [IND],
)
case(
    "indicator-bad-id",
    lambda p: p.replace(IND, "5,retail_sales,", "5,Retail Sales,"),
    "error",
    "指标代码「Retail Sales」无效",
    [IND, "第6行", "列「指标代码」"],
)
case(
    "indicator-duplicate",
    lambda p: p.replace(IND, "5,retail_sales,", "5,gdp,"),
    "error",
    "重复的指标「gdp」",
    [IND, "第6行"],
)
case(
    "indicator-order-inf",
    lambda p: p.replace(IND, "5,retail_sales,", "1e999,retail_sales,"),
    "error",
    "超出可表示的范围",
    [IND, "列「序号」"],
)
case(
    "indicator-bad-attribute",
    lambda p: p.replace(IND, "—,10%,预期性", "—,10%,参考性"),
    "error",
    "未知的指标属性「参考性」",
    [IND],
)


def _rename_everywhere(old: str, new: str):
    def mutate(p: Project) -> None:
        for path in p.raw.glob("*.csv"):
            p.write(path.name, path.read_text("utf-8").replace(f"{old},", f"{new},"))

    return mutate


case(
    "indicator-formula-name-kept-as-text",
    _rename_everywhere("社会消费品零售总额", '"=HYPERLINK(""http://x"",""点击"")"'),
    "accepted",
    check=lambda d: d.indicators.loc["retail_sales", "name"].startswith("=HYPERLINK"),
)

# --- Excel workbooks ------------------------------------------------------------------

X = "annual_测试.xlsx"


def _rows_gdp(extra: list | None = None) -> list[list]:
    return [
        ["指标名称", "年份", "数值", "数据类型"],
        ["地区生产总值", 2022, 800.2, "统计数"],
        *(extra or []),
    ]


def _xlsx(
    name: str,
    sheets: list[tuple[str, list[list]]],
    *,
    hidden=(),
    merge=None,
    percent=None,
    formats=None,
):
    def mutate(p: Project) -> None:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets:
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            if title in hidden:
                ws.sheet_state = "hidden"
            if merge and title == sheets[-1][0]:
                ws.merge_cells(merge)
            for coord, fmt in (formats or {}).items():
                if title == sheets[-1][0]:
                    ws[coord].number_format = fmt
        wb.save(p.raw / name)

    return mutate


def _xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    for row in _rows_gdp():
        wb.active.append(row)
    wb.save(buf)
    return buf.getvalue()


def _broken_sheet_xml() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = b"<worksheet><sheetData><row><c r='A1'"
            out.writestr(item, data)
    return buf.getvalue()


for body, what in [
    (_noise(2048), "random"),
    (b"", "empty"),
    (_xlsx_bytes()[:700], "truncated"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "encrypted-ole"),
    (_broken_sheet_xml(), "broken-sheet-xml"),
    (b"PK\x03\x04" + b"\x00" * 100, "zip-header-only"),
]:
    case(f"xlsx-{what}", lambda p, b=body: p.write(X, b), "error", "无法打开 Excel 文件", [X])
for suffix in ("xls", "ods", "et"):
    case(
        f"{suffix}-random",
        lambda p, s=suffix: p.write(f"annual_坏.{s}", _noise(1500)),
        "error",
        "无法打开 表格 文件",
        [f"annual_坏.{suffix}"],
    )

case(
    "xlsx-hidden-stale-sheet",
    _xlsx(
        X,
        [
            ("旧数据", [["指标名称", "年份", "数值"], ["地区生产总值", 2022, 1]]),
            ("年度数据", _rows_gdp()),
        ],
        hidden=("旧数据",),
    ),
    "warning",
    "隐藏的工作表「旧数据」未读取",
    [X],
    check=gdp_value(2022, 800.2),
)
case(
    "xlsx-second-data-sheet",
    _xlsx(
        X,
        [
            ("年度数据", _rows_gdp()),
            ("补充", [["指标名称", "年份", "数值"], ["地区生产总值", 2021, 700]]),
        ],
    ),
    "warning",
    "工作表「补充」也像数据表，未读取",
    [X],
)
case(
    "xlsx-sheet-by-name",
    _xlsx(X, [("说明", [["填表说明"]]), ("年度数据", _rows_gdp())]),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case(
    "xlsx-merged-title",
    _xlsx(X, [("年度数据", [["柳南区主要指标年度数据"], *_rows_gdp()])], merge="A1:D1"),
    "accepted",
    check=gdp_value(2022, 800.2),
)
case(
    "xlsx-merged-body",
    _xlsx(X, [("年度数据", _rows_gdp([["", 2021, 700, ""]]))], merge="A2:A3"),
    "error",
    "合并单元格（A2:A3）",
    [X, "工作表「年度数据」"],
)
case(
    "xlsx-formula-no-cache",
    _xlsx(X, [("年度数据", _rows_gdp([["地区生产总值", 2021, "=1+1", ""]]))]),
    "error",
    "是公式（=1+1）但没有保存计算结果",
    [X, "工作表「年度数据」", "第3行", "列「C」"],
)
case(
    "xlsx-error-cell",
    _xlsx(X, [("年度数据", _rows_gdp([["地区生产总值", 2021, "#DIV/0!", ""]]))]),
    "error",
    "无法读取数值「#DIV/0!」",
    [X, "工作表「年度数据」", "第3行", "列「数值」"],
)
case(
    "xlsx-huge-cell",
    _xlsx(X, [("年度数据", _rows_gdp([["地区生产总值", 2021, 700, "x" * 20_000]]))]),
    "error",
    "单元格内容过长",
    [X, "工作表「年度数据」", "第3行"],
)
case(
    "xlsx-percent-on-amount",
    _xlsx(X, [("年度数据", _rows_gdp())], formats={"C2": "0.00%"}),
    "error",
    "带百分号",
    [X, "工作表「年度数据」", "第2行"],
)
case(
    "xlsx-percent-share",
    _xlsx(
        X,
        [("年度数据", [["指标名称", "年份", "数值"], ["城镇调查失业率", 2022, 0.042]])],
        formats={"C2": "0.0%"},
    ),
    "warning",
    "百分比格式的单元格（C2）按显示值读取",
    [X],
    check=lambda d: (
        d.annual.query("indicator_id == 'unemployment' and year == 2022")["value"].iloc[0] == 4.2
    ),
)
case(
    "xlsx-value-inf",
    _xlsx(X, [("年度数据", _rows_gdp([["地区生产总值", 2021, "1e999", ""]]))]),
    "error",
    "超出可表示的范围",
    [X, "工作表「年度数据」", "第3行"],
)
case(
    "xlsx-sniffed-template",
    _xlsx(
        "柳南区统计局.xlsx",
        [("完成情况表", [["指标名称", "2021年", "2022年"], ["地区生产总值", 784.54, 800.2]])],
    ),
    "warning",
    "按表头识别为 annual 表",
    ["柳南区统计局.xlsx"],
    check=gdp_value(2022, 800.2),
)
case(
    "xlsx-template-no-values",
    _xlsx(
        "annual_模板.xlsx",
        [("完成情况表", [["指标名称", "2021年", "2022年"], ["地区生产总值", "—", "—"]])],
    ),
    "error",
    "文件中没有可用的数据行",
    ["annual_模板.xlsx"],
)


def _fixture(src: str, name: str):
    return lambda p: shutil.copy(TESTS / "data" / src, p.raw / name)


def _gdp_2021_is_105(data) -> None:
    assert data.series("gdp")[2021] == 105


# The fixtures hold 地区生产总值 2020–2022 (97, 105, 110) under a merged title row.
for src, name in (
    ("annual_统计局.xls", "annual_旧版.xls"),
    ("annual_统计局.ods", "annual_开放.ods"),
    ("annual_统计局.xls", "annual_wps.et"),
):
    case(
        f"calamine-{Path(name).suffix[1:]}",
        lambda p, s=src, n=name: (
            _fixture(s, n)(p),
            p.write(
                A,
                "\n".join(x for x in p.text(A).splitlines() if not x.startswith("地区生产总值,202"))
                + "\n",
            ),
        ),
        "accepted",
        check=_gdp_2021_is_105,
    )

# --- nankai (its tables are Excel workbooks) -------------------------------------------


def _nankai_cell(file: str, coord: str, value, fmt: str | None = None):
    def mutate(p: Project) -> None:
        path = p.raw / file
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        ws[coord] = value
        if fmt:
            ws[coord].number_format = fmt
        wb.save(path)

    return mutate


case(
    "nankai-percent-target",
    _nankai_cell("indicators.xlsx", "G2", 0.06, "0%"),
    "warning",
    "百分比格式的单元格（G2）按显示值读取",
    ["indicators.xlsx", "工作表「主要指标」"],
    plan="nankai",
    check=lambda d: d.indicators.loc["gdp", "target_value"] == 6,
)
case(
    "nankai-gdp-negative",
    _nankai_cell("annual_发改委.xlsx", "C2", -34.28),
    "error",
    "为负数",
    ["annual_发改委.xlsx", "工作表「年度数据」", "第2行", "列「数值」"],
    plan="nankai",
)
case(
    "nankai-project-100x",
    _nankai_cell("projects.xlsx", "F2", 71),
    "error",
    "超过总投资",
    ["projects.xlsx", "工作表「重大项目」", "第2行"],
    plan="nankai",
)
case(
    "nankai-hidden-sheet",
    lambda p: _add_hidden_sheet(p.raw / "projects.xlsx"),
    "warning",
    "隐藏的工作表「旧版」未读取",
    ["projects.xlsx"],
    plan="nankai",
)
case(
    "nankai-indicators-random",
    lambda p: p.write("indicators.xlsx", _noise(4096)),
    "error",
    "无法打开 Excel 文件",
    ["indicators.xlsx"],
    plan="nankai",
)
case("nankai-baseline", lambda p: None, "accepted", plan="nankai")
case("liunan-baseline", lambda p: None, "accepted")


def _add_hidden_sheet(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("旧版", 0)
    ws.append(["项目名称", "负责部门", "十四五计划投资", "累计完成投资"])
    ws.append(["旧项目", "某局", 1, 1])
    ws.sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
