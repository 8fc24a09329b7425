"""Coalition review: every change a member editor makes to a listing waits for a coalition reviewer.

One Wagtail workflow, "Coalition review", with one GroupApprovalTask for the "Coalition reviewers" group,
assigned to the directory index so it covers every organization and service page below it. Wagtail's own
workflow notifications tell reviewers when something is submitted and the member when it is approved or
sent back (with the reviewer's comment).

`ensure_coalition_review` is idempotent and takes an app registry so the data migration (historical models)
and the running site (a new directory index, tests) share one definition.
"""

from django.apps import apps as global_apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from .editors import REVIEWERS_GROUP

WORKFLOW_NAME = "Coalition review"
TASK_NAME = "Coalition review"
# Reviewers may do everything with pages under the directory index; approval publishes.
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "unpublish_page")
REVIEWER_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", "access_admin"),
    ("directory", "problemreport", "view_problemreport"),
    ("directory", "problemreport", "change_problemreport"),
)


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return permission


def ensure_coalition_review(apps=global_apps):
    """Create (once) the reviewers group, the workflow and its task; assign it to the directory index."""
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    DirectoryIndexPage = apps.get_model("directory", "DirectoryIndexPage")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    for app_label, model, codename in REVIEWER_MODEL_PERMISSIONS:
        reviewers.permissions.add(_permission(apps, app_label, model, codename))

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(reviewers)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    for index in DirectoryIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for codename in REVIEWER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page_id=index.pk, permission=_permission(apps, "wagtailcore", "page", codename)
            )
    return workflow


def coalition_review_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=WORKFLOW_NAME).first()


@receiver(post_save, sender="directory.DirectoryIndexPage", dispatch_uid="directory_index_coalition_review")
def put_new_directory_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_coalition_review()
