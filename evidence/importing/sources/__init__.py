"""Fetching and parsing what registries and bibliographic services hold.

`http` fetches (timeouts, retries, clear errors); `ctgov`, `pubmed` and `crossref` turn the
services' documents into plain dataclasses without touching the database; `evidence.services`
writes them.
"""
