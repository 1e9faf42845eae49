"""The notice and CSV parser (gongkai.law.holiday_notice): pure, no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.calendar import chinesecalendar_schedule
from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY, ScheduleError, parse_csv, parse_notice

from .notices import NOTICE_2025, NOTICE_2026, NOTICE_2027_SAMPLE

WEEKDAYS = "一二三四五六日"


def package_days(year: int) -> set[tuple[date, str]]:
    _, holidays, workdays = chinesecalendar_schedule()
    return {(d, HOLIDAY) for d in holidays if d.year == year} | {
        (d, MAKEUP_WORKDAY) for d in workdays if d.year == year
    }


@pytest.mark.parametrize("year,text", [(2026, NOTICE_2026), (2025, NOTICE_2025)])
def test_official_notices_give_exactly_the_packaged_schedule(year, text):
    notice = parse_notice(text, year)
    assert {(d.day, d.kind) for d in notice.days} == package_days(year)


def test_notice_metadata_and_festival_names():
    notice = parse_notice(NOTICE_2026, 2026)
    assert notice.document_number == "国办发明电〔2025〕7号"
    assert notice.title == "国务院办公厅关于2026年部分节假日安排的通知"
    names = {d.day: d.name for d in notice.days}
    assert names[date(2026, 2, 14)] == "春节" and names[date(2026, 10, 10)] == "国庆节"


def test_notice_pasted_as_one_line_parses_the_same():
    one_line = NOTICE_2026.replace("\n", "")
    assert parse_notice(one_line, 2026).days == parse_notice(NOTICE_2026, 2026).days


@pytest.mark.parametrize(
    "text,year,message",
    [
        ("一、元旦：2月30日（周一）放假，共1天。", 2026, "2026年2月30日不是有效的日期"),
        (NOTICE_2026, 2027, "与所选年份 2027 年不符"),
        (NOTICE_2026.split("\n", 2)[2], 2027, "但 2027 年的这一天是周五"),
        ("一、元旦：1月1日（周四）至3日（周六）放假，共4天。", 2026, "共4天"),
        ("一、元旦：1月3日（周六）放假。二、春节：1月3日（周六）上班。", 2026, "同时被列为放假日和上班日"),
        ("一、元旦：1月5日（周一）上班。", 2026, "本来就是工作日"),
        ("一、元旦：1月1日（周四）至3日（周六）。", 2026, "无法判断"),
        ("元旦放假三天", 2026, "没有找到通知的条目"),
        ("", 2026, "没有粘贴通知内容"),
        ("一、元旦：1月3日（周六）至1日（周四）放假。", 2026, "结束早于开始"),
    ],
)
def test_bad_notices_are_refused_with_a_chinese_reason(text, year, message):
    with pytest.raises(ScheduleError, match=message):
        parse_notice(text, year)


def test_a_day_of_the_neighbouring_year_is_kept_only_when_the_notice_writes_its_year():
    text = "一、元旦：2022年12月31日（周六）至2023年1月2日（周一）放假调休，共3天。"
    days = parse_notice(text, 2023).days
    assert [(d.day, d.explicit_year) for d in days] == [
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), True),
        (date(2023, 1, 2), True),
    ]


def test_sample_2027_notice_is_consistent():
    days = parse_notice(NOTICE_2027_SAMPLE, 2027).days
    assert sum(d.kind == HOLIDAY for d in days) == 17
    assert [d.day for d in days if d.kind == MAKEUP_WORKDAY] == [
        date(2027, 2, 20),
        date(2027, 9, 26),
        date(2027, 10, 9),
    ]


# --- CSV -----------------------------------------------------------------------------------------
def test_csv_with_header_chinese_kinds_and_bom():
    text = "\ufeffdate,kind,name\n2027-01-01,放假,元旦\n2027/2/20,上班,春节\n\n2027-10-01,holiday,国庆节\n"
    days = parse_csv(text, 2027)
    assert [(d.day, d.kind, d.name) for d in days] == [
        (date(2027, 1, 1), HOLIDAY, "元旦"),
        (date(2027, 2, 20), MAKEUP_WORKDAY, "春节"),
        (date(2027, 10, 1), HOLIDAY, "国庆节"),
    ]


@pytest.mark.parametrize(
    "text,message",
    [
        ("2027-02-30,holiday,春节", "不是有效的日期"),
        ("2026-10-01,holiday,国庆节", "不在 2027 年内"),
        ("2027-01-01,holiday,元旦\n2027-01-01,makeup_workday,元旦", "同时被列为放假日和上班日"),
        ("2027-01-01;holiday;元旦", "三列"),
        ("2027-01-01,holiday,元旦,多余", "三列"),
        ("01/01/2027,holiday,元旦", "YYYY-MM-DD"),
        ("2027-01-01,休息日,元旦", "无法识别"),
        ('2027-01-01,holiday,"元旦', "CSV"),
        ("date,kind,name\n", "没有日期行"),
    ],
)
def test_bad_csv_is_refused_with_a_chinese_reason(text, message):
    with pytest.raises(ScheduleError, match=message):
        parse_csv(text, 2027)


# --- properties: any schedule written in the notice's style reads back exactly ----------------------
NAMES = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
NUMERALS = "一二三四五六七"


@st.composite
def schedules(draw):
    year = draw(st.integers(2004, 2040))
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    taken: set[int] = set()
    festivals = []
    for name in NAMES[: draw(st.integers(1, len(NAMES)))]:
        start = draw(st.integers(first, last - 9))
        length = draw(st.integers(1, 9))
        block = set(range(start, start + length))
        if block & taken:
            continue
        taken |= block
        weekends = [
            o
            for o in range(max(first, start - 14), min(last, start + length + 14) + 1)
            if date.fromordinal(o).weekday() >= 5 and o not in taken
        ]
        makeups = sorted(draw(st.sets(st.sampled_from(weekends), max_size=2))) if weekends else []
        taken |= set(makeups)
        festivals.append(
            (
                name,
                date.fromordinal(start),
                date.fromordinal(start + length - 1),
                [date.fromordinal(o) for o in makeups],
            )
        )
    return year, festivals


def day_text(d: date, same_month_as: date | None = None) -> str:
    head = f"{d.day}日" if same_month_as and same_month_as.month == d.month else f"{d.month}月{d.day}日"
    return f"{head}（周{WEEKDAYS[d.weekday()]}）"


def render_notice(festivals) -> str:
    lines = []
    for i, (name, start, end, makeups) in enumerate(festivals):
        n = (end - start).days + 1
        if n == 1:
            text = f"{day_text(start)}放假，共1天。"
        else:
            text = f"{day_text(start)}至{day_text(end, start)}放假调休，共{n}天。"
        if makeups:
            text += "、".join(day_text(d) for d in makeups) + "上班。"
        lines.append(f"{NUMERALS[i]}、{name}：{text}")
    return "\n".join(lines)


def expected(festivals) -> set[tuple[date, str, str]]:
    out = set()
    for name, start, end, makeups in festivals:
        d = start
        while d <= end:
            out.add((d, HOLIDAY, name))
            d += timedelta(days=1)
        out |= {(m, MAKEUP_WORKDAY, name) for m in makeups}
    return out


@given(schedules())
def test_property_notice_round_trip(schedule):
    year, festivals = schedule
    days = parse_notice(render_notice(festivals), year).days
    assert {(d.day, d.kind, d.name) for d in days} == expected(festivals)


@given(schedules(), st.sampled_from([-1, 1]))
def test_property_notice_under_the_wrong_year_is_refused(schedule, shift):
    year, festivals = schedule
    # Every date's weekday moves by one or two days between neighbouring years.
    with pytest.raises(ScheduleError):
        parse_notice(render_notice(festivals), year + shift)


@given(schedules())
def test_property_csv_round_trip(schedule):
    year, festivals = schedule
    rows = sorted(expected(festivals))
    text = "date,kind,name\n" + "\n".join(f"{d.isoformat()},{k},{n}" for d, k, n in rows)
    assert {(d.day, d.kind, d.name) for d in parse_csv(text, year)} == set(rows)
