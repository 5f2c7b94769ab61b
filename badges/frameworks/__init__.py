"""Competency frameworks as data: CASE-like import and export, shipped frameworks, role targets."""
