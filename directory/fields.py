from django.db import models

from directory.validators import normalise_phone


class PhoneNumberField(models.CharField):
    """A phone number stored in its normalised +420 form; bad numbers fail model validation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        return normalise_phone(value)
