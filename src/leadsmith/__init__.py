"""Leadsmith: self-hosted lead finding."""

__version__ = "0.1.0"
