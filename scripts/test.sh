#!/usr/bin/env bash
# Test job: set up if needed, lint, then run the whole test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$root"
ruff check lib tests bench
ruff format --check lib tests bench
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
