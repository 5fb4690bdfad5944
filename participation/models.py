"""Participation: filled by the participation issue."""
