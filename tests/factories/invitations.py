import factory

from authors.models import Invitation


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; the raw token is kept on `_token` for tests that accept it."""

    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Invitee {n}")

    class Meta:
        model = Invitation

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        invitation = model_class(*args, **kwargs)
        invitation._token = invitation.issue_token()
        invitation.save()
        return invitation
