"""Timeliness rules: Art. 26 (20 working days) and policy interpretations (3 working days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.workdays.deadline import working_days_between

PUBLISH_LIMIT_WORKING_DAYS = 20  # Art. 26
INTERPRETATION_LIMIT_WORKING_DAYS = 3  # practice: with, or within 3 working days of, the policy


@dataclass(frozen=True)
class Timeliness:
    working_days: int
    limit: int
    late: bool

    @property
    def label(self) -> str:
        if self.late:
            return f"超期：{self.working_days} 个工作日后公开（应在 {self.limit} 个工作日内）"
        return f"及时：{self.working_days} 个工作日内公开"


def publication(calendar, formed_on: date | None, published_on: date | None) -> Timeliness | None:
    """Working days from the day the information was formed or changed to publication."""
    if formed_on is None or published_on is None:
        return None
    days = max(0, working_days_between(calendar, formed_on, published_on))
    return Timeliness(days, PUBLISH_LIMIT_WORKING_DAYS, days > PUBLISH_LIMIT_WORKING_DAYS)


def interpretation(
    calendar, policy_published: date | None, interpretation_published: date | None
) -> Timeliness | None:
    if policy_published is None or interpretation_published is None:
        return None
    days = max(0, working_days_between(calendar, policy_published, interpretation_published))
    return Timeliness(
        days, INTERPRETATION_LIMIT_WORKING_DAYS, days > INTERPRETATION_LIMIT_WORKING_DAYS
    )
