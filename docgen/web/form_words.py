"""The form pages' own words: each a msgid of the interface's gettext catalogs (docgen/i18n.py), by key."""

from __future__ import annotations

from ..i18n import N_, translator

_WORDS = {
    "start_empty": N_("Empty form"),
    "start_sample": N_("Start from the sample"),
    "derive_from": N_("Derive from issued number"),
    "derive": N_("Derive"),
    "upload": N_("Upload a data file"),
    "row": N_("Which row"),
    "open": N_("Open"),
    "doc_locale": N_("Document language"),
    "check": N_("Check"),
    "preview": N_("Preview"),
    "draft_pdf": N_("Draft PDF"),
    "draft_docx": N_("Draft Word"),
    "yaml": N_("Download YAML"),
    "issue": N_("Issue"),
    "from_profile": N_("from the company profile"),
    "remove": N_("Remove"),
    "add_row": N_("Add a row"),
    "required": N_("required"),
    "problems": N_("Please fix these problems:"),
    "marked": N_("Please fix the problems marked next to their fields."),
    "valid": N_("Checked: ready to issue."),
    "preview_problems": N_("Fix the form's problems first:"),
    "issued": N_("Issued"),
    "number": N_("Document number"),
    "another": N_("Start another"),
}


def form_words(lang: str) -> dict[str, str]:
    """The words of the form pages in the interface language."""
    translate = translator(lang)
    return {key: translate(msgid) for key, msgid in _WORDS.items()}
