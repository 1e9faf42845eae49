"""Information several applicants asked for → a suggestion to disclose it proactively (第四十四条)."""

from __future__ import annotations

from datetime import date

from gongkai.applications import actions as act
from gongkai.applications.repeats import CATALOG_NOTE, alike, notices, repeat_suggestions
from gongkai.law.clock import Channel
from gongkai.law.outcomes import Outcome
from gongkai.law.statute import ART_44_1

from .conftest import APPLICANT

ROAD = "2024年某某道路改造工程的立项批复"


def answered(
    people, id_number: str, description: str, outcome=Outcome.GRANT, agency=None, on=date(2025, 9, 25)
):
    actor = people.clerk if agency is None else people.other_clerk
    app = act.RegisterApplication(
        actor,
        agency or people.tree.a,
        {**APPLICANT, "id_number": id_number, "description": description},
        channel=Channel.IN_PERSON,
        arrived_on=on,
    ).execute()
    return act.AnswerOnSpot(actor, app, outcome=outcome, reasons="答复").execute()


def test_the_statute_is_quoted_as_spec_domain_gives_it() -> None:
    assert ART_44_1 == (
        "多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围。"
    )


def test_same_information_from_different_applicants_is_suggested(people) -> None:
    a = answered(people, "350582199001011234", ROAD)
    b = answered(people, "350582199202022345", f"{ROAD}。")  # the same after normalising
    c = answered(people, "350582199303033456", f"关于{ROAD}文件", outcome=Outcome.PARTIAL)  # similar
    answered(people, "350582199001011234", ROAD)  # the first applicant again: still three applicants
    answered(people, "350582199404044567", ROAD, outcome=Outcome.DENY_PROCESS)  # not disclosable
    answered(people, "350582199505055678", ROAD, outcome=Outcome.GRANT_ALREADY_PUBLIC)  # public already
    answered(people, "350582199606066789", "2024年某某道路改造工程的环评批复")  # other information
    [suggestion] = repeat_suggestions(people.tree.a.pk, 2025)
    assert suggestion.applicants == 3 and suggestion.applications == 4
    assert {a.pk, b.pk, c.pk} <= set(suggestion.application_ids)
    assert suggestion.description == ROAD and not suggestion.exact
    assert f"「{ART_44_1}」" in suggestion.text and "第四十四条第一款" in suggestion.text
    assert CATALOG_NOTE in suggestion.text and "尚未建成" in suggestion.text
    assert repeat_suggestions(people.tree.a.pk, 2024) == []


def test_one_applicant_asking_twice_or_another_agency_is_not_a_repeat(people) -> None:
    answered(people, "350582199001011234", ROAD)
    answered(people, "350582199001011234", ROAD)
    answered(people, "350582199202022345", ROAD, agency=people.tree.b)
    assert repeat_suggestions(people.tree.a.pk, 2025) == []
    assert repeat_suggestions(people.tree.b.pk, 2025) == []


def test_exact_repeats_and_the_staff_notices(people) -> None:
    answered(people, "350582199001011234", ROAD)
    answered(people, "350582199202022345", ROAD)
    [suggestion] = repeat_suggestions(people.tree.a.pk)
    assert suggestion.exact and suggestion.applicants == 2
    [notice] = notices(people.clerk, date(2025, 12, 1))
    assert notice.level == "info" and notice.text.startswith("某县甲局：") and "相同的政府信息" in notice.text
    assert notices(people.other_clerk, date(2025, 12, 1)) == []
    assert len(notices(None, date(2025, 12, 1))) == 1  # the system scan sees every agency
    assert notices(people.clerk, date(2026, 1, 5)) == []  # this year's only


def test_alike() -> None:
    assert alike(ROAD, f"关于{ROAD}")
    assert not alike(ROAD, "2024年某某道路改造工程的环评批复")
    assert not alike("2023年度部门预算", "2024年度部门预算")
