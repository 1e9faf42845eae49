"""What the table readers hand on: the printed cells of each statutory row they recognised."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reading:
    """One row as printed: the cells after its label (``chunks``), before any interpretation.

    ``chunks`` holds one text per printed cell. Fewer chunks than the row has columns means the
    cells ran together (or were lost) and must be split by the constraints of the table.
    """

    table: str  # "2" | "3" | "4"
    key: str  # 表三 row key, 表二 template row label, "" for 表四
    chunks: list[str]
    printed: str = ""  # the label as printed
    exact: bool = True  # the printed label equals the template label (after normalising)
    origin: str = "grid"  # "grid" | "flat"
    # flat text: the whitespace runs around and between the chunks (flat.Numbers.runs), by which
    # blank cells are placed (splitting.place_blanks); None when unknown
    runs: tuple[int | None, ...] | None = None


@dataclass
class Readings:
    table2: dict[str, Reading] = field(default_factory=dict)
    table3: dict[str, Reading] = field(default_factory=dict)
    table4: Reading | None = None
    table2_headers: list[tuple[str, str, str, bool]] = field(
        default_factory=list
    )  # printed, template, fmt, exact
    table2_columns: dict[str, list[str]] = field(
        default_factory=dict
    )  # row → template columns in printed order
    unknown_rows: list[str] = field(default_factory=list)  # labelled rows with numbers nobody recognised
    table3_seen: bool = False
    table4_seen: bool = False

    def add(self, r: Reading) -> None:
        if r.table == "3":
            self.table3.setdefault(r.key, r)
        elif r.table == "2":
            self.table2.setdefault(r.key, r)
        elif r.table == "4" and self.table4 is None:
            self.table4 = r

    def fill_from(self, other: Readings) -> None:
        """Take what is missing here from another reading of the same document."""
        for r in other.table3.values():
            self.table3.setdefault(r.key, r)
        for r in other.table2.values():
            self.table2.setdefault(r.key, r)
        if self.table4 is None:
            self.table4 = other.table4
        seen = {h[0] for h in self.table2_headers}
        self.table2_headers += [h for h in other.table2_headers if h[0] not in seen]
        for k, v in other.table2_columns.items():
            self.table2_columns.setdefault(k, v)
        self.table3_seen |= other.table3_seen
        self.table4_seen |= other.table4_seen
