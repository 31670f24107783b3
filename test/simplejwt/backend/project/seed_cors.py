"""Just enough CORS for a front end on another origin of the same site (the seed's www and api subdomains).

The seed deploys with django-cors-headers; Debian does not package it, so this answers the same headers for one
allowed origin: credentials allowed (the refresh cookie), JSON preflights answered.
"""
from django.conf import settings
from django.http import HttpResponse


class CorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        allowed = settings.SEED_ALLOWED_ORIGIN and origin == settings.SEED_ALLOWED_ORIGIN
        if allowed and request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "authorization, content-type, x-test-tag"
            response["Access-Control-Max-Age"] = "600"
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Credentials"] = "true"
            response["Vary"] = "Origin"
        return response
