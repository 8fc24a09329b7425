"""Coalition review for the site's own content: news, events, standard pages and the training library.

The coalition's one workflow ("Coalition review", directory.workflows) is assigned to the home page, so
every page under it that is not a listing (those keep the directory index's assignment, the same workflow)
waits for a coalition reviewer. A "Content editors" group may add and change pages under the home page but
not publish: what they write is submitted to review. Reviewers may add, change, publish and unpublish.

`ensure_content_review` is idempotent and takes an app registry, so the data migration and the running site
(a new home page, tests) share one definition.
"""

from django.apps import apps as global_apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from directory.editors import REVIEWERS_GROUP
from directory.workflows import REVIEWER_PAGE_PERMISSIONS, ensure_coalition_review
from directory.workflows import _permission as permission_in  # one definition (apps-aware, for migrations too)

CONTENT_EDITORS_GROUP = "Content editors"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
)


def ensure_content_review(apps=global_apps):
    """Put every home page under Coalition review; give content editors and reviewers their page rights."""
    Group = apps.get_model("auth", "Group")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    HomePage = apps.get_model("home", "HomePage")

    workflow = ensure_coalition_review(apps)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    editors, _ = Group.objects.get_or_create(name=CONTENT_EDITORS_GROUP)
    editors.permissions.add(permission_in(apps, "wagtailadmin", "admin", "access_admin"))
    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, model, codename in EDITOR_MODEL_PERMISSIONS[1:]:
        if root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission_in(apps, app_label, model, codename)
            )
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})
        for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (reviewers, REVIEWER_PAGE_PERMISSIONS)):
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=home.pk, permission=permission_in(apps, "wagtailcore", "page", codename)
                )
    return workflow


@receiver(post_save, sender="home.HomePage", dispatch_uid="home_page_coalition_review")
def put_new_home_page_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_content_review()
