"""``make bench``: ganshi against the raw database at province scale (see docs/benchmarks.md).

``stats`` (medians, ratios, the Markdown table) and ``raw`` (the hand-written SQL each
case is compared with) are plain Python; ``cases`` runs inside Django in a process of
its own per group of cases; ``load_test`` drives ``ganshi serve --prod`` over loopback;
``run`` puts it all together. Nothing here runs in ``make test``.
"""
