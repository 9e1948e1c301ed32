"""Browser tests: a package, so that their package-scoped fixtures (the seeded demo, the
browser, the ORM beside Playwright's loop) end before the next directory's tests."""
