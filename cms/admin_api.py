"""The admin API's listings (pages, images, documents) with bounded paging parameters.

Why: Wagtail's pagination accepts any non-negative integer, and an `offset` past the
database's 64-bit range (`?offset=9223372036854775808`) reached the SQL and answered 500
for any signed-in user.
"""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

# No listing comes near this; every database takes OFFSET/LIMIT values this large.
MAX_PAGING_VALUE = 2**31 - 1


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, refusing `offset`/`limit` values no listing can need (400)."""

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            try:
                value = int(request.GET.get(name, 0))
            except ValueError:
                continue  # Wagtail's own check answers 400 for non-numbers
            if value > MAX_PAGING_VALUE:
                raise BadRequestError(f"{name} cannot be higher than {MAX_PAGING_VALUE}")
        return super().paginate_queryset(queryset, request, view)


def bound_admin_api_pagination(router):
    """`construct_admin_api` hook: every registered endpoint paginates with the bounds.

    Registered last, so it wraps whatever class other hooks (Wagtail's images and documents,
    ours) registered.
    """
    for name, endpoint in list(router._endpoints.items()):
        if not issubclass(endpoint.pagination_class, BoundedPagination):
            bounded = type(endpoint.__name__, (endpoint,), {"pagination_class": BoundedPagination})
            router.register_endpoint(name, bounded)
