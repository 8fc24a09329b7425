"""Site-wide pages that are not Wagtail pages."""

from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

# "Browse safely": how to leave no trace on a shared or watched phone or computer. Static, the same for
# every visitor (cacheable), in English and Spanish.
browse_safely = require_GET(TemplateView.as_view(template_name="home/browse_safely.html"))
