import factory

from stories.models import Pitch, PitchPreference
from tests.factories.people import DepartmentFactory, UserFactory


class PitchFactory(factory.django.DjangoModelFactory):
    """A new pitch by an employee without an author profile (the common first contact)."""

    submitted_by = factory.SubFactory(UserFactory)
    working_title = factory.Sequence(lambda n: f"How we fixed the night shift {n}")
    what_happened = (
        "Our night shift kept losing parcels until two colleagues built a tracking board.\n\n"
        "Within a month, nothing went missing any more."
    )
    why_it_matters = "Everyone who ships things can copy the idea."
    department = factory.SubFactory(DepartmentFactory)
    preference = PitchPreference.WRITE

    class Meta:
        model = Pitch
