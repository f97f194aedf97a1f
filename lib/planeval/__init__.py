"""planeval: evaluating five-year plans (中期评估, 总结评估, 年度监测) of districts and cities."""

import os

# The statsmodels fits here are tiny; multi-threaded BLAS only adds overhead and, with one
# process per plan, oversubscribes the cores (measured: 150 s vs 17 s for the assessment
# tests on 2 cores). Set before numpy loads; an explicit user setting wins. Kernels started
# by the batch runner inherit it.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from planeval.errors import Location, PlanevalError  # noqa: E402

__all__ = ["Location", "PlanevalError", "__version__"]

try:
    from importlib.metadata import version as _version

    __version__ = _version("planeval")
except Exception:  # running from a source tree that is not installed
    __version__ = "0+unknown"
