"""CSV exports of the admin without live formulas (OWASP "CSV injection").

Why a patch on Wagtail's mixin: every admin export (site history, workflows, workflow tasks,
aging pages, locked pages, our people and page-type reports) goes through
`SpreadsheetExportMixin.preprocess_field_value`, which writes a title such as
`=HYPERLINK("https://evil.example","Open")` as it is; a spreadsheet runs it as a formula. One
patch covers every view, Wagtail's and ours, without redefining each. XLSX needs nothing:
Wagtail already stores formula-looking values as text cells there.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What spreadsheet programs read as the start of a formula (or, tab/CR, of a shifted cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value):
    """`value` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def install():
    """Wrap the mixin's CSV value preprocessing once (called from `CmsConfig.ready`)."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "storywerk_inert", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return inert_cell(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.storywerk_inert = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
