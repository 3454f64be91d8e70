"""The package version: the one place it is written (pyproject.toml reads it from here), light enough for the
compiled cache to key its entries by it without importing importlib.metadata."""

__version__ = "0.1.0"
