"""Wagtail's database search backend, with search input that cannot break SQLite FTS5.

Why: on SQLite, modelsearch quotes each search term for FTS5 but leaves double quotes in
it, so a query such as `"x` or an XSS probe with quotes raised "unterminated string" (a 500
in every admin search box). PostgreSQL and MySQL get the stock backend unchanged.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail's backend loader looks up
    backend = database.SearchBackend(params)
    # The SQLite module must not be imported on other databases (its FTS model is absent).
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):
        return _safe_sqlite_backend_class()(params)
    return backend


def _safe_sqlite_backend_class():
    # Imported lazily: the SQLite module loads FTS models that only exist on SQLite.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    class QuoteSafeSQLiteSearchBackend(SQLiteSearchBackend):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = " ".join(query.replace('"', " ").split())
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return QuoteSafeSQLiteSearchBackend
