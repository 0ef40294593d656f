from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from authors.agency import AgencyAccess
from authors.models import (
    AUTHORS_GROUP,
    COACHES_GROUP,
    EDITORS_GROUP,
    AuthorProfile,
    Department,
    ProfileVisibility,
)
from authors.roles import AGENCY_COACHES_GROUP

PASSWORD = "a-long-test-password"  # noqa: S105


def _add_groups(user, create, names):
    if create:
        if names:
            user.groups.add(*[Group.objects.get(name=name) for name in names])
        user.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")

    class Meta:
        model = Department
        django_get_or_create = ("slug",)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _add_groups(self, create, extracted)


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory, groups=[AUTHORS_GROUP])
    display_name = factory.LazyAttribute(lambda o: f"{o.user.first_name} {o.user.last_name}")
    department = factory.SubFactory(DepartmentFactory)
    job_title = "Engineer"
    profile_visibility = ProfileVisibility.PUBLIC

    class Meta:
        model = AuthorProfile


class AuthorFactory(UserFactory):
    """A user in the Authors group, with a profile (optionally paired: coach=...)."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _add_groups(self, create, extracted or [AUTHORS_GROUP])

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            AuthorProfileFactory(user=self, **kwargs)


class CoachFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _add_groups(self, create, extracted or [COACHES_GROUP])


class AgencyCoachFactory(UserFactory):
    """An external coach in Agency coaches; access ends `expires_on` (default: in 30 days)."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _add_groups(self, create, extracted or [AGENCY_COACHES_GROUP])

    @factory.post_generation
    def expires_on(self, create, extracted, **kwargs):
        if create:
            AgencyAccess.objects.create(
                user=self, expires_on=extracted or date.today() + timedelta(days=30)
            )


class EditorFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        _add_groups(self, create, extracted or [EDITORS_GROUP])


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (django-otp TOTP device) for a user."""

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True

    class Meta:
        model = TOTPDevice
