"""nbformat for reading and writing notebooks, without jsonschema's IRI format checks.

On import, jsonschema builds 39 Earley parsers for its IRI format checks when
rfc3987-syntax is installed (about 1 CPU-s per process: measured 1.16 s against 0.15 s
for `import nbformat`). The notebook schema uses no IRI format, so planeval's run path
(the batch worker, and the report kernel when it reads an annexed plan's notebook) does
without them; nothing else is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType


def skip_iri_format_checks() -> None:
    """Keep jsonschema from loading rfc3987-syntax (if jsonschema is not imported yet)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def nbformat() -> ModuleType:
    """The nbformat module, imported without the IRI format parsers."""
    skip_iri_format_checks()
    import nbformat as module

    return module
