"""The coalition profile's vocabularies (../shared/CONTRACT.md section 1), as code.

Needs, populations and languages are editable snippets created from these lists by a data migration;
genders, trafficking types and statuses are fixed choices because matching depends on their exact codes.
"""

from django.utils.translation import gettext_lazy as _

NEED_TAXONOMY = "coalition-need"
POPULATION_TAXONOMY = "coalition-population"
GENDER_TAXONOMY = "coalition-gender"
TRAFFICKING_TAXONOMY = "coalition-trafficking-type"
INTAKE_TAXONOMY = "coalition-intake"

NEEDS = [
    ("emergency-shelter", "Emergency shelter", "Refugio de emergencia"),
    ("transitional-housing", "Transitional housing", "Vivienda de transición"),
    ("case-management", "Case management", "Gestión de casos"),
    ("crisis-line", "Crisis line", "Línea de crisis"),
    ("legal-criminal", "Criminal legal help", "Ayuda legal penal"),
    ("legal-immigration", "Immigration legal help", "Ayuda legal de inmigración"),
    ("legal-civil", "Civil legal help", "Ayuda legal civil"),
    ("medical", "Medical care", "Atención médica"),
    ("mental-health", "Mental health", "Salud mental"),
    ("substance-use", "Substance use treatment", "Tratamiento por consumo de sustancias"),
    ("basic-needs", "Food, clothing and basic needs", "Comida, ropa y necesidades básicas"),
    ("transportation", "Transportation", "Transporte"),
    ("education-employment", "Education and employment", "Educación y empleo"),
    ("interpretation", "Interpretation", "Interpretación"),
    ("youth-services", "Youth services", "Servicios para jóvenes"),
    ("family-reunification", "Family reunification", "Reunificación familiar"),
    ("financial-assistance", "Financial assistance", "Ayuda económica"),
    ("peer-support", "Peer support", "Apoyo entre pares"),
    ("law-enforcement", "Law enforcement victim services", "Servicios a víctimas de las fuerzas del orden"),
]

POPULATIONS = [
    ("minors", "Minors (under 18)", "Menores de edad"),
    ("transition-age-youth", "Transition-age youth (18-24)", "Jóvenes en transición (18-24)"),
    ("adults", "Adults", "Adultos"),
    ("women", "Women", "Mujeres"),
    ("men", "Men", "Hombres"),
    ("transgender-nonbinary", "Transgender and nonbinary people", "Personas transgénero y no binarias"),
    ("lgbtq", "LGBTQ+ people", "Personas LGBTQ+"),
    ("foreign-nationals", "Foreign nationals", "Personas extranjeras"),
    ("families-with-children", "Families with children", "Familias con hijos"),
    ("people-with-disabilities", "People with disabilities", "Personas con discapacidad"),
]

# ISO 639-1 codes where one exists. The demo coalition uses all of these.
LANGUAGES = [
    ("en", "English", "Inglés"),
    ("es", "Spanish", "Español"),
    ("hmn", "Hmong", "Hmong"),
    ("vi", "Vietnamese", "Vietnamita"),
    ("ru", "Russian", "Ruso"),
    ("zh", "Chinese", "Chino"),
    ("tl", "Tagalog", "Tagalo"),
    ("pa", "Punjabi", "Panyabí"),
    ("uk", "Ukrainian", "Ucraniano"),
    ("fa", "Persian (Farsi/Dari)", "Persa (farsi/dari)"),
    ("ar", "Arabic", "Árabe"),
    ("ko", "Korean", "Coreano"),
    ("hi", "Hindi", "Hindi"),
    ("ps", "Pashto", "Pastún"),
    ("ase", "American Sign Language", "Lengua de señas americana"),
]

GENDER_CHOICES = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("transgender-nonbinary", _("Transgender or nonbinary")),
]

TRAFFICKING_TYPE_CHOICES = [
    ("sex", _("Sex trafficking")),
    ("labor", _("Labor trafficking")),
]

# HSDS 3.0 service status values.
STATUS_ACTIVE = "active"
STATUS_CHOICES = [
    ("active", _("Active")),
    ("inactive", _("Inactive")),
    ("temporarily closed", _("Temporarily closed")),
    ("defunct", _("Defunct")),
]

SECTOR_CHOICES = [
    ("shelter", _("Shelter and housing")),
    ("legal", _("Legal aid")),
    ("medical", _("Medical and health")),
    ("mental-health", _("Mental health")),
    ("youth", _("Youth services")),
    ("immigration", _("Immigration help")),
    ("law-enforcement", _("Law enforcement and victim services")),
    ("community", _("Community and basic needs")),
    ("hotline", _("Hotline")),
]

NEED_CODES = [code for code, _en, _es in NEEDS]
POPULATION_CODES = [code for code, _en, _es in POPULATIONS]
GENDER_CODES = [code for code, _label in GENDER_CHOICES]
TRAFFICKING_TYPE_CODES = [code for code, _label in TRAFFICKING_TYPE_CHOICES]
