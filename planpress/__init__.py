"""planpress: publish health and care plans as a standard and an easy read website."""

__version__ = "0.1.0"
