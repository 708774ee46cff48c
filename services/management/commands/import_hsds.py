import sys

from django.core.management.base import BaseCommand, CommandError, no_translations

from services.hsds.import_ import ImportFileError, import_records, loads


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 services (Czech profile) from a JSON array, a service_list page or one "
        "service object. All or nothing: if any record is rejected, nothing is written and the "
        "command fails. New services are drafts unless --publish is given or the record says "
        "it is published (profile attribute publication=published)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="file to read, or - for standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument("--publish", action="store_true", help="publish every imported service")

    # English, like the help, the errors and the other commands' output (logs, cron mails),
    # whatever LANGUAGE_CODE says; the admin import page shows the same report translated.
    @no_translations
    def handle(self, *args, file, dry_run, publish, **options):
        try:
            if file == "-":
                text = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as handle:
                    text = handle.read()
            records = loads(text)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        report = import_records(records, publish=publish, dry_run=dry_run)
        for line in report.lines()[1:]:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
