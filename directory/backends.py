from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in made through a request.

    The site and admin sign-in forms always pass the request. An authenticate() call without
    one (``Client.login`` in tests, scripts) has no address or form to throttle, so it goes on
    to the next backend instead of failing the way axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
