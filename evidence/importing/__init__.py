"""Importing trials and references from registries and bibliographic services.

`sources/` parses each service's documents into plain dataclasses (no database); `http` fetches;
`services/` writes them, atomically and with history; `admin` holds the curators' import pages;
`errors` the messages a curator can act on.
"""
