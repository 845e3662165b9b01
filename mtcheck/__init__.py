"""mtcheck: find machine-translated text in news articles and show where and why."""

__version__ = "0.1.0"
