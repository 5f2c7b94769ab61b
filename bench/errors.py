"""The two ways a benchmark run goes wrong, which run.py reports differently."""


class BenchSetupError(RuntimeError):
    """Something every benchmark needs is missing (PostgreSQL, gunicorn): nothing can run."""


class BenchmarkFailed(RuntimeError):
    """One benchmark could not produce an honest figure; the message says why."""
