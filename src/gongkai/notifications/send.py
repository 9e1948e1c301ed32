"""The one way a notice reaches an applicant: e-mail to an address, SMS to a mobile number,
both when both were given."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from . import sms
from .message import Message, mobile_number

log = logging.getLogger(__name__)


def send_to_applicant(*, email: str, phone: str, message: Message) -> list[str]:
    """Send ``message`` on every channel the applicant gave; returns the channels that took it
    ("email", "sms"). Never raises: it runs after the step has committed, and an outage must
    not turn a recorded step into an error page; the tracking page shows the notice anyway.
    Logs name the notice (its subject carries the request's number), never the address."""
    sent = []
    if email:
        try:
            send_mail(message.subject, message.body, None, [email])
            sent.append("email")
        except Exception:
            log.warning("could not email the applicant: %s", message.subject, exc_info=True)
    mobile = mobile_number(phone)
    if mobile:
        try:
            sms.get_backend().send(mobile, message.sms_text)
            sent.append("sms")
        except Exception:
            log.warning("could not send SMS to the applicant: %s", message.subject, exc_info=True)
    if not email and not mobile:
        log.info("applicant has no e-mail or mobile number, nothing sent: %s", message.subject)
    return sent
