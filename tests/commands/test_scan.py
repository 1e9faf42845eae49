import json

import pytest

from gongkai.cli import main
from gongkai.workcalendar.models import CalendarYear


@pytest.mark.django_db
def test_scan_warns_when_next_years_calendar_is_missing_after_november(capsys):
    assert main(["scan", "--today", "2026-11-02", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert any("2027 年工作日历尚未维护" in n["text"] for n in notices)


@pytest.mark.django_db
def test_scan_is_quiet_in_october_when_this_year_is_maintained(capsys):
    assert CalendarYear.objects.filter(year=2026, maintained=True).exists()
    assert main(["scan", "--today", "2026-10-15"]) == 0
    assert "没有需要处理的提醒" in capsys.readouterr().out


def test_scan_rejects_an_impossible_date(capsys):
    assert main(["scan", "--today", "2026-02-30"]) == 2
    assert "日期“2026-02-30”无效" in capsys.readouterr().err
