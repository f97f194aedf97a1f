"""Report layer: charts, tables and drafted sentences from an assessment."""
