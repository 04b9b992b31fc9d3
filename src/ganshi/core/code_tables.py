"""National code tables used on the 任免审批表: ethnicity (GB 3304), political status
(GB 4762), education (学历, ZB64), degree (学位, GB/T 6864), relation (GB 4761).

Values are stored as the code; labels are Chinese proper names and are not translated.
"""

from __future__ import annotations

from django.db import models

ETHNICITY_NAMES = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)
ETHNICITY_CHOICES = [(f"{index:02d}", name) for index, name in enumerate(ETHNICITY_NAMES, start=1)]
HAN = "01"


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "01", "中共党员"
    CPC_PROBATIONARY = "02", "中共预备党员"
    CYL_MEMBER = "03", "共青团员"
    RCCK = "04", "民革党员"
    CDL = "05", "民盟盟员"
    CNDCA = "06", "民建会员"
    CAPD = "07", "民进会员"
    CPWDP = "08", "农工党党员"
    CZGP = "09", "致公党党员"
    JIUSAN = "10", "九三学社社员"
    TDSGL = "11", "台盟盟员"
    INDEPENDENT = "12", "无党派人士"
    MASSES = "13", "群众"


class Education(models.TextChoices):
    """学历 (ZB64, the common levels)."""

    DOCTORATE = "11", "博士研究生"
    MASTER = "14", "硕士研究生"
    BACHELOR = "21", "大学本科"
    JUNIOR_COLLEGE = "31", "大学专科"
    SECONDARY_SPECIALISED = "41", "中等专科"
    TECHNICAL = "47", "技工学校"
    HIGH_SCHOOL = "61", "高中"
    JUNIOR_HIGH = "71", "初中"
    PRIMARY = "81", "小学"


class EducationBand(models.TextChoices):
    """The statistics groups of GLOSSARY.md."""

    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    JUNIOR_COLLEGE = "junior_college", "大学专科"
    SECONDARY = "secondary", "中专"
    HIGH_SCHOOL_OR_BELOW = "high_school_or_below", "高中及以下"


EDUCATION_BAND_CODES = {
    EducationBand.POSTGRADUATE: ("11", "14"),
    EducationBand.BACHELOR: ("21",),
    EducationBand.JUNIOR_COLLEGE: ("31",),
    EducationBand.SECONDARY: ("41", "47"),
    EducationBand.HIGH_SCHOOL_OR_BELOW: ("61", "71", "81"),
}


class Degree(models.TextChoices):
    """学位 (GB/T 6864, by level)."""

    DOCTOR = "2", "博士"
    MASTER = "3", "硕士"
    BACHELOR = "4", "学士"


class Relation(models.TextChoices):
    """称谓 (GB 4761, the relations the form uses)."""

    HUSBAND = "11", "丈夫"
    WIFE = "12", "妻子"
    SON = "20", "儿子"
    DAUGHTER = "30", "女儿"
    FATHER = "51", "父亲"
    MOTHER = "52", "母亲"
    HUSBANDS_FATHER = "61", "公公"
    HUSBANDS_MOTHER = "62", "婆婆"
    FATHER_IN_LAW = "63", "岳父"
    MOTHER_IN_LAW = "64", "岳母"
    ELDER_BROTHER = "71", "哥哥"
    YOUNGER_BROTHER = "73", "弟弟"
    ELDER_SISTER = "75", "姐姐"
    YOUNGER_SISTER = "77", "妹妹"
    SON_IN_LAW = "81", "女婿"
    DAUGHTER_IN_LAW = "82", "儿媳"
    OTHER = "97", "其他"
