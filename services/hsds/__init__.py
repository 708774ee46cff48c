"""Open Referral HSDS 3.0 interoperability, Czech profile (PRODUCT.md, "HSDS 3.0 interop").

- ``ids``: HSDS ids (stored ``hsds_id`` or a deterministic uuid5 of our key) and their lookup;
- ``taxonomy``: our vocabularies as HSDS taxonomies, plus the ``profile`` taxonomy that carries
  what HSDS has no field for (summary, anonymity, location kind …);
- ``serializers``: model instances → HSDS objects (shared by the export and the API);
- ``export`` / ``import_``: files; ``places``: municipality, ORP and region resolution;
- ``filtering``, ``views``, ``openapi``, ``urls``: the read API at ``/api/``;
- ``admin``: "export selected as HSDS" and the import page with a dry-run preview.
"""

HSDS_VERSION = "3.0"
