"""The role groups and their permissions, as data.

`ensure_roles(apps)` works with migration-time models and is idempotent; the data
migration calls it, and so may `seed_demo`.
"""

from django.apps import apps as global_apps

from authors.models import AUTHORS_GROUP, COACHES_GROUP, EDITORS_GROUP
from authors.roles import AGENCY_COACHES_GROUP

# Page permissions on the story index (inherited by every story below it).
STORY_PAGE_PERMISSIONS = {
    AUTHORS_GROUP: ["add"],
    # Coaches may edit stories; the page permission policy narrows this to their authors.
    COACHES_GROUP: ["change"],
    # The same for agency coaches: the policy narrows it to the authors paired with them.
    AGENCY_COACHES_GROUP: ["change"],
    EDITORS_GROUP: ["add", "change", "publish", "lock", "unlock"],
}
# Model permissions: (app_label, model, codename).
MODEL_PERMISSIONS = {
    AUTHORS_GROUP: [("wagtailadmin", "admin", "access_admin")],
    COACHES_GROUP: [("wagtailadmin", "admin", "access_admin")],
    # No model rights at all: no people, invitations, settings or exports.
    AGENCY_COACHES_GROUP: [("wagtailadmin", "admin", "access_admin")],
    EDITORS_GROUP: [
        ("wagtailadmin", "admin", "access_admin"),
        ("authors", "authorprofile", "add_authorprofile"),
        ("authors", "authorprofile", "change_authorprofile"),
        ("authors", "authorprofile", "view_authorprofile"),
        ("authors", "authorprofile", "erase_authorprofile"),
        ("authors", "department", "add_department"),
        ("authors", "department", "change_department"),
        ("authors", "department", "view_department"),
        ("authors", "invitation", "add_invitation"),
        ("authors", "invitation", "view_invitation"),
        # Switching the storytellers leaderboard is an editorial decision.
        ("stories", "mostreadsettings", "change_mostreadsettings"),
        # The company glossary (words to avoid in stories) is the editors' to keep.
        ("stories", "glossarysettings", "change_glossarysettings"),
    ],
}
# Image permissions on the root collection. Wagtail's image policy checks the codenames of
# `wagtailimages.Image` (add_image...) whatever the image model, so those are the ones granted.
# Authors and coaches upload the pictures of the stories they write or coach (and edit their
# own uploads); editors edit every image. Admins are superusers.
IMAGE_PERMISSIONS = {
    AUTHORS_GROUP: ["add_image", "choose_image"],
    COACHES_GROUP: ["add_image", "choose_image"],
    AGENCY_COACHES_GROUP: ["add_image", "choose_image"],
    EDITORS_GROUP: ["add_image", "change_image", "choose_image"],
}
# Codenames of the image model itself, granted before: Wagtail never asked for them.
UNUSED_IMAGE_CODENAMES = ["add_storywerkimage", "change_storywerkimage", "choose_image"]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def ensure_roles(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")

    story_index = StoryIndexPage.objects.order_by("path").first()
    # Wagtail's starter groups hold page rights on the whole tree; our roles are narrower.
    Group.objects.filter(name="Moderators", user__isnull=True).delete()
    if story_index is not None:
        GroupPagePermission.objects.filter(group__name=EDITORS_GROUP).exclude(
            page_id=story_index.pk
        ).delete()
    for group_name in STORY_PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, codename in MODEL_PERMISSIONS[group_name]:
            group.permissions.add(_permission(apps, app_label, model, codename))
        if story_index is not None:
            for kind in STORY_PAGE_PERMISSIONS[group_name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=story_index.pk,
                    permission=_permission(apps, "wagtailcore", "page", f"{kind}_page"),
                )
    grant_image_permissions(apps)


def grant_image_permissions(apps=global_apps):
    """The image rights of IMAGE_PERMISSIONS on the root collection (and no unused ones)."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="cms",
        permission__content_type__model="storywerkimage",
        permission__codename__in=UNUSED_IMAGE_CODENAMES,
    ).delete()
    for group_name, codenames in IMAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, "wagtailimages", "image", codename),
            )
