"""Names for the demo: people, counties, townships, villages, schools, workplaces.

Surname weights follow the published frequency order for Guangxi (黄 李 陈 梁 韦 莫 覃 …);
Zhuang, Yao and other minority cadres draw from lists weighted towards the surnames
common in those communities (韦 覃 蒙 蓝 农 陆 …; 盘 赵 邓 …). Every place name is
fictional: county names are built from characters no real county combines.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections.abc import Sequence

from ganshi.core.code_tables import ETHNICITY_NAMES


class Weighted:
    """A weighted choice with a precomputed cumulative table (faster than Random.choices)."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, pairs: Sequence[tuple[object, float]]) -> None:
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(itertools.accumulate(weight for _item, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def _ethnicity_code(name: str) -> str:
    return f"{ETHNICITY_NAMES.index(name) + 1:02d}"


HAN = _ethnicity_code("汉族")
ZHUANG = _ethnicity_code("壮族")
YAO = _ethnicity_code("瑶族")

# A Guangxi county: 汉族 ~60 %, 壮族 ~35 %, the rest small.
ETHNICITIES = Weighted(
    [
        (HAN, 60.0),
        (ZHUANG, 35.0),
        (YAO, 2.5),
        (_ethnicity_code("苗族"), 0.8),
        (_ethnicity_code("侗族"), 0.7),
        (_ethnicity_code("仫佬族"), 0.4),
        (_ethnicity_code("毛南族"), 0.3),
        (_ethnicity_code("回族"), 0.3),
    ]
)

# Relative frequencies (per mille, roughly) of surnames in Guangxi.
_GUANGXI_SURNAMES = (
    "黄 70, 李 48, 陈 42, 梁 36, 韦 34, 莫 24, 覃 22, 罗 20, 刘 19, 张 18, 林 16, 蒙 14, "
    "廖 13, 王 13, 杨 12, 周 11, 吴 11, 何 11, 邓 11, 卢 10, 陆 10, 谭 9, 苏 9, 钟 9, 潘 9, "
    "蓝 8, 冯 8, 唐 8, 谢 7, 赵 7, 农 7, 甘 6, 庞 6, 曾 6, 宁 5, 欧 5, 麦 5, 徐 5, 朱 5, "
    "胡 5, 蔡 5, 许 4, 颜 4, 龙 4, 邱 4, 江 4, 覃 4, 石 4, 文 3, 余 3, 方 3, 叶 3, 邹 3, "
    "马 3, 孙 3, 郭 3, 高 3, 凌 3, 容 3, 封 2, 秦 2, 严 2, 劳 2, 滕 2, 丁 2, 姚 2, 骆 2, "
    "阮 2, 岑 2, 范 2, 孔 2, 萧 2, 闭 2, 玉 1, 磨 1, 零 1, 盘 1"
)
_ZHUANG_SURNAMES = (
    "韦 60, 黄 55, 覃 40, 莫 30, 蒙 28, 梁 22, 陆 20, 农 18, 蓝 18, 卢 14, 李 14, 廖 10, "
    "潘 10, 罗 9, 谭 8, 陈 8, 赵 6, 闭 5, 磨 4, 零 3, 岑 3, 玉 3, 凌 3, 马 2, 滕 2"
)
_YAO_SURNAMES = "盘 40, 赵 30, 邓 25, 李 20, 黄 15, 冯 12, 蓝 10, 庞 8, 胡 6, 罗 5, 唐 5, 房 3"


def _parse_weights(text: str) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for pair in text.split(","):
        name, weight = pair.split()
        totals[name] = totals.get(name, 0.0) + float(weight)
    return list(totals.items())


SURNAMES = Weighted(_parse_weights(_GUANGXI_SURNAMES))
SURNAMES_BY_ETHNICITY = {
    ZHUANG: Weighted(_parse_weights(_ZHUANG_SURNAMES)),
    YAO: Weighted(_parse_weights(_YAO_SURNAMES)),
}

# Given-name characters. The older generation's names differ from the younger's.
_MALE_OLD = "国 建 华 明 志 强 军 平 伟 勇 德 文 海 东 荣 兴 贵 福 才 永 春 庆 昌 成 林 生 新 忠 光 金".split()
_MALE_YOUNG = (
    "浩 宇 杰 涛 斌 峰 辉 鹏 俊 飞 超 磊 坤 锋 彬 凯 洪 祥 龙 恒 锦 睿 哲 晨 健 亮 波 宁 "
    "翔 鑫 泽 楠 然 铭 航 毅 帆 博 韬 晖 旭 昊 振 阳 庭"
).split()
_FEMALE_OLD = (
    "丽 芳 娟 敏 静 燕 玲 红 霞 艳 梅 萍 兰 琴 英 秀 云 凤 珍 玉 桂 金 月 群 春 华".split()
)
_FEMALE_YOUNG = (
    "琳 婷 雪 慧 莉 洁 倩 佳 欣 怡 颖 雯 露 璐 丹 妍 瑶 菲 晶 蕾 琪 薇 媛 娜 婧 嘉 晓 思 "
    "雨 萱 蓉 宁 莹 冰 悦 彤"
).split()


class NameMaker:
    """Chinese names: surname by ethnicity, given name by gender and generation."""

    def __init__(self) -> None:
        self.pools = {
            # (male, generation): 0 born before 1965, 1 before 1985, 2 since
            (True, 0): _MALE_OLD,
            (True, 1): _MALE_OLD + _MALE_YOUNG[:20],
            (True, 2): _MALE_YOUNG + _MALE_OLD[:8],
            (False, 0): _FEMALE_OLD,
            (False, 1): _FEMALE_OLD + _FEMALE_YOUNG[:16],
            (False, 2): _FEMALE_YOUNG + _FEMALE_OLD[:8],
        }

    def surname(self, rng: random.Random, ethnicity: str = HAN) -> str:
        return SURNAMES_BY_ETHNICITY.get(ethnicity, SURNAMES).pick(rng)

    def given(self, rng: random.Random, *, male: bool, birth_year: int) -> str:
        generation = 0 if birth_year < 1965 else 1 if birth_year < 1985 else 2
        pool = self.pools[(male, generation)]
        if rng.random() < (0.12 if generation == 2 else 0.22):
            return rng.choice(pool)
        first = rng.choice(pool)
        second = rng.choice(pool)
        while second == first:
            second = rng.choice(pool)
        return first + second

    def full(self, rng: random.Random, *, male: bool, birth_year: int, ethnicity: str = HAN) -> str:
        return self.surname(rng, ethnicity) + self.given(rng, male=male, birth_year=birth_year)


NAMES = NameMaker()

# Fictional county names: 10 × 10 characters no real county pairs.
_COUNTY_FIRST = "云岚霞翠碧黛璞琅瑶岫"
_COUNTY_SECOND = "岭溪峰川泉源湾洲坪屏"
COUNTY_NAMES = [first + second + "县" for first in _COUNTY_FIRST for second in _COUNTY_SECOND]
# Fictional prefecture-level cities (the county's "梧州-like" city, for document numbers
# and native places of cadres from elsewhere in the region).
CITY_NAMES = ["桂东市", "桂中市", "桂西市", "桂南市", "桂北市", "邕江市", "柳岸市", "漓山市"]

# Real prefecture-level cities of Guangxi, for native places of cadres born elsewhere.
GUANGXI_CITIES = tuple(
    "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左".split()
)
# Region codes (GB/T 2260, city districts) for ID numbers of cadres born elsewhere.
GUANGXI_REGION_CODES = tuple(
    "450102 450103 450202 450203 450302 450305 450403 450405 450502 450602"
    " 450702 450802 450902 451002 451102 451202 451302 451402".split()
)

_PLACE_FIRST = "龙平石大新古太和东南金塘六长安富上下双白马黄永宁清水沙凤高江"
_PLACE_SECOND = "潭安桥坡圩龙平和华山鸡步岭田塘江口洞垌寨湾陂圳冲岗坝"


def township_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct township names; about one in four is a 乡, the rest 镇."""
    pairs = [a + b for a in _PLACE_FIRST for b in _PLACE_SECOND if a != b]
    chosen = rng.sample(pairs, count)
    return [name + ("乡" if rng.random() < 0.25 else "镇") for name in chosen]


_VILLAGE_FIRST = "新大平石龙和东西南北上下长古富安联团红胜中永兴良福太德仁义礼文"
_VILLAGE_SECOND = "安和平塘岭坡江田山垌村寨湾岗冲洞陂桥华丰旺利联合"
_COMMUNITY_NAMES = ("城东", "城西", "城南", "城北", "新街", "河滨", "朝阳", "建设", "人民", "解放")


def village_names(rng: random.Random, count: int, communities: int) -> list[tuple[str, bool]]:
    """(name, is_community) pairs, the communities first (they sit in the township seat)."""
    result = [(name + "社区", True) for name in rng.sample(_COMMUNITY_NAMES, communities)]
    pairs = [a + b for a in _VILLAGE_FIRST for b in _VILLAGE_SECOND if a != b]
    result += [(name + "村", False) for name in rng.sample(pairs, count - communities)]
    return result


STREETS = tuple("人民路 解放路 建设路 新华路 朝阳路 环城路 滨江路 文化路 民族大道 和平路".split())

# (school, majors, education) for full-time degrees; in-service schools separately.
UNIVERSITIES = tuple(
    "广西大学 广西师范大学 广西民族大学 桂林电子科技大学 广西医科大学"
    " 南宁师范大学 广西财经学院 桂林理工大学 广西科技大学 玉林师范学院 梧州学院"
    " 贺州学院 百色学院 河池学院 广西警察学院 中南民族大学 华南农业大学"
    " 广西艺术学院".split()
)
COLLEGES = tuple(
    "广西职业技术学院 广西农业职业技术大学 广西经济职业学院 梧州职业学院"
    " 广西警察学院 广西卫生职业技术学院 南宁职业技术大学 柳州职业技术学院".split()
)
MEDICAL_SCHOOLS = ("广西医科大学", "右江民族医学院", "桂林医学院", "广西中医药大学")
SECONDARY_SCHOOLS = tuple(
    "广西玉林农业学校 梧州市卫生学校 广西银行学校 广西南宁农业学校 广西物资学校"
    " 广西柳州师范学校 广西梧州农业学校 广西商业学校".split()
)
MAJORS = tuple(
    "汉语言文学 法学 行政管理 会计学 计算机科学与技术 农学 经济学 思想政治教育"
    " 土木工程 公共事业管理 财务管理 新闻学 英语 电子信息工程 工商管理 历史学"
    " 林学 环境工程 统计学 社会工作 数学与应用数学".split()
)
MEDICAL_MAJORS = ("临床医学", "护理学", "预防医学", "中医学", "药学", "医学影像学")
POLICE_MAJORS = ("侦查学", "治安学", "法学", "刑事科学技术")
COLLEGE_MAJORS = tuple(
    "文秘 会计 计算机应用技术 农业技术 法律事务 市场营销 行政管理 畜牧兽医".split()
)
SECONDARY_MAJORS = ("农学", "会计", "畜牧兽医", "财政", "中学教育", "林业", "机电", "文秘")
INSERVICE_SCHOOLS = (
    ("中央党校函授学院", ("经济管理", "法律", "行政管理", "党政管理")),
    ("广西区委党校", ("经济管理", "行政管理", "法律", "公共管理")),
    ("广西大学", ("法学", "公共管理", "行政管理")),
    ("广西师范大学", ("汉语言文学", "行政管理")),
    ("广西民族大学", ("法学", "行政管理", "民族学")),
    ("国家开放大学", ("行政管理", "法学", "农业经济管理")),
)
MASTER_SCHOOLS = ("广西大学", "广西师范大学", "广西民族大学", "中南民族大学", "广西医科大学")

# Workplaces of family members.
SPOUSE_WORKPLACES = tuple(
    "{county}第一中学教师 {county}人民医院护士"
    " {county}人民医院医生 {county}实验小学教师"
    " {county}农村信用合作联社职员 个体经营 务农"
    " {county}供电公司职员 {county}中医医院医生"
    " {county}财政局科员 {county}税务局科员 自由职业"
    " {county}城关中心幼儿园教师 {city}某公司职员"
    " {county}自来水公司职员 {county}中国移动营业厅职员".split()
)
CHILD_WORKPLACES = tuple(
    "{city}某公司职员 广州某公司职员 深圳某公司职员"
    " {county}人民医院医生 {county}某中学教师 南宁某公司职员"
    " {county}某镇人民政府科员 待业".split()
)
PARENT_WORKPLACES = ("务农", "退休", "{county}某中学退休教师", "{county}某单位退休职工", "个体经营")
SIBLING_WORKPLACES = ("务农", "个体经营", "广东务工", "{county}某公司职员", "{city}某单位职工")
