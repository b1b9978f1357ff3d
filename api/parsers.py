"""DRF's JSON parser, with one more refusal: a body nested deeper than Python's recursion
limit (`[[[[…`) is a 400 like any malformed JSON, not a RecursionError and a 500."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply to be read.")) from error
