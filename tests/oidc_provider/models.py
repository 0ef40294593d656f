from django.conf import settings
from django.db import models


class Person(models.Model):
    """Someone the test provider knows: the claims it releases and a misbehaviour to show."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    claims = models.JSONField(default=dict)
    # "" (well-behaved), "wrong_audience" or "expired": how the next ID token is spoiled.
    quirk = models.CharField(max_length=30, blank=True)

    def __str__(self):
        return self.user.username
