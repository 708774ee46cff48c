"""User groups the application relies on (created by a data migration) and who may see what."""

# Signed-in members may read the information for professionals on service profiles.
PROFESSIONALS = "Professionals"


def can_see_professional_info(user) -> bool:
    """Whether ``user`` may read the information for professionals (Service.PROFESSIONAL_FIELDS).

    The one access check for those fields: every page, export and feed asks this. Staff
    (coordinators) and members of the Professionals group may; anonymous visitors never.
    One query per user object on the first call; the answer is cached on the object.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_can_see_professional_info", None)
    if cached is None:
        cached = (
            user.is_staff or user.is_superuser or user.groups.filter(name=PROFESSIONALS).exists()
        )
        user._can_see_professional_info = cached
    return cached
