"""Charts of the evaluation: one per indicator, and charts over the whole plan.

Every function returns a `matplotlib.figure.Figure` (no pyplot state) built under the
planeval style; write it with `planeval.report.style.save(fig, path)`. A caller that
is done with a saved indicator chart may hand it back with `recycle(fig)`: the next
chart of the same frame is drawn on it (see `planeval.report.charts.pool`).

`indicator_chart` reads one row of the assessment frame (`planeval.method.assess.assess_plan`)
and the indicator's annual history (columns year, value, provenance and optionally
growth). The overview charts read the whole frame.
"""

from planeval.report.charts.indicator import indicator_chart
from planeval.report.charts.plan import category_counts, growth_dumbbell, progress_chart
from planeval.report.charts.pool import recycle

__all__ = ["category_counts", "growth_dumbbell", "indicator_chart", "progress_chart", "recycle"]
