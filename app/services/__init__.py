"""Services: one function per user action (each one transaction) and the queries lists and reports need.

The GUI and the command line call these and nothing below them for writes.
"""
