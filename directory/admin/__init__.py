"""The admin: directory's own models (places, organizations, accounts) here; in ``mixins``
and ``scope`` the scoping every app's admin goes through (who may see and change what)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from directory.admin.mixins import ScopedAdminMixin, ScopedInlineMixin, delete_selected
from directory.admin.scope import scope_for
from directory.models import Account, Municipality, Organization, Orp, PlacePart, Region, Role
from directory.services import save_account, send_sign_in_link
from services.models import Service

admin.site.site_header = _("Directory of addiction services: administration")
admin.site.site_title = _("Directory administration")
admin.site.index_title = _("Keeping the listings true")
# Django's, with its message counting in Czech ("Odstranili jste 3 služby").
admin.site.add_action(delete_selected, "delete_selected")


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "nuts_code", "csu_code")
    search_fields = ("name", "nuts_code", "csu_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Orp)
class OrpAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "csu_code", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "search_name", "csu_code")
    autocomplete_fields = ("region",)


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "orp", "region", "postal_code")
    list_filter = ("region",)
    list_select_related = ("orp", "region")
    # search_name lets "pelhrimov" find Pelhřimov in autocompletes too.
    search_fields = ("name", "search_name", "code", "postal_code")
    autocomplete_fields = ("orp", "region")
    show_full_result_count = False


@admin.register(PlacePart)
class PlacePartAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "district_name", "postal_codes")
    list_filter = ("kind",)
    list_select_related = ("municipality",)
    search_fields = ("name", "search_name", "code", "postal_codes", "municipality__name")
    autocomplete_fields = ("municipality",)
    show_full_result_count = False


class ServiceInline(ScopedInlineMixin, admin.TabularInline):
    model = Service
    fields = ("name", "status", "publication", "last_verified")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "legal_form", "ico", "municipality", "publication")
    list_filter = ("publication", "legal_form", "municipality__region")
    list_select_related = ("municipality",)
    search_fields = ("name", "ico")
    autocomplete_fields = ("parent", "municipality")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ServiceInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "legal_form", "ico", "parent", "description")}),
        (_("Contacts"), {"fields": ("website", "email", "phone", "address", "municipality")}),
        (_("Publication"), {"fields": ("publication",)}),
    )


GRANTS = ("regions", "organizations")


class AccountForm(forms.ModelForm):
    """An account with the few user fields a coordinator fills in (no password, no flags)."""

    username = forms.CharField(
        label=_("username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; e.g. the e-mail address."),
    )
    email = forms.EmailField(
        label=_("e-mail"), help_text=_("The sign-in link is sent to this address.")
    )
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    is_active = forms.BooleanField(
        label=_("active"),
        required=False,
        initial=True,
        help_text=_("Untick instead of deleting: the person can no longer sign in."),
    )

    class Meta:
        model = Account
        fields = ("role", "regions", "organizations")

    # Set by AccountAdmin.get_form: only superusers change where an account signs in from.
    address_is_fixed = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {name: [] for name in GRANTS}
        if self.instance.pk is None:
            return
        user = self.instance.user
        for name in ("username", "email", "first_name", "last_name", "is_active"):
            self.initial[name] = getattr(user, name)
        self.fields["username"].disabled = True
        if self.address_is_fixed:
            # Whoever controls the address controls the account (the sign-in link goes there):
            # changing it would hand a coordinator an account that may reach beyond their scope.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Only an administrator changes the address of an existing account. For a new "
                "address, create a new account and deactivate this one."
            )
        for name in GRANTS:
            # Grants the saving user cannot offer (another coordinator's region, an organization
            # not wholly theirs) are not in the form: saving keeps them as they are.
            offered = self.fields[name].queryset.values("pk")
            self.kept[name] = list(getattr(self.instance, name).exclude(pk__in=offered))

    def granted(self, name: str) -> list:
        """What the account is to have of ``name``: the choices made here and the kept grants."""
        return [*self.cleaned_data.get(name, []), *self.kept[name]]

    def clean_username(self):
        username = self.cleaned_data["username"]
        users = get_user_model().objects.filter(username__iexact=username)
        if self.instance.pk is not None:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError(_("This username is taken; choose another."))
        return username

    def clean(self):
        cleaned_data = super().clean()
        role = cleaned_data.get("role")
        if role == Role.EDITOR and not self.granted("organizations"):
            self.add_error(
                "organizations", _("Choose the organizations whose listings this editor keeps.")
            )
        if role in (Role.COORDINATOR, Role.PROFESSIONAL) and not self.granted("regions"):
            self.add_error("regions", _("Choose at least one region."))
        return cleaned_data


@admin.register(Account)
class AccountAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = AccountForm
    list_display = ("user", "full_name", "email", "role", "is_active")
    list_filter = ("role", "regions", "user__is_active")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    filter_horizontal = ("regions",)
    autocomplete_fields = ("organizations",)
    actions = ("send_sign_in_links",)
    fieldsets = (
        (None, {"fields": ("username", "email", ("first_name", "last_name"), "is_active")}),
        (_("Role and scope"), {"fields": ("role", "regions", "organizations")}),
    )

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, account):
        return account.user.get_full_name()

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, account):
        return account.user.email

    @admin.display(description=_("active"), boolean=True, ordering="user__is_active")
    def is_active(self, account):
        return account.user.is_active

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if scope_for(request).is_superuser:
            form = type(form.__name__, (form,), {"address_is_fixed": False})
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            grantable = scope_for(request).grantable_roles()
            kwargs["choices"] = [choice for choice in Role.choices if choice[0] in grantable]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        account = save_account(
            account=obj,
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            is_active=data["is_active"],
            role=data["role"],
            regions=form.granted("regions"),
            organizations=form.granted("organizations"),
            by=request.user,
        )
        if not change:
            send_sign_in_link(user=account.user)
            self.message_user(
                request,
                _("A link to choose a password was sent to %(email)s.") % {"email": data["email"]},
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        """Regions and organizations were set by ``save_account``; there are no inlines."""

    @admin.action(description=_("Send a link to choose a password"), permissions=["change"])
    def send_sign_in_links(self, request, queryset):
        accounts = queryset.select_related("user").exclude(user__email="")
        for account in accounts:
            send_sign_in_link(user=account.user)
        count = len(accounts)
        self.message_user(
            request,
            ngettext("%(count)d link sent.", "%(count)d links sent.", count) % {"count": count},
            messages.SUCCESS,
        )


class AccountInline(ScopedInlineMixin, admin.StackedInline):
    model = Account
    fk_name = "user"
    can_delete = False
    filter_horizontal = ("regions",)
    autocomplete_fields = ("organizations",)


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class DirectoryUserAdmin(ScopedAdminMixin, UserAdmin):
    """Superusers only (the scope gives nobody else users): full control, with the account."""

    inlines = (AccountInline,)


@admin.register(Group)
class DirectoryGroupAdmin(ScopedAdminMixin, GroupAdmin):
    pass
