"""Reading and writing .lrmx (and reading .lrm + .pic): real-format samples, every
variant, hostile XML, the canonical form."""

from __future__ import annotations

import base64
import datetime
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - reads our own output in a test

import pytest

from ganshi.core.code_tables import Degree, Education, PoliticalStatus, Relation
from ganshi.core.year_month import YearMonth
from ganshi.interchange.lrmx import (
    ELEMENTS,
    FamilyRow,
    LrmxDocument,
    LrmxError,
    cadre_values_from_document,
    parse_date,
    parse_party_entry,
    party_entry_text,
    read_lrm,
    read_lrmx,
    write_lrmx,
)
from ganshi.interchange.resume_text import ResumeItem

FIXTURES = Path(__file__).parent / "fixtures"
YM = YearMonth


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_read_lrmx_reads_every_element_of_a_crlf_sample():
    # when
    document = read_lrmx(fixture("zhang_san.lrmx"))

    # then
    assert document.get("XingMing") == "张三"
    assert document.get("ChuShengNianYue") == "198103"
    assert document.get("DaoLingNianYue") == "204406"
    assert document.get("GaiGeQianRenZhiNianLingJieXian") == "60"
    assert document.get("JiSuanNianLingShiJian") == "20250620"
    assert document.get("ShenFenZheng") == "450421198103151236"
    assert "\r" not in document.get("JianLi")
    assert document.photo is not None and document.photo.startswith(b"\xff\xd8")
    assert [row.name for row in document.family] == ["王丽", "张小明", "张国强", "李秀英"]


def test_cadre_values_of_the_yyyymm_sample():
    # when
    values = cadre_values_from_document(read_lrmx(fixture("zhang_san.lrmx")))

    # then
    assert values.data == {
        "name": "张三",
        "gender": "male",
        "birth": YM(1981, 3),
        "ethnicity": "01",
        "native_place": "广西南宁",
        "birthplace": "广西宾阳",
        "political_status": PoliticalStatus.CPC_MEMBER,
        "party_entry": YM(2002, 6),
        "work_start": YM(2003, 7),
        "health": "健康",
        "professional_title": "",
        "specialties": "基层党建",
        "current_post": "示范县一镇党委书记",
        "fulltime_education": Education.BACHELOR,
        "fulltime_degree": Degree.BACHELOR,
        "fulltime_school": "广西大学法学院法学专业",
        "inservice_education": Education.MASTER,
        "inservice_degree": "",
        "inservice_school": "广西区委党校经济管理专业",
        "id_number": "450421198103151236",
    }
    assert values.resume == [
        ResumeItem(YM(1999, 9), YM(2003, 7), "广西大学法学院法学专业学习"),
        ResumeItem(YM(2003, 7), YM(2006, 3), "示范县一镇人民政府科员"),
        ResumeItem(YM(2006, 3), YM(2011, 9), "示范县一镇党政办公室副主任、主任"),
        ResumeItem(YM(2007, 9), YM(2010, 7), "在广西区委党校经济管理专业在职研究生学习", True),
        ResumeItem(YM(2011, 9), YM(2016, 10), "示范县一镇党委委员、副镇长"),
        ResumeItem(YM(2012, 3), YM(2012, 9), "挂职锻炼", True),
        ResumeItem(YM(2013, 9), YM(2014, 1), "参加县委党校中青班学习", True),
        ResumeItem(YM(2016, 10), None, "示范县一镇党委书记"),
    ]
    assert values.family == [
        {
            "relation": Relation.WIFE,
            "name": "王丽",
            "birth": YM(1983, 5),
            "political_status": PoliticalStatus.CPC_MEMBER,
            "workplace": "示范县第一中学教师",
        },
        {
            "relation": Relation.SON,
            "name": "张小明",
            "birth": YM(2009, 9),
            "political_status": PoliticalStatus.CYL_MEMBER,
            "workplace": "示范县高级中学学生",
        },
        {
            "relation": Relation.FATHER,
            "name": "张国强",
            "birth": YM(1955, 7),
            "political_status": PoliticalStatus.MASSES,
            "workplace": "示范县一镇农民",
        },
        {
            "relation": Relation.OTHER,
            "name": "李秀英",
            "birth": None,
            "political_status": "",
            "workplace": "已故",
        },
    ]
    assert len(values.warnings) == 1  # 外祖母 recorded as 其他


def test_cadre_values_of_the_dotted_sample():
    # when
    document = read_lrmx(fixture("li_si_dotted.lrmx"))
    values = cadre_values_from_document(document)

    # then
    assert values.data["birth"] == YM(1988, 11)
    assert values.data["work_start"] == YM(2010, 8)
    assert values.data["ethnicity"] == "08"  # 壮 → 壮族
    assert values.data["gender"] == "female"
    assert values.data["political_status"] == PoliticalStatus.CPC_PROBATIONARY
    assert values.data["party_entry"] == YM(2015, 7)
    assert values.data["fulltime_education"] == Education.JUNIOR_COLLEGE
    assert "id_number" not in values.data
    assert values.photo is None
    assert values.resume[-1] == ResumeItem(YM(2015, 2), None, "示范县一镇一村党支部书记")
    assert values.family[0]["relation"] == Relation.HUSBAND  # 爱人 of a woman
    assert parse_date(document.get("JiSuanNianLingShiJian"), "x") == datetime.date(2025, 6, 20)


def test_read_lrm_with_its_pic_in_gbk():
    # when
    document = read_lrm(fixture("wang_wu.lrm"), fixture("wang_wu.pic"))
    values = cadre_values_from_document(document)

    # then
    assert document.get("XingMing") == "王五"
    assert document.get("QuanRiZhiJiaoYu_XueWei") == "学士"
    assert document.get("ZhuanYeJiShuZhiWu") == "高级工程师"
    assert document.photo == fixture("wang_wu.pic")
    assert values.data["birth"] == YM(1975, 6)
    assert values.data["fulltime_school"] == "湖南大学土木工程专业"
    assert values.data["current_post"] == "示范县交通运输局副局长"
    assert values.resume == [
        ResumeItem(YM(1992, 9), YM(1996, 7), "湖南大学土木工程专业学习"),
        ResumeItem(YM(1996, 7), None, "示范县交通运输局干部"),
    ]
    assert [(m["relation"], m["name"], m["birth"]) for m in values.family] == [
        (Relation.WIFE, "赵敏", YM(1977, 3)),
        (Relation.DAUGHTER, "王小红", YM(2003, 10)),
    ]


def test_read_lrmx_declared_gbk_is_recoded():
    # given
    data = '<?xml version="1.0" encoding="gb2312"?><Person><XingMing>赵六</XingMing></Person>'

    # when
    document = read_lrmx(data.encode("gbk"))

    # then
    assert document.get("XingMing") == "赵六"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Person [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Person><XingMing>&secret;</XingMing></Person>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Person><XingMing>&lol3;</XingMing></Person>"""


@pytest.mark.parametrize("data", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused_with_a_clear_message(data):
    # when
    with pytest.raises(LrmxError) as error:
        read_lrmx(data)

    # then
    assert "DTD" in str(error.value)


def test_a_file_that_is_not_a_form_is_refused():
    # when
    with pytest.raises(LrmxError) as error:
        read_lrmx(b'<?xml version="1.0"?><Workbook><Sheet/></Workbook>')

    # then
    assert "<Workbook>" in str(error.value)


@pytest.mark.parametrize(
    "data", [b"", b"not xml at all", b"<Person><XingMing>x</Person>", b"\x00\x01\x02"]
)
def test_broken_files_are_refused_with_a_message(data):
    with pytest.raises(LrmxError):
        read_lrmx(data)


def test_oversize_file_is_refused(settings):
    # given
    settings.GANSHI_LRMX_MAX_BYTES = 1000
    data = b"<Person><XingMing>" + "张".encode() * 400 + b"</XingMing></Person>"

    # when
    with pytest.raises(LrmxError) as error:
        read_lrmx(data)

    # then
    assert "1 KB" in str(error.value)
    assert "2 KB" in str(error.value)


def test_bad_values_name_their_element():
    # given
    document = read_lrmx(fixture("li_si_dotted.lrmx"))
    document.values["ChuShengNianYue"] = "1988.13"

    # when
    with pytest.raises(LrmxError) as error:
        cadre_values_from_document(document)

    # then
    assert error.value.element == "ChuShengNianYue"
    assert str(error.value).startswith("ChuShengNianYue（出生年月）")


def test_bad_family_birth_names_the_item():
    # given
    document = read_lrmx(fixture("li_si_dotted.lrmx"))
    document.family[0].birth = "不详"

    # when
    with pytest.raises(LrmxError) as error:
        cadre_values_from_document(document)

    # then
    assert error.value.element == "JiaTingChengYuan/Item[1]/ChuShengRiQi"


def test_bad_resume_names_the_element_and_line():
    # given
    document = read_lrmx(fixture("li_si_dotted.lrmx"))
    document.values["JianLi"] = "在某校学习"

    # when
    with pytest.raises(LrmxError) as error:
        cadre_values_from_document(document)

    # then
    assert error.value.element == "JianLi"


def test_bad_photo_base64_names_the_element():
    with pytest.raises(LrmxError) as error:
        read_lrmx(b"<Person><XingMing>x</XingMing><ZhaoPian>@@@not base64@@@</ZhaoPian></Person>")
    assert error.value.element == "ZhaoPian"


@pytest.mark.parametrize(
    ("status", "entry", "text"),
    [
        (PoliticalStatus.CPC_MEMBER, YM(2002, 6), "200206"),
        (PoliticalStatus.CPC_PROBATIONARY, YM(2024, 7), "202407（中共预备党员）"),
        (PoliticalStatus.CDL, None, "民盟盟员"),
        (PoliticalStatus.JIUSAN, YM(2010, 3), "201003（九三学社社员）"),
        (PoliticalStatus.CYL_MEMBER, None, "共青团员"),
        (PoliticalStatus.MASSES, None, ""),
    ],
)
def test_party_entry_text_reads_back(status, entry, text):
    assert party_entry_text(status, entry) == text
    if text:
        assert parse_party_entry(text) == (status, entry)
    else:
        assert parse_party_entry(text) == (None, None)


def test_party_entry_rejects_nonsense():
    with pytest.raises(LrmxError) as error:
        parse_party_entry("不知道")
    assert error.value.element == "RuDangShiJian"


def test_write_lrmx_uses_the_canonical_order_and_forms():
    # given
    document = LrmxDocument(
        values={
            "XingMing": "张三",
            "ChuShengNianYue": "198103",
            "JianLi": "1999.09--2003.07  学习\n2003.07--         工作",
            "DaoLingNianYue": "204406",
        },
        family=[FamilyRow("妻子", "王丽", "198305", "中共党员", "教师")],
        photo=b"\xff\xd8\xff\xe0photo",
    )

    # when
    data = write_lrmx(document)

    # then
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<Person>')
    root = ET.fromstring(data)  # noqa: S314 - our own output
    names = [child.tag for child in root]
    expected = list(ELEMENTS)
    expected.insert(expected.index("CanJiaGongZuoShiJian") + 1, "DaoLingNianYue")
    assert names == expected
    assert root.findtext("Version") == "3.2.1.16"
    assert root.findtext("JianLi") == "1999.09--2003.07  学习\n2003.07--         工作"
    assert base64.b64decode(root.findtext("ZhaoPian")) == b"\xff\xd8\xff\xe0photo"
    item = root.find("JiaTingChengYuan/Item")
    assert [child.tag for child in item] == [
        "ChengWei",
        "XingMing",
        "ChuShengRiQi",
        "ZhengZhiMianMao",
        "GongZuoDanWeiJiZhiWu",
    ]
    assert read_lrmx(data).values["JianLi"] == document.values["JianLi"]


def test_write_lrmx_drops_characters_xml_cannot_hold():
    # given
    document = LrmxDocument(values={"XingMing": "张\x07三", "JianLi": "2001.01--  工作\x0b"})

    # when
    again = read_lrmx(write_lrmx(document))

    # then
    assert (again.get("XingMing"), again.get("JianLi")) == ("张三", "2001.01--  工作")
