"""Method layer: progress against the plan's path, official categories, forecasts."""
