"""Training modules as search documents, for both search engines."""

from elasticsearch_dsl import Keyword

from search.documents import PageDocument, SearchDocument, choice_facet_labels, page_data

AUDIENCE_FIELDS = {"residents": "for_residents", "volunteers": "for_volunteers",
                   "agents": "for_agents", "elected": "for_elected"}


class TrainingModuleDocument(PageDocument):
    topic = Keyword()
    audience = Keyword(multi=True)
    format = Keyword()

    class Index:
        name = "training_modules"


def prepare(module) -> dict:
    steps = [f"{step.title}. {step.description}"
             for step in module.programme_steps.all()]
    data = page_data(module, module.summary, module.objectives, module.prerequisites, *steps)
    data.update(topic=module.topic.slug if module.topic else None,
                audience=[name for name, field in AUDIENCE_FIELDS.items()
                          if getattr(module, field)],
                format=module.format)
    return data


def search_document() -> SearchDocument:
    from django.utils.translation import gettext_lazy as _

    from .models import Audience, TrainingFormat, TrainingModulePage, TrainingTopic

    labels = choice_facet_labels({
        "topic": (TrainingTopic._meta.verbose_name,
                  lambda: TrainingTopic.objects.values_list("slug", "name")),
        "audience": (_("audience"), Audience.choices),
        "format": (TrainingModulePage._meta.get_field("format").verbose_name,
                   TrainingFormat.choices)})
    return SearchDocument(
        name="training_module", label=_("Trainings"), document=TrainingModuleDocument,
        prepare=prepare,
        queryset=lambda: (TrainingModulePage.objects.live().public().select_related("topic")
                          .prefetch_related("programme_steps")),
        facets=("topic", "audience", "format"), model=TrainingModulePage,
        facet_labels=labels)
