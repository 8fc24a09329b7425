from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with a request (all of this site's forms).

    Django's test client and scripts call authenticate() without a request; stock axes raises for those.
    They are not sign-ins from the web, so the check steps aside and the next backend decides.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
