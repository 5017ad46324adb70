"""The MCP server over stdio: a real client lists the tools and calls each of them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parent.parent


def _text(result) -> dict:
    return json.loads(result.content[0].text)


async def _session_calls():
    params = StdioServerParameters(command=sys.executable, args=["-m", "api", "mcp", "--time-limit", "5"],
                                   cwd=str(ROOT))
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = {t.name for t in (await session.list_tools()).tools}
        solved = _text(await session.call_tool("solve", {"problem": "d/dx sin(x^2)", "format": "json"}))
        checked = _text(await session.call_tool("check", {"problem": "d/dx cos x", "answer": "sin x"}))
        hinted = _text(await session.call_tool("hint", {"problem": "integrate x e^x dx"}))
        failed = _text(await session.call_tool("solve", {"problem": "d/dx sinn x"}))
        return tools, solved, checked, hinted, failed


def test_mcp_server_exposes_solve_check_and_hint():
    tools, solved, checked, hinted, failed = anyio.run(_session_calls)
    assert {"solve", "check", "hint"} <= tools
    assert solved["answer"]["sympy"] == "2*x*cos(x**2)" and solved["verified"] is True
    assert checked["correct"] is False and checked["mistake"] == "sign_error"
    assert hinted["rule"] == "integration_by_parts"
    assert failed["error"]["code"] == "parse_error" and "sin" in failed["error"]["hint"]
