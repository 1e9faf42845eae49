import pytest

import gongkai.reportio.pdf as pdf_reader


@pytest.fixture
def short_pdf_limit(monkeypatch):
    """The PDF reader's limits shrunk to 1 s, so a case that runs into them costs the suite 1 s."""
    monkeypatch.setattr(pdf_reader, "DEADLINE_S", 0.5)
    monkeypatch.setattr(pdf_reader, "LIMIT_MARGIN_S", 0.5)
