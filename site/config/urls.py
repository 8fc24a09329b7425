from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.views import browse_safely, draft_operation_news
from serving.health import healthz

# Machine-facing and admin URLs: one language, no prefix.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's own sign-in hands over to the site's (site/accounts: one sign-in, then the second factor).
    path("admin/login/", RedirectView.as_view(url=settings.LOGIN_URL, query_string=True)),
    path("admin/password_reset/", RedirectView.as_view(url="/accounts/password/reset/")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/hsds/", include("directory.hsds.urls")),
    path("api/", include("referrals.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.http import Http404
    from django.urls import re_path

    def _never_served(request, rest):
        raise Http404

    urlpatterns += staticfiles_urlpatterns()
    # Even in development, private files (training videos) and documents (collection privacy) are only
    # reached through the views that check who is asking.
    urlpatterns += [re_path(r"^media/(?:private|documents)/(?P<rest>.*)$", _never_served)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages people read: English at /, Spanish under /es/. Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    # Sign-in and the second factor: /accounts/login/ in English, /es/accounts/login/ in Spanish.
    path("accounts/", include("accounts.urls")),
    path("referrals/operations/<int:operation_id>/draft-news/", draft_operation_news, name="operation_draft_news"),
    path("referrals/", include("referrals.urls")),
    path("directory-members/", include("directory.urls")),
    path("search/", include("search.urls")),
    path("browse-safely/", browse_safely, name="browse_safely"),
    path("list/", include("lists.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
