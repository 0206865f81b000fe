"""Email verification: syntax, DNS, SMTP probe, flags, verdicts (see verifier.py)."""
