"""Accord: product, project and program management on one aligned plan."""

__version__ = "0.1.0"
