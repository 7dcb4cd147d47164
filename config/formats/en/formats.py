"""English dates as the site writes them: 21 November 2026 (Spanish uses Django's own format,
21 de noviembre de 2026). Templates use |date:"DATE_FORMAT" so each language gets its own."""

DATE_FORMAT = "j F Y"
