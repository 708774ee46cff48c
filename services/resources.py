"""Bulk export and import of service listings (CSV, XLSX) for the admin, scoped like it.

The file has one row per service with the columns below; taxonomy columns hold term codes
separated by commas. ``id`` empty creates a service; an ``id`` updates that service, but only
when it is in the importing user's scope and ``version`` is given and still matches (nobody
saved it or its parts since the export). Everything is checked in a dry run first and imported
all-or-nothing. A text cell a spreadsheet would run as a formula is written with a leading
``'`` (see ``directory.spreadsheets``), which the import takes off again.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from directory.models import Organization
from directory.spreadsheets import safe_cell, unescaped_cell
from services.history import changes_since_version
from services.models import Service, Term, Vocabulary, adopt_primary_contact


class TermCodesWidget(widgets.ManyToManyWidget):
    """Term codes of one vocabulary, comma-separated; an unknown code is an error."""

    def __init__(self, vocabulary: Vocabulary):
        super().__init__(Term, separator=",", field="code")
        self.vocabulary = vocabulary

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip() for code in str(value or "").split(",") if code.strip()]
        terms = list(Term.objects.of(self.vocabulary).filter(code__in=codes))
        unknown = sorted(set(codes) - {term.code for term in terms})
        if unknown:
            raise ValueError(
                _("Unknown codes: %(codes)s. Use the codes listed under taxonomy terms.")
                % {"codes": ", ".join(unknown)}
            )
        return terms


def _terms(attribute: str, vocabulary: Vocabulary) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=TermCodesWidget(vocabulary)
    )


def _version_problem(service: Service, version: str) -> str | None:
    """Why a row for ``service`` exported as ``version`` must not be imported, or None.

    An update without a version would skip the optimistic check, so it is required.
    """
    if not version.isdigit():
        return _(
            "The version column is empty or not a number: it tells whether somebody saved the "
            "service after your export. Export again and make your changes in the new file."
        )
    if int(version) == service.version:
        return None
    message = _(
        "Somebody saved this service after the export (version %(then)s, now %(now)s). "
        "Export again and redo your changes in the new file."
    ) % {"then": version, "now": service.version}
    changes = changes_since_version(service, int(version))
    if changes:
        message += " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(changes)}
    return message


class ServiceResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization",
        column_name="organization_id",
        widget=widgets.ForeignKeyWidget(Organization),
    )
    organization_name = fields.Field(
        attribute="organization__name", column_name="organization_name", readonly=True
    )
    types = _terms("types", Vocabulary.SERVICE_TYPE)
    activities = _terms("activities", Vocabulary.ACTIVITY)
    target_groups = _terms("target_groups", Vocabulary.TARGET_GROUP)
    substances = _terms("substances", Vocabulary.SUBSTANCE)
    languages = _terms("languages", Vocabulary.LANGUAGE)
    version = fields.Field(attribute="version", column_name="version", readonly=True)

    class Meta:
        model = Service
        fields = (
            "id",
            "organization",
            "organization_name",
            "name",
            "summary",
            "description",
            "status",
            "publication",
            "types",
            "activities",
            "target_groups",
            "substances",
            "languages",
            "min_age",
            "max_age",
            "is_free",
            "cost_note",
            "is_anonymous",
            "phone",
            "email",
            "website",
            "mpsv_id",
            "mpsv_paragraph",
            "rvkpp_certified_until",
            "referral_process",
            "response_time",
            "caseworker_may_join",
            "professional_contact",
            "last_verified",
            "version",
        )
        export_order = fields
        import_id_fields = ("id",)
        use_transactions = True  # the dry run and an import with any bad row leave no trace
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *, scope=None, **kwargs):
        # Without a scope (django-import-export builds one to list the columns) nothing imports.
        super().__init__(**kwargs)
        self.scope = scope

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        if self.scope is None:
            raise ValidationError(_("Import only through the admin."))
        # The quote export_field put before a formula-like text is not part of the text.
        row.update({column: unescaped_cell(value) for column, value in row.items()})
        errors = {}
        service_id = str(row.get("id") or "").strip()
        if service_id:
            existing = (
                Service.objects.filter(pk=service_id).first() if service_id.isdigit() else None
            )
            if existing is None or not self.scope.allows(existing):
                errors["id"] = _(
                    "No service of yours has id %(id)s. Leave id empty to add a new service."
                ) % {"id": service_id}
            else:
                problem = _version_problem(existing, str(row.get("version") or "").strip())
                if problem:
                    errors["version"] = problem
        organization_id = str(row.get("organization_id") or "").strip()
        organizations = self.scope.filter(Organization.objects.all())
        if not organization_id.isdigit() or not organizations.filter(pk=organization_id).exists():
            errors["organization"] = _(
                "Organization %(id)s is not one of yours: use the id of an organization you "
                "can see in the admin."
            ) % {"id": organization_id or "—"}
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        # The phone and e-mail columns are the first public contacts: keep the two in step.
        adopt_primary_contact(instance)
        if not self.scope.allows(instance, fresh=True):
            raise ValidationError(
                _(
                    "This service would be outside your regions: add it in the admin with a "
                    "location or service area of yours instead."
                )
            )
