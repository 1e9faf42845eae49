"""The demo consultations of the seed agency: through the actions, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.agencies import demo as agencies_demo
from gongkai.agencies.demo import DemoContext, loaders
from gongkai.consultations import demo
from gongkai.consultations.models import Channel, Consultation, State

pytestmark = pytest.mark.django_db


def test_the_demo_loads_answered_calls_and_a_published_answer_once() -> None:
    context = DemoContext(today=timezone.localdate())
    agencies_demo.load(context)
    demo.load(context)
    rows = Consultation.objects.filter(agency__code=demo.SEED)
    assert rows.count() == len(demo.STORIES) + 1
    assert rows.filter(state=State.PUBLISHED).count() == 1
    assert rows.filter(channel=Channel.HOTLINE, answered_at__isnull=False).count() >= 2
    assert rows.filter(channel=Channel.WEBSITE, state=State.NEW).count() == 1
    published = rows.get(state=State.PUBLISHED)
    assert "13905951234" not in published.published_question and published.history.count() == 3
    assert published.history.earliest().history_user == context.users["clerk"]
    assert any("政策咨询" in line for line in context.log)

    before = list(Consultation.objects.order_by("pk").values_list("pk", "state"))
    context.log.clear()
    demo.load(context)
    assert list(Consultation.objects.order_by("pk").values_list("pk", "state")) == before
    assert not any("政策咨询" in line for line in context.log)


def test_the_loader_runs_after_the_catalog_and_search() -> None:
    labels = [label for label, _load in loaders()]
    assert labels.index("consultations") > labels.index("agencies")
    assert labels[-1] == "consultations" or labels.index("consultations") > labels.index("applications")
