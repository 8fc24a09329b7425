class NoReferrerOriginMiddleware:
    """Lets Django's CSRF protection work with `Referrer-Policy: no-referrer`. Sits just before
    django.middleware.csrf.CsrfViewMiddleware.

    Under that policy browsers send `Origin: null` (and no Referer) with every form POST, even to the same
    site, and Django's origin check rejects it. Browsers also send `Sec-Fetch-Site`, which no page can set or
    forge: when it says `same-origin`, the `null` origin is this site's own page, so it is replaced by the
    site's origin. Everything else (the CSRF token above all) is still checked by Django.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"
        return self.get_response(request)
