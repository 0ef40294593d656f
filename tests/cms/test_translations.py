"""The German catalog is complete, compiled, and covers every string our code marks.

The msgids are collected straight from the sources (Django's template parser for templates,
`ast` for Python), so these tests need no GNU gettext: a new `{% translate %}` or `_()` string
without a German translation fails here until `make messages` is run and the string translated.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, engines
from django.template.base import Variable
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"
# Folders without user-facing strings of our own (tooling, generated files, tests).
SKIPPED_DIRS = {
    "tests",
    "scripts",
    "bench",
    "docs",
    "locale",
    "media",
    "staticfiles",
    "node_modules",
}
GETTEXT_FUNCTIONS = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
# The German UI addresses people formally ("Sie"); these words would be the informal "du".
INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer)\b", re.I)


# (context, msgid) -> msgid_plural, for the entries with plural forms (filled by parse_po).
PLURAL_IDS = {}


def parse_po(path):
    """{(context, msgid): [msgstr, ...]} plus the set of fuzzy keys, from a .po file."""
    entries, fuzzy = {}, set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, is_fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                is_fuzzy = True
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if not fields.get("msgid"):
            continue
        key = (fields.get("msgctxt"), fields["msgid"])
        entries[key] = [
            value for name, value in sorted(fields.items()) if name.startswith("msgstr")
        ]
        if "msgid_plural" in fields:
            PLURAL_IDS[key] = fields["msgid_plural"]
        if is_fuzzy:
            fuzzy.add(key)
    return entries, fuzzy


def project_files(pattern):
    base = Path(settings.BASE_DIR)
    for path in sorted(base.rglob(pattern)):
        parts = path.relative_to(base).parts
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts[:-1]):
            continue
        if "migrations" in parts:
            continue
        yield path


def template_messages():
    """(file, context, msgid, plural) for every {% translate %} / {% blocktranslate %}."""
    engine = engines["django"].engine
    for path in project_files("*.html"):
        if "templates" not in path.parts:
            continue
        yield from messages_in_template(engine, path, str(path.relative_to(settings.BASE_DIR)))
    for path in project_files("*.txt"):
        if "templates" in path.parts:
            yield from messages_in_template(engine, path, str(path.relative_to(settings.BASE_DIR)))


def messages_in_template(engine, path, name):
    nodelist = engine.from_string(path.read_text(encoding="utf-8")).nodelist
    for node in nodelist.get_nodes_by_type(TranslateNode):
        var = node.filter_expression.var
        if isinstance(var, Variable) and var.literal is not None:
            context = node.message_context.resolve(Context()) if node.message_context else None
            yield name, context, str(var.literal), None
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        context = node.message_context.resolve(Context()) if node.message_context else None
        singular = node.render_token_list(node.singular)[0]
        plural = node.render_token_list(node.plural)[0] if node.plural else None
        yield name, context, singular, plural


def python_messages():
    """(file, context, msgid, plural) for every gettext call with literal strings."""
    for path in project_files("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(settings.BASE_DIR))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            func_name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            roles = GETTEXT_FUNCTIONS.get(func_name)
            if roles is None or len(node.args) < len(roles):
                continue
            values = dict(zip(roles, node.args, strict=False))
            if not all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                for arg in values.values()
            ):
                continue  # a variable: nothing to extract (makemessages cannot either)
            yield (
                name,
                values["context"].value if "context" in values else None,
                values["msgid"].value,
                values["plural"].value if "plural" in values else None,
            )


@pytest.fixture(scope="module")
def catalog():
    entries, fuzzy = parse_po(LOCALE_DIR / "django.po")
    return entries, fuzzy


def test_every_german_entry_is_translated_and_not_fuzzy(catalog):
    entries, fuzzy = catalog
    untranslated = [msgid for (_, msgid), strs in entries.items() if not all(strs)]
    assert untranslated == []
    assert sorted(msgid for _, msgid in fuzzy) == []


def test_compiled_german_catalog_matches_the_po_file(catalog):
    entries, _ = catalog
    with (LOCALE_DIR / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for (context, msgid), strs in entries.items():
        if context is not None:
            got = [compiled.pgettext(context, msgid)]
        elif len(strs) > 1:
            got = [compiled.ngettext(msgid, msgid, 1), compiled.ngettext(msgid, msgid, 2)]
        else:
            got = [compiled.gettext(msgid)]
        if got != strs:
            stale.append(msgid)
    assert stale == [], "run `make messages` (compilemessages) and commit django.mo"


def test_translations_keep_their_placeholders(catalog):
    """Each form keeps the placeholders of its source; a singular may leave out the number
    that its plural names ("on the day before" / "on the %(days)s days before")."""
    entries, _ = catalog
    broken = []
    for key, strs in entries.items():
        msgid = key[1]
        plural = PLURAL_IDS.get(key)
        for index, msgstr in enumerate(strs):
            if not msgstr:
                continue
            found = set(PLACEHOLDER.findall(msgstr))
            if plural is None:
                allowed = [set(PLACEHOLDER.findall(msgid))]
            else:
                both = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plural))
                allowed = [both] if index else [set(PLACEHOLDER.findall(msgid)), both]
            if found not in allowed:
                broken.append(msgid)
    assert broken == []


def test_german_addresses_people_as_sie(catalog):
    entries, _ = catalog
    informal = [msgstr for strs in entries.values() for msgstr in strs if INFORMAL.search(msgstr)]
    assert informal == []


def _missing(messages, entries):
    missing = []
    for name, context, msgid, plural in messages:
        strs = entries.get((context, msgid))
        if not strs or not all(strs) or (plural and len(strs) < 2):
            missing.append(f"{name}: {msgid!r}")
    return sorted(set(missing))


def test_every_template_string_has_a_german_translation(catalog):
    messages = list(template_messages())
    assert len(messages) > 40  # the collector really finds the site's strings
    assert _missing(messages, catalog[0]) == []


def test_every_python_string_has_a_german_translation(catalog):
    messages = list(python_messages())
    assert len(messages) > 50
    assert _missing(messages, catalog[0]) == []


def test_an_untranslated_template_string_is_reported(tmp_path, catalog):
    template = tmp_path / "templates" / "probe.html"
    template.parent.mkdir()
    template.write_text(
        '{% load i18n %}{% translate "Skip to content" %}{% translate "Nobody translated me" %}'
    )
    messages = messages_in_template(engines["django"].engine, template, "probe.html")
    assert _missing(messages, catalog[0]) == ["probe.html: 'Nobody translated me'"]
