"""What an import did, or would do: created, updated, unchanged, rejected (and why), skipped,
warnings. Printed by ``import_hsds`` and shown by the admin import page."""

import dataclasses


@dataclasses.dataclass
class Entry:
    kind: str
    hsds_id: str
    name: str
    reasons: list[str] = dataclasses.field(default_factory=list)

    def __str__(self):
        name = self.name if len(self.name) <= 80 else self.name[:79] + "…"
        label = f"{self.kind} {name!r} ({self.hsds_id or 'no id'})"
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

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, bucket: str, kind: str = "service") -> int:
        return sum(1 for entry in getattr(self, bucket) if entry.kind == kind)

    def summary(self) -> str:
        if not self.ok:
            head = f"Nothing imported: {len(self.rejected)} record(s) rejected."
        elif self.dry_run:
            head = "Dry run, nothing written. Would be:"
        else:
            head = "Imported:"
        counts = ", ".join(
            f"{bucket} {self.count(bucket)} service(s) / {self.count(bucket, 'organization')} "
            "organization(s)"
            for bucket in ("created", "updated", "unchanged")
        )
        return f"{head} {counts}; skipped {len(self.skipped)}; warnings {len(self.warnings)}."

    def lines(self) -> list[str]:
        lines = [self.summary()]
        for bucket in ("rejected", "created", "updated", "unchanged", "skipped", "warnings"):
            for entry in getattr(self, bucket):
                lines.append(f"  {bucket.upper()} {entry}")
        return lines
