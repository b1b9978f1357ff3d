"""What every CSV or XLSX export shares."""


def formula_safe(value):
    """A spreadsheet would run a text cell that starts like a formula; quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
