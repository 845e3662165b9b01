"""Integrations with other engines. Each lives in its own module and needs its own extra
(``datatrove``: ``pip install mtcheck[datatrove]``); importing this package imports none of them.
"""
