"""Clinics, consultations and plans pages. Thin: scoped selector -> form -> one service -> render."""
