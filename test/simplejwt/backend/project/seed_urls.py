from django.urls import path

from . import request_log, seed_views, views

urlpatterns = [
    path("api/login/", seed_views.LoginView.as_view()),
    path("api/refresh/", seed_views.RefreshView.as_view()),
    path("api/logout/", seed_views.LogoutView.as_view()),
    path("api/me/", views.me),
    path("api/posts/", views.posts),
    # Test-only hooks, reached by the launcher; a real deployment has no such routes.
    path("__test__/users/", views.create_user),
    path("__test__/requests/", request_log.requests),
]
