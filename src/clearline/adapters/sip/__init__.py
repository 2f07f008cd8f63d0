"""The SIP adapter: ``clearline sip``, a redirect server that screens INVITEs (SBCs query it).

- ``message.py`` parses SIP requests strictly and writes responses.
- ``redirect.py`` turns each request into its response: INVITEs scored by the call engine.
- ``server.py`` serves it over UDP and TCP (asyncio).
- ``cli.py`` is the ``clearline sip`` command.
"""
