"""Records every API request so tests can count them from the server's side (a next-auth server makes its own calls)."""
import threading

from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

_lock = threading.Lock()
_log = []


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/__test__/"):
            entry = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                # Set by the test's fetch wrapper, so concurrent tests can tell their requests apart.
                "tag": request.headers.get("X-Test-Tag"),
            }
            with _lock:
                _log.append(entry)
        return response


@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def requests(request):
    with _lock:
        return Response(list(_log))
