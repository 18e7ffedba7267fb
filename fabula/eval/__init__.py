"""Evaluation against the annotated data in ../shared/data (never shipped with fabula)."""
