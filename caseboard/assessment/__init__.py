"""Assessment: did the response work?

Pure computation, apart from the database and the web: ``formulas`` (gross
and net effect, WDQ, TNE, WDD and the harm-weighted roll-up), ``its``
(interrupted time series), ``bands`` (the control band for weekly counts),
``verdict`` (Eck's verdict) and ``readings`` (the sentences that explain the
numbers).
"""
