"""Interactive exploration of a plan for evaluators (behind notebooks/explore.ipynb).

The first part is plain, testable logic: `Explorer` holds one loaded plan and answers
"what if" questions about one indicator — another forecast model, a target written
differently (试算目标), an earlier evaluation date — by calling the same functions the
report uses (`plan_inputs`, `assess_indicator`, `Forecaster`, `indicator_chart`,
`narrative.indicator_text`). Nothing here recomputes progress or growth itself.

The second part, `ExploreApp` / `build_ui`, wires ipywidgets controls to it:

    from planeval.explore import build_ui
    build_ui(default_plan="liunan")

A mistake the evaluator can make (an unreadable target text) is shown in the numbers
panel as the library's Chinese message, never as a traceback.
"""

from planeval.explore.app import MODEL_CHOICES, SORT_CHOICES, ExploreApp, build_ui
from planeval.explore.explorer import AUTO, Explorer, parse_override
from planeval.explore.panels import (
    error_panel,
    explanation,
    figure_png,
    numbers_panel,
    sort_frame,
    status_table,
)

__all__ = [
    "AUTO",
    "MODEL_CHOICES",
    "SORT_CHOICES",
    "ExploreApp",
    "Explorer",
    "build_ui",
    "error_panel",
    "explanation",
    "figure_png",
    "numbers_panel",
    "parse_override",
    "sort_frame",
    "status_table",
]
