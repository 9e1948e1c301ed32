"""The annual report (年度报告): its tables as data, validation, and later its generation"""
