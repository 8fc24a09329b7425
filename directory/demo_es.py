"""Spanish words for the demo coalition, written by hand (never machine-translated at load time).

`translate_demo()` gives every demo organization that serves people in Spanish, and each of its services,
a published Spanish translation through Wagtail's own API (copy_for_translation), so the demo shows
/es/ pages, Spanish search and the "not yet translated" note side by side. Idempotent: a second run
updates the same translations.
"""

from django.db import transaction
from wagtail.models import Locale

from .demo import demo_uuid, organization_specs, slugify_name
from .models import DirectoryIndexPage, OrganizationPage, ServicePage

# Service blueprint name → (Spanish title, Spanish summary).
SERVICES = {
    "Emergency Shelter for Women": (
        "Albergue de emergencia para mujeres",
        "Albergue de emergencia confidencial, con comida, ropa y una consejera en el lugar.",
    ),
    "Transitional Housing Program": (
        "Programa de vivienda de transición",
        "Hasta 24 meses de vivienda, con una gestora de casos.",
    ),
    "Youth Emergency Shelter": (
        "Albergue de emergencia para jóvenes",
        "Camas seguras para jóvenes de 12 a 17 años, abierto todas las noches.",
    ),
    "Men's Safe Housing": (
        "Vivienda segura para hombres",
        "Vivienda por poco tiempo para hombres, también para sobrevivientes de trata laboral.",
    ),
    "Family Shelter Rooms": (
        "Habitaciones para familias",
        "Habitaciones privadas para madres y padres con sus hijos.",
    ),
    "T-Visa and U-Visa Legal Help": (
        "Ayuda legal para visas T y U",
        "Ayuda migratoria gratuita para sobrevivientes de trata y de otros delitos.",
    ),
    "Criminal Record Relief": (
        "Limpieza de antecedentes penales",
        "Anular condenas que fueron consecuencia de la trata.",
    ),
    "Family and Civil Law Clinic": (
        "Clínica de derecho familiar y civil",
        "Órdenes de alejamiento, custodia y reclamos de salario.",
    ),
    "Labor Rights Legal Clinic": (
        "Clínica legal de derechos laborales",
        "Salarios no pagados y reclamos laborales para sobrevivientes de trata laboral.",
    ),
    "Youth Legal Advocacy": (
        "Defensa legal para jóvenes",
        "Abogados para jóvenes en el tribunal de menores y de familia.",
    ),
    "Survivor Health Clinic": (
        "Clínica de salud para sobrevivientes",
        "Atención primaria, salud sexual y exámenes forenses, sin juzgar.",
    ),
    "Teen Health Visits": ("Consultas de salud para adolescentes", "Atención confidencial para adolescentes."),
    "Sexual Assault Forensic Exams": (
        "Exámenes forenses por agresión sexual",
        "Exámenes forenses a cualquier hora, con una consejera presente.",
    ),
    "Dental and Vision Day": ("Día de salud dental y visual", "Atención dental y de la vista gratis los sábados."),
    "Trauma Therapy": ("Terapia del trauma", "Terapia individual centrada en el trauma."),
    "Recovery and Substance Use Program": (
        "Programa de recuperación de adicciones",
        "Recuperación ambulatoria con consejeros que conocen la experiencia de los sobrevivientes.",
    ),
    "Survivor Peer Circle": ("Círculo de apoyo entre sobrevivientes", "Grupos semanales guiados por sobrevivientes."),
    "Youth Counseling": ("Consejería para jóvenes", "Consejería para jóvenes y sus familias."),
    "Drop-In Center for Youth": (
        "Centro de día para jóvenes",
        "Comida, duchas, lavandería y un lugar donde estar.",
    ),
    "Youth Case Management": (
        "Gestión de casos para jóvenes",
        "Una persona de apoyo que acompaña al joven en la escuela, el tribunal y la vivienda.",
    ),
    "Family Reunification Support": (
        "Apoyo para reunir a la familia",
        "Ayuda para que jóvenes y familiares seguros vuelvan a estar en contacto.",
    ),
    "Job Readiness for Young Adults": (
        "Preparación laboral para adultos jóvenes",
        "Prácticas pagadas y apoyo para obtener el GED.",
    ),
    "Immigrant Survivor Case Management": (
        "Gestión de casos para sobrevivientes inmigrantes",
        "Gestores de casos que hablan su idioma y conocen las opciones migratorias.",
    ),
    "Interpretation Line": (
        "Línea de interpretación",
        "Intérpretes por teléfono para sobrevivientes y las agencias que les ayudan.",
    ),
    "Farmworker Outreach": (
        "Apoyo a trabajadores del campo",
        "Visitas a trabajadores agrícolas, con transporte a sus citas.",
    ),
    "Victim Services Unit": (
        "Unidad de servicios a víctimas",
        "Consejeras que acuden con los agentes y siguen con la persona después.",
    ),
    "Victim Witness Assistance": (
        "Asistencia a víctimas y testigos",
        "Apoyo durante el proceso judicial y ayuda para pedir la compensación a víctimas.",
    ),
    "Child Exploitation Response": (
        "Respuesta a la explotación infantil",
        "Atención especializada para niñas y niños explotados sexualmente.",
    ),
    "Food and Clothing Closet": (
        "Banco de comida y ropa",
        "Alimentos, ropa y artículos de higiene, sin preguntas.",
    ),
    "Rides to Safety": ("Transporte seguro", "Transporte al albergue, al tribunal y a citas médicas."),
    "Emergency Cash Assistance": (
        "Ayuda económica de emergencia",
        "Pequeñas ayudas para el alquiler, el teléfono y documentos de identidad.",
    ),
    "Survivor Employment Program": ("Programa de empleo para sobrevivientes", "Capacitación y colocación laboral."),
    "24-Hour Crisis Line": (
        "Línea de crisis 24 horas",
        "Hable con una consejera a cualquier hora, de día o de noche.",
    ),
    "Text and Chat Support": ("Apoyo por texto y chat", "Escriba por texto o chat a una consejera capacitada."),
}

SECTORS = {
    "shelter": "albergue",
    "legal": "ayuda legal",
    "medical": "salud",
    "mental-health": "salud mental",
    "youth": "jóvenes",
    "immigration": "inmigración",
    "law-enforcement": "fuerzas del orden",
    "community": "apoyo comunitario",
    "hotline": "línea de ayuda",
}

HOW_TO_GET_HELP = (
    "Llámenos o pida a cualquier consejera de la coalición que envíe una remisión. "
    "Puede venir sin cita en horario de atención."
)
HOW_TO_GET_HELP_24_7 = (
    "Llame a cualquier hora, de día o de noche. Le atiende una consejera que puede organizar transporte."
)
DOCUMENTS = "Ninguno. No necesita identificación ni papeles de inmigración para recibir ayuda."
ACCESSIBILITY = "Entrada accesible en silla de ruedas. Se admiten animales de servicio."
INTERPRETATION = "Intérpretes gratuitos por teléfono en cualquier idioma."
FEES = "Gratis"
DIRECTORY = ("Directorio", "Organizaciones de la coalición y la ayuda que ofrecen.")


def _spanish_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code="es")
    return locale


def translation_of(page, locale):
    """The page's translation in `locale`, made with Wagtail's copy_for_translation the first time."""
    found = page.get_translation_or_none(locale)
    if found is not None and found.alias_of_id:
        found.delete()  # an alias only mirrors the English page: replace it with a real translation
        found = None
    return found.specific if found is not None else page.copy_for_translation(locale).specific


def publish_words(translation, **words) -> None:
    for name, value in words.items():
        setattr(translation, name, value)
    translation.save_revision().publish()


def _eligibility_es(blueprint) -> str:
    parts = []
    if blueprint.min_age is not None and blueprint.max_age is not None:
        parts.append(f"De {blueprint.min_age} a {blueprint.max_age} años.")
    elif blueprint.min_age is not None:
        parts.append(f"Desde los {blueprint.min_age} años.")
    if blueprint.trafficking_types:
        kind = {"sex": "sexual", "labor": "laboral"}[blueprint.trafficking_types[0]]
        parts.append(f"Para sobrevivientes de trata {kind}.")
    return " ".join(parts) or "Cualquier persona afectada por la trata."


@transaction.atomic
def translate_demo(home_words: dict | None = None) -> dict:
    """Spanish versions of the home page (with `home_words`, given by the site layer that owns it), the
    directory index, every demo organization offering Spanish and each of its services."""
    locale = _spanish_locale()
    index = DirectoryIndexPage.objects.filter(locale__language_code="en").first()
    home = index.get_parent().specific
    publish_words(translation_of(home, locale), **(home_words or {}))
    publish_words(translation_of(index, locale), title=DIRECTORY[0], intro=DIRECTORY[1])
    counts = {"organizations": 0, "services": 0}
    for spec in organization_specs():
        if "es" not in spec.languages:
            continue
        org = OrganizationPage.objects.filter(hsds_id=demo_uuid("organization", spec.slug)).first()
        if org is None:
            continue
        name = spec.name.replace("(Sample)", "(Muestra)")
        publish_words(
            translation_of(org, locale),
            title=name,
            summary=f"Datos de muestra: un miembro ficticio de Sacramento Together ({SECTORS[spec.sector]}) "
            f"que atiende en {spec.city} y el condado.",
            description=f"<p>{name} son <b>datos de muestra</b> para probar el directorio. No es una "
            "organización real; no se ponga en contacto con ella.</p>",
        )
        counts["organizations"] += 1
        for blueprint in spec.services:
            service_id = demo_uuid("service", f"{spec.slug}-{slugify_name(blueprint.name)}")
            service = ServicePage.objects.filter(hsds_id=service_id).first()
            if service is None or blueprint.name not in SERVICES:
                continue
            title, summary = SERVICES[blueprint.name]
            publish_words(
                translation_of(service, locale),
                title=title,
                summary=summary,
                description=f"<p>{summary} Datos de muestra, no es un servicio real.</p>",
                how_to_get_help=HOW_TO_GET_HELP_24_7 if blueprint.intake_24_7 else HOW_TO_GET_HELP,
                eligibility_description=_eligibility_es(blueprint),
                fees_description=FEES,
                documents_required=DOCUMENTS,
                accessibility=ACCESSIBILITY,
                interpretation_services=INTERPRETATION,
            )
            counts["services"] += 1
    return counts
