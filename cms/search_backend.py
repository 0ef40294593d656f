"""Wagtail's database search backend, with two fixes of our own.

SQLite: modelsearch quotes each search term for FTS5 but leaves double quotes in it, so a
query such as `"x` or an XSS probe with quotes raised "unterminated string" (a 500 in every
admin search box).

PostgreSQL: the stock query selects the matched `title || body` vector as a column, so every
matching entry's concatenated vector (kilobytes each) went through the relevance sort; with
5,000 matching stories that cost about as much as the ranking itself. Here the vector is only
filtered on (`alias`), never selected. cms/migrations/0003 indexes that expression.

MySQL gets the stock backend unchanged.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail's backend loader looks up
    backend = database.SearchBackend(params)
    # Each database's module is imported only on that database (their FTS models differ).
    if connection.vendor == "postgresql":
        return _lean_postgres_backend_class()(params)
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


def _lean_postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.query import Fuzzy, MatchAll, Not

    class UnselectedVectorQueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            query = self.query
            if isinstance(query, (MatchAll, Fuzzy)) or (
                isinstance(query, Not) and isinstance(query.subquery, MatchAll)
            ):
                return super().search(config, start, stop, score_field, backend)
            # The stock method, with alias() where it has annotate().
            search_query = self.build_tsquery(query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            combined_vector = vectors[0][0]
            for vector, _boost in vectors[1:]:
                combined_vector = combined_vector._combine(vector, "||", False)
            queryset = self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class UnselectedVectorPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = UnselectedVectorQueryCompiler

    return UnselectedVectorPostgresSearchBackend
