"""How an HSDS id is derived from a row's key: a uuid5 of the row's HSDS kind and its key.

Deterministic, so the same row always gets the same id in every export and API response.
``directory.models.HsdsIdentified`` stores the derived id of organizations, services and
locations (each model names its kind in ``hsds_kind``); the ids of everything else and their
lookup are ``services.hsds.ids``.
"""

import uuid

# Never change this: every id we have ever published is derived from it.
NAMESPACE = uuid.UUID("8b0f6a52-4c1d-4e0a-9a57-2f3b6c1d7e90")


def derive(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def derived_id(model, pk) -> str:
    """The id derived from ``pk`` for a row of ``model``, an ``HsdsIdentified``."""
    return derive(model.hsds_kind, pk)
