"""The home page an anonymous visitor sees, against the bare view."""

from bench.context import BenchContext, Figure

HOME_PATH = "/"


def run(ctx: BenchContext) -> list[Figure]:
    # First, so a broken page fails in a second rather than after the load runs.
    queries = ctx.count_queries(HOME_PATH)
    bare, home = ctx.compare(HOME_PATH)
    return [
        Figure("bare_view_rps", bare.rps, "rps"),
        Figure("bare_view_p95_ms", bare.p95_ms, "ms"),
        Figure("home_page_rps", home.rps, "rps"),
        Figure("home_page_ratio", home.rps / bare.rps, "ratio"),
        Figure("home_page_p95_ms", home.p95_ms, "ms"),
        Figure("home_page_queries", queries, "queries"),
    ]
