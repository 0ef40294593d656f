"""Sign-in with the company's account (OpenID Connect, mozilla-django-oidc).

`config` reads the settings and the provider's discovery document, `backend` verifies the
provider's answer, `people` turns claims into an account, a profile and roles, `views` are
the sign-in, callback and sign-out endpoints. docs/sign-in.md explains the choices.
"""
