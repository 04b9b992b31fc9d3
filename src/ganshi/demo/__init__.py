"""Demo data: a fictional Guangxi county (or a province of 100 counties) for ``ganshi demo``.

Not a Django app: plain modules.

- ``timeline``: the fixed reference date (2026-06-30) and month arithmetic;
- ``names``: people's names, place names, schools, workplaces;
- ``county``: one county's units, posts and party organisations (with tree paths);
- ``people``: its cadres, with résumés, tenures, ranks, families, rewards and tags;
- ``rows``: a county generated and flattened into database rows;
- ``province``: which counties a load makes;
- ``users``: the demo logins (password ``ganshi-demo``);
- ``loader``: writing it all, one transaction per county, and the registry of volume
  generators through which other modules add their own demo rows (see its docstring);
- ``worker``: the processes that generate a province's counties in parallel.
"""
