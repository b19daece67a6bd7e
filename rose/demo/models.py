"""Models for Demo and synthetic data."""
