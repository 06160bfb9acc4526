"""Matching members to opportunities: the pure scoring core (core.py), its inputs from
the database (data.py), and the older yes/no fit of the new-opportunity emails (fits.py)."""

from opportunities.matching.fits import (
    FORMAT_FLAGS,
    MemberInterests,
    OpportunityFacts,
    opportunity_fits,
)

__all__ = ["FORMAT_FLAGS", "MemberInterests", "OpportunityFacts", "opportunity_fits"]
