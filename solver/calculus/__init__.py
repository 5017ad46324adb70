"""Calculus engines."""
