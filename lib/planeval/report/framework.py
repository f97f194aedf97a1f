"""The report's structure per plan: parts, headings, order, what goes where.

A framework (报告框架) is a YAML file: a tree of headings, each naming the evaluator
text files (``text``: keys of ``texts/<key>.md``) and the generated sections
(``sections``: names of `Report` methods that return a `Section`) shown under it, in
that order. The frameworks of the seeds are shipped in ``planeval/frameworks``
(``framework: liunan`` in the parameters); a plan may also name its own file
(``framework: frameworks/my.yaml``, relative to the parameters file)::

    name: 中期评估报告框架
    texts:                      # text files this framework adds (key: what is written)
      safeguards: 保障措施落实情况
    parts:
      - title: 摘要
        numbered: false
        sections: [summary]
      - title: 规划实施总体进展情况      # 一、
        children:
          - title: 主要目标指标进展       # （一）
            sections: [indicators]
          - title: 重大战略任务推进
            text: tasks
            sections: [tasks]

Headings are numbered from their depth (一、 / （一） / 1． / （1）); a node with
``numbered: false`` (摘要, 附录) takes no number, and may have no title at all (the
annexes, each behind its own 附件N cover). A node whose generated sections are
all empty and that names no text (a survey section without a survey) is left out,
and the numbers close up; with ``texts_optional: true`` (the 年度监测 framework) an
evaluator text not yet written is left out too, instead of showing 待补充. Every
problem in a file is reported at once, naming the file, the entry
(``parts[2].children[0]``) and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from planeval.data.plandata import TEXT_KEY
from planeval.errors import Location, PlanevalError

SHIPPED_DIR = "frameworks"
# The default framework per evaluation point when a plan names none.
DEFAULTS = {"midterm": "default", "final": "final", "monitoring": "monitoring"}
MAX_DEPTH = 4
NODE_KEYS = {"title", "numbered", "text", "sections", "children"}
TOP_KEYS = {"name", "description", "texts", "texts_optional", "parts"}
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[．.、])"
)
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Node:
    title: str
    level: int  # 1 = 一、 (h2), 2 = （一） (h3), 3 = 1． (h4), 4 = （1） (h5)
    numbered: bool = True
    texts: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    where: str = ""  # the entry's path in the file, for messages

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Framework:
    name: str
    parts: tuple[Node, ...]
    source: Path
    texts: dict[str, str] = field(default_factory=dict)  # extra text keys: description
    # Evaluator texts shown only when written (a short 年度监测), instead of 待补充.
    texts_optional: bool = False

    def nodes(self) -> Iterable[Node]:
        for part in self.parts:
            yield from part.walk()

    def section_keys(self) -> list[str]:
        return list(dict.fromkeys(k for n in self.nodes() for k in n.sections))

    def text_keys(self) -> list[str]:
        return list(dict.fromkeys(k for n in self.nodes() for k in n.texts))


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (headings need no more than 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def numbering(level: int, n: int) -> str:
    """The heading's number as official documents write it, by depth."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}．"
    return f"（{n}）"


def shipped_names() -> list[str]:
    folder = resources.files("planeval") / SHIPPED_DIR
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def shipped_path(name: str) -> Path:
    return Path(str(resources.files("planeval") / SHIPPED_DIR / f"{name}.yaml"))


def is_name(spec: str) -> bool:
    """A shipped framework's name (liunan), not a path (frameworks/my.yaml)."""
    return bool(_NAME.fullmatch(spec))


def resolve(spec: str, evaluation: str, where: Location | None = None) -> Path:
    """The framework file a plan's ``framework`` parameter names: a shipped name
    (liunan, hebei, final …), an absolute path (the parameters check resolved it),
    or '' for the default of the evaluation point."""
    spec = (spec or "").strip() or DEFAULTS.get(evaluation, "default")
    if not is_name(spec):
        return Path(spec)
    path = shipped_path(spec)
    if not path.is_file():
        raise PlanevalError(
            f"未知的报告框架「{spec}」",
            where,
            expected="内置框架之一：" + "、".join(shipped_names()) + "，或框架文件路径（.yaml）",
        )
    return path


def load(
    path: Path,
    known_sections: Iterable[str],
    known_texts: dict[str, str] | None = None,
) -> Framework:
    """A checked framework: every entry's keys, titles, section and text keys."""
    from planeval.params import read_yaml

    path = Path(path)
    where = Location(file=path)
    values = read_yaml(path) if path.is_file() else None
    if values is None:
        raise PlanevalError("找不到报告框架文件", where, expected="报告框架 YAML 文件（见 README）")
    sections = set(known_sections)
    problems: list[str] = []
    unknown = sorted(str(k) for k in set(values) - TOP_KEYS)
    if unknown:
        problems.append(f"未知的键：{'、'.join(unknown)}（可用：{'、'.join(sorted(TOP_KEYS))}）")
    extra = values.get("texts") or {}
    if not isinstance(extra, dict) or not all(
        isinstance(k, str) and TEXT_KEY.fullmatch(k) and isinstance(v, str) and v.strip()
        for k, v in extra.items()
    ):
        problems.append("texts 应为“文字文件名: 说明”的映射，如 safeguards: 保障措施落实情况")
        extra = {}
    texts = {**(known_texts or {}), **{k: v.strip() for k, v in extra.items()}}
    optional = values.get("texts_optional", False)
    if not isinstance(optional, bool):
        problems.append("texts_optional 应为 true 或 false（未撰写的文字部分是否不列出）")
        optional = False
    raw_parts = values.get("parts")
    parts: list[Node] = []
    if not isinstance(raw_parts, list) or not raw_parts:
        problems.append("parts 应为非空列表：报告的各部分（一、二、……）")
    else:
        for i, raw in enumerate(raw_parts):
            node = _node(raw, f"parts[{i}]", 1, sections, texts, problems)
            if node is not None:
                parts.append(node)
    if problems:
        raise PlanevalError(
            "报告框架文件有误：\n" + "\n".join(f"  - {p}" for p in problems),
            where,
            hint="invalid report framework; each entry is named above",
        )
    name = str(values.get("name") or path.stem)
    return Framework(name, tuple(parts), path, texts, optional)


def _known_keys(value, where: str, known, words: tuple[str, str, str], problems) -> list[str]:
    """A key or list of keys, each one of `known`; words = (expected form, what, advice)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}：应为{words[0]}")
        return []
    keys = [v.strip() for v in value]
    for key in keys:
        if key not in known:
            problems.append(
                f"{where}：未知的{words[1]}「{key}」，应为 {'、'.join(known)} 之一{words[2]}"
            )
    return keys


def _node(raw, where: str, level: int, sections: set[str], texts: dict, problems: list):
    if not isinstance(raw, dict):
        problems.append(f"{where}：应为含 title 的映射（title / text / sections / children）")
        return None
    unknown = sorted(str(k) for k in set(raw) - NODE_KEYS)
    if unknown:
        problems.append(
            f"{where}：未知的键 {'、'.join(unknown)}（可用：{'、'.join(sorted(NODE_KEYS))}）"
        )
    title = raw.get("title")
    numbered = raw.get("numbered", True)
    if not isinstance(numbered, bool):
        problems.append(f"{where}.numbered：应为 true 或 false")
        numbered = True
    if title is None and numbered is False:
        title = ""  # an unnumbered entry without a heading (the annexes: each has its cover)
    elif not isinstance(title, str) or not title.strip():
        problems.append(f"{where}.title：应为标题文字，如 主要目标指标进展")
        title = ""
    elif numbered and _NUMBERED_TITLE.match(title):
        problems.append(
            f"{where}.title「{title}」：标题不写编号，编号（一、（一）1．）按层级自动生成"
        )
    if level > MAX_DEPTH:
        problems.append(f"{where}：层级过深，最多 {MAX_DEPTH} 级（一、（一）1．（1））")
    text_keys = _known_keys(
        raw.get("text"),
        f"{where}.text",
        texts,
        ("文字文件名或其列表，如 tasks", "文字文件", "（新增的文字文件请在框架的 texts 中说明）"),
        problems,
    )
    section_keys = _known_keys(
        raw.get("sections"),
        f"{where}.sections",
        sorted(sections),
        ("生成章节名的列表，如 [indicators]", "生成章节", ""),
        problems,
    )
    children = []
    raw_children = raw.get("children") or []
    if not isinstance(raw_children, list):
        problems.append(f"{where}.children：应为下级标题的列表")
        raw_children = []
    for i, child in enumerate(raw_children):
        node = _node(child, f"{where}.children[{i}]", level + 1, sections, texts, problems)
        if node is not None:
            children.append(node)
    if not text_keys and not section_keys and not children:
        problems.append(f"{where}（{title}）：应至少有 text、sections 或 children 之一")
    return Node(
        title=(title or "").strip(),
        level=level,
        numbered=numbered,
        texts=tuple(text_keys),
        sections=tuple(section_keys),
        children=tuple(children),
        where=where,
    )
