"""The programmes every county starts with (the seeds' 五个一线, 双向历练, 跟班学习, 岗位锻炼)."""

from django.db import migrations

PROGRAMMES = [
    ("rural_revitalisation", "乡村振兴一线", "front_line", 10),
    ("grassroots_governance", "基层治理一线", "front_line", 20),
    ("eastward_integration", "东融发展一线", "front_line", 30),
    ("project_construction", "项目建设一线", "front_line", 40),
    ("emergency_response", "应急处突一线", "front_line", 50),
    ("two_way_up", "双向历练·上挂", "two_way", 60),
    ("two_way_down", "双向历练·下派", "two_way", 70),
    ("shadowing", "跟班学习", "shadowing", 80),
    ("secondment", "异地岗位锻炼", "secondment", 90),
]


def seed(apps, schema_editor):
    Programme = apps.get_model("practice", "Programme")
    for code, name, kind, sort_order in PROGRAMMES:
        Programme.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "sort_order": sort_order}
        )


def unseed(apps, schema_editor):
    Programme = apps.get_model("practice", "Programme")
    Programme.objects.filter(
        code__in=[code for code, *_rest in PROGRAMMES], batches__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_programmes_batches_assignments")]

    operations = [migrations.RunPython(seed, unseed)]
