"""Requests for information (依申请公开): intake, the statutory clock, replies."""
