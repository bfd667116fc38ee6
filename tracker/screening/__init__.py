"""Screening: is a party on a list? Names are analysed the same way at index and query time
(``names.py``), each list entry gets candidate keys (``keys.py``) kept in the store
(``index.py``), and a query is scored against its candidates by one pure, versioned, explained
function (``score.py``). ``screen.py`` runs queries (in this process or on Dask), ``queries.py``
reads them, ``decisions.py`` remembers cleared hits, ``output.py`` writes the results."""
