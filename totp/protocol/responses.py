"""Results into response lines: one JSON object per answer, with ``id`` and ``ok``.

Portable. A failure carries a ``wire.ERR_*`` code and a message meant for people.
"""

import json


def success(request_id, result):
    result["id"] = request_id
    result["ok"] = True
    return json.dumps(result)


def failure(request_id, code, message, extra=None):
    response = {"id": request_id, "ok": False, "error": code, "message": message}
    if extra:
        for key in extra:
            response[key] = extra[key]
    return json.dumps(response)
