from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Language, Need, Population


class NeedViewSet(SnippetViewSet):
    model = Need
    icon = "help"
    list_display = ["name", "code", "name_es"]
    search_fields = ["name", "code"]


class PopulationViewSet(SnippetViewSet):
    model = Population
    icon = "group"
    list_display = ["name", "code", "name_es"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = "Vocabularies"
    menu_icon = "tag"
    items = (NeedViewSet, PopulationViewSet, LanguageViewSet)


register_snippet(VocabularyGroup)
