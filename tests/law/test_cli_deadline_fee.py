"""`gongkai deadline` and `gongkai fee` through gongkai.cli.main (DESIGN.md command-line contract)."""

import json
import re

import pytest

from gongkai.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv):
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


# --- deadline ------------------------------------------------------------------------------------------
def test_deadline_json_has_the_contract_fields(capsys):
    data = run_json(capsys, "deadline", "--received", "2025-09-25")
    assert data["received"] == "2025-09-25"
    assert data["reply_due"] == "2025-10-29"
    assert data["correction_notice_due"] == "2025-10-11"
    assert "调休上班日 09-28、10-11" in data["explanation"]
    assert "10-01 至 10-08" in data["explanation"]


def test_deadline_text_output(capsys):
    status, out, _ = run(capsys, "deadline", "--received", "2025-09-25")
    assert status == 0
    assert "答复期限：2025-10-29" in out
    assert "补正告知期限：2025-10-11" in out


def test_correction_received_restarts_the_reply_date(capsys):
    # Corrected 2025-10-09 → 10-10, 10-11 (Sat), 10-13 … 11-05 = 20th WD.
    data = run_json(capsys, "deadline", "--received", "2025-09-25", "--correction-received", "2025-10-09")
    assert data["reply_due"] == "2025-11-05"
    assert data["received"] == "2025-09-25"


def test_pause_and_extension_move_the_reply_date(capsys):
    # Pause 2025-10-20 (stop) → 10-22 (resume): 10-20, 10-21 uncounted. From 10-09 +25 counted WD = 11-14.
    data = run_json(
        capsys,
        "deadline",
        "--received",
        "2025-09-25",
        "--correction-requested",
        "2025-09-30",
        "--correction-received",
        "2025-10-09",
        "--pause",
        "2025-10-20",
        "2025-10-22",
        "--extension",
        "5",
    )
    assert data["reply_due"] == "2025-11-14"
    assert data["paused_working_days"] == 2
    assert data["extension_days"] == 5


def test_repeatable_pauses(capsys):
    # 09-30 (stop) → 10-10 and 10-13 → 10-14: 09-30, 10-09, 10-13 uncounted → 10-29 + 3 WD = 11-03.
    data = run_json(
        capsys,
        "deadline",
        "--received",
        "2025-09-25",
        "--pause",
        "2025-09-30",
        "2025-10-10",
        "--pause",
        "2025-10-13",
        "2025-10-14",
    )
    assert data["reply_due"] == "2025-11-03"


def test_internet_channel_uses_the_confirmation_date(capsys):
    data = run_json(
        capsys, "deadline", "--received", "2026-02-13", "--channel", "互联网", "--confirmed", "2026-02-24"
    )
    assert data["received"] == "2026-02-24"
    assert data["reply_due"] == "2026-03-23"


def test_third_party_and_fee_dates(capsys):
    data = run_json(
        capsys,
        "deadline",
        "--received",
        "2024-09-27",
        "--third-party",
        "2024-10-08",
        "2024-10-14",
        "--fee-notice",
        "2024-10-21",
    )
    assert data["third_party_reply_due"] == "2024-10-28"
    # Fee notice Mon 10-21: 20 WD → 10-22 … 11-18.
    assert data["fee_payment_due"] == "2024-11-18"
    assert data["status"] == "等待缴费"


@pytest.mark.parametrize("option", ["--third-party", "--other-agency"])
def test_consultation_sent_and_answered_the_same_day(capsys, option):
    # Received Mon 03-03: 03-04 … 03-31 = 20th WD; the consultation of 03-10 took no working day.
    data = run_json(capsys, "deadline", "--received", "2025-03-03", option, "2025-03-10", "2025-03-10")
    assert data["reply_due"] == "2025-03-31"
    assert data["paused_working_days"] == 0
    (consultation,) = data["consultations"]
    assert consultation["sent"] == consultation["answered"] == "2025-03-10"


def test_same_day_answer_and_new_letter_to_another_party(capsys):
    # Third party 03-05 → 03-10 (03-05…03-07 uncounted, 3 WD); other agency 03-10 → 03-12 (03-10, 03-11).
    data = run_json(
        capsys,
        "deadline",
        "--received",
        "2025-03-03",
        "--third-party",
        "2025-03-05",
        "2025-03-10",
        "--other-agency",
        "2025-03-10",
        "2025-03-12",
    )
    assert data["paused_working_days"] == 5
    # 03-31 + 5 WD: 04-01, 02, 03, 07, 08 (清明 04-04…04-06).
    assert data["reply_due"] == "2025-04-08"


def test_help_states_the_counting_conventions(capsys):
    with pytest.raises(SystemExit):
        main(["deadline", "--help"])
    out = capsys.readouterr().out
    assert "开始的当日不计入" in out
    assert "收到申请之日是非工作日的，也自该日起算" in out
    assert "至收到答复之日前一日止不计入" in out and "同日发出并答复的，不扣除工作日" in out


def test_late_extension_notice_is_shown_as_a_warning(capsys):
    data = run_json(
        capsys,
        "deadline",
        "--received",
        "2025-09-25",
        "--extension",
        "10",
        "--extension-approved",
        "2025-10-28",
        "--extension-notified",
        "2025-10-30",
    )
    assert data["reply_due"] == "2025-11-12"
    assert any("告知申请人" in w and "2025-10-30" in w for w in data["warnings"])


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--received", "2025-02-30"], "2025-02-30"),
        (["--received", "2025/09/25"], "YYYY-MM-DD"),
        (["--received", "2026-12-20"], "2027"),
        (["--received", "2027-03-01"], "2027"),
        ([], "--received"),
        (["--received", "2025-09-25", "--extension", "21"], "第三十三条"),
        (["--received", "2025-09-25", "--extension", "abc"], "--extension"),
        (["--received", "2025-09-25", "--channel", "互联网"], "第三十一条"),
        (["--received", "2025-09-25", "--channel", "鸽子"], "第三十一条"),
        (["--received", "2025-09-25", "--answered", "2025-09-20"], "第三十一条"),
        (
            ["--received", "2025-09-25", "--third-party", "2025-10-09", "2025-10-10", "2025-10-11"],
            "--third-party",
        ),
        (["--received", "2025-09-25", "--fee-paid", "2025-10-09"], "--fee-notice"),
    ],
)
def test_deadline_bad_input_exits_2_in_chinese(capsys, argv, needle):
    status, out, err = run(capsys, "deadline", *argv)
    assert status == 2
    assert out == ""
    assert needle in err and CJK.search(err)


def test_provisional_option_marks_the_result(capsys):
    data = run_json(capsys, "deadline", "--received", "2026-12-10", "--provisional")
    assert data["provisional"] is True
    assert data["reply_due"] == "2027-01-08"
    assert "暂定" in data["explanation"]


# --- fee -----------------------------------------------------------------------------------------------
def test_fee_items_json(capsys):
    data = run_json(capsys, "fee", "--items", "45")
    assert data["method"] == "items"
    assert data["amount"] == "5500"
    assert [b["unit_price"] for b in data["bands"]] == ["0", "100", "200", "300"]
    assert [b["count"] for b in data["bands"]] == [10, 20, 10, 5]


def test_fee_pages_json(capsys):
    data = run_json(capsys, "fee", "--pages", "250")
    assert (data["method"], data["amount"]) == ("pages", "4700")
    assert sum(int(b["subtotal"]) for b in data["bands"]) == 4700


def test_fee_already_counted_this_month(capsys):
    data = run_json(capsys, "fee", "--items", "5", "--already", "8")
    assert data["amount"] == "300"


def test_fee_text_output(capsys):
    status, out, _ = run(capsys, "fee", "--pages", "31")
    assert status == 0 and "按量计收：10 元" in out


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--items", "3", "--pages", "40"], "第三条"),
        ([], "件数"),
        (["--items", "-1"], "--items"),
        (["--items", "0"], "件数"),
        (["--pages", "x"], "--pages"),
        (["--pages", "40", "--already", "3"], "第五条"),
    ],
)
def test_fee_bad_input_exits_2_in_chinese(capsys, argv, needle):
    status, out, err = run(capsys, "fee", *argv)
    assert status == 2
    assert out == ""
    assert needle in err and CJK.search(err)
