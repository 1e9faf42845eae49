"""Information that several applicants asked for: candidates for proactive disclosure.

第四十四条第一款 「多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，
行政机关可以纳入主动公开的范围。」 (``gongkai.law.statute.ART_44_1``)

Found per agency and year among the applications answered 予以公开 or 部分公开 (the information,
or its disclosable part, 「属于可以公开的」; 已主动公开 is public already): the same description
(``description_digest``: the text without spaces, punctuation or case) or a highly similar one
(Dice coefficient of the descriptions' character bigrams ≥ :data:`SIMILARITY`, or one description
almost wholly inside the other, e.g. the same title with 「关于」 or 「文件」 added), from at least two
different applicants (distinct ``id_digest``). The staff pages show :func:`repeat_suggestions` or
:func:`notices`; the catalog of proactive disclosures does not exist yet, and the suggestion says so
instead of linking to it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count

from gongkai.law.outcomes import Outcome
from gongkai.law.statute import ART_44_1, STATUTE_NAME

from .models import Application

GRANTED = (Outcome.GRANT.name, Outcome.PARTIAL.name)
MIN_APPLICANTS = 2
SIMILARITY = 0.85  # Dice coefficient of the bigrams …
CONTAINMENT = 0.9  # … or the share of the shorter description's bigrams found in the longer one
MIN_CONTAINED = 6  # (a description of fewer bigrams is "contained" in too many others)
MAX_ROWS = 20000  # one agency's granted applications in a year; beyond it only exact matches count
CATALOG_NOTE = "本系统的主动公开目录功能尚未建成，请暂按本机关现行方式发布，发布后在此处记录即可。"


@dataclass(frozen=True)
class RepeatSuggestion:
    agency_id: int
    year: int | None
    description: str
    applicants: int
    applications: int
    application_ids: tuple[int, ...]
    tracking_codes: tuple[str, ...]
    first_received: date | None
    last_received: date | None
    exact: bool  # every description the same (after normalising), not only similar

    @property
    def text(self) -> str:
        when = f"{self.year}年" if self.year else ""
        same = "相同" if self.exact else "相同或相近"
        return (
            f"「{self.description}」：{when}有 {self.applicants} 位不同申请人就{same}的政府信息提出公开申请"
            f"（共 {self.applications} 件），均已予以公开。根据{STATUTE_NAME}第四十四条第一款"
            f"「{ART_44_1}」建议将该信息纳入主动公开的范围。{CATALOG_NOTE}"
        )


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if ch.isalnum())


def _bigrams(text: str) -> frozenset[str]:
    text = _normal(text)
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _alike(common: int, a: int, b: int) -> bool:
    """Dice coefficient of the character bigrams (what CJK search indexes compare, no segmenter), or
    the shorter description's bigrams almost all in the longer one."""
    if 2 * common / (a + b) >= SIMILARITY:
        return True
    return min(a, b) >= MIN_CONTAINED and common / min(a, b) >= CONTAINMENT


def alike(a: str, b: str) -> bool:
    """Whether two descriptions are taken to ask for the same information."""
    x, y = _bigrams(a), _bigrams(b)
    if _normal(a) == _normal(b):
        return True
    return bool(x and y) and _alike(len(x & y), len(x), len(y))


def repeat_suggestions(agency_id: int, year: int | None = None) -> list[RepeatSuggestion]:
    """Suggestions for one agency (applications received in ``year``; every year when None),
    most applicants first."""
    granted = Application.objects.filter(agency_id=agency_id, outcome__in=GRANTED).exclude(id_digest="")
    if year:
        granted = granted.filter(received_on__year=year)
    # The database says first whether anything could qualify: at least two different applicants.
    if granted.aggregate(n=Count("id_digest", distinct=True))["n"] < MIN_APPLICANTS:
        return []
    rows = list(
        granted.order_by("received_on", "pk").values_list(
            "pk", "description", "description_digest", "id_digest", "tracking_code", "received_on"
        )[: MAX_ROWS + 1]
    )
    if len(rows) > MAX_ROWS:  # too many to compare pairwise: exact repeats only, grouped by the database
        repeated = (
            granted.values("description_digest")
            .annotate(applicants=Count("id_digest", distinct=True))
            .filter(applicants__gte=MIN_APPLICANTS)
            .values_list("description_digest", flat=True)
        )
        keep = set(repeated)
        rows = [r for r in rows if r[2] in keep]
        groups = _union(rows, similar=False)
    else:
        groups = _union(rows, similar=True)
    suggestions = []
    for members in groups:
        applicants = {rows[i][3] for i in members}
        if len(applicants) < MIN_APPLICANTS:
            continue
        descriptions = Counter(rows[i][1] for i in members)
        received = [rows[i][5] for i in members if rows[i][5]]
        suggestions.append(
            RepeatSuggestion(
                agency_id=agency_id,
                year=year,
                description=descriptions.most_common(1)[0][0],
                applicants=len(applicants),
                applications=len(members),
                application_ids=tuple(rows[i][0] for i in members),
                tracking_codes=tuple(rows[i][4] for i in members),
                first_received=min(received) if received else None,
                last_received=max(received) if received else None,
                exact=len({rows[i][2] for i in members}) == 1,
            )
        )
    suggestions.sort(key=lambda s: (-s.applicants, -s.applications, s.description))
    return suggestions


def _union(rows: list[tuple], *, similar: bool) -> list[list[int]]:
    """Groups of row indexes: the same digest, or (``similar``) bigram-similar descriptions."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_of: dict[str, int] = {}
    for i, row in enumerate(rows):
        key = row[2] or _normal(row[1])
        if key in first_of:
            union(first_of[key], i)
        else:
            first_of[key] = i
    if similar:
        # Compare only descriptions that share a bigram (an inverted index), one per digest.
        reps = list(first_of.values())
        grams = {i: _bigrams(rows[i][1]) for i in reps}
        index: dict[str, list[int]] = defaultdict(list)
        for i in reps:
            for g in grams[i]:
                index[g].append(i)
        for i in reps:
            shared: Counter[int] = Counter()
            for g in grams[i]:
                for j in index[g]:
                    if j > i:
                        shared[j] += 1
            for j, common in shared.items():
                if _alike(common, len(grams[i]), len(grams[j])):
                    union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    return [members for members in groups.values() if len(members) > 1]


def notices(user: Any, today: date) -> list[Any]:
    """The suggestions as staff-home notices (``todo(user, today)`` style) for the agencies where
    ``user`` handles applications (every agency for the system scan, ``user`` None); this year's."""
    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import Action, visible_agencies
    from gongkai.staff.home import Notice

    agencies = Agency.objects.all() if user is None else visible_agencies(user, Action.EDIT)
    candidates = (
        Application.objects.filter(agency__in=agencies, outcome__in=GRANTED, received_on__year=today.year)
        .values("agency_id")
        .annotate(n=Count("id_digest", distinct=True))
        .filter(n__gte=MIN_APPLICANTS)
        .values_list("agency_id", flat=True)
    )
    names = dict(Agency.objects.filter(pk__in=list(candidates)).values_list("pk", "name"))
    found = []
    for agency_id, name in sorted(names.items(), key=lambda kv: kv[1]):
        for suggestion in repeat_suggestions(agency_id, today.year):
            found.append(Notice(f"{name}：{suggestion.text}", level="info"))
    return found
