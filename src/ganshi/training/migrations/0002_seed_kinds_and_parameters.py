"""The class kinds of GLOSSARY.md and the parameters of the credit-hour rules."""

from decimal import Decimal

from django.db import migrations

KINDS = [
    ("main", "主体班"),
    ("topical", "专题培训"),
    ("weekend", "周末课堂"),
    ("revitalisation", "振兴专班"),
    ("village_lectern", "村级讲台"),
    ("secretary_lecture", "书记讲堂"),
    ("online", "网络培训"),
    ("video_venue", "视频分会场"),
]


def seed(apps, schema_editor):
    kind_model = apps.get_model("training", "TrainingKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        kind_model.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    parameters = apps.get_model("training", "TrainingParameters")
    parameters.objects.get_or_create(
        pk=1,
        defaults={
            "annual_hours": Decimal(90),
            "five_year_hours": Decimal(550),
            "five_year_span": 5,
            "senior_rank_floor": 6,
            "leave_numerator": 1,
            "leave_denominator": 7,
            "minutes_per_credit_hour": 45,
            "signin_early_minutes": 30,
            "source": "干部教育培训工作条例 (2023) art. 14",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("training", "TrainingParameters").objects.filter(pk=1).delete()
    apps.get_model("training", "TrainingKind").objects.filter(
        code__in=[code for code, _name in KINDS], classes__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_classes_sessions_enrolment_attendance")]
    operations = [migrations.RunPython(seed, unseed)]
