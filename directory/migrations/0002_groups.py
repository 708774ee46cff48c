from django.db import migrations

PROFESSIONALS = "Professionals"  # directory.roles.PROFESSIONALS, frozen here


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=PROFESSIONALS)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
