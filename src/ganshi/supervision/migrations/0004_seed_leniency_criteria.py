"""The fault-tolerance checklist: the "三个区分开来" and the usual county conditions;
a county edits or adds to it afterwards."""

from django.db import migrations

CRITERIA = [
    (
        "distinguish_inexperience",
        "把因缺乏经验、先行先试出现的失误错误，同明知故犯的违纪违法行为区分开来",
    ),
    (
        "distinguish_experiment",
        "把上级尚无明确限制的探索性试验中的失误错误，同上级明令禁止后依然我行我素的违纪违法行为区分开来",
    ),
    (
        "distinguish_public_interest",
        "把为推动发展的无意过失，同为谋取私利的违纪违法行为区分开来",
    ),
    ("followed_procedure", "决策经过集体研究，履行了规定程序"),
    ("no_personal_gain", "未谋取私利，未与他人恶意串通"),
    ("remedied_actively", "出现失误后积极主动采取措施挽回损失、消除影响"),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("supervision", "LeniencyCriterion")
    for order, (code, text) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(code=code, defaults={"text": text, "sort_order": order})


def unseed(apps, schema_editor):
    Criterion = apps.get_model("supervision", "LeniencyCriterion")
    Criterion.objects.filter(code__in=[code for code, _text in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_leniency_talks_documents_family")]

    operations = [migrations.RunPython(seed, unseed)]
