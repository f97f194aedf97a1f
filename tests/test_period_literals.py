"""No period year or period name is a literal in the library (issue 11).

Period names, base and target years come from the plan's parameters. The scan reads
every string and number literal of lib/planeval (Python through `ast`, docstrings
excluded; Jinja templates outside {# comments #}) and fails on any of the words below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib" / "planeval"
PERIOD_WORDS = re.compile(r"十三五|十四五|十五五|2020|2021|2022|2023|2024|2025")

# file (relative to lib/planeval) → why its literals are allowed
ALLOWED = {
    # The one table of named national periods and their years, and the defaults of a
    # parameters file that names no period.
    "periods.py": "the table of plan periods (PERIODS) and the defaults derived from it",
    # 2020 is the COVID shock year, a fact of history rather than of any plan period; the
    # horizon default is overridden by every caller with the plan's own years.
    "method/forecast/__init__.py": "the 2020 shock year (COVID), a horizon callers override",
    # Examples of YAML syntax in error messages (a date, a list of years), not plan values.
    "params.py": "syntax examples in the messages of the parameter schema",
}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def python_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every str, int and float literal that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstring_nodes(tree)
    out = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and id(node) not in docs
        if literal and isinstance(node.value, str | int | float | bool):
            out.append((node.lineno, str(node.value)))
    return out


def template_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) of a Jinja template with its {# comments #} blanked out."""
    text = re.sub(
        r"\{#.*?#\}", lambda m: "\n" * m.group(0).count("\n"), path.read_text("utf-8"), flags=re.S
    )
    return list(enumerate(text.splitlines(), start=1))


def period_literals() -> list[str]:
    found = []
    for path in sorted(LIB.rglob("*")):
        rel = path.relative_to(LIB).as_posix()
        if rel in ALLOWED or path.suffix not in {".py", ".j2"}:
            continue
        items = python_literals(path) if path.suffix == ".py" else template_text(path)
        found += [
            f"{rel}:{line}: {text.strip()[:80]}"
            for line, text in items
            if PERIOD_WORDS.search(text)
        ]
    return found


def test_no_period_literal_in_the_library():
    found = period_literals()
    assert not found, "period years or names written into the library:\n" + "\n".join(found)


def test_allow_list_names_existing_files():
    for rel in ALLOWED:
        assert (LIB / rel).is_file(), rel


@pytest.mark.parametrize(
    ("source", "hits"),
    [
        ('x = "“十四五”规划"\n', 1),
        ("YEAR = 2025\n", 1),
        (
            'def f():\n    """Base 2020 is prose."""\n    return 1  # 2023 comment\n',
            0,
        ),
        ('s = f"{region}{2023}年"\n', 1),
    ],
)
def test_scan_finds_literals_not_prose(tmp_path, source, hits):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert sum(bool(PERIOD_WORDS.search(t)) for _, t in python_literals(path)) == hits


def test_scan_reads_templates_outside_comments(tmp_path):
    path = tmp_path / "t.j2"
    path.write_text("{# 2025 in a comment #}\n<h1>“十五五”</h1>\n", encoding="utf-8")
    assert [line for line, t in template_text(path) if PERIOD_WORDS.search(t)] == [2]
