"""Without Redis, the default cache is shared by every process: a purge made by the
scheduler process (publishing a scheduled story) reaches the web process's readers."""

import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import django
django.setup()
from cms.page_cache import _cache, generation_key, purge_paths
import sys
if sys.argv[1] == "purge":
    purge_paths(["/stories/scheduled/"])
print(_cache().get(generation_key("/stories/scheduled/")))
"""


def _run_process(action, cache_dir):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_DIR"}}
    env |= {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "CACHE_DIR": str(cache_dir)}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, action],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1]


def test_a_purge_in_one_process_is_seen_by_another_without_redis(tmp_path):
    generation = _run_process("purge", tmp_path)
    assert generation not in ("", "None")
    assert _run_process("read", tmp_path) == generation
