"""Names of the user groups the application relies on (created by a data migration)."""

# Signed-in members may read the information for professionals on service profiles.
PROFESSIONALS = "Professionals"
