"""The applications' demo data: none for the seed agency in 2022, a consistent year for its siblings."""

from __future__ import annotations

import argparse
import json
import time

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.demo import load_demo
from gongkai.agencies.models import Membership, Role, validate_credit_code
from gongkai.applications.demo import SEED, SIBLINGS, demo_year
from gongkai.applications.figures import table3_for, table4_for
from gongkai.applications.models import Appeal, Application, CaseEvent, EventKind, Letter, State
from gongkai.law.outcomes import Outcome
from gongkai.law.report import Report
from gongkai.law.validation.table3 import t3_01, t3_02, t3_03
from gongkai.law.validation.table4 import check_table4

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    started = time.perf_counter()
    context = load_demo()
    context.seconds = time.perf_counter() - started
    return context


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Application, CaseEvent, Letter, Appeal, Membership, get_user_model())
    )


def test_seed_agency_has_no_2022_applications_and_siblings_a_consistent_year(demo) -> None:
    assert demo.seconds < 20
    seed = demo.agencies[SEED]
    assert not Application.objects.filter(agency=seed, received_on__year=2022).exists()
    assert not Application.objects.filter(agency=seed, received_on__year__lt=demo.today.year).exists()
    year = demo_year(demo.today)
    used: set[Outcome] = set()
    for code in SIBLINGS:
        agency = demo.agencies[code]
        closed = Application.objects.filter(agency=agency, closed_on__year=year).exclude(outcome="")
        outcomes = {Outcome[o] for o in closed.values_list("outcome", flat=True)}
        assert len(closed) >= 10, code
        used |= outcomes
        table = table3_for(agency.pk, year)
        report = Report(agency.name, year, table3=table)
        assert not (t3_01(report) + t3_02(report) + t3_03(report)), code
        for outcome in outcomes:
            assert table.rows[outcome.row_key][6] > 0, (code, outcome)
        assert table.rows["二"][6] >= 1 and table.rows["四"][6] >= 1, code  # carried over, carried forward
        table4 = table4_for(agency.pk, year)
        assert not [f for f in check_table4(Report(agency.name, year, table4=table4)) if f.severity == "E"]
    assert used == set(Outcome)  # every outcome code somewhere among the siblings


def test_demo_cases_have_the_procedures_and_appeals_a_demo_needs(demo) -> None:
    events = CaseEvent.objects.filter(application__agency__code__in=SIBLINGS)
    for kind in (
        EventKind.CORRECTION_REQUESTED,
        EventKind.CORRECTION_RECEIVED,
        EventKind.CONSULTATION_STARTED,
        EventKind.CONSULTATION_ANSWERED,
        EventKind.EXTENSION,
        EventKind.FEE_NOTICE,
        EventKind.FEE_PAID,
        EventKind.FEE_LAPSED,
        EventKind.ON_SPOT,
    ):
        assert events.filter(kind=kind).exists(), kind
    kinds = set(
        events.filter(kind=EventKind.CONSULTATION_STARTED).values_list("consultation_kind", flat=True)
    )
    assert kinds == {"THIRD_PARTY", "OTHER_AGENCY"}
    for extension in events.filter(kind=EventKind.EXTENSION).select_related("application"):
        assert Membership.objects.filter(
            user=extension.recorded_by, agency=extension.application.agency, role=Role.OFFICE_HEAD
        ).exists()
    appeals = Appeal.objects.all()
    assert appeals.filter(kind=Appeal.Kind.RECONSIDERATION).count() == 2
    assert appeals.filter(kind__startswith="litigation").count() == 1
    assert all(a.application.agency_id == a.agency_id for a in appeals)
    # queues: open cases received lately, some overdue, some waiting for sign-off, in every agency
    for code in (SEED, *SIBLINGS):
        mine = Application.objects.filter(agency__code=code)
        assert mine.filter(state=State.REGISTERED).exists() and mine.filter(state=State.REVIEW).exists()
        assert mine.filter(state=State.HANDLING, reply_due__lt=demo.today).exists(), code
    assert not Application.objects.filter(received_on__gt=demo.today).exists()
    for app in Application.objects.filter(id_type="credit_code"):
        validate_credit_code(app.id_number)
    # every change went through the actions: each case has history naming a person
    assert all(app.history.exclude(history_user=None).exists() for app in Application.objects.all())


def test_loading_twice_creates_nothing_new(demo) -> None:
    before = counts()
    again = load_demo()
    assert counts() == before
    assert not [line for line in again.log if "依申请公开" in line]


def test_scan_lists_the_demo_deadlines(demo, capsys) -> None:
    """gongkai scan --json over the demo data (what the applications' todo hook provides)."""
    pytest.importorskip("gongkai.applications.todo")
    from gongkai.commands.scan import run

    assert run(argparse.Namespace(today=None, json=True)) == 0
    notices = json.loads(capsys.readouterr().out)
    overdue = [n["text"] for n in notices if "超过答复期限" in n["text"]]
    assert any(demo.agencies[SEED].name in text for text in overdue), notices
