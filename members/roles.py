"""The three roles, as Django groups. Names are data the roles migration creates."""

MEMBER = "Member"
RESEARCHER = "Researcher"
INVOLVEMENT_STAFF = "Involvement staff"

ALL_ROLES = (MEMBER, RESEARCHER, INVOLVEMENT_STAFF)

# Roles that give no staff powers: what an account keeps in a session that has not
# passed the second factor (members.models.User.privileges_suspend).
UNPRIVILEGED_ROLES = (MEMBER, RESEARCHER)
