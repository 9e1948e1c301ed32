"""Reconsideration and litigation about disclosure decisions (行政复议、行政诉讼)."""
