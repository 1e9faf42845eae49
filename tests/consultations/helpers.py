from __future__ import annotations

from datetime import date

from gongkai.consultations import actions as act
from gongkai.consultations.forms import local_datetime
from gongkai.consultations.models import Channel, Consultation

from .conftest import ASKER


def log(actor, agency, *, on: date, channel=Channel.HOTLINE, hour: int = 9, **changes) -> Consultation:
    data = {**ASKER, **changes}
    return act.LogCall(actor, agency, data, channel=channel, received_at=local_datetime(on, hour)).execute()


def answered(actor, row: Consultation, on: date, hour: int = 16) -> Consultation:
    return act.Answer(actor, row, "已电话答复。", at=local_datetime(on, hour)).execute()
