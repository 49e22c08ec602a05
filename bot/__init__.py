"""swcu: the referral intake bot of the National Secure Welfare Coordination Unit."""
