"""An AI mock interviewer for Python and Flask technical interviews."""

__version__ = "0.1.0"
