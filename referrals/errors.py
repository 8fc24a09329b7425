"""The one error of the referral domain. It carries no HTTP status: the API adapter maps codes to statuses."""


class ReferralError(Exception):
    """An action the rules refuse. `code` is stable for API clients, `message` is for people, and `fields`
    names the inputs at fault (field name → message).

    Codes: `invalid` and `illegal_transition` (bad input or a move the rules forbid), `not_found` (no such
    object, or one the caller may not see), `forbidden` (the caller's role may not do this), `conflict` and
    `busy` (someone else changed it first), `purged` (the details were destroyed), `pii_unavailable` (no
    master key opens the details), `part_over` (that organization's part of the referral has ended),
    `filled` (another service already accepted an operation's placement), `outside_window` (the operation is
    not active), `no_match` (no service fits a placement).
    """

    def __init__(self, code: str, message, fields=None):
        super().__init__(str(message))
        self.code, self.message, self.fields = code, str(message), dict(fields or {})
