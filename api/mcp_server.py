"""An MCP server (stdio) exposing solve, check and hint, for assistants that speak MCP.

Every call goes through the same killable solving process as the HTTP API, so a stuck
problem is stopped by the time limit here too.
"""

from __future__ import annotations

from grammar import Limits, StepsolverError


def build_server(time_limit: float = 10.0):
    from mcp.server.mcpserver import MCPServer

    from solver.service import handle
    from solver.worker import SolverProcess

    runner = SolverProcess(handle, Limits(time_limit=time_limit))
    server = MCPServer(
        name="stepsolver",
        instructions="Worked, verified solutions to calculus, linear algebra, probability and statistics "
                     "problems. Use solve for a full solution (format 'markdown' reads well in a chat), "
                     "hint to tutor one step at a time, and check to mark a student's answer and work.")

    def run(request: dict) -> dict:
        try:
            return runner.run(request)
        except StepsolverError as exc:
            return {"error": exc.to_dict()}

    @server.tool(description="Solve a math problem written as text or LaTeX, e.g. 'derivative of x^2 sin x', "
                             "'rref [[1,2],[3,4]]', 'P(X <= 2) where X ~ Poisson(3)'. Returns every step, the "
                             "answer and whether each step was verified. reveal = n shows only the first n steps.")
    def solve(problem: str, format: str = "markdown", reveal: int | None = None) -> dict:
        return run({"op": "solve", "problem": problem, "format": format, "reveal": reveal})

    @server.tool(description="Check a student's answer to a problem, optionally with their work (one line each). "
                             "Says whether it is correct, names the slip, and finds the first wrong line.")
    def check(problem: str, answer: str, work: list[str] | None = None) -> dict:
        return run({"op": "check", "problem": problem, "answer": answer, "work": work, "reveal": True})

    @server.tool(description="The next step of a problem as a hint, given the student's work so far, "
                             "without revealing later steps or the answer.")
    def hint(problem: str, work: list[str] | None = None) -> dict:
        return run({"op": "hint", "problem": problem, "work": work})

    return server


def main(time_limit: float = 10.0) -> None:
    build_server(time_limit).run("stdio")
