from django.core.management.base import BaseCommand, CommandError

from directory.text import counted
from services.hsds.export import dumps, exported_services


class Command(BaseCommand):
    help = (
        "Write every published service as an HSDS 3.0 service object (Czech profile) into a "
        "JSON array. Professional-only information is never exported."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="file to write, or - for standard output")
        parser.add_argument("--indent", type=int, default=2, help="0 for one line")

    def handle(self, *args, out, indent, **options):
        objects = exported_services()
        text = dumps(objects, indent=indent or None) + "\n"
        if out == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error}") from None
        self.stderr.write(f"{counted(len(objects), 'service')} written to {out}")
