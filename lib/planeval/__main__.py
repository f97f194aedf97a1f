"""`python -m planeval`: the command line, for when `planeval` is not on PATH (Windows)."""

import sys

from planeval.cli import main

sys.exit(main())
