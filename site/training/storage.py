"""Where training videos and captions live: the storage named "training" in settings.STORAGES.

By default a FileSystemStorage under MEDIA_ROOT/private with no public URL; nothing serves that folder
but the training pages' own views (training.ranged), after Wagtail's page privacy has let the request in.
"""

from django.core.files.storage import storages


def training_storage():
    return storages["training"]
