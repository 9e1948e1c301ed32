"""Notices to applicants by e-mail and SMS: one message, every channel the applicant gave.

``message`` is plain Python (the message, which numbers take SMS, the SMS text); ``sms`` holds
the SMS backends chosen by ``GONGKAI_SMS_BACKEND``; ``send.send_to_applicant`` is the one call
every notice goes through. This package imports no context, so every context may use it.
"""
