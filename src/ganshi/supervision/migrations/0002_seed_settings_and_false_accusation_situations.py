"""The county's parameters (one row) and its nine false-accusation situations (诬告陷害
9种情形), which the county may edit afterwards."""

from django.db import migrations

SITUATIONS = [
    ("fabricated_facts", "捏造事实，凭空编造违纪违法问题进行举报"),
    ("distorted_facts", "歪曲事实，故意夸大、篡改事实诬陷他人"),
    ("forged_evidence", "伪造、变造证据材料或指使他人作伪证"),
    ("repeated_after_conclusion", "已有明确结论仍以同一事实反复举报、恶意缠访"),
    ("impersonation", "冒用他人名义或虚构举报人身份进行举报"),
    ("organised_reporting", "组织、串联、胁迫他人联名诬告"),
    ("online_defamation", "借助网络散布不实举报内容、恶意炒作"),
    ("obstruct_appointment", "在干部选拔任用、换届选举等关键节点恶意举报、干扰工作"),
    ("revenge_or_gain", "出于打击报复、谋取私利等目的诬告他人"),
]


def seed(apps, schema_editor):
    SupervisionSettings = apps.get_model("supervision", "SupervisionSettings")
    Situation = apps.get_model("supervision", "FalseAccusationSituation")
    SupervisionSettings.objects.get_or_create(pk=1)
    for order, (code, name) in enumerate(SITUATIONS, start=1):
        Situation.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


def unseed(apps, schema_editor):
    Situation = apps.get_model("supervision", "FalseAccusationSituation")
    Situation.objects.filter(code__in=[code for code, _name in SITUATIONS]).delete()
    apps.get_model("supervision", "SupervisionSettings").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_reports_cases_identity_clearing")]

    operations = [migrations.RunPython(seed, unseed)]
