"""/pitch/: any employee pitches a story; the thanks page names their coach."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from authors.models import AuthorProfile
from cms import ratelimit
from stories.forms import PitchForm
from stories.pipeline.board import coach_reply_days
from stories.pitches.triage import notify_editors_of_pitch


@login_required
def pitch_story(request):
    """/pitch/: any logged-in employee pitches a story in a minute."""
    form = PitchForm(request.POST or None, initial=_pitch_initial(request.user))
    if request.method == "POST":
        allowed = ratelimit.hit(
            "pitch",
            ratelimit.hashed_key("user", request.user.pk),
            limit=settings.STORYWERK_PITCHES_PER_HOUR,
            window=3600,
        )
        if not allowed:
            return render(request, "stories/pitches/rate_limited.html", {"form": form}, status=429)
        if form.is_valid():
            pitch = form.save(commit=False)
            pitch.submitted_by = request.user
            pitch.save()
            transaction.on_commit(lambda: notify_editors_of_pitch(pitch))
            return redirect("pitch_thanks")
    return render(request, "stories/pitches/pitch_form.html", {"form": form})


@login_required
def pitch_thanks(request):
    profile = AuthorProfile.objects.filter(user=request.user).select_related("coach").first()
    coach = profile.coach if profile else None
    return render(
        request,
        "stories/pitches/pitch_thanks.html",
        {"coach": coach, "reply_days": coach_reply_days(coach)},
    )


def _pitch_initial(user):
    profile = AuthorProfile.objects.filter(user=user).only("department_id").first()
    return {"department": profile.department_id} if profile else {}
