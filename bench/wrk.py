"""Run wrk once and read the line of JSON that lua/report.lua prints when it is done."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LUA_DIR = Path(__file__).resolve().parent / "lua"
THREADS = 2
CONNECTIONS = 64
MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors, time-outs and answers other than 2xx/3xx
    created: int  # 201 answers, counted by scripts that define `response`


def run_wrk(url: str, script: str, args: Sequence[str], seconds: int) -> Load:
    """Load `url` for `seconds` with `script` (a file in lua/) and its arguments."""
    command = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s",
        "-s", script, url, "--", *args,
    ]  # fmt: skip
    # report.lua is found by `require` relative to the working directory.
    done = subprocess.run(
        command, cwd=LUA_DIR, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    line = next((line for line in done.stdout.splitlines() if line.startswith(MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    result = json.loads(line.removeprefix(MARKER))
    return Load(
        requests_per_second=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["socket_errors"] + result["non_2xx"],
        created=result["created"],
    )
