"""The minimal report views of operations (the screens are in the operations screens' module): the after-action
report as CSV, for coalition admins and the operation's coordinator."""

from django.http import HttpResponse
from django.utils.text import slugify

from ..models import Role
from ..views import member_view
from . import actions, reporting


@member_view(Role.COALITION_ADMIN, Role.ADVOCATE)
def report_csv(request, operation_id):
    operation, data = actions.read_report(request.caller, operation_id)
    response = HttpResponse(reporting.report_csv(data), content_type="text/csv; charset=utf-8")
    name = slugify(operation.name) or f"operation-{operation.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-report.csv"'
    return response
