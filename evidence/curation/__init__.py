"""What needs a curator's attention: data-quality rules, the admin dashboard and the digest.

Every rule is one database query (values()/values_list(), admin links built with reverse() on
primary keys), so the dashboard and the digest issue a fixed number of queries however many
items are flagged.
"""
