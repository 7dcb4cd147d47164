"""/evidence/claims/: what clinic articles claim about MSC for liver disease, and what the evidence
we hold says about each claim."""
