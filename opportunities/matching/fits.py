"""Which opportunities fit which member: a pure function over plain data (no database),
used by the weekly digest and the new-opportunity emails."""

from dataclasses import dataclass

# The profile's "ways to take part" flags, as opportunity formats.
FORMAT_FLAGS = {
    "format_online": "online",
    "format_in_person": "in_person",
    "format_phone": "phone",
    "format_paper": "paper",
}


@dataclass(frozen=True)
class MemberInterests:
    topics: frozenset[int]  # top-level topic ids
    formats: frozenset[str]


@dataclass(frozen=True)
class OpportunityFacts:
    topics: frozenset[int]  # top-level topic ids
    format: str


def opportunity_fits(member: MemberInterests, opportunity: OpportunityFacts) -> bool:
    """An opportunity fits when its experience and its format suit the member.

    Nothing said on either side counts as a fit: an opportunity open to any experience
    suits everyone, and a member who chose no topics hears about everything. "Mixed"
    opportunities suit every way of taking part.
    """
    topics_fit = (
        not opportunity.topics or not member.topics or bool(member.topics & opportunity.topics)
    )
    format_fits = (
        opportunity.format == "mixed" or not member.formats or opportunity.format in member.formats
    )
    return topics_fit and format_fits
