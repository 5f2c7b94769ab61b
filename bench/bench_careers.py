"""An anonymous visitor's role profile page (the demo's data analyst) against the bare view.

Anonymous careers pages are served whole from the cache with a fresh CSP nonce stamped in
(cms.careers.caching), so after the warm-up this measures a cache hit: routing, the
page's privacy check and the nonce, not the template.
"""

from bench.context import BenchContext, Figure
from bench.errors import BenchmarkFailed

ROLE_PATH = "/careers/data-analyst/"


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    from cms.careers.models import RoleProfilePage

    if not RoleProfilePage.objects.live().filter(slug="data-analyst").exists():
        raise BenchmarkFailed("seed_demo made no data analyst role profile to load")
    # First, so a broken page fails in a second rather than after the load runs. The
    # warm-up request fills the cache, so this counts a hit, as almost every anonymous
    # request is.
    queries = ctx.count_queries(ROLE_PATH)
    bare, role = ctx.compare(ROLE_PATH)
    return [
        Figure("careers_page_rps", role.rps, "rps"),
        Figure("careers_page_ratio", role.rps / bare.rps, "ratio"),
        Figure("careers_page_p95_ms", role.p95_ms, "ms"),
        Figure("careers_page_queries", queries, "queries"),
    ]
