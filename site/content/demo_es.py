"""Spanish versions of the demo's about page, news index and press release, and of the events index.

Written by hand (no machine translation at load time) and made with Wagtail's copy_for_translation through the
directory's demo helpers, after the home page has its Spanish version. Idempotent: a second run updates them.
"""

from django.db import transaction

from directory.demo_es import _spanish_locale, publish_words, translation_of

from .demo import _heading, _text

ABOUT_ES = [
    _text(
        "<p>Sacramento Together (muestra) es una coalición de proveedores de servicios, defensores y agencias "
        "públicas del condado de Sacramento que trabajan juntos contra la trata de personas. Sus miembros se "
        "reúnen cada trimestre, comparten derivaciones a través de este sitio y se capacitan juntos.</p>"
        "<p>Este es un <b>sitio de demostración</b>: la coalición, sus miembros y las noticias de este sitio son "
        "datos de muestra.</p>"
    ),
    _heading("Lo que hace la coalición"),
    _text(
        "<ul><li>Mantiene un directorio de las organizaciones miembro y de la ayuda que ofrecen, en inglés y "
        "en español.</li>"
        "<li>Permite a los defensores derivar a una persona a servicios sin compartir su nombre.</li>"
        "<li>Capacita a las fuerzas del orden y a los defensores junto con la Fiscalía del Distrito "
        "(muestra).</li>"
        "<li>Da a conocer al público las señales de la trata.</li></ul>"
    ),
    (
        "quote",
        {
            "quote": "Ninguna organización sola puede cubrir todas las necesidades. Juntas, sí podemos.",
            "attribution": "Coordinadora de la coalición (muestra)",
        },
    ),
]

RELEASE_ES = [
    _text(
        "<p><b>SACRAMENTO (muestra)</b> — Una operación de dos semanas dirigida por el Grupo Regional contra la "
        "Trata de Sacramento (muestra), con las organizaciones miembro de la coalición, terminó con 14 adultos "
        "y 3 menores a quienes los defensores ofrecieron servicios, y 6 arrestos por presuntos delitos "
        "relacionados con la trata.</p>"
        "<p>A cada persona identificada se le ofreció un defensor de víctimas ese mismo día. Los defensores de "
        "Harbor House Women's Refuge (Muestra) y Lifeline Sacramento Crisis Line (Muestra) consiguieron "
        "albergue de emergencia para 5 personas a través del servicio de derivaciones de la coalición, sin "
        "compartir el nombre de nadie.</p>"
    ),
    (
        "quote",
        {
            "quote": "A las sobrevivientes las recibieron defensores, no trámites. Para eso existe una coalición.",
            "attribution": "Dana Reyes (muestra), coordinadora de la coalición",
        },
    ),
    _text(
        "<p>Todos los nombres, cifras y agencias de este comunicado son datos ficticios de muestra para el sitio "
        "de demostración.</p>"
    ),
]


@transaction.atomic
def translate_demo_content(pages: dict) -> dict:
    """Spanish versions of the pages load_demo_content returned (by role); returns them by role."""
    locale = _spanish_locale()
    done = {}
    about = translation_of(pages["about"], locale)
    publish_words(about, title="Acerca de la coalición", body=ABOUT_ES)
    done["about"] = about
    news = translation_of(pages["news"], locale)
    publish_words(news, title="Noticias", intro="Resultados, anuncios y comunicados de prensa de la coalición.")
    done["news"] = news
    release = translation_of(pages["release"], locale)
    call_to_action = {
        "text": "Conozca las señales de la trata y cómo denunciarla.",
        "page": pages["signs"],
        "url": "",
        "button": "Reconozca las señales",
    }
    publish_words(
        release,
        title="Operación Safe Harbor (muestra): se ofreció ayuda a 17 personas y hubo 6 arrestos",
        summary="Una operación de dos semanas del grupo especial (muestra) y de los miembros de la coalición "
        "puso a 17 personas en contacto con defensores y albergue.",
        body=RELEASE_ES + [("call_to_action", call_to_action)],
    )
    done["release"] = release
    events = translation_of(pages["events"], locale)
    publish_words(
        events, title="Eventos", intro="Reuniones de la coalición, capacitaciones y eventos de sensibilización."
    )
    done["events"] = events
    return done
