"""Which counties a load makes: the demo county alone, or a province of 100 counties.

The province (桂岭省, kind PROVINCE) is fictional and modelled on Guangxi; so are its
counties (云岭县, 云溪县 …, ``names.COUNTY_NAMES``) and the cities they belong to. The first
county is always 云岭县 (code 450422) under 桂东市, so the county demo and the province's
first county have the same name and code. County codes after it follow the 45CCNN
pattern of GB/T 2260 (CC: the city, NN: 21 onwards); they are also the region codes of the
local cadres' ID numbers.
"""

from __future__ import annotations

from ganshi.demo.county import CountySpec
from ganshi.demo.names import CITY_NAMES, COUNTY_NAMES

PROVINCE = {"name": "桂岭省", "short_name": "桂岭", "code": "450000"}
FIRST_COUNTY = CountySpec(index=0, name="云岭县", code="450422", city="桂东市")
COUNTIES_PER_CITY = 13


def county_specs(count: int) -> list[CountySpec]:
    """The first ``count`` counties (at most ``len(COUNTY_NAMES)``)."""
    if not 1 <= count <= len(COUNTY_NAMES):
        raise ValueError(f"between 1 and {len(COUNTY_NAMES)} counties")
    specs = [FIRST_COUNTY]
    county_names = [name for name in COUNTY_NAMES if name != FIRST_COUNTY.name]
    codes = (
        f"45{city:02d}{number:02d}"
        for city in range(1, len(CITY_NAMES) + 1)
        for number in range(21, 21 + COUNTIES_PER_CITY)
    )
    for index, code in enumerate(code for code in codes if code != FIRST_COUNTY.code):
        if len(specs) == count:
            break
        city = CITY_NAMES[int(code[2:4]) - 1]
        specs.append(CountySpec(index=index + 1, name=county_names[index], code=code, city=city))
    return specs
