"""What a CI job adds to a scan: ``changed`` (scan only what git says changed, with a cached
corpus context), ``baseline`` (accept known findings), ``config`` (``[tool.mtcheck]`` and
``mtcheck.toml``).

May import: ``mtcheck.pipeline``, ``mtcheck.outputs``; never ``mtcheck.models``.
"""
