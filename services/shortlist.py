"""The caseworker's shortlist: services collected over several searches for one client.

It lives in the session (no sign-in): the services' ids in the caseworker's order, a note for
the client on each, and the client's town when one was searched (the handout's next openings
are computed there). Ids, not slugs, are kept, so a renamed service stays on the list; a
service that is no longer listed simply drops out of it.

A list is shared as a signed token of its ids and the town's code (``token``/``from_token``):
short enough for an SMS, and with nothing personal in it — the notes stay in the session.
"""

import dataclasses

from django.conf import settings
from django.core import signing

SESSION_KEY = "shortlist"
MAX_ITEMS = 30
MAX_NOTE_LENGTH = 500
_SIGNER = signing.Signer(salt="services.shortlist")


@dataclasses.dataclass
class Item:
    service_id: int
    note: str = ""


@dataclasses.dataclass
class Shortlist:
    items: list[Item] = dataclasses.field(default_factory=list)
    # The client's town as the search's ``town`` parameter takes it (a municipality code).
    town: str = ""

    # -- reading and writing the session ---------------------------------------------------

    @classmethod
    def of(cls, request) -> "Shortlist":
        """The visitor's list; empty (and no session touched) for a visitor without one, so
        anonymous pages stay cacheable."""
        if not has_session(request):
            return cls()
        return cls.from_data(request.session.get(SESSION_KEY))

    @classmethod
    def from_data(cls, data) -> "Shortlist":
        if not isinstance(data, dict):
            return cls()
        items = []
        for entry in data.get("items", [])[:MAX_ITEMS]:
            try:
                items.append(Item(int(entry["id"]), str(entry.get("note", ""))[:MAX_NOTE_LENGTH]))
            except (KeyError, TypeError, ValueError):
                continue
        return cls(items=items, town=str(data.get("town", ""))[:100])

    def save(self, request) -> None:
        request.session[SESSION_KEY] = {
            "items": [{"id": item.service_id, "note": item.note} for item in self.items],
            "town": self.town,
        }

    # -- changes ---------------------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return [item.service_id for item in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, service_id: int) -> bool:
        return service_id in self.ids

    @property
    def is_full(self) -> bool:
        return len(self.items) >= MAX_ITEMS

    def add(self, service_id: int) -> bool:
        """Add at the end; False when the list is full. Adding one already there keeps it."""
        if service_id in self:
            return True
        if self.is_full:
            return False
        self.items.append(Item(service_id))
        return True

    def remove(self, service_id: int) -> None:
        self.items = [item for item in self.items if item.service_id != service_id]

    def move(self, service_id: int, step: int) -> None:
        """Move one place up (``step=-1``) or down (``+1``); the ends stay where they are."""
        ids = self.ids
        if service_id not in ids:
            return
        index = ids.index(service_id)
        target = index + step
        if 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]

    def set_notes(self, notes: dict[int, str]) -> None:
        for item in self.items:
            if item.service_id in notes:
                item.note = notes[item.service_id].strip()[:MAX_NOTE_LENGTH]

    def keep_only(self, service_ids) -> None:
        """Drop what is no longer listed (unpublished or deleted since it was added)."""
        available = set(service_ids)
        self.items = [item for item in self.items if item.service_id in available]

    # -- sharing ---------------------------------------------------------------------------

    def token(self) -> str:
        """``12.45.78~587214:signature``: the ids in order, and the town's code if any."""
        value = ".".join(str(service_id) for service_id in self.ids)
        if self.town:
            value = f"{value}~{self.town}"
        return _SIGNER.sign(value)

    @classmethod
    def from_token(cls, token: str) -> "Shortlist | None":
        """The shared list, without notes; None when the token was not made here or was
        changed."""
        try:
            value = _SIGNER.unsign(token)
        except signing.BadSignature:
            return None
        ids, _, town = value.partition("~")
        try:
            items = [Item(int(part)) for part in ids.split(".") if part][:MAX_ITEMS]
        except ValueError:
            return None
        return cls(items=items, town=town)


def has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES
