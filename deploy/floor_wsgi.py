"""The floor for `make loadtest`: the smallest WSGI app, served by gunicorn with the site's own settings."""

BODY = b"ok\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
