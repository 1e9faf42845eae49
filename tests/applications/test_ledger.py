"""The 台账 as Excel: export (masked, one agency, permission asked) and import (all rows or none)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongkai.applications import actions as act
from gongkai.applications.ledger import COLUMNS, export_ledger, import_ledger
from gongkai.applications.models import Application, CaseEvent, EventKind, State
from gongkai.applications.personal import mask_id_number, mask_phone
from gongkai.cli import main
from gongkai.law.clock import Channel

from .conftest import APPLICANT

HEADER = [c.replace("（遮盖）", "").replace("（表三行）", "") for c in COLUMNS]  # numbers in full
GRANT = "（一）予以公开（第三十六条第（二）项）"
NOT_EXIST = "（四）无法提供1.本机关不掌握相关政府信息（第三十六条第（四）项）"
FEE_UNPAID = (
    "（六）其他处理2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请（第四十二条）"
)


def row(**values) -> list:
    base = {name: None for name in HEADER}
    base.update(values)
    return [base[name] for name in HEADER]


ROWS = [
    row(
        序号=1,
        申请人="张三",
        申请人类别="自然人",
        证件号码="350582199001011234",
        联系电话="13800001234",
        提交方式="当面",
        收到申请之日=date(2025, 3, 3),
        申请内容="2024年某某道路改造工程的立项批复",
        文号="晋依复〔2025〕5号",
        答复日期=date(2025, 3, 20),
        处理结果=GRANT,
        是否延期="否",
        是否收费="否",
        经办人="clerk-a",
    ),
    row(
        序号=2,
        申请人="某某建材有限公司",
        申请人类别="商业企业",
        证件号码="91350582MA31234567",
        联系电话="0595-88881234",
        提交方式="邮寄需签收",
        收到申请之日="2025-04-01",
        申请内容="2024年度建材抽检结果",
        文号="晋依复〔2025〕9号",
        答复日期="2025年5月20日",
        处理结果=NOT_EXIST,
        是否延期="是",
        是否收费="否",
    ),
    row(
        序号=3,
        申请人="李四",
        申请人类别="自然人",
        证件号码="350582198512120021",
        联系电话="13900005678",
        提交方式="互联网",
        收到申请之日=date(2025, 6, 3),
        申请内容="某小区加装电梯的审批材料",
        办理状态="办理中",
    ),
    row(
        序号=4,
        申请人="王五",
        申请人类别="自然人",
        证件号码="35058219700101003X",
        联系电话="13700009999",
        提交方式="当面",
        收到申请之日=date(2025, 7, 1),
        申请内容="历年全部会议纪要",
        答复日期=date(2025, 7, 30),
        处理结果=FEE_UNPAID,
        是否收费="是",
        收费金额=300,
    ),
]


def workbook(rows: list[list], *, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_export(data: bytes) -> list[dict]:
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == COLUMNS
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows[2:]]


def as_date(value) -> date | None:
    return value.date() if hasattr(value, "date") else value


def test_import_then_export_gives_the_same_ledger_masked(people) -> None:
    report = import_ledger(people.clerk, people.tree.a, workbook(ROWS, title="某县甲局依申请公开台账"))
    assert report.ok, report.lines()
    assert [line for line, _, _ in report.created] == [3, 4, 5, 6]
    exported = read_export(export_ledger(people.clerk, people.tree.a))
    assert len(exported) == 4
    for given, got in zip(ROWS, exported, strict=True):
        given = dict(zip(HEADER, given, strict=True))
        assert got["申请人"] == given["申请人"] and got["申请内容"] == given["申请内容"]
        assert got["申请人类别"] == given["申请人类别"] and got["提交方式"] == given["提交方式"]
        assert got["证件号码（遮盖）"] == mask_id_number(given["证件号码"]) != given["证件号码"]
        assert got["联系电话（遮盖）"] == mask_phone(given["联系电话"]) != given["联系电话"]
        assert (got["文号"] or None) == given["文号"]
        assert (got["处理结果（表三行）"] or None) == given["处理结果"]
        assert got["是否延期"] == (given["是否延期"] or "否")
        assert got["是否收费"] == (given["是否收费"] or "否")
        assert len(got["查询码"]) == act.TRACKING_LENGTH
    assert as_date(exported[0]["收到申请之日"]) == date(2025, 3, 3)
    assert as_date(exported[1]["答复日期"]) == date(2025, 5, 20)
    assert exported[0]["经办人"] == "clerk-a" and exported[0]["办理状态"] == State.REPLIED.label
    assert exported[2]["办理状态"] == State.HANDLING.label and exported[2]["答复期限"] is not None
    assert exported[3]["办理状态"] == State.CLOSED.label and Decimal(str(exported[3]["收费金额"])) == 300
    # the closing actions ran through the statute clock
    late = Application.objects.get(name="某某建材有限公司")
    assert late.state == State.REPLIED and late.closed_on == date(2025, 5, 20)
    extension = CaseEvent.objects.get(application=late, kind=EventKind.EXTENSION)
    assert 1 <= extension.days <= 20 and late.reply_due >= date(2025, 5, 20)
    assert late.history.first().history_change_reason == "导入台账：办理结果"


def test_export_shows_only_the_agency_and_asks_the_permission_layer(people) -> None:
    act.RegisterApplication(
        people.clerk, people.tree.a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(2025, 9, 25)
    ).execute()
    act.RegisterApplication(
        people.other_clerk,
        people.tree.b,
        {**APPLICANT, "name": "乙局的申请人"},
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 25),
    ).execute()
    data = export_ledger(people.clerk, people.tree.a)
    rows = read_export(data)
    assert [r["申请人"] for r in rows] == ["张三"]
    assert (
        rows[0]["证件号码（遮盖）"] == "**************1234" and rows[0]["联系电话（遮盖）"] == "138****1234"
    )
    raw = data.decode("latin-1")
    assert "350582199001011234" not in raw and "13800001234" not in raw
    assert read_export(export_ledger(people.clerk, people.tree.a, 2024)) == []
    with pytest.raises(PermissionDenied):
        export_ledger(people.other_clerk, people.tree.a)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"收到申请之日": "2025-13-01"}, "不是有效日期"),
        ({"证件号码": "**************1234"}, "遮盖"),
        ({"申请人类别": "个体户"}, "申请人类别“个体户”无法识别"),
        ({"提交方式": "飞鸽传书"}, "提交方式“飞鸽传书”无法识别"),
        ({"处理结果": GRANT}, "请同时填写答复日期"),
        ({"答复日期": date(2025, 1, 2), "处理结果": GRANT}, "不能早于"),  # refused by the action
        ({"申请内容": None}, "缺少申请内容"),
    ],
)
def test_a_bad_row_imports_nothing_and_says_where_and_why(people, bad, reason) -> None:
    broken = dict(zip(HEADER, ROWS[2], strict=True)) | bad
    rows = [ROWS[0], ROWS[1], [broken[h] for h in HEADER], ROWS[3]]
    report = import_ledger(people.clerk, people.tree.a, workbook(rows))
    assert not report.ok and report.imported == 0
    assert [line for line, _ in report.errors] == [4], report.lines()
    assert reason in report.errors[0][1]
    assert Application.objects.count() == 0


def test_check_only_and_a_second_import_of_the_same_file(people) -> None:
    data = workbook(ROWS)
    report = import_ledger(people.clerk, people.tree.a, data, dry_run=True)
    assert report.ok and len(report.created) == 4 and report.imported == 0
    assert Application.objects.count() == 0
    assert import_ledger(people.clerk, people.tree.a, data).imported == 4
    again = import_ledger(people.clerk, people.tree.a, data)
    assert not again.ok and "可能是重复导入" in again.errors[0][1]
    assert Application.objects.count() == 4


def test_import_needs_the_right_to_handle_the_agencys_cases(people) -> None:
    with pytest.raises(PermissionDenied):
        import_ledger(people.other_clerk, people.tree.a, workbook(ROWS))
    report = import_ledger(people.clerk, people.tree.a, b"not a workbook")
    assert report.errors == [(0, "无法读取该文件：请上传 Excel 工作簿（.xlsx）。")]


def test_unknown_clerk_is_a_warning_not_an_error(people) -> None:
    first = dict(zip(HEADER, ROWS[0], strict=True)) | {"经办人": "已调离的同事"}
    report = import_ledger(people.clerk, people.tree.a, workbook([[first[h] for h in HEADER]]))
    assert report.ok and report.imported == 1
    assert "已调离的同事" in report.warnings[0][1]


def test_command_line_import(people, tmp_path, capsys) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook(ROWS))
    assert main(["import-applications", str(path), "--agency", people.tree.a.code, "--check"]) == 0
    assert Application.objects.count() == 0
    assert main(["import-applications", str(path), "--agency", people.tree.a.code]) == 0
    assert "已导入 4 件申请" in capsys.readouterr().out
    assert main(["import-applications", str(path), "--agency", people.tree.a.code]) == 1
    assert "整个文件都没有导入" in capsys.readouterr().out
    assert main(["import-applications", str(path), "--agency", "no-such"]) == 2


def test_ledger_pages(client, people) -> None:
    client.force_login(people.clerk)
    page = client.get(reverse("applications_letters:ledger_import"))
    assert page.status_code == 200 and people.tree.a.name in page.content.decode()
    upload = io.BytesIO(workbook(ROWS))
    upload.name = "台账.xlsx"
    response = client.post(
        reverse("applications_letters:ledger_import"), {"agency": people.tree.a.pk, "file": upload}
    )
    assert "已导入 4 行" in response.content.decode()
    export = client.get(
        reverse("applications_letters:ledger_export", args=[people.tree.a.code]) + "?year=2025"
    )
    assert export.status_code == 200 and len(read_export(b"".join(export.streaming_content))) == 4
    client.force_login(people.other_clerk)
    assert (
        client.get(reverse("applications_letters:ledger_export", args=[people.tree.a.code])).status_code
        == 403
    )
