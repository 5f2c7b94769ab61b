"""gunicorn serving the project under production settings on a free loopback port."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.errors import BenchSetupError

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60
PR_SET_PDEATHSIG = 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _new_group_dying_with_parent() -> None:
    """Runs in the child before exec: its own process group, and killed if run.py is."""
    os.setsid()
    # If run.py is SIGKILLed its finally blocks never run; the kernel then stops gunicorn
    # (and its workers notice their master went away) instead of leaving it serving.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Server:
    def __init__(self, *, log_path: Path, log) -> None:
        self.workers = int(os.environ.get("BENCH_WORKERS", "2"))
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self._log(f"starting gunicorn ({self.workers} sync workers) on {self.base_url}")
        with self.log_path.open("ab") as log_file:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "lms.wsgi:application",
                    f"--bind=127.0.0.1:{self.port}",
                    f"--workers={self.workers}",
                    "--worker-class=sync",
                    f"--chdir={REPO_ROOT}",
                    "--log-level=warning",
                    "--graceful-timeout=5",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=_new_group_dying_with_parent,
            )
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        last_answer = "no answer"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BenchSetupError(
                    f"gunicorn exited with {self._process.returncode} while starting:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                last_answer = f"{exc.code}: {exc.read()[:500].decode(errors='replace')}"
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise BenchSetupError(
            f"gunicorn did not answer /healthz with 200 within {STARTUP_SECONDS}s "
            f"(last answer: {last_answer}):\n" + self.log_tail()
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            text = ""
        return "\n".join(text.splitlines()[-lines:]) or "(nothing in gunicorn's log)"

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        # The whole group: the master and every worker it forked.
        group = os.getpgid(self._process.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self._process.wait()
        # Workers can outlive a master that was killed; sweep what is left of the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
