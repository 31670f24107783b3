from django.urls import path
from rest_framework_simplejwt.views import TokenBlacklistView, TokenObtainPairView, TokenRefreshView

from . import request_log, views

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
    path("api/token/blacklist/", TokenBlacklistView.as_view()),
    path("api/posts/", views.posts),
    path("api/me/", views.me),
    # Test-only hooks, reached by the launcher; a real deployment has no such routes.
    path("__test__/users/", views.create_user),
    path("__test__/requests/", request_log.requests),
]
