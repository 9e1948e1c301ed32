"""People and login: the user model, sign-in with lockout, and password rules."""
