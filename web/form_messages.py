"""Django's own form messages that its Kazakh catalog leaves untranslated. Marked here so
that they are in the portal's catalogs (locale/), which Django reads before its own: the
Government's officers meet them on the portal's forms (docs/decisions/0011-three-languages.md).
Nothing calls these; the extractor reads them."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: "
                 "%(allowed_extensions)s."),
    gettext_noop("Null characters are not allowed."),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has "
                  "%(show_value)d).", "Ensure this value has at least %(limit_value)d "
                  "characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has "
                  "%(show_value)d).", "Ensure this value has at most %(limit_value)d "
                  "characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit in total.",
                  "Ensure that there are no more than %(max)s digits in total.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s decimal place.",
                  "Ensure that there are no more than %(max)s decimal places.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit before the decimal "
                  "point.", "Ensure that there are no more than %(max)s digits before the "
                  "decimal point.", "max"),
    ngettext_lazy("Ensure this filename has at most %(max)d character (it has %(length)d).",
                  "Ensure this filename has at most %(max)d characters (it has %(length)d).",
                  "max"),
]
