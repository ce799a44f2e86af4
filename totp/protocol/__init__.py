"""The token's side of the serial protocol (docs/protocol.md), one job per module.

- ``server``: ``Server``, which reads requests from the data port and answers each;
- ``line_reader``: bytes into bounded request lines;
- ``fields``: a line into a checked request, and ``RequestError``;
- ``responses``: results and refusals into response lines;
- ``presence``: the request waiting for the owner's press, and what `verify` may check;
- ``changes``: the requests that change stored accounts;
- ``store_requests``: `match` and `compact`.

The constants both ends share stay in ``totp.wire``, which the host imports too.
Nothing is imported here: the app imports ``totp.protocol.server`` only once a host
is heard, so a token nobody talks to never spends heap on the protocol.
"""
