"""One error family for everything a person can cause.

Every failure that input can provoke is one of these; the API maps ``http_status`` and
``code`` to a response in one place, so no traceback ever reaches a client.
"""

from __future__ import annotations


class StepsolverError(Exception):
    """Base of every error a user's input can cause."""

    code = "error"
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        line: int | None = None,
        column: int | None = None,
        context: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
        self.context = context
        if code is not None:
            self.code = code

    def to_dict(self) -> dict:
        out = {
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }
        if self.context is not None:
            out["context"] = self.context
        return out

    def __str__(self) -> str:
        parts = [self.message]
        if self.line is not None:
            parts[0] += f" (line {self.line}, column {self.column})"
        if self.context:
            parts.append(self.context)
        if self.hint:
            parts.append(f"Hint: {self.hint}")
        return "\n".join(parts)

    def __reduce__(self):
        # Errors cross the pipe from the solving process; keep every field.
        return (_rebuild, (type(self), self.message, self.hint, self.line, self.column,
                           self.context, self.code))


def _rebuild(cls, message, hint, line, column, context, code):
    return cls(message, hint=hint, line=line, column=column, context=context, code=code)


class ParseError(StepsolverError):
    """The text could not be read as a problem."""

    code = "parse_error"
    http_status = 400


class InputTooLong(StepsolverError):
    code = "input_too_long"
    http_status = 413


class UnsupportedProblem(StepsolverError):
    """A well-formed problem that no engine can do (yet)."""

    code = "unsupported"
    http_status = 422


class InvalidArgument(StepsolverError):
    """A well-formed problem whose values make no sense (shape mismatch, p = 1.5, …)."""

    code = "invalid_argument"
    http_status = 422


class TooExpensive(StepsolverError):
    """The input is over a size limit (power, factorial, depth, matrix size)."""

    code = "too_expensive"
    http_status = 422


class TimeLimit(TooExpensive):
    """The solve was stopped by the time limit; the same input would be stopped again."""

    code = "time_limit"
    http_status = 422


class Overloaded(StepsolverError):
    """No solving worker was free in time; the client may retry later."""

    code = "overloaded"
    http_status = 503
