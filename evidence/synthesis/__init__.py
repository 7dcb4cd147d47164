"""What the evidence adds up to: pooled effects, forest plots, review checks and patient sentences.

`meta/` is pure statistics; `from_curated` turns curated per-arm results into studies and pools;
`reproduction` checks a review's published result; `wording` writes the patient sentence; `forest`
draws the plot; `display` prepares them for templates; `views` serves `/evidence/`.
"""
