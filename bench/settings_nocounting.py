"""Production settings with readership counting switched off, for `make bench` only.

The story page with and without counting is the benchmark's "counting costs nothing on
render" check; swapping the template library leaves the readership code untouched.
"""

from cms.settings.production import *  # noqa: F403

TEMPLATES[0]["OPTIONS"]["libraries"] = {"readership_tags": "bench.nocounting_tags"}  # noqa: F405
