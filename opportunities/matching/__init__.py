"""Matching members to opportunities:

- core.py: the pure scoring core (one member or many, with reasons; no database);
- bulk.py: many members × many opportunities in bounded memory (the weekly digest);
- data.py: the core's inputs from the database, in a fixed number of queries;
- members.py: what a signed-in member sees ("Suited to you", "Best match for me",
  "Recommended for you");
- candidates.py: the staff's "Find members to invite", ranked with reasons and filters.
"""
