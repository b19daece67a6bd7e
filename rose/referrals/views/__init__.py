"""Referral views: the referrer's question pages (referrer.py) and the ROSE team's triage (triage.py)."""
