from django.contrib.auth import get_user_model
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework_simplejwt.authentication import JWTAuthentication


@api_view(["GET"])
@authentication_classes([JWTAuthentication])
@permission_classes([IsAuthenticated])
def posts(request):
    return Response([{"id": 1, "title": f"Hello, {request.user.username}"}])


@api_view(["GET"])
@authentication_classes([JWTAuthentication])
@permission_classes([IsAuthenticated])
def me(request):
    user = request.user
    return Response({"id": user.id, "username": user.username, "email": user.email})


@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def create_user(request):
    data = request.data
    user = get_user_model().objects.create_user(data["username"], data.get("email") or "", data["password"])
    return Response({"id": user.id, "username": user.username, "email": user.email}, status=201)
