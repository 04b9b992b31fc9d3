"""Benchmark: import a generated N-row, 28-column roster and compare with calamine alone.

    .venv/bin/python bench/roster_import.py [--rows 100000] [--file PATH] [--database-url URL]

Writes the roster (the standard export columns, realistic names and values) unless
``--file`` exists, then in fresh processes: (1) python-calamine reading every row,
(2) ``ganshi import-roster``'s engine importing the file into an empty registry (a new
SQLite database in a temporary directory, or ``--database-url``), (3) the same file again
(every row unchanged), (4) the export of all of them. Prints seconds (wall and CPU), the import/read ratio and the peak
memory of each process.

The target (issue 3): the import within 3× calamine's time, peak memory under 1 GiB.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红海燕玲萍鹏辉斌宇浩凯健俊帆帅旭宁婷雪琳晶欣悦瑶怡佳嘉思梦雨晨阳轩子涵博文昊睿航泽铭宏振峰鑫锋波春梅丹凤琴云莉玉洁"
UNITS = ["一镇", "二镇", "一村", "二村", "县委组织部"]
EDUCATION = ["大学本科", "大学专科", "硕士研究生", "中专", "高中"]
DEGREE = {"大学本科": "学士", "硕士研究生": "硕士"}
RANKS = ["一级科员", "二级科员", "四级主任科员", "三级主任科员", "一级主任科员", ""]


def generate(path: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganshi.settings")
    os.environ.setdefault("GANSHI_DATA_DIR", tempfile.mkdtemp(prefix="ganshi-bench-gen-"))
    import django

    django.setup()
    from openpyxl import Workbook

    from ganshi.core.id_numbers import IdNumber
    from ganshi.interchange.roster_export import EXPORT_HEADERS

    rnd = random.Random(20250601)  # noqa: S311 - test data
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("干部花名册")
    sheet.append(list(EXPORT_HEADERS))
    for index in range(rows):
        male = rnd.random() < 0.6
        birth = datetime.date(rnd.randint(1965, 2000), rnd.randint(1, 12), rnd.randint(1, 28))
        # (region, sequence) differ for every index: the ID numbers are unique.
        sequence = index % 500 * 2 + (1 if male else 0)
        region = f"45{index // 500 % 100:02d}{21 + index // 50000:02d}"
        id_number = IdNumber.build(region, birth, sequence)
        name = rnd.choice(SURNAMES) + "".join(
            rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2)))
        )
        education = rnd.choice(EDUCATION)
        member = rnd.random() < 0.7
        sheet.append([
            index + 1, name, "男" if male else "女", f"{birth.year}.{birth.month:02d}",
            "", "汉族" if rnd.random() < 0.8 else "壮族", "广西藤县", "广西藤县", id_number,
            "中共党员" if member else "群众",
            f"{birth.year + 23}.{rnd.randint(1, 12):02d}" if member else "",
            f"{birth.year + 22}.07", education, DEGREE.get(education, ""),
            "广西大学法学专业", "", "", "", rnd.choice(UNITS), "党政办科员",
            rnd.choice(RANKS), "", "", "健康", "公务员",
            f"13{rnd.randint(100000000, 999999999)}", "广西藤县藤州镇某某路12号", "",
        ])  # fmt: skip
    workbook.save(path)


CALAMINE = """
import json, resource, sys, time
from python_calamine import CalamineWorkbook
wall, cpu = time.perf_counter(), time.process_time()
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
rows = sum(1 for _ in sheet.iter_rows())
print(json.dumps({"rows": rows, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, os, resource, sys, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "ganshi.settings"
django.setup()
from django.core.management import call_command
from ganshi.accounts.models import User
from ganshi.orgs.models import Unit
from ganshi.interchange.services import roster_import_run
if sys.argv[2] == "setup":
    call_command("migrate", verbosity=0)
    root = Unit.add_root(name="示范县", code="B000", kind="county")
    root.add_child(name="县委组织部", code="B001", kind="party_organ")
    town1 = root.add_child(name="一镇", code="B100", kind="township")
    town1.add_child(name="一村", code="B101", kind="village")
    town2 = root.add_child(name="二镇", code="B200", kind="township")
    town2.add_child(name="二村", code="B201", kind="village")
    User.objects.create_user("bench", password="bench-pass-1", role="county_staff", scope_unit=root)
    sys.exit(0)
actor = User.objects.get(username="bench")
wall, cpu = time.perf_counter(), time.process_time()
if sys.argv[2] == "export":
    from ganshi.cadres.selectors import CadreFilters
    from ganshi.interchange.services import roster_export_write
    count = roster_export_write(actor=actor, filters=CadreFilters(), output=sys.argv[3], filter_summary={})
    print(json.dumps({"rows": count, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    sys.exit(0)
summary = roster_import_run(actor=actor, path=sys.argv[1], kind="xlsx", write=True, source_name="bench.xlsx")
print(json.dumps({"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged,
                  "errors": summary.error, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str, env: dict[str, str]) -> dict:
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1]) if output.strip() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()
    path = (
        arguments.file or Path(tempfile.gettempdir()) / f"ganshi-bench-roster-{arguments.rows}.xlsx"
    )
    if not path.exists():
        started = time.perf_counter()
        generate(path, arguments.rows)
        print(f"generated {path} in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory(prefix="ganshi-bench-") as data_dir:
        env = dict(os.environ, GANSHI_DATA_DIR=data_dir, PYTHONPATH=str(ROOT / "src"))
        if arguments.database_url:
            env["GANSHI_DATABASE_URL"] = arguments.database_url
        read = run(CALAMINE, str(path), env=env)
        run(IMPORT, str(path), "setup", env=env)
        first = run(IMPORT, str(path), "import", env=env)
        second = run(IMPORT, str(path), "import", env=env)
        exported = run(IMPORT, str(path), "export", str(Path(data_dir) / "export.xlsx"), env=env)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {read['rows']} rows)")
    print(
        f"calamine read : {read['wall']:6.1f} s wall {read['cpu']:6.1f} s CPU  peak {read['peak_mb']:5.0f} MB"
    )
    for label, result in (("import (new)", first), ("import (again)", second)):
        print(
            f"{label:14}: {result['wall']:6.1f} s wall {result['cpu']:6.1f} s CPU  peak {result['peak_mb']:5.0f} MB"
            f"  ratio {result['wall'] / read['wall']:.2f} wall {result['cpu'] / read['cpu']:.2f} CPU"
            f"  created {result['created']} updated {result['updated']} unchanged {result['unchanged']}"
            f" errors {result['errors']}"
        )
    print(
        f"export        : {exported['wall']:6.1f} s wall {exported['cpu']:6.1f} s CPU  peak"
        f" {exported['peak_mb']:5.0f} MB  rows {exported['rows']}"
    )


if __name__ == "__main__":
    main()
