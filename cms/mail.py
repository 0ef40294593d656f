"""The one way Storywerk sends mail: each message in its recipient's language, text and HTML.

Every mail path (review workflow, reminders, pitches, readership, invitations) goes through
`send_to_user` or `send_to_address`. A mail kind is a template base name: `<base>_subject.txt`
and `<base>.txt` are required; `<base>.html` is used when it exists, otherwise the plain text
is wrapped in `emails/base.html` (links made clickable), so every mail has both parts.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from cms.plain_text import one_line


def absolute_url(path):
    """An admin path as a full link for a mail (mail is read outside any request)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def language_of(user):
    """The language a user chose in their account, or the site's default if they never chose.

    Not Wagtail's `get_preferred_language()`: it falls back to the language active in the
    sending request, so one person's click decided the language of everyone else's mail.
    """
    if user is None:
        return settings.LANGUAGE_CODE
    try:
        chosen = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:
        chosen = ""
    return chosen or settings.LANGUAGE_CODE


def render_mail(template, context, language):
    """(subject, text, html) of one mail kind rendered in `language`."""
    with translation.override(language):
        # One line: a title with a line break must not spill into the mail's headers.
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}.txt", context).strip()
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "emails/base.html", {"subject": subject, "text": text, "language": language}
            )
    return subject, text, html


def send_to_address(address, template, context, *, language=None):
    """Send one mail to one address (nobody sees another recipient); False if none was sent."""
    if not address:
        return False
    subject, text, html = render_mail(template, context, language or settings.LANGUAGE_CODE)
    message = EmailMultiAlternatives(
        subject, text, to=[address], headers={"Auto-Submitted": "auto-generated"}
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def send_to_user(user, template, context):
    """Send a mail kind to an active user with an address, in their language.

    `context` gains `user` (the recipient); False if the user has no address or is inactive.
    """
    if user is None or not user.email or not user.is_active:
        return False
    return send_to_address(
        user.email, template, {**context, "user": user}, language=language_of(user)
    )


def send_to_users(users, template, context):
    """`send_to_user` for each distinct user; the number of mails sent."""
    distinct = {user.pk: user for user in users if user is not None}
    return sum(send_to_user(user, template, context) for user in distinct.values())
