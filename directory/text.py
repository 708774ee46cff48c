"""Text helpers shared by places, organizations and search."""

import re
import unicodedata

from django.utils.text import slugify

_SPACES = re.compile(r"\s+")
_POSTAL_CODE_DIGITS = re.compile(r"^(\d{3})(\d{2})$")


def fold(text: str) -> str:
    """Lower-case, diacritics-free, single-spaced form used for searching names.

    Stored next to the name (``search_name``) so that "pelhrimov" finds "Pelhřimov" with a
    plain indexed equality or prefix lookup on SQLite and PostgreSQL alike.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def unique_slug(
    model, value: str, *, instance=None, max_length: int = 80, reserved=frozenset()
) -> str:
    """A slug for ``value`` not used by another row of ``model`` nor in ``reserved`` (paths
    the URLs give to pages, e.g. ``/services/shortlist/``); one query per attempt."""
    base = slugify(value)[:max_length].strip("-") or "x"
    candidate, number = base, 2
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    while candidate in reserved or others.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return candidate


def postal_code(value: str) -> str:
    """A Czech postal code as people write it: "69701" → "697 01". Stored without the space
    (``normalise_postal_code``); anything that is not five digits is returned as it is."""
    compact = _SPACES.sub("", value or "")
    match = _POSTAL_CODE_DIGITS.match(compact)
    return f"{match[1]} {match[2]}" if match else (value or "").strip()


def counted(count: int, noun: str, plural: str = "") -> str:
    """ "1 service", "3 services": for the management commands' English output to operators
    (the site's own texts go through gettext, with Czech plural forms)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
