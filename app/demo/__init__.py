"""Demo data: the Si Ma Cai term 2015–2020 (:mod:`app.demo.term`) that ``boiduong --demo`` and
``boiduong demo`` open, and the province-sized archive of the benchmarks (:mod:`app.demo.province`).

Not services: nothing the officer does goes through here. The builders write through the store
(one transaction, a new database only) and read the shipped catalogues; the command line, the
tests and the benchmarks use them.
"""
