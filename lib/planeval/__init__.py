"""planeval: mid-term evaluation of 十四五 (2021–2025) plan indicators."""

from planeval.errors import Location, PlanevalError

__all__ = ["Location", "PlanevalError"]
__version__ = "0.1.0"
