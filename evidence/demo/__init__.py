"""The real demo data (`data/*.json`) and its loader (`load`)."""
