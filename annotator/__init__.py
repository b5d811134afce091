"""Annotator: annotate source articles and hand your editor a Word brief."""

__version__ = "0.1.0"
