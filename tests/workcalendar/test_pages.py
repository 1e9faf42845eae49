"""The staff calendar pages: listing, editing a day, importing with preview and confirmation."""

import re
from datetime import date

import pytest
from django.urls import reverse

from gongkai.workcalendar import service
from gongkai.workcalendar.models import CalendarDay, CalendarYear

from .notices import NOTICE_2026, NOTICE_2027_SAMPLE
from .test_calendar_table import snapshot

pytestmark = pytest.mark.django_db


def test_year_page_lists_holidays_makeup_days_and_the_trial(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("workcalendar:year", args=[2025]), {"start": "2025-09-25", "n": "20"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2025-10-08" in html and "2025-09-28" in html and "国庆节" in html
    assert "到期日：<strong>2025-10-29</strong>" in html
    assert "跳过" in html and "含调休上班日 09-28、10-11" in html
    # A clerk sees the calendar but no edit links.
    assert reverse("workcalendar:import") not in html


def test_year_page_of_a_missing_year_says_so(client, sysadmin):
    client.force_login(sysadmin)
    html = client.get(reverse("workcalendar:year", args=[2027])).content.decode()
    assert "2027 年的工作日历尚未建立" in html


def test_calendar_pages_need_a_login(client):
    page = client.get(reverse("workcalendar:home"))
    assert page.status_code == 302 and "/staff/login/" in page["Location"]


def test_warning_is_shown_on_the_calendar_page_to_those_who_may_import(client, clerk, sysadmin, monkeypatch):
    monkeypatch.setattr("gongkai.workcalendar.views._today", lambda: date(2026, 11, 2))
    client.force_login(sysadmin)
    html = client.get(reverse("workcalendar:home")).content.decode()
    assert "2027 年工作日历尚未维护" in html
    client.force_login(clerk)  # the clerk cannot import it: no warning to act on
    html = client.get(reverse("workcalendar:home")).content.decode()
    assert "2027 年工作日历尚未维护" not in html


def test_clerk_gets_403_on_edit_and_import(client, clerk):
    client.force_login(clerk)
    before = snapshot()
    assert client.get(reverse("workcalendar:day")).status_code == 403
    assert (
        client.post(reverse("workcalendar:day"), {"date": "2025-10-08", "kind": "normal"}).status_code == 403
    )
    assert client.get(reverse("workcalendar:import")).status_code == 403
    post = {"year": 2027, "input_format": "notice", "text": NOTICE_2027_SAMPLE, "source": "x", "confirm": "1"}
    assert client.post(reverse("workcalendar:import"), post).status_code == 403
    assert snapshot() == before


def test_sysadmin_edits_a_day(client, sysadmin):
    client.force_login(sysadmin)
    form = client.get(reverse("workcalendar:day"), {"date": "2025-10-08"})
    assert re.search(r'value="holiday"[^>]*checked', form.content.decode())
    assert 'value="国庆节"' in form.content.decode()
    page = client.post(
        reverse("workcalendar:day"), {"date": "2025-10-08", "kind": "normal", "note": "更正", "name": ""}
    )
    assert page.status_code == 302
    assert not CalendarDay.objects.filter(date=date(2025, 10, 8)).exists()
    assert service.get_calendar().add_working_days(date(2025, 9, 25), 20) == date(2025, 10, 28)


def test_bad_day_edit_shows_a_chinese_error(client, sysadmin):
    client.force_login(sysadmin)
    before = snapshot()
    page = client.post(reverse("workcalendar:day"), {"date": "2025-10-15", "kind": "makeup_workday"})
    assert page.status_code == 200 and "本来就是工作日" in page.content.decode()
    assert snapshot() == before


def test_import_is_previewed_then_confirmed(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("workcalendar:import")
    data = {
        "year": 2027,
        "input_format": "notice",
        "text": NOTICE_2027_SAMPLE,
        "source": "测试用 2027 年安排",
    }
    preview = client.post(url, {**data, "preview": "1"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "预览：2027 年（尚未保存）" in html and "2027-02-20" in html
    assert "放假 17 天，调休上班 3 天" in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("workcalendar:year", args=[2027])
    assert CalendarYear.objects.get(year=2027).maintained
    assert service.get_calendar().is_workday(date(2027, 2, 20))


def test_notice_fills_in_its_document_number_as_source(client, sysadmin):
    client.force_login(sysadmin)
    page = client.post(
        reverse("workcalendar:import"),
        {"year": 2026, "input_format": "notice", "text": NOTICE_2026, "preview": "1"},
    )
    html = page.content.decode()
    assert 'value="国务院办公厅通知 国办发明电〔2025〕7号"' in html
    # The seeded names (清明, 端午, 中秋) differ from the notice's (清明节…): shown as changes, no date moves.
    assert "新增 0 天" in html and "删除 0 天" in html


def test_csv_upload_import(client, sysadmin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(sysadmin)
    upload = SimpleUploadedFile("2027.csv", "date,kind,name\n2027-01-01,放假,元旦\n".encode("gb18030"))
    page = client.post(
        reverse("workcalendar:import"),
        {"year": 2027, "input_format": "notice", "csv_file": upload, "source": "CSV", "confirm": "1"},
    )
    assert page.status_code == 302
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"


@pytest.mark.parametrize(
    "fmt,text,message",
    [
        ("notice", "一、元旦：2月30日（周一）放假。", "不是有效的日期"),
        ("notice", NOTICE_2026, "与所选年份 2027 年不符"),
        ("csv", "2027-01-01,holiday,元旦\n2026-10-01,holiday,国庆节", "不在 2027 年内"),
        ("csv", "2027-01-02,holiday,元旦\n2027-01-02,makeup_workday,元旦", "同时被列为放假日和上班日"),
        ("csv", "2027-01-01|holiday|元旦", "三列"),
        ("csv", "", "请粘贴通知正文或 CSV 内容"),
    ],
)
def test_bad_imports_show_an_error_and_change_nothing(client, sysadmin, fmt, text, message):
    client.force_login(sysadmin)
    before = snapshot()
    for button in ("preview", "confirm"):
        page = client.post(
            reverse("workcalendar:import"),
            {"year": 2027, "input_format": fmt, "text": text, "source": "测试", button: "1"},
        )
        assert page.status_code == 200 and message in page.content.decode()
    assert snapshot() == before


def test_admin_edits_need_the_calendar_permission(client, clerk, sysadmin):
    clerk.is_staff = True
    clerk.save()
    row = CalendarDay.objects.get(date=date(2025, 10, 8))
    url = reverse("admin:workcalendar_calendarday_change", args=[row.pk])
    client.force_login(clerk)
    assert client.get(reverse("admin:workcalendar_calendarday_changelist")).status_code == 200
    data = {"date": "2025-10-08", "kind": "holiday", "name": "改名", "note": ""}
    assert client.post(url, data).status_code == 403
    sysadmin.is_staff = True
    sysadmin.save()
    client.force_login(sysadmin)
    assert client.post(url, data).status_code == 302
    assert CalendarDay.objects.get(pk=row.pk).name == "改名"
    # A make-up working day on a weekday is refused by the admin form too.
    page = client.post(url, {**data, "date": "2025-10-15", "kind": "makeup_workday"})
    assert page.status_code == 200 and "不能设为调休上班日" in page.content.decode()


def test_day_form_keeps_its_date_in_iso_for_the_date_input(client, sysadmin):
    client.force_login(sysadmin)
    html = client.get(reverse("workcalendar:day") + "?date=2025-10-01").content.decode()
    assert re.search(r'<input type="date" name="date" value="2025-10-01"', html)
    assert 'value="holiday"' in html and "checked" in html
    # After a refused save the date the person typed is still there.
    html = client.post(
        reverse("workcalendar:day"), {"date": "2025-10-15", "kind": "makeup_workday", "name": "", "note": ""}
    ).content.decode()
    assert "本来就是工作日" in html and 'value="2025-10-15"' in html
    assert "日期：" in html and "类型：" in html  # labels end in the Chinese colon
