"""The visitor's reference list at /list/: kept in the session, exported in every format."""
