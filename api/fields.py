"""Input fields that take only the JSON type the schema documents: DRF's own would turn 5
into "5" for a text, "5" into 5 for a number and 1 into true, accepting what the schema
says is invalid. Multipart requests carry every value as text, so there the text forms of
numbers and booleans are read as DRF reads them."""

from rest_framework import serializers


def _multipart(field: serializers.Field) -> bool:
    request = field.context.get("request") if hasattr(field, "context") else None
    return bool(request is not None and request.content_type.startswith("multipart/"))


class PlainText(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WholeNumber(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not (isinstance(data, int) or _multipart(self)):
            self.fail("invalid")
        return super().to_internal_value(data)


class TrueOrFalse(serializers.BooleanField):
    def to_internal_value(self, data):
        if not (isinstance(data, bool) or (_multipart(self) and data in ("true", "false"))):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)
