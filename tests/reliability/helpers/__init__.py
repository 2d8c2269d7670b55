"""Helpers of the reliability tests, also used by ``bench/kill_bench.py``.

Scripts here run as child processes (killed, starved of disk, fed hostile files); the modules
build the prepared database and check what a user would check afterwards.
"""
