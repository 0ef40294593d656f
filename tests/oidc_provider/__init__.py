"""A real OpenID provider for the tests (django-oauth-toolkit), run as a subprocess.

`harness.py` starts it on a loopback port with its own SQLite database, once per test
session; tests tell it who exists and what their claims are through its control endpoint.
"""
