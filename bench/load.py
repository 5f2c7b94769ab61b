"""Load on loopback with wrk, refusing any run that saw an error or a non-2xx response."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.errors import BenchmarkFailed, BenchSetupError

REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")
REPORT_PREFIX = "wrk_report "


@dataclass(frozen=True)
class LoadSettings:
    seconds: int
    rounds: int
    warmup_seconds: int
    threads: int
    connections: int

    @classmethod
    def from_env(cls) -> LoadSettings:
        settings = cls(
            seconds=_positive_int("BENCH_SECONDS", 5),
            rounds=_positive_int("BENCH_ROUNDS", 3),
            warmup_seconds=_positive_int("BENCH_WARMUP_SECONDS", 3),
            threads=_positive_int("BENCH_THREADS", 2),
            connections=_positive_int("BENCH_CONNECTIONS", 16),
        )
        if settings.connections < settings.threads:
            raise BenchSetupError("BENCH_CONNECTIONS must be at least BENCH_THREADS.")
        return settings


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise BenchSetupError(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return value


@dataclass(frozen=True)
class LoadResult:
    url: str
    requests: int
    duration_us: int
    non_2xx: int
    first_bad_status: int
    socket_errors: dict[str, int]
    latency_p50_us: int
    latency_p95_us: int
    latency_p99_us: int

    @property
    def rps(self) -> float:
        return self.requests / (self.duration_us / 1_000_000)

    @property
    def p95_ms(self) -> float:
        return self.latency_p95_us / 1000

    def problems(self) -> list[str]:
        found = []
        if self.requests == 0:
            found.append("no request completed")
        if self.non_2xx:
            found.append(
                f"{self.non_2xx} of {self.requests} responses were not 2xx "
                f"(the first was {self.first_bad_status})"
            )
        found.extend(f"{count} {kind}" for kind, count in self.socket_errors.items() if count)
        return found


def run_wrk(
    url: str,
    *,
    seconds: int,
    settings: LoadSettings,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
    environment: dict[str, str] | None = None,
) -> LoadResult:
    """One wrk run. A benchmark that sends more than GETs gives its own Lua `script` (which
    loads REPORT_SCRIPT for the figures) and the variables it reads in `environment`."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchSetupError("wrk is not installed: run scripts/install-system-deps.")
    command = [
        wrk,
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={seconds}s",
        # Generous, so a slow page shows up as a high percentile rather than a timeout.
        "--timeout=10s",
        f"--script={script or REPORT_SCRIPT}",
    ]
    for name, value in (headers or {}).items():
        command.append(f"--header={name}: {value}")
    command.append(url)
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
        env={**os.environ, **(environment or {})},
    )
    report = next(
        (line for line in completed.stdout.splitlines() if line.startswith(REPORT_PREFIX)), None
    )
    if completed.returncode != 0 or report is None:
        raise BenchmarkFailed(
            f"wrk failed on {url} (exit {completed.returncode}): "
            f"{(completed.stderr or completed.stdout).strip()[-2000:]}"
        )
    data = json.loads(report.removeprefix(REPORT_PREFIX))
    return LoadResult(
        url=url,
        requests=data["requests"],
        duration_us=data["duration_us"],
        non_2xx=data["non_2xx"],
        first_bad_status=data["first_bad_status"],
        socket_errors={
            "connect errors": data["connect_errors"],
            "read errors": data["read_errors"],
            "write errors": data["write_errors"],
            "timeouts": data["timeouts"],
        },
        latency_p50_us=data["latency_p50_us"],
        latency_p95_us=data["latency_p95_us"],
        latency_p99_us=data["latency_p99_us"],
    )


def checked_run(
    url: str,
    *,
    seconds: int,
    settings: LoadSettings,
    phase: str,
    **wrk_options,
) -> LoadResult:
    result = run_wrk(url, seconds=seconds, settings=settings, **wrk_options)
    if problems := result.problems():
        raise BenchmarkFailed(f"{phase} load on {url}: " + "; ".join(problems))
    return result


def compare(
    base_url: str,
    path: str,
    baseline_path: str,
    settings: LoadSettings,
    *,
    log,
    **wrk_options,
) -> tuple[LoadResult, LoadResult]:
    """The baseline and path in alternating rounds after a warm-up; the fastest round of each.

    Other processes on a shared machine only ever slow a round down, so the fastest round is
    the closest to what the code itself costs, and alternating puts both under the same
    background load.
    """
    urls = {baseline_path: base_url + baseline_path, path: base_url + path}
    for url in urls.values():
        # Fills the workers' caches, imports and database connections; thrown away.
        checked_run(
            url,
            seconds=settings.warmup_seconds,
            settings=settings,
            phase="warm-up",
            **wrk_options,
        )
    best: dict[str, LoadResult] = {}
    for round_number in range(1, settings.rounds + 1):
        for name, url in urls.items():
            result = checked_run(
                url,
                seconds=settings.seconds,
                settings=settings,
                phase=f"round {round_number}",
                **wrk_options,
            )
            log(
                f"round {round_number}/{settings.rounds} {name}: {result.rps:.1f} rps, "
                f"p95 {result.p95_ms:.1f} ms"
            )
            if name not in best or result.rps > best[name].rps:
                best[name] = result
    return best[baseline_path], best[path]
