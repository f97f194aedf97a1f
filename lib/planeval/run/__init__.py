"""Run layer: papermill runs, nbconvert exports, batches, the overview and the lab."""
