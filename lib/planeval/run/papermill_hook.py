"""Papermill `papermill.engine` entry point that switches on `papermill_params`.

Papermill imports every engine entry point while its own `papermill.engines`
module is still loading, so this module must not import anything that imports
papermill back at the top level in a cycle: if `planeval.run.papermill_params` is
already being imported (it imported papermill, which led here), it registers
the translator itself when it finishes; otherwise (the plain `papermill`
command) we import it now, which registers it.
"""

import importlib
import sys

from papermill.engines import NBClientEngine

if "planeval.run.papermill_params" not in sys.modules:
    importlib.import_module("planeval.run.papermill_params")

# The entry point needs an engine: papermill's own, under the name "planeval".
engine = NBClientEngine
