"""The three roles, as Django groups. Names are data the roles migration creates."""

MEMBER = "Member"
RESEARCHER = "Researcher"
INVOLVEMENT_STAFF = "Involvement staff"

ALL_ROLES = (MEMBER, RESEARCHER, INVOLVEMENT_STAFF)
