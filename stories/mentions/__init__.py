"""Mentions in the page editor's comments: "@Clara Weiss" in a comment or reply tells Clara.

`people.py` says who may be mentioned on a story, `parsing.py` finds mentions in a text,
`forms.py` refuses mentions of people without access when the page form is cleaned,
`recording.py` stores each mention (`models.py`) and mails the person, `panels.py` lists the
unseen ones on the dashboard, `views.py` answers the editor's suggestions.
"""
