"""Training pages and their documents are private from the moment they exist.

Every TrainingIndexPage gets a Wagtail view restriction to the three audience groups; every
TrainingSectionPage one to its audience's groups (training.models.GROUPS_FOR_AUDIENCE), re-applied on each
save so a change of audience changes who may read. A section's documents collection gets a
CollectionViewRestriction with the same groups (created on first save when the editor chose none).
Videos below a section inherit its restriction (Wagtail checks every ancestor's).
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .models import AUDIENCE_GROUPS, GROUPS_FOR_AUDIENCE, TrainingIndexPage, TrainingSectionPage


def audience_groups(names=AUDIENCE_GROUPS) -> list[Group]:
    return [Group.objects.get_or_create(name=name)[0] for name in names]


def _restrict(restriction_model, groups, **target):
    restrictions = list(restriction_model.objects.filter(**target))
    restriction = restrictions[0] if restrictions else restriction_model(**target)
    for extra in restrictions[1:]:
        extra.delete()
    restriction.restriction_type = restriction_model.GROUPS
    restriction.password = ""
    restriction.save()
    restriction.groups.set(groups)
    return restriction


@transaction.atomic
def restrict_index(index: TrainingIndexPage) -> None:
    _restrict(PageViewRestriction, audience_groups(), page=index.page_ptr)


@transaction.atomic
def restrict_section(section: TrainingSectionPage) -> None:
    groups = audience_groups(GROUPS_FOR_AUDIENCE[section.audience])
    _restrict(PageViewRestriction, groups, page=section.page_ptr)
    collection = section.collection
    if collection is None:
        root = Collection.get_first_root_node()
        name = f"Training: {section.title}"[:255]
        collection = next((c for c in root.get_children() if c.name == name), None) or root.add_child(name=name)
        TrainingSectionPage.objects.filter(pk=section.pk).update(collection=collection)
        section.collection = collection
    _restrict(CollectionViewRestriction, groups, collection=collection)


@receiver(post_save, sender=TrainingIndexPage, dispatch_uid="training_index_private")
def keep_index_private(sender, instance, raw=False, **kwargs):
    if not raw:
        restrict_index(instance)


@receiver(post_save, sender=TrainingSectionPage, dispatch_uid="training_section_private")
def keep_section_private(sender, instance, raw=False, **kwargs):
    if not raw:
        restrict_section(instance)
