from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

from directory.task_priority import PERSON_WAITING


@task(priority=PERSON_WAITING)
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Send a reset link to every active account with this address; to nobody when there is none."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            extra_email_context={"site_name": settings.COALITION_NAME},
        )
