"""Search ranking.

@outcome KR-2
"""


def rank(results, query):
    # SRCH-7: cache the tokenised query to cut p95 latency.
    tokens = query.lower().split()
    return sorted(results, key=lambda r: -sum(t in r.lower() for t in tokens))
