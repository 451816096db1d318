"""Rendering: one sandboxed environment, one adapter per format, atomic output."""
