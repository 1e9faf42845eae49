"""The monthly 两馆 hand-over package (第二十五条): its contents, its manifest in XLSX and CSV, safe
file names, rebuilding, the schedule (daily scan → task) and the staff pages."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.agencies.permissions import SYSTEM
from gongkai.catalog import actions as act
from gongkai.catalog import handover, tasks
from gongkai.catalog.models import HandoverPackage, Topic
from gongkai.cli import main
from tests.agencies.factories import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def march(people):
    """Agency A's March 2025: three public items (one with attachments), and what must stay out."""
    topic = Topic.objects.create(name="综合政务\\政务公开")
    first = people.publish(
        on=date(2025, 3, 4),
        title="关于做好市容环境整治工作的通知",
        document_number="某政[2025]3号",
        summary="市容整治安排",
        topic=topic,
    )
    item = people.draft(title='=HYPERLINK("http://x") 公式开头的标题', written_on=date(2025, 3, 5))
    act.AddAttachment(people.clerk, item, name="../../etc/passwd:CON?.png", data=PNG).execute()
    act.AddAttachment(people.clerk, item, name="NUL.png", data=PNG).execute()
    item = people.approve(act.SubmitForReview(people.clerk, item).execute())
    second = act.Publish(people.clerk, item, on=date(2025, 3, 20)).execute()
    third = people.publish(on=date(2025, 3, 31), title="三月最后一天的公告", full_text_electronic=False)
    withdrawn = people.publish(on=date(2025, 3, 11), title="已撤回的公告")
    act.Withdraw(people.clerk, withdrawn, reason="有误").execute()
    people.publish(
        on=date(2025, 3, 12), title="不予公开的信息", disclosure="withheld", disclosure_reason="内部"
    )
    people.publish(on=date(2025, 4, 1), title="四月的通知")
    people.publish(on=date(2025, 2, 28), title="二月的通知", written_on=date(2025, 2, 27))
    people.draft(title="草稿")
    return [first, second, third]


def read(package: HandoverPackage) -> zipfile.ZipFile:
    with package.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_package_holds_the_months_public_items_with_manifest_text_and_files(people, march) -> None:
    package = act.BuildHandover(people.clerk, people.tree.a, 2025, 3).execute()
    assert (package.item_count, package.built_by, len(package.sha256)) == (3, people.clerk, 64)
    archive = read(package)
    names = archive.namelist()
    first, second, third = march
    assert names == [
        "dept-a-2025-03-两馆移交清单.xlsx",
        "dept-a-2025-03-两馆移交清单.csv",
        "001-000014349_2025-00001/信息.txt",
        f"002-{second.index_number.replace('/', '_')}/附件01-_.._etc_passwd_CON_.png",
        f"002-{second.index_number.replace('/', '_')}/附件02-_NUL.png",
        f"002-{second.index_number.replace('/', '_')}/信息.txt",
        f"003-{third.index_number.replace('/', '_')}/信息.txt",
    ]
    for name in names:  # nothing a Windows or Unix extractor would put outside the folder
        assert not name.startswith(("/", "..")) and "\\" not in name and ":" not in name
        for part in name.split("/"):
            assert part not in ("", ".", "..") and not part.endswith((".", " "))
    assert archive.read(names[3]) == PNG

    rows = list(csv.reader(io.StringIO(archive.read(names[1]).decode("utf-8-sig"))))
    assert archive.read(names[1]).startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert rows[0] == list(handover.COLUMNS)
    assert rows[0][1:11] == [
        "索引号", "名称", "文号", "发布机构", "成文日期", "发布日期", "信息类别", "主题分类", "有效性", "全文电子化"
    ]  # fmt: skip
    assert rows[1][:11] == [
        "1",
        "000014349/2025-00001",
        "关于做好市容环境整治工作的通知",
        "某政〔2025〕3号",
        "某县甲局",
        "2025-03-03",
        "2025-03-04",
        "工作动态",
        "综合政务\\政务公开",
        "有效",
        "是",
    ]
    assert rows[2][2].startswith("'=HYPERLINK")  # never a formula in Excel
    assert rows[2][11] == "附件01-_.._etc_passwd_CON_.png；附件02-_NUL.png"
    assert rows[3][10] == "否" and [r[0] for r in rows[1:]] == ["1", "2", "3"]

    sheet = load_workbook(io.BytesIO(archive.read(names[0]))).active
    assert [c.value for c in sheet[2]] == list(handover.COLUMNS)
    assert sheet["B3"].value == "000014349/2025-00001" and sheet["C4"].data_type == "s"
    assert sheet["C4"].value.startswith("=HYPERLINK")  # kept as text, not evaluated
    assert sheet.max_row == 5

    text = archive.read(names[2]).decode("utf-8-sig")
    assert "索引号：000014349/2025-00001\r\n" in text and "文号：某政〔2025〕3号" in text
    assert "【内容概述】\r\n市容整治安排" in text and "各单位：现将有关事项通知如下。" in text


def test_rebuilding_replaces_the_package_and_history_records_it(
    people, march, settings, django_capture_on_commit_callbacks
) -> None:
    package = act.BuildHandover(people.clerk, people.tree.a, 2025, 3).execute()
    old_name, old_sha = package.file.name, package.sha256
    with django_capture_on_commit_callbacks(execute=True):
        again = act.BuildHandover(people.section, people.tree.a, 2025, 3).execute()
    assert again.pk == package.pk and HandoverPackage.objects.count() == 1
    assert again.sha256 == old_sha  # same records, same bytes: the package is reproducible
    assert again.built_by == people.section
    assert [h.history_change_reason for h in again.history.order_by("history_id")] == [
        "生成两馆移交包",
        "重新生成两馆移交包",
    ]
    storage = again.file.storage
    assert storage.exists(again.file.name) and not storage.exists(old_name)  # replaced once committed

    act.Withdraw(people.clerk, march[2], reason="内容需更新").execute()
    with django_capture_on_commit_callbacks(execute=True):
        third = act.BuildHandover(people.clerk, people.tree.a, 2025, 3).execute()
    assert third.item_count == 2 and third.sha256 != old_sha
    assert len(list((settings.MEDIA_ROOT / "handover" / "dept-a").iterdir())) == 1


def test_an_item_withdrawn_while_packing_is_packed_again(people, march, monkeypatch, settings) -> None:
    real = handover.build_package
    calls = []

    def build_then_withdraw(*args, **kwargs):
        built = real(*args, **kwargs)
        if not calls:  # someone withdraws an item while the first ZIP is being written
            act.Withdraw(people.clerk, march[0], reason="撤回").execute()
        calls.append(built.item_count)
        return built

    monkeypatch.setattr(handover, "build_package", build_then_withdraw)
    package = act.BuildHandover(people.clerk, people.tree.a, 2025, 3).execute()
    assert calls == [3, 2] and package.item_count == 2
    assert [p.name for p in (settings.MEDIA_ROOT / "handover" / "dept-a").iterdir()] == [
        package.file.name.rsplit("/", 1)[1]
    ]  # the first, stale ZIP was removed


def test_refusals_are_in_chinese(people, march) -> None:
    now = timezone.localdate()
    with pytest.raises(PermissionDenied):
        act.BuildHandover(people.other_clerk, people.tree.a, 2025, 3).execute()
    with pytest.raises(PermissionDenied):
        act.BuildHandover(people.head, people.tree.a, 2025, 3).execute()  # 主要领导: review only
    with pytest.raises(ValidationError, match="尚未结束"):
        act.BuildHandover(people.clerk, people.tree.a, now.year, now.month).execute()
    with pytest.raises(ValidationError, match="没有发布主动公开的政府信息"):
        act.BuildHandover(people.clerk, people.tree.a, 2025, 5).execute()
    with pytest.raises(ValidationError, match="有效的年份和月份"):
        act.BuildHandover(people.clerk, people.tree.a, 2025, 13).execute()
    assert not HandoverPackage.objects.exists()


def test_safe_names() -> None:
    assert handover.safe_name("..") == "文件"
    assert handover.safe_name('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert handover.safe_name("con.txt") == "_con.txt" and handover.safe_name("LPT1") == "_LPT1"
    assert handover.safe_name("报告. . ") == "报告"
    long = handover.safe_name("很" * 200 + ".pdf")
    assert len(long) == handover.MAX_NAME and long.endswith(".pdf")


def test_daily_scan_enqueues_last_months_missing_packages_and_the_task_builds_them(
    people, march, settings, capsys
) -> None:
    assert tasks.due_handovers(date(2025, 4, 1)) == [(people.tree.a.pk, 2025, 3)]
    assert tasks.due_handovers(date(2025, 3, 15)) == [(people.tree.a.pk, 2025, 2)]
    assert tasks.due_handovers(date(2025, 6, 2)) == []  # nothing published in May

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert main(["scan", "--today", "2025-04-03", "--no-mail"]) == 0
    assert "两馆移交：2025年3月的 1 个机关" in capsys.readouterr().out
    package = HandoverPackage.objects.get()
    assert (package.year, package.month, package.item_count, package.built_by) == (2025, 3, 3, None)
    assert package.history.get().history_change_reason == "按计划生成两馆移交包"
    assert tasks.due_handovers(date(2025, 4, 4)) == []  # built: not enqueued again
    # A second run of the task for a built month (two scans before the worker ran) does nothing.
    assert tasks.build_handover_package.call(people.tree.a.pk, 2025, 3)["status"] == "skipped"

    people.tree.b.is_active = False
    people.tree.b.save()
    assert all(agency_id != people.tree.b.pk for agency_id, *_ in tasks.due_handovers(date(2025, 4, 1)))


def test_scan_with_the_database_backend_only_queues(people, march) -> None:
    from django_tasks_db.models import DBTaskResult

    assert tasks.enqueue_due_handovers(date(2025, 4, 1)) == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "gongkai.catalog.tasks.build_handover_package"
    assert not HandoverPackage.objects.exists()


# --- staff pages ---------------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def test_staff_list_build_and_download(client, people, march) -> None:
    login(client, people.clerk)
    page = client.get("/staff/catalog/handover/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "某县甲局" in text and "立即生成" in text and "csrfmiddlewaretoken" in text

    response = client.post("/staff/catalog/handover/build/", {"agency": "dept-a", "month": "2025-03"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "已生成某县甲局2025年3月的两馆移交包：共 3 条信息" in page.content.decode()
    package = HandoverPackage.objects.get()

    download = client.get(f"/staff/catalog/handover/{package.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0].endswith(".xlsx")

    response = client.post(
        "/staff/catalog/handover/build/", {"agency": "dept-a", "month": "2025-05"}, follow=True
    )
    assert "没有发布主动公开的政府信息" in response.content.decode()
    response = client.post(
        "/staff/catalog/handover/build/", {"agency": "dept-a", "month": "三月"}, follow=True
    )
    assert "请选择要生成的月份" in response.content.decode()
    assert client.get("/staff/catalog/handover/build/").status_code == 405


def test_staff_of_another_agency_see_nothing_of_this_agencys_packages(client, people, march) -> None:
    package = act.BuildHandover(SYSTEM, people.tree.a, 2025, 3).execute()
    login(client, people.other_clerk)
    page = client.get("/staff/catalog/handover/")
    assert page.status_code == 200
    assert "某县乙局" in page.content.decode() and "某县甲局" not in page.content.decode()
    assert client.get(f"/staff/catalog/handover/{package.pk}/download/").status_code == 403
    assert client.get("/staff/catalog/handover/", {"agency": "dept-a"}).status_code == 403
    response = client.post("/staff/catalog/handover/build/", {"agency": "dept-a", "month": "2025-03"})
    assert response.status_code == 403
    assert HandoverPackage.objects.get().history.count() == 1


def test_a_reviewer_may_download_but_not_build(client, people, march) -> None:
    package = act.BuildHandover(SYSTEM, people.tree.a, 2025, 3).execute()
    login(client, people.head)
    page = client.get("/staff/catalog/handover/")
    assert page.context["can_build"] is False and 'name="month"' not in page.content.decode()
    assert client.get(f"/staff/catalog/handover/{package.pk}/download/").status_code == 200
    response = client.post(
        "/staff/catalog/handover/build/", {"agency": "dept-a", "month": "2025-03"}, follow=True
    )
    assert "您无权办理该机关的事项" in response.content.decode()


def test_anonymous_is_sent_to_login(client, people, march) -> None:
    response = client.get("/staff/catalog/handover/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_person_without_any_agency_gets_a_clear_refusal(client, db) -> None:
    user = make_user("nobody")
    login(client, user)
    response = client.get("/staff/catalog/handover/")
    assert response.status_code == 403
    assert "尚未分配到任何机关" in response.content.decode()


def test_month_list_shows_what_is_due(client, people, march, monkeypatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 4, 10))
    login(client, people.clerk)
    page = client.get("/staff/catalog/handover/")
    months = page.context["months"]
    assert [(m["year"], m["month"], m["published"]) for m in months[:3]] == [
        (2025, 3, 3),
        (2025, 2, 1),
        (2025, 1, 0),
    ]
    assert len(months) == 12 and months[0]["package"] is None
    assert page.context["default_month"] == "2025-03"
    assert "尚未生成" in page.content.decode()


def test_the_admin_lists_packages_read_only_for_the_system_administrator(client, people, march) -> None:
    from gongkai.agencies.models import Role

    package = act.BuildHandover(SYSTEM, people.tree.a, 2025, 3).execute()
    login(client, make_user("sysadmin", (people.tree.root, Role.SYSADMIN), is_staff=True))
    listing = client.get("/admin/catalog/handoverpackage/")
    assert listing.status_code == 200 and package.sha256[:12] in listing.content.decode()
    assert client.get(f"/admin/catalog/handoverpackage/{package.pk}/change/").status_code == 200
    assert client.post(f"/admin/catalog/handoverpackage/{package.pk}/delete/", {"post": "yes"}).status_code == 403
    assert HandoverPackage.objects.filter(pk=package.pk).exists()
    login(client, people.clerk)
    assert client.get("/admin/catalog/handoverpackage/").status_code != 200
