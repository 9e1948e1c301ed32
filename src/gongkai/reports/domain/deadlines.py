"""When a unit's report on year Y is due (Art. 49 and the format notices' reporting chain)."""

from __future__ import annotations

import datetime as dt


def submission_deadline(year: int, *, level: str, kind: str) -> dt.date:
    """Departments and townships send theirs to the 主管部门 by 31 January (Art. 49); the
    notices chain the governments: counties by 20 February, prefectures by 10 March,
    provinces by 31 March."""
    following = year + 1
    if kind != "government" or level == "township":
        return dt.date(following, 1, 31)
    return {
        "county": dt.date(following, 2, 20),
        "city": dt.date(following, 3, 10),
        "province": dt.date(following, 3, 31),
    }.get(level, dt.date(following, 3, 31))
