"""The production app with media served by WhiteNoise, for `make lighthouse` only.

In production a bucket or the web server serves MEDIA_URL; on a loopback measurement nothing
would, and every image would 404. Autorefresh because renditions appear while pages render.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from cms.wsgi import application as django_application

application = WhiteNoise(django_application, autorefresh=True)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
