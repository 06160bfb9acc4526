"""Matching members to opportunities: the pure scoring core (core.py), many members ×
many opportunities in bounded memory (bulk.py), and the core's inputs from the database
(data.py)."""
