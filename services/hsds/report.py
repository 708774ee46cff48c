"""What an import did, or would do: created, updated, unchanged, rejected (and why), skipped,
warnings. Printed by ``import_hsds`` and shown by the admin import page.

Reasons are translated as the import finds them, labels and the summary when they are read;
both in the active language: the coordinator's on the admin page, English in ``import_hsds``.
"""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

# Whole phrases per kind rather than "<kind> <name>", so that a translation can inflect them.
LABELS = {
    "service": gettext_lazy("service %(name)s (%(id)s)"),
    "organization": gettext_lazy("organization %(name)s (%(id)s)"),
}
LINE_LABELS = {
    "rejected": gettext_lazy("REJECTED"),
    "created": gettext_lazy("CREATED"),
    "updated": gettext_lazy("UPDATED"),
    "unchanged": gettext_lazy("UNCHANGED"),
    "skipped": gettext_lazy("SKIPPED"),
    "warnings": gettext_lazy("WARNINGS"),
}
# One number per phrase, so that each phrase agrees with its number (Czech: "1 služba
# vytvořena", "3 služby vytvořeny", "5 služeb vytvořeno"); (bucket, kind, written).
COUNTS = {
    ("created", "service", True): ngettext_lazy(
        "%(count)d service created", "%(count)d services created", "count"
    ),
    ("created", "organization", True): ngettext_lazy(
        "%(count)d organization created", "%(count)d organizations created", "count"
    ),
    ("updated", "service", True): ngettext_lazy(
        "%(count)d service updated", "%(count)d services updated", "count"
    ),
    ("updated", "organization", True): ngettext_lazy(
        "%(count)d organization updated", "%(count)d organizations updated", "count"
    ),
    ("unchanged", "service", True): ngettext_lazy(
        "%(count)d service unchanged", "%(count)d services unchanged", "count"
    ),
    ("unchanged", "organization", True): ngettext_lazy(
        "%(count)d organization unchanged", "%(count)d organizations unchanged", "count"
    ),
    ("created", "service", False): ngettext_lazy(
        "%(count)d service would be created", "%(count)d services would be created", "count"
    ),
    ("created", "organization", False): ngettext_lazy(
        "%(count)d organization would be created",
        "%(count)d organizations would be created",
        "count",
    ),
    ("updated", "service", False): ngettext_lazy(
        "%(count)d service would be updated", "%(count)d services would be updated", "count"
    ),
    ("updated", "organization", False): ngettext_lazy(
        "%(count)d organization would be updated",
        "%(count)d organizations would be updated",
        "count",
    ),
    ("unchanged", "service", False): ngettext_lazy(
        "%(count)d service would stay unchanged",
        "%(count)d services would stay unchanged",
        "count",
    ),
    ("unchanged", "organization", False): ngettext_lazy(
        "%(count)d organization would stay unchanged",
        "%(count)d organizations would stay unchanged",
        "count",
    ),
}


@dataclasses.dataclass
class Entry:
    kind: str  # a key of LABELS
    hsds_id: str
    name: str
    reasons: list[str] = dataclasses.field(default_factory=list)

    def __str__(self):
        name = self.name if len(self.name) <= 80 else self.name[:79] + "…"
        label = LABELS[self.kind] % {"name": repr(name), "id": self.hsds_id or _("no id")}
        return f"{label}: {'; '.join(self.reasons)}" if self.reasons else label


@dataclasses.dataclass
class Report:
    dry_run: bool = False
    created: list[Entry] = dataclasses.field(default_factory=list)
    updated: list[Entry] = dataclasses.field(default_factory=list)
    unchanged: list[Entry] = dataclasses.field(default_factory=list)
    rejected: list[Entry] = dataclasses.field(default_factory=list)
    skipped: list[Entry] = dataclasses.field(default_factory=list)
    warnings: list[Entry] = dataclasses.field(default_factory=list)
    # The version of each existing service and organization the file matched, as it was found:
    # the admin checks them again before writing what a dry run previewed.
    versions: dict[str, int] = dataclasses.field(default_factory=dict)

    def saw(self, obj) -> None:
        self.versions.setdefault(f"{obj._meta.label_lower}:{obj.pk}", obj.version)

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, bucket: str, kind: str = "service") -> int:
        return sum(1 for entry in getattr(self, bucket) if entry.kind == kind)

    def summary(self) -> str:
        """The outcome, then the counts that are not zero: "Imported. 3 services created,
        1 organization created; 2 warnings." """
        if not self.ok:
            head = ngettext(
                "Nothing imported: %(count)d record rejected.",
                "Nothing imported: %(count)d records rejected.",
                len(self.rejected),
            ) % {"count": len(self.rejected)}
        elif self.dry_run:
            head = _("Dry run, nothing written.")
        else:
            head = _("Imported.")
        counts = [
            COUNTS[bucket, kind, self.written] % {"count": self.count(bucket, kind)}
            for bucket in ("created", "updated", "unchanged")
            for kind in LABELS
            if self.count(bucket, kind)
        ]
        groups = [", ".join(counts)] if counts else []
        skipped = len(self.skipped)
        if skipped and self.written:
            groups.append(
                ngettext("%(count)d item skipped", "%(count)d items skipped", skipped)
                % {"count": skipped}
            )
        elif skipped:
            groups.append(
                ngettext(
                    "%(count)d item would be skipped", "%(count)d items would be skipped", skipped
                )
                % {"count": skipped}
            )
        warnings = len(self.warnings)
        if warnings:
            groups.append(
                ngettext("%(count)d warning", "%(count)d warnings", warnings) % {"count": warnings}
            )
        if groups:
            return f"{head} {'; '.join(groups)}."
        if self.ok:
            empty = _("The file has no services.")
            return f"{head} {empty}"
        return head

    def lines(self) -> list[str]:
        lines = [self.summary()]
        for bucket in ("rejected", "created", "updated", "unchanged", "skipped", "warnings"):
            for entry in getattr(self, bucket):
                lines.append(f"  {LINE_LABELS[bucket]} {entry}")
        return lines
