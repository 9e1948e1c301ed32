"""The public portal: agency home pages and the 政府信息公开指南."""
