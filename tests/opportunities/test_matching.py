"""The fit between a member and an opportunity: plain data, no database."""

from opportunities.matching import MemberInterests, OpportunityFacts, opportunity_fits


def member(topics=(), formats=()):
    return MemberInterests(topics=frozenset(topics), formats=frozenset(formats))


def opportunity(topics=(), format="online"):
    return OpportunityFacts(topics=frozenset(topics), format=format)


def test_a_shared_topic_and_a_chosen_format_fit():
    assert opportunity_fits(member({1, 2}, {"online"}), opportunity({2}, "online"))


def test_no_shared_topic_does_not_fit():
    assert not opportunity_fits(member({1}, {"online"}), opportunity({2}, "online"))


def test_a_format_the_member_did_not_choose_does_not_fit():
    assert not opportunity_fits(member({1}, {"online"}), opportunity({1}, "in_person"))


def test_mixed_format_suits_everyone():
    assert opportunity_fits(member({1}, {"paper"}), opportunity({1}, "mixed"))


def test_saying_nothing_on_either_side_fits():
    assert opportunity_fits(member(), opportunity({3}, "in_person"))
    assert opportunity_fits(member({1}, {"phone"}), opportunity((), "phone"))
