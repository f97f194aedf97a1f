"""Papermill parameters with Chinese text written as Chinese, not as \\uXXXX escapes.

Papermill's Python translator writes every string parameter through
``str.encode("unicode_escape")``, so ``region: 柳南区`` becomes
``region = "\\u67f3\\u5357\\u533a"`` in the injected-parameters cell that evaluators
read. `UnicodePythonTranslator` writes a normal Python string literal instead
(``repr``: quotes, backslashes, newlines and unprintable characters are still
escaped, printable non-ASCII characters are kept as they are).

How it becomes active:

* our runner (`planeval.run.batch`) calls `register()` before
  ``papermill.execute_notebook``; so can any script or test;
* the plain ``papermill`` command line: papermill 2.x looks up translators only in
  its in-process registry (``papermill.translators.papermill_translators``) and
  has **no entry-point group for translators** (it has ``papermill.engine`` and
  ``papermill.io``). Papermill does load every ``papermill.engine`` entry point at
  import time, so the package can declare

      [project.entry-points."papermill.engine"]
      planeval = "planeval.run.papermill_hook:engine"

  and loading that entry point imports this module, whose last line calls
  `register()` (`papermill_hook` explains the import order). Without that entry
  point (or with another papermill version) the plain CLI still works but writes
  escapes: use ``planeval run`` instead.
"""

from __future__ import annotations

from papermill.translators import PythonTranslator, papermill_translators

LANGUAGES = ("python", "pysparkkernel")


class UnicodePythonTranslator(PythonTranslator):
    """PythonTranslator whose strings are plain Python literals (``repr``)."""

    @classmethod
    def translate_escaped_str(cls, str_val):
        return repr(str_val if isinstance(str_val, str) else str(str_val))

    @classmethod
    def translate_str(cls, val):
        return cls.translate_escaped_str(val)


def register() -> None:
    """Make papermill write Python string parameters unescaped (idempotent)."""
    for language in LANGUAGES:
        papermill_translators.register(language, UnicodePythonTranslator)


def is_registered() -> bool:
    return papermill_translators.find_translator("python3", "python") is UnicodePythonTranslator


register()
