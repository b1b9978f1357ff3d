"""Notices through the API: the register (Art. 11) and corrections of notices recorded in
error (docs/api.md#notices)."""
