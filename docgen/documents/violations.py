"""Rules across fields: RuleViolation, and the English wording of the rules several types share."""

from __future__ import annotations

from typing import Any

# The messages of the rules several types share (Period and Approval in parts.py, amounts in words in base.py,
# fees and instalments in pricing.py), by key, in English: written once, and worded per locale once in templates/_base/fields.<locale>.yaml,
# which every type falls back to.
SHARED_MESSAGES = {
    "end_before_start": "{end} falls before start {start}",
    "too_large_for_words": "{value} makes {amount_path} {amount} too large to write in words (大写); "
    "the limit is {limit}",
    "discount_over_subtotal": "discount {discount} exceeds the subtotal {subtotal}",
    "band_empty": "{up_to} is not above the band's start {above}",
    "first_band_not_at_zero": "the first band must start at 0",
    "bands_overlap": "band {band} overlaps band {previous}",
    "bands_gap": "gap between {up_to} and {above}",
    "last_band_limited": "the last band must have no upper limit",
    "amount_or_percent": "give either amount or percent, not both or neither",
    "instalments_off_total": "instalments add up to {sum}, not the fixed total {total}",
    "instalments_mixed": "give every instalment as an amount, or every one as a percentage",
    "percentages_off_100": "percentages add up to {sum}%, not 100%",
    "fee_required": "give a monthly fee, a commission, or both",
    "approval_needs_approved_by": "an approved document names its approver: give approved_by, or set status to draft",
    "approval_needs_approved_on": "an approved document gives the date of approval: give approved_on, "
    "or set status to draft",
    "draft_has_approved_by": "a draft names no approver: leave approved_by out, or set status to approved",
    "draft_has_approved_on": "a draft has no date of approval: leave approved_on out, or set status to approved",
    "approved_after_issue": "{approved_on} falls after issue_date {issue_date}: a document is approved on or before "
    "the day it is issued",
    # Values checked by python-stdnum: its own English reasons, kept word for word, one key per reason.
    "uscc_checksum": "not a valid unified social credit code: The number's checksum or check digit is invalid.",
    "uscc_length": "not a valid unified social credit code: The number has an invalid length.",
    "uscc_format": "not a valid unified social credit code: The number has an invalid format.",
    "uscc_component": "not a valid unified social credit code: One of the parts of the number are invalid or unknown.",
    "ric_checksum": "not a valid resident ID number: The number's checksum or check digit is invalid.",
    "ric_length": "not a valid resident ID number: The number has an invalid length.",
    "ric_format": "not a valid resident ID number: The number has an invalid format.",
    "ric_component": "not a valid resident ID number: One of the parts of the number are invalid or unknown.",
    "date_as_number": "write the date as YYYY-MM-DD, not as the number {value}",
    "full_width_digits": "type {value!r} with half-width digits 0-9",
    "date_out_of_range": "{value} lies outside the dates docgen accepts, {first} to {last}",
}


class RuleViolation(ValueError):
    """A rule across fields, reported against the field named here (relative to the model).

    The message is the English wording; key and params let the type's fields.<locale>.yaml
    (or, for a shared rule, templates/_base's) word it in another locale (see locale.fields.message).
    """

    def __init__(self, field: str, message: str, key: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.key = key
        self.params = params

    @classmethod
    def worded(cls, field: str, messages: dict[str, str], key: str, **params: Any) -> RuleViolation:
        """A violation whose English text is messages[key] filled with params."""
        return cls(field, messages[key].format(**params), key, **params)

    @classmethod
    def shared(cls, field: str, key: str, **params: Any) -> RuleViolation:
        """A violation of a rule several types share, worded by SHARED_MESSAGES[key]."""
        return cls.worded(field, SHARED_MESSAGES, key, **params)

    def at(self, field: str) -> RuleViolation:
        """The same violation reported against another field: a rule checked on a part, reported on the whole."""
        return type(self)(field, str(self), self.key, **self.params)
