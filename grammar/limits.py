"""Every limit in one place, so the README, the guards and the tests agree."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    max_input_chars: int = 10_000
    """Longer input is refused with 413 before anything reads it."""
    max_depth: int = 64
    """Brackets nested deeper than this, or an expression tree deeper than 4x this."""
    max_exponent: int = 10_000
    """Largest |n| in an integer power ``a^n`` with a number as its base."""
    max_power_bits: int = 100_000
    """Largest exact integer a power may produce, in bits (about 30,000 digits)."""
    max_factorial: int = 1_000
    """Largest ``n`` in ``n!`` for a whole number ``n``."""
    max_matrix_dim: int = 10
    """Largest number of rows or columns of a matrix."""
    max_derivative_order: int = 10
    """Highest derivative order worked step by step."""
    max_data_points: int = 2_000
    """Largest data set for statistics."""
    max_iterations: int = 50
    """Most gradient descent or Newton iterations shown."""
    time_limit: float = 10.0
    """Seconds one solve may take, including verification and rendering."""
    memory_mb: int = 1024
    """Memory a solving process may add on top of what it starts with, in MiB."""

    def with_(self, **changes) -> Limits:
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()
